"""Scheduled runs: serve the build flow on a cron schedule over an inbox folder.

Only new articles are processed on each tick (content-hash keys make every run incremental), so
the schedule can be frequent: GDELT's 15 minutes is the default. ``prefect.yaml`` declares the
same flow as a deployment for teams that run a Prefect server and workers.
"""

from __future__ import annotations

import newsevents  # noqa: F401  (telemetry off first)

import os
from pathlib import Path
from typing import Any

from flows.build import build, run_build

DEFAULT_CRON = "*/15 * * * *"
DEPLOYMENT_NAME = "newsevents-inbox"


def schedule_cron(cron: str | None = None) -> str:
    """The cron expression: the argument, else ``NEWSEVENTS_CRON``, else every 15 minutes."""
    return cron or os.environ.get("NEWSEVENTS_CRON") or DEFAULT_CRON


def deployment(inbox: str, warehouse: str, cron: str | None = None) -> Any:
    """The build flow as a Prefect deployment with its schedule (what ``serve`` runs)."""
    return build.to_deployment(
        name=DEPLOYMENT_NAME,
        cron=schedule_cron(cron),
        parameters={"inputs": [str(inbox)], "warehouse": str(warehouse), "wait_seconds": 60.0},
        description="Ingest what is new in the inbox into the events warehouse.",
        tags=["newsevents"],
    )


def serve(inbox: str = "inbox", warehouse: str = "warehouse", cron: str | None = None, once: bool = False) -> None:
    """Serve the deployment until Ctrl-C (or run once and return, for system cron users)."""
    Path(inbox).mkdir(parents=True, exist_ok=True)
    if once:
        run_build(inputs=[inbox], warehouse=warehouse, wait_seconds=60.0)
        return
    from prefect import serve as prefect_serve

    print(f"serving {DEPLOYMENT_NAME}: {inbox} -> {warehouse} on '{schedule_cron(cron)}' (Ctrl-C stops)")
    try:
        prefect_serve(deployment(inbox, warehouse, cron))
    except KeyboardInterrupt:
        pass
    print("stopped")
