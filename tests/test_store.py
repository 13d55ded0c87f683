"""Stores: SQLite restores everything on reopening, loses no concurrent update, refuses foreign files."""

from __future__ import annotations

import datetime
import shutil
import sqlite3
from pathlib import Path

import pytest

from campaignflow import load_plan, parse_plan
from campaignflow.engine import Campaign
from campaignflow.errors import ConcurrentUpdate, MoveNotAllowed, StoreError
from campaignflow.history import Event
from campaignflow.plan import Plan
from campaignflow.store import SCHEMA_VERSION, MemoryStore, SqliteStore
from tests.conftest import DATA

PLAN = DATA / "engine" / "zhengainian.yaml"
FEB, MAR = datetime.date(2012, 2, 6), datetime.date(2012, 3, 5)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


def busy(c: Campaign) -> None:
    """A little of everything, so that reopening has something to restore."""
    c.enroll_many([("办公室", "科室站办"), ("城建监察大队", "局属单位")], at=FEB, by="办公室主任")
    c.submit("办公室", "pledge", at=FEB, by="张三", ref="承诺书.pdf")
    c.record_score("办公室", "closed_test", 58.5, at=FEB)
    c.advance("办公室", at=datetime.datetime(2012, 3, 1, 9, 15))
    c.submit("办公室", "self_analysis", at=MAR)
    c.reject("办公室", "self_analysis", at=MAR, by="督导组", reason="避重就轻")
    c.send_back("办公室", to="inspect", at=MAR, reason="重新查找", by="督导组")
    c.extend("城建监察大队", phase="rectify", by="2个月", at=MAR)
    c.set_deadline("城建监察大队", "unit_plan", due=datetime.date(2012, 3, 15), at=MAR, reason="限期整改")
    c.record_finding("城建监察大队", severity="较严重", note="空岗", at=MAR)
    c.log("城建监察大队", "escalated", at=MAR, rule="late", step=2, actions=["催办"])


