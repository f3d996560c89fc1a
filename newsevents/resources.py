"""Where the project's non-Python files live (SQL, templates), installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def sql_dir() -> Path:
    """``warehouse/sql`` of the checkout (the package is installed editable by the Makefile)."""
    return PROJECT_ROOT / "warehouse" / "sql"


def seeds_dir() -> Path:
    return PROJECT_ROOT / "seeds"


def shared_dir() -> Path:
    """``../shared`` beside the checkout: gold and reference data for evaluation and builds only."""
    return PROJECT_ROOT.parent / "shared"
