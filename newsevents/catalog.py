"""The DuckDB catalog: one view per table over exactly the committed Parquet files.

Views name absolute file paths (a relative path in a DuckDB view resolves against the reader's
working directory, not the catalog file), so ``newsevents.duckdb`` opens from anywhere. The
catalog is rebuilt into a temp file and renamed over the old one, so readers never see half.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow as pa

from newsevents.resources import sql_dir
from newsevents.schemas import CONTRACTS
from newsevents.storage import PARTITIONED, Warehouse

CATALOG_FILE = "newsevents.duckdb"

_DUCKDB_TYPES: dict[str, str] = {
    "string": "VARCHAR", "int32": "INTEGER", "int64": "BIGINT", "int8": "TINYINT", "double": "DOUBLE",
    "date32[day]": "DATE", "timestamp[us, tz=UTC]": "TIMESTAMP WITH TIME ZONE", "bool": "BOOLEAN",
    "list<item: string>": "VARCHAR[]",
}


def duckdb_type(arrow_type: pa.DataType) -> str:
    return _DUCKDB_TYPES[str(arrow_type)]


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def base_view_sql(table: str, files: list[Path]) -> str:
    """``CREATE VIEW`` for one table: its committed files, or an empty typed relation."""
    contract = CONTRACTS[table]
    if not files:
        columns = ", ".join(
            f'CAST(NULL AS {duckdb_type(f.type)}) AS "{f.name}"' for f in contract.schema
        )
        return f"CREATE OR REPLACE VIEW {table} AS SELECT {columns} WHERE false"
    file_list = "[" + ", ".join(_quote(str(p)) for p in files) + "]"
    hive = "true" if table in PARTITIONED else "false"
    select = ", ".join(
        f'CAST("{f.name}" AS {duckdb_type(f.type)}) AS "{f.name}"' if f.name in ("published_year", "published_month") else f'"{f.name}"'
        for f in contract.schema
    )
    return (
        f"CREATE OR REPLACE VIEW {table} AS SELECT {select} FROM read_parquet({file_list}, "
        f"hive_partitioning = {hive}, union_by_name = true)"
    )


def analytic_view_files() -> list[Path]:
    folder = sql_dir() / "views"
    return sorted(folder.glob("*.sql")) if folder.exists() else []


def build_catalog(warehouse: Warehouse) -> Path:
    """(Re)create ``newsevents.duckdb`` from the manifest; returns its path."""
    target = warehouse.root / CATALOG_FILE
    tmp = warehouse.root / (CATALOG_FILE + ".tmp")
    for stale in (tmp, Path(str(tmp) + ".wal")):
        stale.unlink(missing_ok=True)
    with duckdb.connect(str(tmp)) as con:
        for table in CONTRACTS:
            con.execute(base_view_sql(table, warehouse.table_paths(table)))
        for path in analytic_view_files():
            con.execute(path.read_text(encoding="utf-8"))
        con.execute("CHECKPOINT")
    os.replace(tmp, target)
    return target


def connect_readonly(warehouse_dir: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a warehouse's catalog (write statements are refused by DuckDB)."""
    path = Warehouse(warehouse_dir).root / CATALOG_FILE
    if not path.exists():
        raise FileNotFoundError(f"no catalog at {path}: run `newsevents run --warehouse {warehouse_dir}` first")
    return duckdb.connect(str(path), read_only=True)
