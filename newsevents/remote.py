"""Warehouses on any fsspec filesystem (``s3://bucket/prefix``, ``gs://…``, ``memory://…``).

Object stores have no rename and no lock, the two things the local commit protocol relies on.
So a remote warehouse is worked on through a local *mirror*: a run pulls the remote manifest and
the files it lists that the mirror lacks, builds and commits locally exactly as for a local
warehouse (staging, validation, lock, atomic manifest swap), then publishes: every new file is
uploaded first and the manifest last. Data files are immutable (``part-<run_id>-N.parquet``), so
a reader of the remote sees either the previous manifest and its files or the new ones, never a
half-written run. Before publishing, the remote manifest is compared with the one pulled; if
another writer committed in between, nothing is published and the run says so (the next run
pulls the newer state and redoes the work).

Plain paths and ``file://`` URIs stay local warehouses (see ``newsevents.storage``). Filesystems
come from fsspec (installed with Prefect); ``s3://`` needs ``s3fs`` installed beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from newsevents.storage import LOCK, MANIFEST, STAGING, Warehouse, write_json_atomic

#: files the upload loop skips: the lock and the DuckDB catalog stay local (the catalog's views hold
#: the mirror's absolute paths); the manifest is written separately, last (``_staging/`` is skipped too)
LOCAL_ONLY = {LOCK, "newsevents.duckdb", MANIFEST}


class RemoteChanged(RuntimeError):
    """Another writer committed to the remote warehouse while this run was working."""


def is_remote(location: str | os.PathLike[str]) -> bool:
    scheme = urlparse(os.fspath(location)).scheme
    return len(scheme) > 1 and scheme != "file"


def mirror_root(uri: str) -> Path:
    """Where the local mirror of ``uri`` lives (``NEWSEVENTS_MIRROR_DIR``, else the user cache)."""
    base = os.environ.get("NEWSEVENTS_MIRROR_DIR") or str(Path.home() / ".cache" / "newsevents" / "mirrors")
    return Path(base) / hashlib.sha256(uri.rstrip("/").encode()).hexdigest()[:16]


@dataclass
class RemoteWarehouse:
    """A warehouse URI, its filesystem, and the manifest bytes seen at the last pull."""

    uri: str
    pulled_manifest: bytes | None = None

    def __post_init__(self) -> None:
        from fsspec.core import url_to_fs

        try:
            self.fs, self.root = url_to_fs(self.uri.rstrip("/"))
        except ImportError as error:  # e.g. s3:// without s3fs
            raise ValueError(f"cannot open warehouse {self.uri}: {error}") from None
        self.mirror = Warehouse(mirror_root(self.uri))

    def _remote(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def _read_manifest(self) -> bytes | None:
        path = self._remote(MANIFEST)
        return self.fs.cat_file(path) if self.fs.exists(path) else None

    # -- pull ----------------------------------------------------------------------------------
    def pull(self) -> int:
        """Make the mirror equal to the remote's committed state; returns files downloaded."""
        root = self.mirror.root
        root.mkdir(parents=True, exist_ok=True)
        raw = self._read_manifest()
        self.pulled_manifest = raw
        listed = json.loads(raw) if raw else {"files": {}, "runs": []}
        downloaded = 0
        for rels in listed.get("files", {}).values():
            for rel in rels:
                target = root / rel
                if target.exists() and target.stat().st_size == self.fs.size(self._remote(rel)):
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_suffix(target.suffix + ".part")
                self.fs.get_file(self._remote(rel), str(partial))
                os.replace(partial, target)
                downloaded += 1
        write_json_atomic(self.mirror.manifest_path, listed)
        self.mirror.recover()  # files the remote no longer lists leave the mirror
        return downloaded

    # -- publish -------------------------------------------------------------------------------
    def _local_files(self) -> list[str]:
        root = self.mirror.root
        out = []
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and rel.parts[0] != STAGING and str(rel) not in LOCAL_ONLY and path.suffix != ".part":
                out.append(rel.as_posix())
        return out

    def publish(self) -> int:
        """Upload what the remote lacks, then the manifest; then drop remote files it no longer lists."""
        if self._read_manifest() != self.pulled_manifest:
            raise RemoteChanged(
                f"{self.uri} changed since this run pulled it (another writer committed); nothing was "
                "published: run again to build on the newer state"
            )
        root = self.mirror.root
        uploaded = 0
        for rel in self._local_files():
            remote = self._remote(rel)
            if self.fs.exists(remote) and self.fs.size(remote) == (root / rel).stat().st_size:
                continue
            self.fs.makedirs(self.fs._parent(remote), exist_ok=True)
            self.fs.put_file(str(root / rel), remote)
            uploaded += 1
        manifest = self.mirror.manifest_path.read_bytes()
        self.fs.pipe_file(self._remote(MANIFEST), manifest)  # the commit point, written last
        self.pulled_manifest = manifest
        listed = {rel for rels in json.loads(manifest).get("files", {}).values() for rel in rels}
        for table in json.loads(manifest).get("files", {}):
            folder = self._remote(table)
            if not self.fs.exists(folder):
                continue
            for path in self.fs.find(folder):
                rel = path[len(self.root) + 1:] if path.startswith(self.root) else path
                if rel.endswith(".parquet") and rel not in listed:
                    self.fs.rm_file(path)
        return uploaded


def readable_location(location: str) -> str:
    """A local warehouse folder to read ``location`` from: itself, or a refreshed mirror of a remote.

    The mirror is refreshed only when no run holds it (a run's own pull and commit are
    consistent states anyway); the catalog is rebuilt over what was pulled.
    """
    if not is_remote(location):
        return location
    from newsevents.catalog import build_catalog
    from newsevents.storage import WarehouseBusy

    remote = RemoteWarehouse(location)
    try:
        with remote.mirror.lock():
            remote.pull()
            build_catalog(remote.mirror)
    except WarehouseBusy:
        pass
    return str(remote.mirror.root)
