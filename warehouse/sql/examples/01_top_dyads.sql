-- Top dyads: which country pairs interact most, and how conflictual it is.
-- Asserted events only (the dyads view); quad 3+4 is conflict, 1+2 cooperation.
SELECT
    coalesce(actor_country, '?') || ' -> ' || coalesce(recipient_country, '?') AS dyad,
    sum(n_events) AS n_events,
    sum(n_quad1 + n_quad2) AS n_cooperation,
    sum(n_quad3 + n_quad4) AS n_conflict,
    round(sum(mean_goldstein * n_events) / sum(n_events), 2) AS mean_goldstein
FROM dyads
WHERE actor_country IS NOT NULL OR recipient_country IS NOT NULL
GROUP BY 1
ORDER BY n_events DESC, dyad
LIMIT 20;
