"""The warehouse on disk: Parquet files, a manifest as the commit point, a lock, recovery.

A run writes every file under ``_staging/<run_id>/``; ``commit`` moves them into the table
folders and then atomically replaces ``_manifest.json``. Readers (the DuckDB catalog, ``read_table``)
see only files the manifest lists, so a run killed at any moment leaves the previous state intact;
the next run removes what the dead one left behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsevents.schemas import CONTRACTS, TableContract

MANIFEST = "_manifest.json"
STAGING = "_staging"
LOCK = ".lock"
PARTITIONED = {"documents", "events"}  # hive partitions published_year=/published_month=
PARTITION_COLUMNS = ("published_year", "published_month")


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse lock."""


def local_path(location: str | os.PathLike[str]) -> Path:
    """A warehouse location as a local path; ``file://`` URIs are accepted."""
    text = os.fspath(location)
    parsed = urlparse(text)
    if parsed.scheme == "file":
        return Path(parsed.path)
    if parsed.scheme and len(parsed.scheme) > 1:
        raise ValueError(f"unsupported warehouse URI scheme {parsed.scheme!r}: use a local path or file://")
    return Path(text)


@dataclass
class Manifest:
    """Committed files per table (paths relative to the warehouse root)."""

    files: dict[str, list[str]] = field(default_factory=dict)
    runs: list[str] = field(default_factory=list)

    def table_files(self, table: str) -> list[str]:
        return list(self.files.get(table, []))


