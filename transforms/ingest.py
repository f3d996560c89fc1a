"""Ingest parsing: raw bytes of the contract's input formats -> articles or rejections.

Pure: callers read the files and pass bytes in, so every rule here is testable without a disk.
Each rejection carries a short reason code (stable, for SQL) and a sentence for a person; nothing
is dropped without one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any, Iterable

from charset_normalizer import from_bytes

OPTIONAL_FIELDS: tuple[str, ...] = ("title", "source", "url", "published_at")
SIDECAR_FIELDS: frozenset[str] = frozenset(("id", *OPTIONAL_FIELDS))
DEFAULT_MAX_CHARS = 1_000_000  # spaCy's own max_length: larger articles are quarantined


@dataclass(frozen=True)
class Article:
    """One article ready for NLP; ``doc_id`` is the hash of its normalised text."""

    doc_id: str
    source_id: str
    text: str
    title: str | None
    source: str | None
    url: str | None
    published_at: dt.date | None
    input_ref: str
    n_words: int


@dataclass(frozen=True)
class Rejection:
    """A quarantine row in the making: what was rejected, at which stage, and why."""

    input_ref: str
    reason: str
    detail: str
    stage: str = "ingest"
    doc_id: str | None = None


@dataclass(frozen=True)
class Parsed:
    """What a file yields: articles that go on, and rejections that go to quarantine."""

    articles: tuple[Article, ...] = ()
    rejections: tuple[Rejection, ...] = ()


def normalise_text(raw: str) -> str:
    """NFC, unified newlines, no BOM, trailing spaces and outer blank lines removed.

    The same story saved by two tools (CRLF vs LF, a BOM, composed vs decomposed accents) gets
    one ``doc_id``; inner whitespace is kept so offsets stay meaningful to a reader.
    """
    text = unicodedata.normalize("NFC", raw.replace("\ufeff", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


def doc_id_for(normalised_text: str) -> str:
    """sha256 of the normalised text: the content key that makes re-runs idempotent."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    return len(text.split())


def decode_text(data: bytes) -> tuple[str | None, str | None, str]:
    """Decode bytes as text: ``(text, reason, detail)``; ``text`` is None when rejected.

    UTF-8 (with or without BOM) is taken as is. Otherwise the encoding is detected and used only
    when the detector is confident and the result looks like prose; binary data is refused.
    """
    if not data.strip():
        return None, "empty_file", "the file is empty or holds only whitespace"
    if b"\x00" in data[:8192]:
        return None, "binary_file", "the file holds NUL bytes: binary data, not text"
    try:
        return data.decode("utf-8-sig"), None, ""
    except UnicodeDecodeError as error:
        position = error.start
    best = from_bytes(data).best()
    if best is None or best.chaos > 0.1:
        return None, "undecodable_text", (
            f"not UTF-8 (invalid byte at offset {position}) and no encoding could be detected with confidence"
        )
    text = str(best)
    printable = sum(ch.isprintable() or ch.isspace() for ch in text) / max(len(text), 1)
    if printable < 0.95:
        return None, "binary_file", "decoded text is mostly non-printable: binary data, not text"
    return text, None, f"decoded as {best.encoding}"


