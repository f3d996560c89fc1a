-- The latest runs: what each read, wrote and rejected, and whether validation passed.
SELECT
    run_id,
    started_at,
    round(epoch(finished_at) - epoch(started_at), 1) AS seconds,
    status,
    validation_success,
    n_inputs,
    n_new,
    n_skipped,
    n_quarantined,
    n_entities,
    n_events,
    model,
    code_version
FROM runs
ORDER BY started_at DESC
LIMIT 10;
