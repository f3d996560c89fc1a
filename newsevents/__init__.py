"""newsevents: news articles in, a validated who-did-what-to-whom events dataset out.

Importing the package switches off the telemetry of Prefect and Great Expectations before either
is imported: this pipeline runs offline, and a call home would stall or fail.
"""

from __future__ import annotations

import os

__version__ = "0.1.0"

_OFFLINE_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "False",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "TQDM_DISABLE": "1",
    # a loaded 2-core machine can take longer than Prefect's default 20 s to boot the API server
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}
for _key, _value in _OFFLINE_DEFAULTS.items():
    os.environ.setdefault(_key, _value)
