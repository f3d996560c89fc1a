"""Warehouse locations: paths and file:// URIs are local; other fsspec URIs are remote (tests/test_remote.py)."""

from __future__ import annotations

import pytest

from newsevents.storage import Warehouse, local_path


def test_file_uri_is_the_same_warehouse_as_the_path(tmp_path) -> None:
    assert Warehouse(f"file://{tmp_path}").root == Warehouse(tmp_path).root
    assert local_path(f"file://{tmp_path}/wh") == tmp_path / "wh"


def test_remote_schemes_go_through_a_mirror_not_the_local_warehouse(tmp_path) -> None:
    """A remote URI is never opened as a local folder; its filesystem must be installed (s3fs for s3://)."""
    from newsevents.remote import RemoteWarehouse

    with pytest.raises(ValueError, match="unsupported warehouse URI scheme 's3'"):
        Warehouse("s3://bucket/prefix")
    with pytest.raises(ValueError, match="cannot open warehouse s3://bucket/prefix: Install s3fs"):
        RemoteWarehouse("s3://bucket/prefix")
