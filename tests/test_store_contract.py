"""One contract for every store: memory, a SQLite file and PostgreSQL behave the same through Campaign.

Each test takes ``backend``: ``memory`` (one MemoryStore object shared by the campaigns of a test),
``sqlite`` (a file) or ``postgres`` (a fresh schema on the server named by
CAMPAIGNFLOW_TEST_POSTGRES; see tests/stores.py). The concurrency test runs several processes
writing to the same campaign at once; nothing acknowledged may be lost and the replay must equal
what every process sees at the end.
"""

from __future__ import annotations

import datetime
import multiprocessing
import random
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from campaignflow import load_plan
from campaignflow.engine import Campaign
from campaignflow.errors import ConcurrentUpdate, StoreError
from campaignflow.store import MemoryStore
from campaignflow.verify import repair, verify
from tests.stores import postgres_url, server
from tests.test_store import FEB, MAR, PLAN, busy

__all__ = ["postgres_url"]  # the fixture, for pytest

BACKENDS = ["memory", "sqlite", "postgres"]
DURABLE = ["sqlite", "postgres"]
OTHER = PLAN.parent / "two-phases.yaml"


class Backend:
    """Opens campaigns on one database of one kind, as different processes of an app would."""

    def __init__(self, kind: str, target: str | Path | None) -> None:
        self.kind, self.target = kind, target
        self.memory = MemoryStore() if kind == "memory" else None
        self.plan = load_plan(PLAN)

    def new(self, campaign: str | None = None) -> Campaign:
        """A new campaign that records acts without authority rather than refusing them: the stores,
        not the roster, are under test (its first event records that mode)."""
        return Campaign(self.plan, store=self.memory or self.target, campaign=campaign, authority="record")

    def open(self, campaign: str | None = None) -> Campaign:
        if self.memory is not None:
            return Campaign(self.plan, store=self.memory)
        assert self.target is not None
        return Campaign.open(self.target, campaign=campaign)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "postgres":
        yield Backend("postgres", request.getfixturevalue("postgres_url"))
    else:
        yield Backend(request.param, tmp_path / "track.db" if request.param == "sqlite" else None)


@pytest.fixture(params=DURABLE)
def durable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "postgres":
        yield Backend("postgres", request.getfixturevalue("postgres_url"))
    else:
        yield Backend("sqlite", tmp_path / "track.db")


def test_reopening_gives_the_same_state_and_history(backend: Backend) -> None:
    with backend.new() as live:
        busy(live)
        snapshot, events = live.snapshot(), live.events()
    with backend.open() as again:
        assert again.snapshot() == snapshot and again.events() == events
        assert Campaign.replay(backend.plan, events).snapshot() == snapshot
        assert again.phase_end("城建监察大队", "rectify") == datetime.date(2012, 11, 30)
        assert again.submit("办公室", "self_analysis", at=MAR).seq == len(events) + 1


def test_a_stale_writer_is_refused_and_succeeds_after_refresh(backend: Backend) -> None:
    first = backend.new()
    first.enroll("办公室", kind="科室站办", at=FEB)
    second = backend.open()
    assert second.phase_of("办公室") == "study"
    first.submit("办公室", "pledge", at=FEB, by="张三")
    with pytest.raises(ConcurrentUpdate) as stale:
        second.record_score("办公室", "closed_test", 80, at=FEB)
    assert (stale.value.unit, stale.value.expected, stale.value.found) == ("办公室", 1, 2)
    assert second.refresh() == 1  # only the new event is read
    second.record_score("办公室", "closed_test", 80, at=FEB)
    assert first.refresh() == 1 and first.snapshot() == second.snapshot()
    assert [e.seq for e in first.events()] == [1, 2, 3, 4]  # 1: the authority mode
    first.close()
    second.close()


