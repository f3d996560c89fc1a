-- daily_counts: event mentions per day, PLOVER type and quad class (all statuses).
--   day          event_date, else the article's publication date (null when neither is known)
--   n_events     event mentions; n_asserted those with status 'asserted'
--   n_documents  distinct articles
CREATE OR REPLACE VIEW daily_counts AS
SELECT
    coalesce(e.event_date, d.published_at) AS day,
    e.event_type,
    e.quad_class,
    count(*) AS n_events,
    count(*) FILTER (WHERE e.status = 'asserted') AS n_asserted,
    count(DISTINCT e.doc_id) AS n_documents
FROM events AS e
LEFT JOIN documents AS d ON d.doc_id = e.doc_id
GROUP BY ALL;
