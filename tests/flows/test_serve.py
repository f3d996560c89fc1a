"""The schedule: the deployment `newsevents serve` runs and the one `prefect.yaml` declares."""

from __future__ import annotations

import importlib

import yaml

from tests.conftest import PROJECT_ROOT


def test_prefect_yaml_names_the_build_flow_and_a_cron_schedule() -> None:
    config = yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text())
    (deployment,) = config["deployments"]
    module_path, _, flow_name = deployment["entrypoint"].partition(":")
    module = importlib.import_module(module_path.removesuffix(".py").replace("/", "."))
    from flows.build import build

    assert getattr(module, flow_name) is build
    assert deployment["schedules"][0]["cron"] == "*/15 * * * *"
    assert set(deployment["parameters"]) <= set(build.parameters.properties)


def test_serve_deployment_has_the_configured_schedule(monkeypatch, tmp_path) -> None:
    from flows.serve import deployment, schedule_cron

    assert schedule_cron() == "*/15 * * * *"
    monkeypatch.setenv("NEWSEVENTS_CRON", "0 * * * *")
    built = deployment(str(tmp_path / "inbox"), str(tmp_path / "wh"))
    assert built.name == "newsevents-inbox"
    assert built.schedules[0].schedule.cron == "0 * * * *"
    assert built.parameters["inputs"] == [str(tmp_path / "inbox")]


def test_serve_once_processes_only_new_articles(tmp_path, prefect_harness) -> None:
    from flows.serve import serve

    inbox, warehouse = tmp_path / "inbox", tmp_path / "wh"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Japan protested to China over the ban on seafood imports.")
    serve(inbox=str(inbox), warehouse=str(warehouse), once=True)
    (inbox / "b.txt").write_text("Russia accused Ukraine of shelling the plant.")
    serve(inbox=str(inbox), warehouse=str(warehouse), once=True)
    import duckdb

    with duckdb.connect(str(warehouse / "newsevents.duckdb"), read_only=True) as con:
        assert con.execute("select n_new from runs order by started_at").fetchall() == [(1,), (1,)]
