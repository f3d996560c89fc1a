# Two commands on a fresh machine: `make run` and `make test`.
# uv (pinned, from PyPI) installs the locked dependencies into .venv; nothing else is downloaded.
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
WAREHOUSE ?= warehouse
export UV_PYTHON_DOWNLOADS := never
export DO_NOT_TRACK := 1

.PHONY: setup run test evaluate bench docs lexicons calibrate clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

# --compile-bytecode: with PYTHONDONTWRITEBYTECODE set (common in containers and CI) Python never
# caches bytecode, and every process of every run would recompile Prefect, GE and spaCy from source
# (~20 s of CPU per `newsevents run`); compiled once here, they are only read.
$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --extra dev --compile-bytecode --python $(PYTHON)
	$(BIN)/python -m compileall -q -j 0 newsevents transforms flows expectations
	touch $@

setup: $(VENV)/.synced

run: setup
	$(BIN)/newsevents run seeds --warehouse $(WAREHOUSE)

test: setup
	$(BIN)/python -m pytest -q

evaluate: setup
	$(BIN)/newsevents evaluate

bench: setup
	$(BIN)/python bench/run_bench.py

docs: setup
	$(BIN)/newsevents schema-docs --output docs/schema.md

lexicons: setup
	$(BIN)/python scripts/build_lexicons_actors.py
	$(BIN)/python scripts/build_lexicons_events.py

# refit the event confidence map after any change to event coding (a test checks it is current)
calibrate: setup
	$(BIN)/python -m newsevents.evaluation.calibration

clean:  # generated warehouse data only (warehouse/sql and README stay)
	cd $(WAREHOUSE) && rm -rf documents entities actors events event_clusters quarantine runs validation _staging \
		newsevents.duckdb _manifest.json .lock report.html
	rm -rf .pytest_cache
