"""The SQLite file's schema: a schema-1 file (campaignflow 0.1) is upgraded on open, a newer one refused.

``tests/data/store/schema1.db`` was written by campaignflow at commit 1a922db (schema 1), with
the history of ``tests.test_store.busy`` on the engine test plan.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from campaignflow import load_plan
from campaignflow.engine import Campaign
from campaignflow.errors import StoreError
from campaignflow.store import SCHEMA_VERSION, sqlite_schema
from campaignflow.verify import repair, verify
from tests.conftest import DATA
from tests.test_store import MAR, PLAN, busy

FIXTURE = DATA / "store" / "schema1.db"


@pytest.fixture
def old(tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    return path


def _version(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    finally:
        con.close()


def test_a_schema_1_file_is_upgraded_on_open_and_keeps_everything(old: Path) -> None:
    assert _version(old) == 1
    expected = Campaign(load_plan(PLAN))
    busy(expected)
    with Campaign.open(old) as c:
        assert _version(old) == SCHEMA_VERSION == 2
        assert c.plan.id == "engine-zhengainian"
        assert c.snapshot() == expected.snapshot()
        assert [e.as_dict() for e in c.events()] == [e.as_dict() for e in expected.events()]
        assert verify(c) == (2, 0, [])  # no state stored yet: units are rebuilt from their events
    with Campaign.open(old) as c:
        assert c.submit("办公室", "self_analysis", at=MAR).seq == 13  # numbering goes on
        assert verify(c) == (2, 1, [])
        assert repair(c) == (1, [])  # the unit not written since gets its state from its events
        assert verify(c) == (2, 2, [])
    con = sqlite3.connect(old)
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert tables == {"campaignflow_meta", "campaigns", "units", "events"}


def test_an_upgraded_file_takes_a_second_campaign(old: Path) -> None:
    other = load_plan(DATA / "engine" / "two-phases.yaml")
    with pytest.raises(StoreError, match="tracks plan 'engine-zhengainian', not 'engine-two-phases'"):
        Campaign(other, store=old)  # one campaign there: another plan needs an id of its own
    with Campaign(other, store=old, campaign="two", authority="record") as c:
        c.enroll("办公室", kind=other.unit_kinds[0].name, at=other.phases[0].start)
        assert c.events()[0].seq == 1
    with pytest.raises(StoreError, match=r"several campaigns \(engine-zhengainian, two \(plan engine-two"):
        Campaign.open(old)
    with Campaign(other, store=old) as c:  # with several, the plan's id names the campaign: a third
        assert [e.kind for e in c.events()] == ["authority"]  # a new campaign: only its mode
    with Campaign.open(old, campaign="engine-zhengainian") as c:
        assert len(c.events()) == 12


def test_a_failed_upgrade_leaves_the_file_at_schema_1(old: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_schema, "_UPGRADE_1", sqlite_schema._UPGRADE_1 + ";SELECT * FROM nowhere")
    with pytest.raises(StoreError, match="cannot upgrade the database from schema 1"):
        Campaign.open(old)
    assert _version(old) == 1
    monkeypatch.undo()
    with Campaign.open(old) as c:
        assert len(c.events()) == 12


def test_a_newer_schema_is_refused(old: Path) -> None:
    con = sqlite3.connect(old)
    con.execute("PRAGMA user_version = 7")
    con.close()
    with pytest.raises(StoreError, match=r"newer campaignflow \(schema 7; this version reads up to 2\)"):
        Campaign.open(old)
