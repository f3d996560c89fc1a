"""The start-up table cache: reused when the key matches, rebuilt when it does not or is corrupt."""

from __future__ import annotations

from newsevents.cache import cached, fingerprint


def test_built_once_then_read_back_and_rebuilt_when_corrupt(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(tmp_path))
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"tokyo": len(calls)}

    assert cached("table", "k1", build) == {"tokyo": 1}
    assert cached("table", "k1", build) == {"tokyo": 1} and len(calls) == 1
    (tmp_path / "table-k1.pickle").write_bytes(b"not a pickle")
    assert cached("table", "k1", build) == {"tokyo": 2}
    assert cached("table", "k2", build) == {"tokyo": 3}  # a new key replaces the old entry
    assert [p.name for p in tmp_path.glob("table-*.pickle")] == ["table-k2.pickle"]


def test_off_disables_and_keys_follow_content(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", "off")
    assert cached("table", "k", lambda: 1) == 1 and not any(tmp_path.iterdir())
    source = tmp_path / "source.py"
    source.write_text("A = 1")
    before = fingerprint([source], ["pyarrow"])
    source.write_text("A = 2")
    assert fingerprint([source], ["pyarrow"]) != before
