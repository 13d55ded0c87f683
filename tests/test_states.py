"""Per-unit stored states: what a command on one unit reads instead of the whole history.

The stored state of every unit must equal what replaying the events gives, after any history
(hypothesis drives the same commands as test_engine_stateful, with the SQLite side opened afresh
for each command as the command line does); a command on one unit must not read the others.
"""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import invariant

from campaignflow import load_plan
from campaignflow.engine import Campaign
from campaignflow.errors import CampaignflowError, MoveNotAllowed, StoreError
from campaignflow.history import UnitRecord
from campaignflow.states import decode, encode
from campaignflow.verify import verify
from tests.conftest import DATA
from tests.test_engine_stateful import Replayable
from tests.test_store import FEB, MAR, busy

PLAN = load_plan(DATA / "engine" / "zhengainian.yaml")


class OneUnitAtATime(Replayable):
    """Every SQLite command runs on a campaign opened just for it, which reads only that unit."""

    def both(self, command: str, *args: object, **kwargs: object) -> None:
        outcomes = []
        for opened in (contextlib.nullcontext(self.memory), Campaign.open(self.db)):
            with opened as campaign:
                try:
                    getattr(campaign, command)(*args, **kwargs)
                    outcomes.append("ok")
                except MoveNotAllowed as refused:
                    outcomes.append(f"refused: {refused.reason} {refused.missing}")
                except CampaignflowError as error:
                    outcomes.append(f"error: {error}")
        assert outcomes[0] == outcomes[1]
        self.sqlite.refresh()  # the long-lived campaign (used by batches) follows

    @invariant()
    def stored_states_equal_replay(self) -> None:
        live = self.memory.snapshot()
        with Campaign.open(self.db) as fresh:
            for name, state in live.items():
                assert fresh.record(name).state() == state
            found = verify(fresh)
        assert found.problems == [] and found.units == found.stored == len(live)


OneUnitAtATime.TestCase.settings = settings(
    max_examples=8, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestOneUnitAtATime = OneUnitAtATime.TestCase


def test_a_state_round_trips_through_its_text(tmp_path: Path) -> None:
    with Campaign(PLAN, store=tmp_path / "t.db", authority="record") as c:
        busy(c)
        for name in c.units():
            record = c.record(name)
            back = decode(name, record.kind, record.version, encode(record), record.events)
            assert back.state() == record.state() and back.events == record.events


def _damage_events_of(db: Path, unit: str) -> None:
    con = sqlite3.connect(db)
    con.execute("UPDATE events SET payload = '{not json' WHERE unit = ?", (unit,))
    con.commit()
    con.close()


def test_a_command_on_one_unit_reads_that_unit_only(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with Campaign(PLAN, store=db, authority="record") as c:
        busy(c)
    _damage_events_of(db, "城建监察大队")  # any read of that unit's history now fails
    with Campaign.open(db) as c:
        event = c.submit("办公室", "self_analysis", at=MAR, by="张三")
        assert event.seq == 14 and c.phase_of("办公室") == "inspect"
        with pytest.raises(StoreError, match="an event row is damaged"):
            c.record("城建监察大队")
        with pytest.raises(StoreError, match="an event row is damaged"):
            c.units()  # a whole-campaign question reads everything


def test_a_damaged_stored_state_is_a_store_error_and_verify_names_it(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with Campaign(PLAN, store=db, authority="record") as c:
        busy(c)
    con = sqlite3.connect(db)
    con.execute("UPDATE units SET state = '{\"phase\": 1}' WHERE name = '办公室'")
    con.execute("UPDATE units SET state = replace(state, 'study', 'rectify') WHERE name = '城建监察大队'")
    con.commit()
    con.close()
    with Campaign.open(db) as c, pytest.raises(StoreError, match="stored state of unit 办公室 is damaged"):
        c.record("办公室")
    with Campaign.open(db) as c:
        found = verify(c)
    assert found.units == 2 and len(found.problems) == 2
    assert "城建监察大队: the stored state differs from the replayed one" in found.problems[1]


def test_campaign_level_events_belong_to_no_unit(tmp_path: Path) -> None:
    """Events whose unit is "" (roster grants, …) are folded at open and kept out of the units."""
    db = tmp_path / "t.db"
    with Campaign(PLAN, store=db, authority="record") as c:
        c.enroll("办公室", kind="科室站办", at=FEB)
        grant: Any = ("", "resolved", c.record("办公室").entered, "局党委", {"note": "roster"})
        c.store.append([], [grant])
    with Campaign.open(db) as c:
        # the first records the campaign's authority mode
        assert c.units() == ["办公室"] and [e.unit for e in c.events()] == ["", "办公室", ""]
        assert verify(c).problems == []
    with Campaign.open(db) as c:
        assert c.submit("办公室", "pledge", at=FEB).seq == 4
    assert Campaign.replay(PLAN, Campaign.open(db).events()).units() == ["办公室"]


def test_a_unit_never_stored_is_rebuilt_from_its_events(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with Campaign(PLAN, store=db, authority="record") as c:
        busy(c)
        live = c.snapshot()
    con = sqlite3.connect(db)
    con.execute("UPDATE units SET state = NULL")
    con.commit()
    con.close()
    with Campaign.open(db) as c:
        assert {name: c.record(name).state() for name in live} == live
        assert verify(c) == (2, 0, [])
        c.record_finding("办公室", severity="轻微", at=MAR)  # writing stores the unit's state again
        assert verify(c).stored == 1


def test_records_are_plain_unit_records(tmp_path: Path) -> None:
    with Campaign(PLAN, store=tmp_path / "t.db", authority="record") as c:
        c.enroll("办公室", kind="科室站办", at=datetime.date(2012, 2, 6))
    with Campaign.open(tmp_path / "t.db") as c:
        assert isinstance(c.record("办公室"), UnitRecord) and "办公室" in c and "无此单位" not in c
