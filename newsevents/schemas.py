"""One declaration per warehouse table: schema, key, write mode and column docs.

Writers (``newsevents.storage``), the Great Expectations suites (``expectations/``), the DuckDB
views and ``docs/schema.md`` all read these contracts, so a column is described exactly once.
The column names and types of ``../shared/CONTRACT.md`` are fixed; columns may only be added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

PLOVER_EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
EVENT_STATUSES: tuple[str, ...] = (
    "asserted", "negated", "planned", "postponed", "cancelled", "hypothetical",
)
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "unknown")
SECTORS: tuple[str, ...] = (
    "GOV", "MIL", "BUS", "PTY", "OPP", "REB", "NGO", "IGO", "MED", "EDU", "JUD", "LEG",
    "COP", "CVL", "REL", "LAB", "ELI", "SPY", "REF", "PRM", "HLH", "AGR", "CRM", "UAF", "ENV",
    "SEP", "INS", "MOD", "RAD",
)
ACTOR_KINDS: tuple[str, ...] = ("state", "organisation", "person", "group")
QUARANTINE_STAGES: tuple[str, ...] = ("ingest", "extract", "validate")


@dataclass(frozen=True)
class Column:
    """A column: its arrow type, whether it may be null, and what it means."""

    name: str
    type: pa.DataType
    doc: str
    nullable: bool = True


@dataclass(frozen=True)
class TableContract:
    """Everything the pipeline knows about one table, declared once."""

    name: str
    grain: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    write_mode: str = "append"  # append new keys; "replace" rewrites the table on each commit
    parents: dict[str, str] = field(default_factory=dict)  # column -> "table.column"

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns]
        )

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> Column:
    return Column(name, type_, doc, nullable)


STR = pa.string()
I32 = pa.int32()
I64 = pa.int64()
F64 = pa.float64()
DATE = pa.date32()
TS = pa.timestamp("us", tz="UTC")

DOCUMENTS = TableContract(
    name="documents",
    grain="unique article (by normalised text)",
    key=("doc_id",),
    columns=(
        _c("doc_id", STR, "sha256 of the article's normalised text (NFC, unified newlines, stripped)", False),
        _c("source_id", STR, "the input's `id`, or the file stem", False),
        _c("title", STR, "headline, from the sidecar or JSONL record"),
        _c("source", STR, "publisher, e.g. Kyodo News"),
        _c("url", STR, "where the article was published"),
        _c("published_at", DATE, "publication date; anchor for relative dates in the text"),
        _c("text", STR, "the normalised article text; all offsets point into it", False),
        _c("n_words", I32, "whitespace-separated words in `text`", False),
        _c("ingested_at", TS, "when this run ingested the article (UTC)", False),
        _c("run_id", STR, "the run that first ingested the article", False),
        _c("input_ref", STR, "file path (and `:line` for JSONL) it was read from"),
        _c("published_year", I32, "year of `published_at` (hive partition key; 0 when unknown)"),
        _c("published_month", I32, "month of `published_at` (hive partition key; 0 when unknown)"),
    ),
)

ENTITIES = TableContract(
    name="entities",
    grain="named-entity mention",
    key=("mention_id",),
    parents={"doc_id": "documents.doc_id", "actor_id": "actors.actor_id"},
    columns=(
        _c("doc_id", STR, "document the mention is in", False),
        _c("mention_id", STR, "stable hash of doc_id and character offsets", False),
        _c("sentence_index", I32, "0-based sentence number in the document", False),
        _c("start_char", I32, "offset of the first character in `documents.text`", False),
        _c("end_char", I32, "offset after the last character in `documents.text`", False),
        _c("text", STR, "surface text, equal to documents.text[start_char:end_char]", False),
        _c("label", STR, "entity type: PERSON, ORG, GPE, LOC, NORP, FAC, ...", False),
        _c("actor_id", STR, "resolved actor (actors.actor_id), null when unresolved"),
        _c("country", STR, "ISO 3166-1 alpha-3 country of the actor, null when none"),
        _c("sector", STR, "CAMEO agent code (GOV, MIL, BUS, ...), null when none"),
        _c("source_of_label", STR, "what labelled it: gazetteer or model"),
        _c("run_id", STR, "the run that wrote the row", False),
    ),
)

ACTORS = TableContract(
    name="actors",
    grain="resolved actor",
    key=("actor_id",),
    write_mode="merge",
    columns=(
        _c("actor_id", STR, "stable id: COUNTRY[-SECTOR] for collective actors, or a name-based id", False),
        _c("name", STR, "canonical name", False),
        _c("kind", STR, "state, organisation, person or group", False),
        _c("country", STR, "ISO 3166-1 alpha-3, null for international actors"),
        _c("sector", STR, "CAMEO agent code, null for a whole state"),
        _c("aliases", pa.list_(STR), "surface forms seen in the text"),
        _c("run_id", STR, "the run that first wrote the actor", False),
    ),
)

EVENTS = TableContract(
    name="events",
    grain="event mention in a sentence",
    key=("event_id",),
    parents={"doc_id": "documents.doc_id", "actor_id": "actors.actor_id", "recipient_id": "actors.actor_id"},
    columns=(
        _c("event_id", STR, "stable hash of doc_id, trigger offsets, type and actor/recipient", False),
        _c("doc_id", STR, "document the event is in", False),
        _c("sentence_index", I32, "0-based sentence number", False),
        _c("evidence_start", I32, "offset of the evidence sentence in documents.text", False),
        _c("evidence_end", I32, "end offset of the evidence sentence", False),
        _c("trigger", STR, "the words that express the event", False),
        _c("trigger_start", I32, "offset of the trigger", False),
        _c("trigger_end", I32, "end offset of the trigger", False),
        _c("event_type", STR, "PLOVER 2021 event type", False),
        _c("mode", STR, "PLOVER mode, null when the codebook gives none"),
        _c("cameo_code", STR, "CAMEO event code, e.g. 042", False),
        _c("cameo_root", STR, "first two digits of cameo_code", False),
        _c("quad_class", pa.int8(), "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict", False),
        _c("goldstein", F64, "Goldstein score of cameo_code (-10..10)", False),
        _c("actor_text", STR, "who did it, as written"),
        _c("actor_id", STR, "actors.actor_id of the source actor"),
        _c("actor_country", STR, "ISO3 of the source actor"),
        _c("actor_sector", STR, "CAMEO agent code of the source actor"),
        _c("recipient_text", STR, "to whom, as written"),
        _c("recipient_id", STR, "actors.actor_id of the target"),
        _c("recipient_country", STR, "ISO3 of the target"),
        _c("recipient_sector", STR, "CAMEO agent code of the target"),
        _c("location_text", STR, "where it happened, as written"),
        _c("location_country", STR, "ISO3 of the location"),
        _c("latitude", F64, "latitude of the location (offline gazetteer)"),
        _c("longitude", F64, "longitude of the location (offline gazetteer)"),
        _c("event_date", DATE, "when the event happened, resolved against published_at; never the publication date by default"),
        _c("date_precision", STR, "day, month, year or unknown", False),
        _c("date_text", STR, "the words the date was read from"),
        _c("status", STR, "asserted, negated, planned, postponed, cancelled or hypothetical", False),
        _c("confidence", F64, "0-1, how likely the row is right: the raw score through the calibration map fitted on PLOVER dev (`make calibrate`)", False),
        _c("confidence_raw", F64, "the event coder's uncalibrated score (ranks rows; its scale is arbitrary)"),
        _c("published_at", DATE, "publication date of the article (copied for partitioning)"),
        _c("run_id", STR, "the run that wrote the row", False),
        _c("published_year", I32, "year of the article's publication (hive partition key; 0 when unknown)"),
        _c("published_month", I32, "month of the article's publication (hive partition key; 0 when unknown)"),
    ),
)

QUARANTINE = TableContract(
    name="quarantine",
    grain="rejected input or row",
    key=("quarantine_id",),
    columns=(
        _c("quarantine_id", STR, "stable hash of input_ref, stage, reason and doc_id", False),
        _c("input_ref", STR, "path, and :line for JSONL", False),
        _c("doc_id", STR, "document concerned, when known"),
        _c("stage", STR, "ingest, extract or validate", False),
        _c("reason", STR, "short machine-readable code, e.g. empty_file", False),
        _c("detail", STR, "a sentence for a person", False),
        _c("run_id", STR, "the run that quarantined it", False),
        _c("at", TS, "when (UTC)", False),
    ),
)

RUNS = TableContract(
    name="runs",
    grain="flow run",
    key=("run_id",),
    columns=(
        _c("run_id", STR, "Prefect flow-run id (or a uuid outside Prefect)", False),
        _c("started_at", TS, "start (UTC)", False),
        _c("finished_at", TS, "end (UTC)", False),
        _c("status", STR, "completed or failed", False),
        _c("n_inputs", I64, "articles read from the inputs", False),
        _c("n_new", I64, "new documents written", False),
        _c("n_skipped", I64, "articles already in the warehouse (or duplicates within the run)", False),
        _c("n_quarantined", I64, "quarantine rows written", False),
        _c("n_entities", I64, "entity rows written", False),
        _c("n_events", I64, "event rows written", False),
        _c("model", STR, "spaCy pipeline name and version", False),
        _c("code_version", STR, "newsevents version (+ lexicon hash)", False),
        _c("validation_success", pa.bool_(), "did every blocking expectation pass", False),
        _c("data_docs", STR, "path of the Great Expectations Data Docs for this run"),
        _c("inputs", STR, "the input paths, ;-separated"),
        _c("n_words", I64, "words in the new documents"),
        _c("extract_seconds", F64, "wall time from the first batch sent to NLP (with a worker pool the CLI sends the first ones while Prefect starts) to the last batch staged (the run's steady state, without start-up and commit)"),
    ),
)

EVENT_CLUSTERS = TableContract(
    name="event_clusters",
    grain="real-world event (mentions collapsed)",
    key=("cluster_id",),
    write_mode="replace",
    columns=(
        _c("cluster_id", STR, "stable hash of the cluster key and first member", False),
        _c("event_type", STR, "PLOVER type", False),
        _c("cameo_root", STR, "CAMEO root", False),
        _c("status", STR, "status shared by the members", False),
        _c("event_date", DATE, "event date (null when unknown)"),
        _c("actor_country", STR, "ISO3"),
        _c("actor_sector", STR, "sector"),
        _c("recipient_country", STR, "ISO3"),
        _c("recipient_sector", STR, "sector"),
        _c("num_mentions", I64, "event rows in the cluster", False),
        _c("num_documents", I64, "distinct articles", False),
        _c("num_sources", I64, "distinct publishers", False),
        _c("first_seen", DATE, "earliest publication date"),
        _c("last_seen", DATE, "latest publication date"),
        _c("goldstein", F64, "Goldstein score", False),
        _c("quad_class", pa.int8(), "quad class", False),
        _c("event_ids", pa.list_(STR), "member events.event_id", False),
    ),
)

CONTRACTS: dict[str, TableContract] = {
    c.name: c for c in (DOCUMENTS, ENTITIES, ACTORS, EVENTS, QUARANTINE, RUNS, EVENT_CLUSTERS)
}
