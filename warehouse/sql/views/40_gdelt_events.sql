-- gdelt_events: the asserted real-world events (event_clusters) under GDELT 2.0 Events column
-- names, so scripts written for GDELT run here. One row per cluster, as in GDELT, where one row
-- is an event and NumMentions/NumSources/NumArticles count its reports.
--
-- Deliberate differences from GDELT (see docs/bi.md):
-- * Only status = 'asserted' clusters are included: GDELT codes what happened, and has no way to
--   say "did not happen" or "will happen"; negated, planned, postponed, cancelled and
--   hypothetical events are in event_clusters / events, not here.
-- * GlobalEventID is derived from cluster_id (its first 15 hex digits as a BIGINT): stable
--   across runs, not GDELT's sequence. cluster_id itself is the last column (not in GDELT).
-- * SQLDATE is event_date when the text gave one, else the first article's publication date.
-- * Actor codes are CAMEO-style country + sector ('PRK' + 'MIL' = 'PRKMIL'); country codes are
--   ISO 3166-1 alpha-3 (equal to CAMEO country codes for states). Actor1Name is the resolved
--   actor's canonical name, else the words in the text.
-- * IsRootEvent is 1 when any report has the event in its first sentence (GDELT: lead paragraph).
-- * ActionGeo_CountryCode is ISO3, NOT GDELT's FIPS 10-4. ActionGeo_Type is 1 (country) when only
--   a country is known and null otherwise (whether coordinates are a city or a country is not
--   recorded). ActionGeo_FullName is the place as written in the article.
-- * AvgTone is null: no tone is measured. DATEADDED is the first member article's ingestion
--   time (UTC) as YYYYMMDDHHMMSS. SOURCEURL is the url of the earliest-published member article
--   that has one.
-- Actor, code and place fields come from the cluster's first report (earliest publication, then
-- event_id), the place from the first report that has one.
CREATE OR REPLACE VIEW gdelt_events AS
WITH members AS (
    SELECT c.cluster_id, c.cameo_root AS cluster_root, unnest(c.event_ids) AS event_id
    FROM event_clusters AS c
    WHERE c.status = 'asserted'
), reports AS (
    SELECT
        m.cluster_id, m.cluster_root, e.event_id, e.cameo_code, e.cameo_root, e.sentence_index,
        e.latitude, e.location_country, e.location_text, d.url, d.ingested_at,
        coalesce(strftime(d.published_at, '%Y%m%d'), '99999999') || e.event_id AS report_order
    FROM members AS m
    JOIN events AS e ON e.event_id = m.event_id
    LEFT JOIN documents AS d ON d.doc_id = e.doc_id
), picked AS (
    SELECT
        cluster_id,
        arg_min(event_id, report_order) AS first_event_id,
        arg_min(cameo_code, report_order) FILTER (WHERE cameo_root = cluster_root) AS event_code,
        coalesce(
            arg_min(event_id, report_order) FILTER (WHERE latitude IS NOT NULL),
            arg_min(event_id, report_order) FILTER (WHERE location_country IS NOT NULL),
            arg_min(event_id, report_order) FILTER (WHERE location_text IS NOT NULL)
        ) AS place_event_id,
        max(CASE WHEN sentence_index = 0 THEN 1 ELSE 0 END) AS is_root_event,
        arg_min(url, report_order) FILTER (WHERE url IS NOT NULL) AS source_url,
        min(ingested_at) AS first_ingested_at
    FROM reports
    GROUP BY cluster_id
), actor_names AS (
    SELECT actor_id, min(name) AS name FROM actors GROUP BY actor_id
), coded AS (
    SELECT
        c.*,
        coalesce(c.event_date, c.first_seen) AS day,
        p.event_code, p.is_root_event, p.source_url, p.first_ingested_at,
        f.actor_id, f.actor_text, f.recipient_id, f.recipient_text,
        g.location_text, g.location_country, g.latitude, g.longitude
    FROM event_clusters AS c
    JOIN picked AS p ON p.cluster_id = c.cluster_id
    LEFT JOIN events AS f ON f.event_id = p.first_event_id
    LEFT JOIN events AS g ON g.event_id = p.place_event_id
    WHERE c.status = 'asserted'
)
SELECT
    CAST(('0x' || substring(c.cluster_id, 1, 15)) AS BIGINT) AS GlobalEventID,
    CAST(strftime(c.day, '%Y%m%d') AS INTEGER) AS SQLDATE,
    CAST(strftime(c.day, '%Y%m') AS INTEGER) AS MonthYear,
    CAST(year(c.day) AS INTEGER) AS Year,
    round(year(c.day) + dayofyear(c.day) / 365.0, 4) AS FractionDate,
    nullif(coalesce(c.actor_country, '') || coalesce(c.actor_sector, ''), '') AS Actor1Code,
    coalesce(a1.name, c.actor_text) AS Actor1Name,
    c.actor_country AS Actor1CountryCode,
    c.actor_sector AS Actor1Type1Code,
    nullif(coalesce(c.recipient_country, '') || coalesce(c.recipient_sector, ''), '') AS Actor2Code,
    coalesce(a2.name, c.recipient_text) AS Actor2Name,
    c.recipient_country AS Actor2CountryCode,
    c.recipient_sector AS Actor2Type1Code,
    CAST(c.is_root_event AS INTEGER) AS IsRootEvent,
    coalesce(c.event_code, c.cameo_root) AS EventCode,
    substring(coalesce(c.event_code, c.cameo_root), 1, 3) AS EventBaseCode,
    c.cameo_root AS EventRootCode,
    CAST(c.quad_class AS INTEGER) AS QuadClass,
    c.goldstein AS GoldsteinScale,
    CAST(c.num_mentions AS INTEGER) AS NumMentions,
    CAST(c.num_sources AS INTEGER) AS NumSources,
    CAST(c.num_documents AS INTEGER) AS NumArticles,
    CAST(NULL AS DOUBLE) AS AvgTone,
    CASE WHEN c.location_country IS NOT NULL AND c.latitude IS NULL THEN 1 END AS ActionGeo_Type,
    c.location_text AS ActionGeo_FullName,
    c.location_country AS ActionGeo_CountryCode,
    c.latitude AS ActionGeo_Lat,
    c.longitude AS ActionGeo_Long,
    CAST(strftime(c.first_ingested_at AT TIME ZONE 'UTC', '%Y%m%d%H%M%S') AS BIGINT) AS DATEADDED,
    c.source_url AS SOURCEURL,
    c.cluster_id
FROM coded AS c
LEFT JOIN actor_names AS a1 ON a1.actor_id = c.actor_id
LEFT JOIN actor_names AS a2 ON a2.actor_id = c.recipient_id;
