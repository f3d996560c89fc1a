"""Shared fixtures: one Prefect test harness per session (its API server costs ~10 s to start)."""

from __future__ import annotations

import newsevents  # noqa: F401  (telemetry off before Prefect/GE load)

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
SEEDS = PROJECT_ROOT / "seeds"


@pytest.fixture(scope="session")
def prefect_harness():
    """Prefect's ephemeral API for flows run in tests (started once, shared)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.fail(f"../shared is missing beside the project ({SHARED}): gold and reference data live there")
    return SHARED