def test_a_failed_batch_keeps_nothing_and_a_good_one_everything(backend: Backend) -> None:
    c = backend.new()
    c.enroll("办公室", kind="科室站办", at=FEB)
    with pytest.raises(RuntimeError), c.batch():
        c.submit("办公室", "pledge", at=FEB)
        c.enroll("党政办", kind="科室站办", at=FEB)
        raise RuntimeError("the app failed half way")
    assert "党政办" not in c and [e.kind for e in c.history("办公室")] == ["enrolled"]
    with c.batch():
        c.submit("办公室", "pledge", at=FEB)
        c.enroll("党政办", kind="科室站办", at=FEB)
    with backend.open() as again:
        assert [e.seq for e in again.events()] == [1, 2, 3, 4] and again.units() == ["办公室", "党政办"]
    c.close()


def test_bulk_enrolment_is_one_transaction(backend: Backend) -> None:
    first, second = backend.new(), backend.open()
    assert second.units() == []
    first.enroll("单位00500", kind="科室站办", at=FEB)
    with pytest.raises(ConcurrentUpdate, match="单位00500"):
        second.enroll_many(((f"单位{i:05d}", "科室站办") for i in range(2000)), at=FEB)
    second.refresh()
    made = second.enroll_many(((f"单位{i:05d}", "科室站办") for i in range(2000) if i != 500), at=FEB)
    assert [e.seq for e in made] == list(range(3, 2002))
    with backend.open() as again:
        assert len(again) == 2000 and again.record("单位01999").version == 1
    first.close()
    second.close()


def test_wait_returns_once_another_writer_commits(backend: Backend) -> None:
    watcher, clerk = backend.new(), backend.open()
    assert watcher.wait(0.05) == 0  # nothing new: it waits the time out and finds nothing
    clerk.enroll("办公室", kind="科室站办", at=FEB)
    assert watcher.wait(5.0) == 1 and watcher.units() == ["办公室"]
    watcher.close()
    clerk.close()


def test_two_campaigns_share_one_database(durable: Backend) -> None:
    assert durable.target is not None
    other = load_plan(OTHER)
    with durable.new() as main:
        main.enroll("办公室", kind="科室站办", at=FEB)
    with pytest.raises(StoreError, match="tracks plan 'engine-zhengainian', not 'engine-two-phases'"):
        Campaign(other, store=durable.target)
    with Campaign(other, store=durable.target, campaign="专项治理", authority="record") as side:
        side.enroll("办公室", kind=other.unit_kinds[0].name, at=other.phases[0].start)
        side.enroll("党政办", kind=other.unit_kinds[0].name, at=other.phases[0].start)
    with pytest.raises(
        StoreError, match=r"several campaigns \(engine-zhengainian, 专项治理 \(plan engine-two"
    ):
        Campaign.open(durable.target)
    with pytest.raises(StoreError, match="no campaign '作风年' here; it holds: engine-zhengainian, 专项治理"):
        Campaign.open(durable.target, campaign="作风年")
    with Campaign.open(durable.target, campaign="专项治理") as side:
        assert side.plan.id == "engine-two-phases" and [e.seq for e in side.events()] == [1, 2, 3]
    with Campaign.open(durable.target, campaign="engine-zhengainian") as main:
        assert main.units() == ["办公室"] and main.submit("办公室", "pledge", at=FEB).seq == 3
        assert verify(main).problems == []


def _damage(durable: Backend, sql: str) -> None:
    """Run ``sql`` on the database behind the engine's back, as a hand edit or a bug would."""
    if durable.kind == "sqlite":
        import sqlite3  # noqa: PLC0415

        con = sqlite3.connect(str(durable.target))
        con.execute(sql)
        con.commit()
        con.close()
        return
    import psycopg  # noqa: PLC0415

    with psycopg.connect(str(durable.target), autocommit=True) as db:
        db.execute(sql.replace("UPDATE units", "UPDATE campaignflow_units").encode())


