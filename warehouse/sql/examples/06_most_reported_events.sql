-- The most widely reported real-world events (GDELT names), with the first article's address.
SELECT
    SQLDATE,
    Actor1Code,
    Actor1Name,
    EventCode,
    Actor2Code,
    Actor2Name,
    QuadClass,
    GoldsteinScale,
    NumArticles,
    NumSources,
    NumMentions,
    ActionGeo_FullName,
    SOURCEURL
FROM gdelt_events
ORDER BY NumSources DESC, NumArticles DESC, NumMentions DESC, SQLDATE DESC NULLS LAST, GlobalEventID
LIMIT 25;
