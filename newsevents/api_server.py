"""Boot Prefect's local API server at the very start of a CLI run, in parallel with everything else.

With no ``PREFECT_API_URL``, Prefect starts a temporary API server at the first flow call: it
first imports its whole server package in this process (~5 s, only to find the class that
launches the subprocess) and then waits for the subprocess to import it again and answer
(~8 s) — ~13 s on the critical path of every ``newsevents run`` on a 2-core machine. Launching
the same server command ourselves before Prefect is even imported, and pointing
``PREFECT_API_URL`` at it, lets that boot overlap with the imports, the model load and the
ingest. The server is the one Prefect would have started (same app factory, same ephemeral
flags, same SQLite database), and it is stopped when the run ends.

This module must not import Prefect: its point is to run before Prefect is imported.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

_STARTED: "LocalApiServer | None" = None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wanted() -> bool:
    """Only when Prefect would start a temporary server itself (no API configured, ephemeral allowed)."""
    if "prefect" in sys.modules:  # settings already read: too late to redirect them cleanly
        return False
    if os.environ.get("PREFECT_API_URL"):
        return False
    allowed = os.environ.get("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "true").strip().lower()
    return allowed not in ("0", "false", "no", "off")


class LocalApiServer:
    """Prefect's own API app under uvicorn on a free local port, for the life of one CLI command."""

    def __init__(self) -> None:
        spec = importlib.util.find_spec("prefect")
        if spec is None or spec.origin is None:
            raise RuntimeError("prefect is not installed")
        self.port = _free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        app_dir = Path(spec.origin).parent.parent
        command = [
            sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
            "--log-level", "error", "--lifespan", "on",
        ]
        # the flags Prefect itself sets for its temporary server: no UI, no background services
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        self._log = tempfile.TemporaryFile()  # a file, not a pipe: a chatty server can never block on it
        self.process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Block until ``/health`` answers; a server that died or never answers is a clear error."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                error = self._log.read().decode(errors="replace")
                raise RuntimeError(f"Prefect's local API server exited with code {self.process.returncode}: {error[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"Prefect's local API server did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def start() -> LocalApiServer | None:
    """Launch the server and point this process's Prefect settings at it (before Prefect is imported)."""
    global _STARTED
    if _STARTED is not None or not wanted():
        return _STARTED
    _STARTED = LocalApiServer()
    os.environ["PREFECT_API_URL"] = _STARTED.api_url
    # registered before Prefect is imported, so it runs after Prefect's own exit handlers have
    # flushed their last logs and events to this server (atexit runs last-registered first)
    atexit.register(stop)
    return _STARTED


def wait_ready() -> None:
    """Called just before the first flow run: a no-op unless :func:`start` launched a server."""
    if _STARTED is not None:
        _STARTED.wait_ready()


def stop() -> None:
    global _STARTED
    if _STARTED is not None:
        _STARTED.stop()
        os.environ.pop("PREFECT_API_URL", None)
        _STARTED = None