def test_repair_rewrites_the_rows_the_events_give(durable: Backend) -> None:
    with durable.new() as live:
        busy(live)
        snapshot = live.snapshot()
    _damage(durable, "UPDATE units SET state = NULL WHERE name = '办公室'")  # an older file's row
    _damage(durable, "UPDATE units SET version = version + 5, kind = '局属单位' WHERE name = '城建监察大队'")
    with Campaign.open(durable.target) as damaged:
        assert len(verify(damaged).problems) == 1  # the row without a state is rebuilt when read
        assert repair(damaged) == (2, [])
    with Campaign.open(durable.target) as mended:
        assert verify(mended) == (2, 2, [])
        assert mended.snapshot() == snapshot
        assert repair(mended) == (0, [])  # nothing left to rewrite
        mended.submit("办公室", "self_analysis", at=MAR)  # the versions are the events' again


def test_repair_leaves_a_row_no_event_enrols_to_the_clerk(durable: Backend) -> None:
    with durable.new() as live:
        busy(live)
    _damage(durable, "UPDATE units SET name = '幽灵单位' WHERE name = '办公室'")
    with Campaign.open(durable.target) as damaged:
        rewritten, left = repair(damaged)
    assert rewritten == 0 and sorted(left) == [
        "办公室: enrolled by its events but has no stored row",
        "幽灵单位: has a stored row but no event enrols it",
    ]


def test_a_newer_postgres_schema_is_refused(postgres_url: str) -> None:
    import psycopg  # noqa: PLC0415

    Campaign(load_plan(PLAN), store=postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("UPDATE campaignflow_meta SET value = '9' WHERE key = 'schema'")
    with pytest.raises(StoreError, match=r"newer campaignflow \(schema 9; this version reads up to 2\)"):
        Campaign.open(postgres_url)


def test_a_wrong_postgres_url_is_a_clean_error_without_the_password() -> None:
    parts = urlsplit(server())
    user = parts.username or "postgres"
    netloc = f"{user}:geheim@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    url = urlunsplit((parts.scheme, netloc, "/campaignflow_no_such_db", parts.query, ""))
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as refused:
        Campaign.open(url)
    assert "geheim" not in str(refused.value) and f"{user}:***@" in str(refused.value)


def _writer(target: str, name: str, units: list[str], count: int, seed: int) -> list[int]:
    """One process: ``count`` findings on random units, retrying a stale write; returns the seqs it got."""
    rng = random.Random(seed)
    got: list[int] = []
    with Campaign.open(target) as campaign:
        for _ in range(count):
            unit = rng.choice(units)
            while True:
                try:
                    event = campaign.record_finding(unit, severity="轻微", note=name, at=MAR, by=name)
                    break
                except ConcurrentUpdate:
                    campaign.refresh()
            got.append(event.seq)
    return got


def test_several_processes_lose_no_update(durable: Backend) -> None:
    assert durable.target is not None
    units = [f"单位{i}" for i in range(5)]
    with durable.new() as c:
        c.enroll_many([(u, "科室站办") for u in units], at=FEB)
    writers, count = 4, 25
    context = multiprocessing.get_context("spawn")
    with context.Pool(writers) as pool:
        jobs = [
            pool.apply_async(_writer, (str(durable.target), f"写入者{i}", units, count, i))
            for i in range(writers)
        ]
        acknowledged = [job.get(timeout=300) for job in jobs]
    with Campaign.open(durable.target) as c:
        events = c.events()
        assert len(events) == 1 + len(units) + writers * count  # 1: the authority mode
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        by_seq = {e.seq: e.by for e in events}
        for i, seqs in enumerate(acknowledged):
            assert all(by_seq[seq] == f"写入者{i}" for seq in seqs)  # every acknowledged write is there
        assert Campaign.replay(c.plan, events).snapshot() == c.snapshot()
        assert sum(c.record(u).version for u in units) == len(events) - 1
        assert verify(c).problems == []


def test_the_library_does_not_import_psycopg() -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = "import campaignflow, campaignflow.cli, sys; print('psycopg' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
