-- events_enriched: one row per event mention, with its article, evidence sentence, actor names
-- and the real-world event (cluster) it belongs to. The starting point for most questions.
--   title, source, url          the article's headline, publisher and address
--   article_published_at        documents.published_at
--   evidence                    documents.text[evidence_start:evidence_end] (the sentence coded)
--   event_day / day_basis       event_date when the text gave one, else the publication date,
--                               and which of the two it is ('event_date' or 'published_at')
--   actor_name, recipient_name  actors.name of actor_id / recipient_id
--   cluster_id                  event_clusters.cluster_id of the cluster the mention is in
CREATE OR REPLACE VIEW events_enriched AS
WITH actor_names AS (
    SELECT actor_id, min(name) AS name FROM actors GROUP BY actor_id
), cluster_members AS (
    SELECT cluster_id, unnest(event_ids) AS event_id FROM event_clusters
)
SELECT
    e.*,
    d.title,
    d.source,
    d.url,
    d.published_at AS article_published_at,
    -- offsets are 0-based Python code-point offsets; DuckDB substring is 1-based on code points
    substring(d.text, e.evidence_start + 1, e.evidence_end - e.evidence_start) AS evidence,
    coalesce(e.event_date, d.published_at) AS event_day,
    CASE WHEN e.event_date IS NOT NULL THEN 'event_date'
         WHEN d.published_at IS NOT NULL THEN 'published_at' END AS day_basis,
    a.name AS actor_name,
    r.name AS recipient_name,
    c.cluster_id
FROM events AS e
LEFT JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN actor_names AS a ON a.actor_id = e.actor_id
LEFT JOIN actor_names AS r ON r.actor_id = e.recipient_id
LEFT JOIN cluster_members AS c ON c.event_id = e.event_id;