def parse_published_at(value: Any) -> dt.date:
    """ISO date or datetime (``2023-09-12``, ``2023-09-12T08:30:00+09:00``) -> the date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"published_at must be an ISO date string, got {value!r}")
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()


def _clean_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def make_article(
    text: str,
    *,
    source_id: str,
    input_ref: str,
    meta: dict[str, Any],
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Parsed:
    """Normalise text and metadata into an ``Article``; metadata problems keep the article.

    A bad ``published_at`` becomes null plus a ``bad_metadata`` rejection, because losing an
    article over its date would lose more than it protects.
    """
    normalised = normalise_text(text)
    if not normalised:
        return Parsed(rejections=(Rejection(input_ref, "empty_text", "the article text is empty"),))
    doc_id = doc_id_for(normalised)
    if len(normalised) > max_chars:
        return Parsed(rejections=(Rejection(
            input_ref, "too_large",
            f"{len(normalised):,} characters is over the limit of {max_chars:,} (--max-chars)",
            doc_id=doc_id,
        ),))
    rejections: list[Rejection] = []
    published_at: dt.date | None = None
    if meta.get("published_at") not in (None, ""):
        try:
            published_at = parse_published_at(meta["published_at"])
        except (ValueError, TypeError) as error:
            rejections.append(Rejection(
                input_ref, "bad_published_at",
                f"published_at {meta['published_at']!r} is not an ISO date ({error}); kept the article without it",
                doc_id=doc_id,
            ))
    article = Article(
        doc_id=doc_id,
        source_id=_clean_str(meta.get("id")) or source_id,
        text=normalised,
        title=_clean_str(meta.get("title")),
        source=_clean_str(meta.get("source")),
        url=_clean_str(meta.get("url")),
        published_at=published_at,
        input_ref=input_ref,
        n_words=count_words(normalised),
    )
    return Parsed(articles=(article,), rejections=tuple(rejections))


def parse_sidecar(data: bytes | None, input_ref: str) -> tuple[dict[str, Any], tuple[Rejection, ...]]:
    """A ``NAME.json`` sidecar -> metadata; a malformed one is reported and ignored."""
    if data is None:
        return {}, ()
    try:
        meta = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, (Rejection(input_ref, "bad_sidecar", f"sidecar is not valid JSON ({error}); article kept without metadata"),)
    if not isinstance(meta, dict):
        return {}, (Rejection(input_ref, "bad_sidecar", "sidecar is not a JSON object; article kept without metadata"),)
    unknown = sorted(set(meta) - SIDECAR_FIELDS)
    rejections: tuple[Rejection, ...] = ()
    if unknown:
        rejections = (Rejection(input_ref, "sidecar_unknown_fields", f"ignored unknown sidecar fields: {', '.join(unknown)}"),)
    return {k: v for k, v in meta.items() if k in SIDECAR_FIELDS}, rejections


def parse_text_file(
    data: bytes,
    *,
    input_ref: str,
    stem: str,
    sidecar: bytes | None = None,
    sidecar_ref: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Parsed:
    """A ``*.txt`` article with its optional sidecar."""
    text, reason, detail = decode_text(data)
    if text is None:
        return Parsed(rejections=(Rejection(input_ref, reason or "unreadable", detail),))
    meta, sidecar_rejections = parse_sidecar(sidecar, sidecar_ref or input_ref)
    parsed = make_article(text, source_id=stem, input_ref=input_ref, meta=meta, max_chars=max_chars)
    doc_id = parsed.articles[0].doc_id if parsed.articles else None
    sidecar_rejections = tuple(replace(r, doc_id=doc_id) for r in sidecar_rejections)
    return Parsed(parsed.articles, sidecar_rejections + parsed.rejections)


def parse_jsonl(data: bytes, *, input_ref: str, max_chars: int = DEFAULT_MAX_CHARS) -> Parsed:
    """A ``*.jsonl`` file: one article per line; each bad line is its own rejection."""
    text, reason, detail = decode_text(data)
    if text is None:
        return Parsed(rejections=(Rejection(input_ref, reason or "unreadable", detail),))
    articles: list[Article] = []
    rejections: list[Rejection] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        ref = f"{input_ref}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            rejections.append(Rejection(ref, "bad_json_line", f"line {number} is not valid JSON ({error.msg})"))
            continue
        if not isinstance(record, dict):
            rejections.append(Rejection(ref, "bad_json_line", f"line {number} is not a JSON object"))
            continue
        missing = [field for field in ("id", "text") if _clean_str(record.get(field)) is None]
        if missing:
            rejections.append(Rejection(ref, "missing_field", f"line {number} has no {' or '.join(missing)}"))
            continue
        if not isinstance(record["text"], str):
            rejections.append(Rejection(ref, "missing_field", f"line {number}: text is not a string"))
            continue
        parsed = make_article(record["text"], source_id=str(record["id"]), input_ref=ref, meta=record, max_chars=max_chars)
        articles.extend(parsed.articles)
        rejections.extend(parsed.rejections)
    return Parsed(tuple(articles), tuple(rejections))


def deduplicate(
    articles: Iterable[Article], known: dict[str, str] | None = None
) -> tuple[list[Article], list[Article], list[Rejection]]:
    """Split articles into ``(new, already_known, duplicate_rejections)``.

    ``known`` maps committed doc_ids to the input_ref they came from. The same text seen again
    under the same name is a re-run (skipped quietly); under another name it is a duplicate,
    recorded in quarantine so the second copy is visibly accounted for.
    """
    known = known or {}
    seen: dict[str, str] = {}
    new: list[Article] = []
    skipped: list[Article] = []
    duplicates: list[Rejection] = []
    for article in articles:
        first_ref = seen.get(article.doc_id) or known.get(article.doc_id)
        if first_ref is None:
            seen[article.doc_id] = article.input_ref
            new.append(article)
            continue
        skipped.append(article)
        if first_ref != article.input_ref:
            duplicates.append(Rejection(
                article.input_ref, "duplicate_article",
                f"same text as {first_ref}; stored once under that document",
                doc_id=article.doc_id,
            ))
    return new, skipped, duplicates
