"""Warehouse locations may be given as file:// URIs (the shape of s3://bucket/prefix deployments)."""

from __future__ import annotations

import pytest

from newsevents.storage import Warehouse, local_path


def test_file_uri_is_the_same_warehouse_as_the_path(tmp_path) -> None:
    assert Warehouse(f"file://{tmp_path}").root == Warehouse(tmp_path).root
    assert local_path(f"file://{tmp_path}/wh") == tmp_path / "wh"


def test_remote_schemes_are_refused_with_a_clear_reason(tmp_path) -> None:
    with pytest.raises(ValueError, match="unsupported warehouse URI scheme 's3'"):
        Warehouse("s3://bucket/prefix")
