-- dyads: who did what to whom, per month. One row per (actor_country, recipient_country, month).
-- Only asserted events count (negated, planned, postponed, cancelled and hypothetical events did
-- not happen); a null country means the text did not say (or the actor is international).
--   month              first day of the month of event_date, else of the article's publication
--   n_quad1..n_quad4   event mentions per quad class: 1 verbal cooperation, 2 material
--                      cooperation, 3 verbal conflict, 4 material conflict
--   n_events           event mentions (sum of the four); n_documents distinct articles
--   mean_goldstein     mean Goldstein score (-10 most conflictual .. +10 most cooperative)
CREATE OR REPLACE VIEW dyads AS
SELECT
    e.actor_country,
    e.recipient_country,
    CAST(date_trunc('month', coalesce(e.event_date, d.published_at)) AS DATE) AS month,
    count(*) FILTER (WHERE e.quad_class = 1) AS n_quad1,
    count(*) FILTER (WHERE e.quad_class = 2) AS n_quad2,
    count(*) FILTER (WHERE e.quad_class = 3) AS n_quad3,
    count(*) FILTER (WHERE e.quad_class = 4) AS n_quad4,
    count(*) AS n_events,
    count(DISTINCT e.doc_id) AS n_documents,
    round(avg(e.goldstein), 3) AS mean_goldstein
FROM events AS e
LEFT JOIN documents AS d ON d.doc_id = e.doc_id
WHERE e.status = 'asserted'
GROUP BY ALL;
