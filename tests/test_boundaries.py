"""House rules that keep the layers honest: transforms are pure, docs are generated."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT_ROOT

FORBIDDEN_IN_TRANSFORMS = {"prefect", "great_expectations", "duckdb", "pyarrow", "os", "shutil", "pathlib",
                           "subprocess", "requests", "urllib", "socket", "newsevents.storage", "newsevents.lexicons"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_transforms_import_neither_prefect_nor_io_modules() -> None:
    offenders = {}
    for path in sorted((PROJECT_ROOT / "transforms").glob("*.py")):
        bad = {m for m in imported_modules(path) if m in FORBIDDEN_IN_TRANSFORMS or m.split(".")[0] in FORBIDDEN_IN_TRANSFORMS}
        if bad:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def test_transforms_do_not_open_files() -> None:
    for path in sorted((PROJECT_ROOT / "transforms").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "open(" not in source.replace("_open(", ""), f"{path.name} opens a file"


def test_schema_docs_are_generated_from_the_contracts() -> None:
    from newsevents.docs import schema_markdown

    committed = (PROJECT_ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == schema_markdown(), "docs/schema.md is stale: run `make docs`"
