"""Ingest parsing rules, on bytes made in the test."""

from __future__ import annotations

import datetime as dt
import json

from transforms.ingest import (
    deduplicate, decode_text, doc_id_for, normalise_text, parse_jsonl, parse_published_at, parse_text_file,
)


def test_normalisation_gives_one_id_for_crlf_bom_and_decomposed_accents() -> None:
    a = normalise_text("\ufeffCaf\u0065\u0301 talks\r\nresumed.  \r\n")
    b = normalise_text("Caf\u00e9 talks\nresumed.")
    assert a == b
    assert doc_id_for(a) == doc_id_for(b)
    assert len(doc_id_for(a)) == 64


def test_text_file_with_sidecar_takes_metadata() -> None:
    sidecar = json.dumps({"id": "k1", "title": "T", "source": "Kyodo", "url": "u", "published_at": "2023-09-12"})
    parsed = parse_text_file(b"Japan protested.", input_ref="a.txt", stem="a", sidecar=sidecar.encode())
    (article,) = parsed.articles
    assert article.source_id == "k1" and article.source == "Kyodo"
    assert article.published_at == dt.date(2023, 9, 12)
    assert parsed.rejections == ()


def test_malformed_sidecar_keeps_article_and_reports() -> None:
    parsed = parse_text_file(b"Japan protested.", input_ref="a.txt", stem="a", sidecar=b"{not json", sidecar_ref="a.json")
    assert parsed.articles[0].source_id == "a"
    assert [r.reason for r in parsed.rejections] == ["bad_sidecar"]
    assert parsed.rejections[0].input_ref == "a.json"
    assert parsed.rejections[0].doc_id == parsed.articles[0].doc_id


def test_bad_published_at_is_reported_and_nulled() -> None:
    parsed = parse_text_file(b"x y", input_ref="a.txt", stem="a", sidecar=b'{"published_at": "12/09/2023"}')
    assert parsed.articles[0].published_at is None
    assert [r.reason for r in parsed.rejections] == ["bad_published_at"]


def test_empty_binary_and_undecodable_inputs_are_rejected_with_reasons() -> None:
    assert parse_text_file(b"  \n", input_ref="e.txt", stem="e").rejections[0].reason == "empty_file"
    assert parse_text_file(b"\x89PNG\x00\x00\x01", input_ref="b.txt", stem="b").rejections[0].reason == "binary_file"
    text, reason, _ = decode_text(bytes(range(128, 256)) * 4)
    assert text is None and reason in {"undecodable_text", "binary_file"}


def test_latin1_prose_is_decoded_when_confident() -> None:
    raw = ("Le président français a rencontré le Premier ministre à Genève. " * 8).encode("latin-1")
    text, reason, detail = decode_text(raw)
    assert reason is None and "président" in text


def test_jsonl_bad_lines_are_rejected_one_by_one_with_line_numbers() -> None:
    lines = [
        json.dumps({"id": "1", "text": "Japan and China agreed.", "published_at": "2023-09-01T10:00:00+09:00"}),
        "{broken",
        json.dumps({"id": "3", "title": "no text"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "6", "text": "Russia attacked Ukraine."}),
    ]
    parsed = parse_jsonl("\n".join(lines).encode(), input_ref="feed.jsonl")
    assert [a.source_id for a in parsed.articles] == ["1", "6"]
    assert parsed.articles[0].published_at == dt.date(2023, 9, 1)
    assert [(r.input_ref, r.reason) for r in parsed.rejections] == [
        ("feed.jsonl:2", "bad_json_line"), ("feed.jsonl:3", "missing_field"), ("feed.jsonl:5", "bad_json_line"),
    ]


def test_too_large_article_is_quarantined_above_the_limit() -> None:
    parsed = parse_text_file(b"word " * 100, input_ref="big.txt", stem="big", max_chars=50)
    assert parsed.articles == () and parsed.rejections[0].reason == "too_large"


def test_duplicates_within_a_run_and_reruns() -> None:
    a = parse_text_file(b"Same story.", input_ref="a.txt", stem="a").articles[0]
    b = parse_text_file(b"Same story.\r\n", input_ref="b.txt", stem="b").articles[0]
    new, skipped, dups = deduplicate([a, b])
    assert new == [a] and skipped == [b]
    assert [(d.input_ref, d.reason) for d in dups] == [("b.txt", "duplicate_article")]
    # a re-run of the same file is skipped quietly
    new, skipped, dups = deduplicate([a], known={a.doc_id: "a.txt"})
    assert new == [] and skipped == [a] and dups == []


def test_published_at_accepts_date_and_datetime() -> None:
    assert parse_published_at("2023-09-12") == dt.date(2023, 9, 12)
    assert parse_published_at("2023-09-12T23:10:00Z") == dt.date(2023, 9, 12)
