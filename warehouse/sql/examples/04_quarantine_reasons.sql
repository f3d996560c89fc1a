-- Why inputs or rows were rejected, per stage and reason, with one example each.
SELECT
    stage,
    reason,
    count(*) AS n,
    count(DISTINCT run_id) AS n_runs,
    min(input_ref) AS example_input,
    arg_min(detail, input_ref) AS example_detail,
    max("at") AS last_seen_at
FROM quarantine
GROUP BY stage, reason
ORDER BY n DESC, stage, reason;
