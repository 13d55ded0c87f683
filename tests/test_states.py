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
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from campaignflow import load_plan
from campaignflow.authority import flagged
from campaignflow.engine import Campaign
from campaignflow.errors import CampaignflowError, MoveNotAllowed, StoreError
from campaignflow.history import UnitRecord
from campaignflow.states import decode, encode
from campaignflow.verify import verify
from tests.conftest import DATA
from tests.stores import postgres_url
from tests.test_engine_stateful import LANG_DAYS, LANG_KINDS, LANG_UNITS, REPORT_DAYS, Replayable
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
        assert c.units() == ["办公室", "城建监察大队"]  # a whole-campaign question reads the states
        with pytest.raises(StoreError, match="an event row is damaged"):
            c.history("城建监察大队")  # and a unit's history only when asked
        with pytest.raises(StoreError, match="an event row is damaged"):
            c.events()


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


# ---- a campaign opened from its stored states answers as a full replay does ---------------------

SWEPT = load_plan(DATA / "states" / "sweep.yaml")


class FromStates(RuleBasedStateMachine):
    """Random histories of a durable campaign (SQLite or PostgreSQL): every command runs on a campaign
    opened afresh — after a whole-campaign question (its units read from their stored states, their
    events only when asked) or not — and on a full replay of the store's events; outcomes, recorded
    events, records in enrolment order, snapshot, board, sweeps and each unit's history must agree."""

    target: str = ""  # set per store by the tests below
    made = 0

    def __init__(self) -> None:
        super().__init__()
        FromStates.made += 1
        self.campaign = f"c{FromStates.made}"
        Campaign(SWEPT, store=self.target, campaign=self.campaign, authority="record").close()
        self.enrolled: list[str] = []

    def opened(self) -> Campaign:
        return Campaign.open(self.target, campaign=self.campaign)

    def both(self, data: st.DataObject, command: str, *args: object, **kwargs: object) -> None:
        """``command`` on a campaign opened afresh and on a replay; then, sometimes, a sweep on both."""
        steps = [(command, args, kwargs)]
        if command != "sweep" and data.draw(st.booleans(), label="then sweep"):
            steps.append(("sweep", (data.draw(LANG_DAYS),), {}))
        with self.opened() as fresh:
            if data.draw(st.booleans(), label="whole campaign first"):
                fresh.board(LANG_DAYS_LAST)  # every unit read from its stored state
            replayed = Campaign.replay(SWEPT, fresh.events())
            for name, positional, options in steps:
                outcomes = [_outcome(c, name, positional, options) for c in (fresh, replayed)]
                assert outcomes[0] == outcomes[1]
            assert fresh.events() == replayed.events()
            assert fresh.snapshot() == replayed.snapshot()
            self.enrolled = replayed.units()

    def unit(self, data: st.DataObject) -> str:
        enrolled = self.enrolled
        mostly = bool(enrolled) and data.draw(st.integers(0, 9)) > 0
        return data.draw(st.sampled_from(enrolled) if mostly else LANG_UNITS)

    @initialize(
        units=st.lists(st.tuples(LANG_UNITS, LANG_KINDS), min_size=1, max_size=3, unique_by=lambda u: u[0])
    )
    def start(self, units: list[tuple[str, str]]) -> None:
        with self.opened() as fresh:
            fresh.enroll_many(units, at=datetime.date(2013, 5, 20))
        self.enrolled = [name for name, _ in units]

    @rule(data=st.data(), day=LANG_DAYS, artifact=st.sampled_from(["unit_plan", "progress_report"]))
    def submit(self, data: st.DataObject, day: datetime.date, artifact: str) -> None:
        period = data.draw(st.sampled_from(REPORT_DAYS)) if artifact == "progress_report" else None
        self.both(data, "submit", self.unit(data), artifact, at=day, period=period)

    @rule(data=st.data(), day=LANG_DAYS, act=st.sampled_from(["submit", "approve", "reject"]))
    def review(self, data: st.DataObject, day: datetime.date, act: str) -> None:
        unit = self.unit(data)
        options: dict[str, object] = {}
        if act == "reject":
            options["reason"] = "措施不具体"
        if act == "approve":
            options["by"] = "市整治办"
        self.both(data, act, unit, "rectification_plan", at=day, **options)

    @rule(data=st.data(), day=LANG_DAYS, severity=st.sampled_from(["一般", "较严重"]),
          term=st.sampled_from([None, "5个工作日"]))  # fmt: skip
    def finding(self, data: st.DataObject, day: datetime.date, severity: str, term: str | None) -> None:
        self.both(data, "record_finding", self.unit(data), severity=severity, at=day, within=term)

    @rule(data=st.data(), day=LANG_DAYS, kind=LANG_KINDS)
    def designate(self, data: st.DataObject, day: datetime.date, kind: str) -> None:
        self.both(data, "designate", self.unit(data), kind=kind, at=day, reason="确定责任单位")

    @rule(data=st.data(), day=LANG_DAYS)
    def advance(self, data: st.DataObject, day: datetime.date) -> None:
        self.both(data, "advance", self.unit(data), at=day)

    @rule(data=st.data(), day=LANG_DAYS)
    def send_back(self, data: st.DataObject, day: datetime.date) -> None:
        self.both(data, "send_back", self.unit(data), to="rectify", at=day, reason="重新整改")

    @rule(data=st.data(), day=LANG_DAYS)
    def enroll(self, data: st.DataObject, day: datetime.date) -> None:
        self.both(data, "enroll", data.draw(LANG_UNITS), kind="参与单位", at=day)

    @rule(data=st.data(), day=LANG_DAYS, mode=st.sampled_from(["enforce", "record"]))
    def authority(self, data: st.DataObject, day: datetime.date, mode: str) -> None:
        self.both(data, "set_authority", mode, at=day)

    @rule(data=st.data(), day=LANG_DAYS)
    def sweep(self, data: st.DataObject, day: datetime.date) -> None:
        self.both(data, "sweep", day)

    @invariant()
    def opened_from_states_equals_replay(self) -> None:
        with self.opened() as fresh:
            replayed = Campaign.replay(SWEPT, fresh.events())
            assert [(r.name, r.state()) for r in fresh.records()] == [
                (r.name, r.state()) for r in replayed.records()
            ]
            assert len(fresh) == len(replayed) and fresh.snapshot() == replayed.snapshot()
            for day in (datetime.date(2013, 6, 12), LANG_DAYS_LAST):
                assert fresh.board(day).as_dict() == replayed.board(day).as_dict()
            for name in replayed.units():
                assert fresh.history(name) == replayed.history(name)
            assert fresh.flagged() == flagged(replayed.events())  # read by the payloads' keys
            assert verify(fresh).problems == []


def _outcome(campaign: Campaign, command: str, args: tuple[object, ...], kwargs: dict[str, object]) -> object:
    """What a command returned (escalations, as data) or why it was refused."""
    try:
        found = getattr(campaign, command)(*args, **kwargs)
    except MoveNotAllowed as refused:
        return f"refused: {refused.reason} {refused.missing}"
    except CampaignflowError as error:
        return f"error: {error}"
    return [e.as_dict() for e in found] if isinstance(found, list) else "ok"


LANG_DAYS_LAST = datetime.date(2013, 10, 10)
url = postgres_url  # the fixture, under the name the test asks for
STATE_SETTINGS = settings(
    max_examples=8, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def test_a_sqlite_campaign_opened_from_states_answers_as_a_replay(tmp_path: Path) -> None:
    FromStates.target = str(tmp_path / "t.db")
    run_state_machine_as_test(FromStates, settings=STATE_SETTINGS)


def test_a_postgres_campaign_opened_from_states_answers_as_a_replay(url: str) -> None:
    FromStates.target = url
    run_state_machine_as_test(FromStates, settings=STATE_SETTINGS)
