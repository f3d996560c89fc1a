"""Finding and reading input files (the I/O half of ingest; parsing is ``transforms.ingest``).

Every path the user names is accounted for: a readable article, a rejection with a reason, or a
sidecar consumed by its article. Directories are read recursively in sorted order so runs are
reproducible.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from transforms.ingest import DEFAULT_MAX_CHARS, Article, Parsed, Rejection, parse_jsonl, parse_text_file

ARTICLE_SUFFIXES = (".txt", ".jsonl")


@dataclass(frozen=True)
class InputFile:
    """A file to parse, with its sidecar when it has one."""

    path: Path
    kind: str  # "txt" | "jsonl" | "other"
    sidecar: Path | None = None


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[InputFile], list[Rejection]]:
    """Expand the inputs into files; name each path that cannot be used and why."""
    files: list[Path] = []
    rejections: list[Rejection] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                files.extend(sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink()))
            except OSError as error:
                rejections.append(Rejection(str(path), "unreadable_path", f"cannot list the directory: {error.strerror or error}"))
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            rejections.append(Rejection(str(path), "missing_path", "no such file or directory"))
    return classify(files, rejections)


def classify(files: list[Path], rejections: list[Rejection]) -> tuple[list[InputFile], list[Rejection]]:
    """Pair ``.txt`` files with their ``.json`` sidecars; everything else is a rejection."""
    names = {p for p in files}
    inputs: list[InputFile] = []
    used_sidecars: set[Path] = set()
    for path in files:
        suffix = path.suffix.lower()
        if suffix == ".txt":
            sidecar = path.with_suffix(".json")
            has_sidecar = sidecar in names or sidecar.exists()
            inputs.append(InputFile(path, "txt", sidecar if has_sidecar else None))
            if has_sidecar:
                used_sidecars.add(sidecar)
        elif suffix == ".jsonl":
            inputs.append(InputFile(path, "jsonl"))
    for path in files:
        suffix = path.suffix.lower()
        if suffix in ARTICLE_SUFFIXES or path in used_sidecars:
            continue
        if suffix == ".json":
            rejections.append(Rejection(str(path), "orphan_sidecar", "a .json sidecar with no .txt article beside it"))
        else:
            rejections.append(Rejection(
                str(path), "unsupported_file_type",
                f"'{path.suffix or path.name}' is not an input format (*.txt with optional .json sidecar, or *.jsonl)",
            ))
    return inputs, rejections


def read_input(item: InputFile, max_chars: int = DEFAULT_MAX_CHARS) -> Parsed:
    """Read one input file and parse it; a read error becomes a rejection, never a crash."""
    ref = str(item.path)
    try:
        data = item.path.read_bytes()
    except OSError as error:
        return Parsed(rejections=(Rejection(ref, "unreadable_path", f"cannot read the file: {error.strerror or error}"),))
    if item.kind == "jsonl":
        return parse_jsonl(data, input_ref=ref, max_chars=max_chars)
    sidecar_bytes: bytes | None = None
    extra: tuple[Rejection, ...] = ()
    if item.sidecar is not None:
        try:
            sidecar_bytes = item.sidecar.read_bytes()
        except OSError as error:
            extra = (Rejection(str(item.sidecar), "bad_sidecar", f"cannot read the sidecar: {error.strerror or error}"),)
    parsed = parse_text_file(
        data, input_ref=ref, stem=item.path.stem, sidecar=sidecar_bytes,
        sidecar_ref=str(item.sidecar) if item.sidecar else None, max_chars=max_chars,
    )
    return Parsed(parsed.articles, extra + parsed.rejections)


def read_all(items: Iterable[InputFile], max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Parsed]:
    for item in items:
        yield read_input(item, max_chars)


def read_inputs(paths: Iterable[str | os.PathLike[str]], max_chars: int = DEFAULT_MAX_CHARS
                ) -> tuple[list[InputFile], list[Article], list[Rejection]]:
    """Every input under ``paths`` read: the files found, their articles, and what was rejected."""
    files, rejections = discover(paths)
    articles: list[Article] = []
    for parsed in read_all(files, max_chars):
        articles.extend(parsed.articles)
        rejections.extend(parsed.rejections)
    return files, articles, rejections
