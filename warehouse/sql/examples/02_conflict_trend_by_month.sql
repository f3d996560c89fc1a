-- Conflict trend: real-world events (clusters, not mentions) per month and quad class.
-- Counting clusters keeps one missile launch reported by five outlets at one event.
SELECT
    CAST(date_trunc('month', coalesce(event_date, first_seen)) AS DATE) AS month,
    count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
    count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
    count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
    sum(num_mentions) AS mentions
FROM event_clusters
WHERE status = 'asserted'
GROUP BY 1
ORDER BY month NULLS LAST;
