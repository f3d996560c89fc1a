-- What a GDELT-style coder would have miscoded: events the text says did NOT happen (negated),
-- or have not happened yet (planned, postponed, cancelled, hypothetical). GDELT has no status
-- field, so "Japan will not send troops" becomes a troop deployment. Each row shows the evidence.
SELECT
    status,
    event_type,
    cameo_code,
    quad_class,
    coalesce(actor_name, actor_text) AS actor,
    coalesce(recipient_name, recipient_text) AS recipient,
    trigger,
    evidence,
    source,
    article_published_at
FROM events_enriched
WHERE status <> 'asserted'
ORDER BY status, article_published_at NULLS LAST, event_id;