class Warehouse:
    """A warehouse directory: read committed tables, stage a run, commit it atomically."""

    def __init__(self, location: str | os.PathLike[str]) -> None:
        self.root = local_path(location).absolute()

    # -- reading -----------------------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def manifest(self) -> Manifest:
        if not self.manifest_path.exists():
            return Manifest()
        data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        return Manifest(files=data.get("files", {}), runs=data.get("runs", []))

    def table_paths(self, table: str) -> list[Path]:
        return [self.root / rel for rel in self.manifest().table_files(table)]

    def read_table(self, table: str, columns: list[str] | None = None) -> pa.Table:
        """All committed rows of a table (partition columns restored), in the contract's schema."""
        contract = CONTRACTS[table]
        wanted = columns or contract.column_names
        schema = pa.schema([contract.schema.field(c) for c in wanted])
        parts = []
        for path in self.table_paths(table):
            file_columns = set(pq.read_schema(path).names)
            part = pq.read_table(path, columns=[c for c in wanted if c in file_columns])
            for name, value in partition_values(path).items():
                if name in wanted and name not in file_columns:
                    part = part.append_column(name, pa.array([value] * part.num_rows, pa.int32()))
            parts.append(part.select([c for c in wanted if c in part.column_names]).cast(
                pa.schema([schema.field(c) for c in wanted if c in part.column_names])))
        if not parts:
            return schema.empty_table()
        return pa.concat_tables(parts, promote_options="default").select(wanted)

    def committed_documents(self) -> dict[str, str]:
        """doc_id -> input_ref of every committed document (what a run deduplicates against)."""
        documents = self.read_table("documents", ["doc_id", "input_ref"])
        return dict(zip(documents.column("doc_id").to_pylist(), documents.column("input_ref").to_pylist()))

    def committed_values(self, table: str, column: str) -> set[str]:
        table_data = self.read_table(table, [column])
        return set(v for v in table_data.column(column).to_pylist() if v is not None)

    # -- locking and recovery --------------------------------------------------------------
    @contextmanager
    def lock(self, wait_seconds: float = 0.0) -> Iterator[None]:
        """Hold the warehouse for one run; a second run waits up to ``wait_seconds`` then fails."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = (self.root / LOCK).open("a+")
        deadline = time.monotonic() + wait_seconds
        try:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        handle.seek(0)
                        raise self._busy(handle.read().strip() or "another run") from None
                    time.sleep(0.5)
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}\n")
            handle.flush()
            yield
        finally:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            finally:
                handle.close()

    def _busy(self, holder: str) -> WarehouseBusy:
        return WarehouseBusy(
            f"warehouse {self.root} is in use by {holder}; try again when it finishes (or pass --wait SECONDS)"
        )

    def ensure_free(self) -> None:
        """Raise :class:`WarehouseBusy` now if another run holds the warehouse (without taking the lock)."""
        holder = self.busy_holder()
        if holder is not None:
            raise self._busy(holder)

    def busy_holder(self) -> str | None:
        """Who holds the warehouse right now, or None: a cheap probe so a CLI can refuse before starting a flow.

        The flow still takes the real lock; this only spares the user a Prefect server start and a
        traceback when the answer is already known.
        """
        path = self.root / LOCK
        if not path.exists():
            return None
        with path.open("a+") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                return handle.read().strip() or "another run"
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            return None

    def recover(self) -> list[str]:
        """Remove what an interrupted run left: its staging folder and uncommitted files."""
        removed: list[str] = []
        staging = self.root / STAGING
        if staging.exists():
            for child in sorted(staging.iterdir()):
                removed.append(str(child.relative_to(self.root)))
            shutil.rmtree(staging, ignore_errors=True)
        committed = {rel for files in self.manifest().files.values() for rel in files}
        for table in CONTRACTS:
            folder = self.root / table
            if not folder.exists():
                continue
            for path in folder.rglob("*.parquet"):
                rel = str(path.relative_to(self.root))
                if rel not in committed:
                    path.unlink()
                    removed.append(rel)
        return removed

    # -- writing -----------------------------------------------------------------------------
    def stage(self, run_id: str) -> "StagedRun":
        return StagedRun(self, run_id)


def partition_values(path: Path) -> dict[str, int]:
    """``published_year=2023/published_month=9`` in a path -> {'published_year': 2023, ...}."""
    values: dict[str, int] = {}
    for part in path.parts:
        if "=" in part:
            key, _, value = part.partition("=")
            if key in PARTITION_COLUMNS:
                values[key] = int(value)
    return values


class StagedRun:
    """Files of one run, written under ``_staging/<run_id>/`` until ``commit``."""

    def __init__(self, warehouse: Warehouse, run_id: str) -> None:
        self.warehouse = warehouse
        self.run_id = run_id
        self.dir = warehouse.root / STAGING / run_id
        self.files: dict[str, list[str]] = {}
        self.replaced: set[str] = set()
        self.superseded: list[str] = []
        self._counter = 0

    def write(self, table: str, data: pa.Table) -> list[str]:
        """Stage rows of a table (one Parquet file per partition); returns relative paths."""
        contract: TableContract = CONTRACTS[table]
        data = conform(data, contract)
        if data.num_rows == 0:
            return []
        written: list[str] = []
        for partition, rows in split_partitions(table, data):
            self._counter += 1
            rel = Path(table, *partition, f"part-{self.run_id}-{self._counter:05d}.parquet")
            target = self.dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(rows, target, compression="zstd")
            written.append(str(rel))
        self.files.setdefault(table, []).extend(written)
        return written

    def supersede(self, table: str, doc_ids: set[str]) -> int:
        """Drop committed rows of these documents from a table at commit (``--force`` reprocessing).

        Files holding any of them are rewritten without those rows into staging; the old files
        leave the manifest in the same atomic swap that adds the new rows.
        """
        dropped = 0
        for rel in self.warehouse.manifest().table_files(table):
            path = self.warehouse.root / rel
            ids = pq.read_table(path, columns=["doc_id"]).column("doc_id")
            hit = pc.is_in(ids, value_set=pa.array(sorted(doc_ids), pa.string()))
            n_hit = pc.sum(hit).as_py() or 0
            if not n_hit:
                continue
            dropped += n_hit
            kept = pq.read_table(path).filter(pc.invert(hit))
            self.superseded.append(rel)
            if kept.num_rows:
                self._counter += 1
                new_rel = Path(rel).parent / f"part-{self.run_id}-{self._counter:05d}.parquet"
                (self.dir / new_rel).parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(kept, self.dir / new_rel, compression="zstd")
                self.files.setdefault(table, []).append(str(new_rel))
        return dropped

    def replace(self, table: str, data: pa.Table) -> list[str]:
        """Stage a full new version of a table (``write_mode='replace'``, e.g. event_clusters)."""
        self.replaced.add(table)
        return self.write(table, data) or []

    def commit(self) -> Manifest:
        """Move staged files into place, then swap the manifest: the one atomic step."""
        root = self.warehouse.root
        manifest = self.warehouse.manifest()
        for table, rels in self.files.items():
            for rel in rels:
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.dir / rel, target)
        obsolete: list[str] = []
        for table in self.replaced:
            obsolete.extend(manifest.files.get(table, []))
            manifest.files[table] = []
        for rel in self.superseded:
            for table_files in manifest.files.values():
                if rel in table_files:
                    table_files.remove(rel)
                    obsolete.append(rel)
        for table, rels in self.files.items():
            manifest.files.setdefault(table, []).extend(rels)
        manifest.runs.append(self.run_id)
        write_json_atomic(self.warehouse.manifest_path, {"files": manifest.files, "runs": manifest.runs})
        for rel in obsolete:
            (root / rel).unlink(missing_ok=True)
        shutil.rmtree(self.dir, ignore_errors=True)
        staging = root / STAGING
        if staging.exists() and not any(staging.iterdir()):
            staging.rmdir()
        return manifest

    def abort(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def write_json_atomic(path: Path, payload: object) -> None:
    """Write JSON to a temp file, fsync, and rename over ``path``."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def conform(data: pa.Table, contract: TableContract) -> pa.Table:
    """Select and cast a table to its contract (missing optional columns become nulls)."""
    columns = []
    for fld in contract.schema:
        if fld.name in data.column_names:
            columns.append(data.column(fld.name).cast(fld.type))
        else:
            columns.append(pa.nulls(data.num_rows, fld.type))
    return pa.Table.from_arrays(columns, schema=contract.schema)


def split_partitions(table: str, data: pa.Table) -> Iterator[tuple[tuple[str, ...], pa.Table]]:
    """Yield (partition folder parts, rows without partition columns)."""
    if table not in PARTITIONED:
        yield (), data
        return
    years = data.column("published_year").fill_null(0)
    months = data.column("published_month").fill_null(0)
    keys = sorted(set(zip(years.to_pylist(), months.to_pylist())))
    body = data.drop_columns(list(PARTITION_COLUMNS))
    for year, month in keys:
        mask = pc.and_(pc.equal(years, year), pc.equal(months, month))
        yield (f"published_year={year}", f"published_month={month}"), body.filter(mask)


def rows_to_table(rows: list[dict], table: str) -> pa.Table:
    """Python rows -> an Arrow table in the contract's schema."""
    contract = CONTRACTS[table]
    if not rows:
        return contract.schema.empty_table()
    return pa.Table.from_pylist(
        [{name: row.get(name) for name in contract.column_names} for row in rows], schema=contract.schema
    )