def test_reopening_restores_state_and_history(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    with Campaign(plan, store=db, authority="record") as live:
        busy(live)
        snapshot, events = live.snapshot(), live.events()
    with Campaign.open(db) as reopened:
        assert reopened.snapshot() == snapshot
        assert reopened.events() == events
        assert (reopened.plan.id, reopened.plan.phases) == (plan.id, plan.phases)
        assert reopened.phase_end("城建监察大队", "rectify") == datetime.date(2012, 11, 30)
        assert reopened.history("办公室")[3].at.isoformat() == "2012-03-01T09:15:00+08:00"
        reopened.submit("办公室", "self_analysis", at=MAR)  # and it carries on
    with Campaign(plan, store=str(db)) as again:
        assert again.history("办公室")[-1].kind == "submitted" and len(again.events()) == len(events) + 1


def test_the_file_is_wal_versioned_and_names_its_plan(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    Campaign(plan, store=db, authority="record").close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    meta = dict(con.execute("SELECT key, value FROM campaignflow_meta"))
    assert meta == {"app": "campaignflow"}
    ((cid, plan_id, text),) = con.execute("SELECT id, plan_id, plan_text FROM campaigns")
    assert cid == plan_id == "engine-zhengainian" and text == PLAN.read_text(encoding="utf-8")
    con.close()


def test_two_writers_on_one_file_never_lose_an_update(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    first = Campaign(plan, store=db, authority="record")
    first.enroll("办公室", kind="科室站办", at=FEB)
    second = Campaign.open(db)
    assert second.phase_of("办公室") == "study"  # second reads the unit (a unit is read when first asked for)
    first.submit("办公室", "pledge", at=FEB, by="张三")
    with pytest.raises(ConcurrentUpdate) as stale:
        second.record_score("办公室", "closed_test", 80, at=FEB)
    assert (stale.value.unit, stale.value.expected, stale.value.found) == ("办公室", 1, 2)
    assert "changed by another writer" in str(stale.value)
    assert second.history("办公室")[-1].kind == "enrolled"  # the refused write changed nothing
    assert second.refresh() == 1
    second.record_score("办公室", "closed_test", 80, at=FEB)  # the retry succeeds
    first.enroll("规划站", kind="科室站办", at=FEB)
    with pytest.raises(MoveNotAllowed, match="already enrolled"):  # enrolling reads the name first
        second.enroll("规划站", kind="科室站办", at=FEB)
    second.enroll("质监站", kind="局属单位", at=FEB)  # other units are not blocked
    first.refresh()
    second.refresh()
    assert first.snapshot() == second.snapshot()
    # seq 1 records the campaign's authority mode
    assert [e.seq for e in first.events()] == [e.seq for e in second.events()] == list(range(1, 7))
    first.close()
    second.close()


def test_a_stale_advance_puts_the_unit_back(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    first = Campaign(plan, store=db, authority="record")
    first.enroll("办公室", kind="科室站办", at=FEB)
    first.submit("办公室", "pledge", at=FEB)
    first.record_score("办公室", "closed_test", 90, at=FEB)
    second = Campaign.open(db)
    assert second.phase_of("办公室") == "study"
    first.record_finding("办公室", severity="轻微", at=FEB)
    with pytest.raises(ConcurrentUpdate):
        second.advance("办公室", at=MAR)
    assert second.phase_of("办公室") == "study"
    second.refresh()
    second.advance("办公室", at=MAR)
    first.refresh()
    assert first.phase_of("办公室") == "inspect"


def test_enroll_many_writes_one_transaction(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    first = Campaign(plan, store=db, authority="record")
    second = Campaign.open(db)
    assert second.units() == []  # second has read the whole campaign before first enrols
    first.enroll("单位00500", kind="科室站办", at=FEB)
    with pytest.raises(ConcurrentUpdate, match="单位00500"):
        second.enroll_many(((f"单位{i:05d}", "科室站办") for i in range(1000)), at=FEB)
    assert Campaign.open(db).units() == ["单位00500"]
    second.refresh()
    events = second.enroll_many(((f"单位{i:05d}", "科室站办") for i in range(1000) if i != 500), at=FEB)
    assert len(events) == 999 and len(Campaign.open(db)) == 1000


def test_a_text_file_named_db_is_refused(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("会议记录：这不是数据库\n" * 50, encoding="utf-8")
    with pytest.raises(StoreError, match=r"notes\.db: not a campaignflow tracking database"):
        Campaign(plan, store=db, authority="record")
    with pytest.raises(StoreError, match="not a campaignflow tracking database"):
        Campaign.open(db)


def test_a_database_of_another_application_is_refused(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match=r"another application \(tables: contacts\)"):
        Campaign(plan, store=db, authority="record")
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE campaignflow_meta (key TEXT, value TEXT)")
    con.execute("PRAGMA user_version = 1")
    con.close()
    with pytest.raises(StoreError, match="meta table is foreign"):
        Campaign.open(db)


def test_a_newer_schema_and_a_missing_file_are_refused(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    Campaign(plan, store=db, authority="record").close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="written by a newer campaignflow"):
        Campaign.open(db)
    with pytest.raises(StoreError, match="no such tracking database"):
        Campaign.open(tmp_path / "missing.db")
    with pytest.raises(StoreError, match="cannot open"):
        Campaign(plan, store=tmp_path / "no" / "such" / "dir.db")


def test_a_file_tracks_one_plan(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    Campaign(plan, store=db, authority="record").close()
    with pytest.raises(StoreError, match="tracks plan 'engine-zhengainian', not 'engine-two-phases'"):
        Campaign(load_plan(DATA / "engine" / "two-phases.yaml"), store=db)


def test_a_revised_plan_file_replaces_the_stored_text(plan: Plan, tmp_path: Path) -> None:
    db, revised = tmp_path / "track.db", tmp_path / "plan.yaml"
    Campaign(plan, store=db, authority="record").close()
    revised.write_text(
        PLAN.read_text(encoding="utf-8").replace("title: 住建局", "title: 区住建局"), encoding="utf-8"
    )
    Campaign(load_plan(revised), store=db).close()
    with Campaign.open(db) as reopened:
        assert reopened.plan.title.startswith("区住建局")


def test_the_plan_text_is_kept_even_when_the_file_changes_later(tmp_path: Path) -> None:
    from_string = parse_plan(PLAN.read_text(encoding="utf-8"))
    Campaign(from_string, store=tmp_path / "track.db").close()
    assert Campaign.open(tmp_path / "track.db").plan.model_dump() == from_string.model_dump()
    moved = tmp_path / "plan.yaml"
    shutil.copy(PLAN, moved)
    loaded = load_plan(moved)
    moved.write_text("changed since", encoding="utf-8")
    Campaign(loaded, store=tmp_path / "other.db").close()  # the text was kept when it was loaded
    assert Campaign.open(tmp_path / "other.db").plan.text == PLAN.read_text(encoding="utf-8")


def test_a_plan_built_without_its_text_cannot_be_stored(tmp_path: Path) -> None:
    bare = load_plan(PLAN).model_copy()
    bare._text = ""
    Campaign(bare).close()  # in memory the text is not needed
    with pytest.raises(StoreError, match="YAML text is unknown"):
        Campaign(bare, store=tmp_path / "track.db")


def test_a_damaged_event_row_is_a_store_error(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    with Campaign(plan, store=db, authority="record") as c:
        c.enroll("办公室", kind="科室站办", at=FEB)
        c.submit("办公室", "pledge", at=FEB)
    con = sqlite3.connect(db)
    con.execute("UPDATE events SET payload = '{not json' WHERE seq = 2")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="an event row is damaged"), Campaign.open(db) as c:
        c.history("办公室")  # read when the unit is


def test_a_busy_database_is_a_store_error(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    c = Campaign(plan, store=db, authority="record")
    c._store._db.execute("PRAGMA busy_timeout = 0")  # type: ignore[attr-defined]
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreError, match=r"cannot write .*locked"):
        c.enroll("办公室", kind="科室站办", at=FEB)
    blocker.execute("ROLLBACK")
    c.enroll("办公室", kind="科室站办", at=FEB)
    assert c.units() == ["办公室"]


def test_memory_store_keeps_numbered_events_and_checks_versions() -> None:
    at = datetime.datetime(2012, 2, 1, tzinfo=datetime.UTC)
    store = MemoryStore()
    made = store.append([("办公室", 0)], [("办公室", "enrolled", at, "", {"kind": "科室站办"})])
    assert made == [Event("办公室", "enrolled", at, "", {"kind": "科室站办"}, 1)]
    with pytest.raises(ConcurrentUpdate):
        store.append([("办公室", 0)], [("办公室", "enrolled", at, "", {"kind": "科室站办"})])
    store.append([("办公室", 1)], [("办公室", "finding", at, "", {"severity": "轻微", "note": ""})])
    assert [e.seq for e in store.events()] == [1, 2] and [e.seq for e in store.events(1)] == [2]
    copy = MemoryStore(store.events())
    assert copy.append([("办公室", 2)], [("办公室", "finding", at, "", {})])[0].seq == 3
    with pytest.raises(StoreError, match="increasing seq"):
        MemoryStore(reversed(list(store.events())))


def test_campaigns_sharing_a_memory_store_lose_no_update(plan: Plan) -> None:
    store = MemoryStore()
    first, second = Campaign(plan, store=store), Campaign(plan, store=store)
    first.enroll("办公室", kind="科室站办", at=FEB)
    first.submit("办公室", "pledge", at=FEB, by="张三")  # the one writer so far: no per-unit check needed
    second.refresh()
    second.submit("办公室", "pledge", at=FEB, by="李四")
    with pytest.raises(ConcurrentUpdate) as stale:  # first has not seen second's submission
        first.submit("办公室", "pledge", at=FEB, by="张三", ref="第二稿")
    assert (stale.value.unit, stale.value.expected, stale.value.found) == ("办公室", 2, 3)
    assert first.history("办公室")[-1].by == "张三" and len(list(store.events())) == 3
    first.enroll("党政办", kind="科室站办", at=FEB)
    with pytest.raises(ConcurrentUpdate):  # second does not know first enrolled 党政办 meanwhile
        second.enroll("党政办", kind="科室站办", at=FEB)
    assert "党政办" not in second and first.refresh() == 1  # first catches up on second's submission
    first.submit("办公室", "pledge", at=FEB, by="张三", ref="第二稿")
    second.refresh()
    assert first.snapshot() == second.snapshot() == Campaign.replay(plan, store.events()).snapshot()
    assert [e.seq for e in store.events()] == [1, 2, 3, 4, 5]


def test_sqlite_store_alone_numbers_events_across_writers(tmp_path: Path) -> None:
    at = datetime.datetime(2012, 2, 1, 8, tzinfo=datetime.UTC)
    a, b = SqliteStore(tmp_path / "s.db"), SqliteStore(tmp_path / "s.db")
    a.append([("甲", 0)], [("甲", "enrolled", at, "", {"kind": "k"})])
    b.append([("乙", 0)], [("乙", "enrolled", at, "", {"kind": "k"})])
    assert [(e.unit, e.seq) for e in a.events()] == [("甲", 1), ("乙", 2)]
    assert next(iter(b.events(1))).at.isoformat() == "2012-02-01T16:00:00+08:00"
    with pytest.raises(StoreError, match="unknown unit kind 'k'"):
        Campaign(load_plan(PLAN), store=a).units()  # its history does not fit this plan
    a.close()
    b.close()


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_a_transaction_keeps_all_its_appends_or_none(kind: str, tmp_path: Path) -> None:
    at = datetime.datetime(2012, 2, 1, 8, tzinfo=datetime.UTC)
    store = MemoryStore() if kind == "memory" else SqliteStore(tmp_path / "t.db")
    with store.transaction():
        store.append([("甲", 0)], [("甲", "enrolled", at, "", {"kind": "k"})])
        with pytest.raises(ConcurrentUpdate):  # refused inside, caught there: the rest stands
            store.append([("甲", 0)], [("甲", "enrolled", at, "", {"kind": "k"})])
        store.append([("乙", 0)], [("乙", "enrolled", at, "", {"kind": "k"})])
    assert [(e.unit, e.seq) for e in store.events()] == [("甲", 1), ("乙", 2)]
    with pytest.raises(RuntimeError), store.transaction():
        store.append([("甲", 1)], [("甲", "finding", at, "", {"severity": "轻微"})])
        store.append([("丙", 0)], [("丙", "enrolled", at, "", {"kind": "k"})])
        raise RuntimeError("the app failed half way")
    assert [(e.unit, e.seq) for e in store.events()] == [("甲", 1), ("乙", 2)]
    made = store.append([("甲", 1), ("丙", 0)], [("丙", "enrolled", at, "", {"kind": "k"})])
    assert made[0].seq == 3  # numbering goes on from what was kept
    store.close()


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_a_failed_batch_leaves_the_campaign_as_its_store(kind: str, plan: Plan, tmp_path: Path) -> None:
    c = Campaign(plan, store=None if kind == "memory" else tmp_path / "b.db", authority="record")
    c.enroll("办公室", kind="科室站办", at=FEB)
    with pytest.raises(RuntimeError), c.batch():
        c.submit("办公室", "pledge", at=FEB)
        c.enroll("党政办", kind="科室站办", at=FEB)
        assert c.phase_of("党政办") == "study" and len(c.history("办公室")) == 2
        raise RuntimeError("the app failed half way")
    assert "党政办" not in c and [e.kind for e in c.history("办公室")] == ["enrolled"]
    with c.batch():
        c.submit("办公室", "pledge", at=FEB)
    assert c.snapshot() == Campaign.replay(plan, c.events()).snapshot()
    assert [e.seq for e in c.events()] == [1, 2, 3]  # 1: the campaign's authority mode
    c.close()


def test_a_sqlite_transaction_takes_the_write_lock_only_when_it_writes(tmp_path: Path) -> None:
    at = datetime.datetime(2012, 2, 1, 8, tzinfo=datetime.UTC)
    sweeper, clerk = SqliteStore(tmp_path / "t.db"), SqliteStore(tmp_path / "t.db")
    with sweeper.transaction():  # a batch that records nothing (a sweep on a quiet day) …
        assert list(sweeper.events()) == []
        clerk.append([("甲", 0)], [("甲", "enrolled", at, "", {"kind": "k"})])  # … lets others write
        sweeper.append([("乙", 0)], [("乙", "enrolled", at, "", {"kind": "k"})])  # its first write begins it
        assert [e.unit for e in clerk.events()] == ["甲"]  # not committed yet
    assert [(e.unit, e.seq) for e in clerk.events()] == [("甲", 1), ("乙", 2)]
    sweeper.close()
    clerk.close()
