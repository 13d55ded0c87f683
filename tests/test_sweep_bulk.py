"""The sweep's bulk recording (one append per chunk of units) against one engine command per event.

Both paths run the same random histories (tests/test_escalation_properties.py's operations on
ladder.yaml) on memory, SQLite and PostgreSQL stores, with authority unchecked, recorded and
enforced: they must report the same escalations, record the same events (numbers included) and
leave the same state, which a replay of the history reproduces. A batch that fails records nothing.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignflow.authority import Mode
from campaignflow.engine import Campaign
from campaignflow.errors import CampaignflowError, ConcurrentUpdate
from campaignflow.escalation import sweeper
from campaignflow.history import Event
from campaignflow.logbatch import NO_FILL
from tests.stores import postgres_url
from tests.test_escalation_properties import PLAN, SETTINGS, START, UNITS, Op, act, ops

__all__ = ["postgres_url"]  # the fixture, for pytest

D = datetime.date
MORE = tuple(f"第{i}科室" for i in range(5))  # units with nothing done, late alike: the bulk of a day


def build(store: Any, authority: Mode | None) -> Campaign:
    c = Campaign(PLAN, store=store, authority=authority)
    c.enroll_many(
        [(UNITS[0], "科室"), (UNITS[1], "社区"), *((u, "科室") for u in MORE)], at=START, by="管理员"
    )
    return c


def run(
    c: Campaign, history: list[Op], bulk: bool, monkeypatch: pytest.MonkeyPatch
) -> list[list[dict[str, Any]]]:
    """Play ``history`` on ``c``, its sweeps recording in bulk or not; what each sweep reported."""
    monkeypatch.setattr(sweeper, "_BULK", bulk)
    monkeypatch.setattr(sweeper, "_PROGRESS_EVERY", 3)  # several chunks, units of one chunk together
    day, found = START, []
    for op in history:
        day += datetime.timedelta(days=op.days)
        if op.act == "sweep":
            found.append([e.as_dict() for e in c.sweep(datetime.datetime.combine(day, datetime.time(18)))])
        else:
            act(c, op, day)
    found.append([e.as_dict() for e in c.sweep(day + datetime.timedelta(days=30))])
    return found


def facts(c: Campaign) -> tuple[list[Event], list[Any]]:
    return c.events(), [r.state() for r in c.records()]


def compare(make: Callable[[], Campaign], history: list[Op], monkeypatch: pytest.MonkeyPatch) -> None:
    one, many = make(), make()
    try:
        assert run(many, history, True, monkeypatch) == run(one, history, False, monkeypatch)
        assert facts(many) == facts(one)
        replayed = Campaign.replay(PLAN, many.events())
        assert [r.state() for r in replayed.records()] == facts(many)[1]
    finally:
        one.close()
        many.close()


@SETTINGS
@given(history=ops, authority=st.sampled_from([None, "record"]))
def test_bulk_sweeps_record_what_one_command_each_records_in_memory(
    history: list[Op], authority: Mode | None
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        compare(lambda: build(None, authority), history, monkeypatch)


@settings(SETTINGS, max_examples=20)
@given(history=ops)
def test_bulk_sweeps_record_what_one_command_each_records_on_sqlite(history: list[Op]) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as monkeypatch:
        paths = iter(Path(folder) / f"{i}.db" for i in range(2))
        compare(lambda: build(next(paths), "record"), history, monkeypatch)


def test_bulk_sweeps_record_what_one_command_each_records_on_postgres(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = [Op(20, "sweep", 0), Op(2, "submit", 0, ("report",)), Op(5, "sweep", 1), Op(30, "sweep", 0)]
    c = build(postgres_url, "record")
    try:
        swept = run(c, history, True, monkeypatch)
        mine = facts(c)
    finally:
        c.close()
    with Campaign.open(postgres_url) as reopened:
        assert facts(reopened) == mine
    with tempfile.TemporaryDirectory() as folder:
        other = build(Path(folder) / "one.db", "record")
        try:
            assert run(other, history, False, monkeypatch) == swept
            assert [(e.unit, e.kind, e.at, e.by, e.payload) for e in other.events()] == [
                (e.unit, e.kind, e.at, e.by, e.payload) for e in mine[0]
            ]
        finally:
            other.close()


@pytest.fixture(params=["memory", "sqlite"])
def campaign(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Campaign]:
    c = build(None if request.param == "memory" else tmp_path / "t.db", "record")
    yield c
    c.close()


def test_a_failed_batch_records_nothing(campaign: Campaign) -> None:
    before = facts(campaign)
    late = {"rule": "report_late", "step": 0, "occurrence": 1, "cause": "2024-03-15", "reason": "逾期"}
    entries = [(u, "escalated", late, NO_FILL) for u in MORE]
    with pytest.raises(CampaignflowError, match="control character"):
        campaign.log_many([*entries, (UNITS[0], "escalated", late, {"note": "a\nb"})], at=D(2024, 3, 20))
    with pytest.raises(CampaignflowError, match="not JSON data"):
        campaign.log_many(
            [*entries, (UNITS[0], "escalated", late, {"day": D(2024, 3, 20)})], at=D(2024, 3, 20)
        )
    with pytest.raises(CampaignflowError, match="a mapping of JSON data"):
        campaign.log_many([*entries, (UNITS[0], "escalated", late, ["a"])], at=D(2024, 3, 20))  # type: ignore[list-item]
    with pytest.raises(CampaignflowError, match="records only"):
        campaign.log_many([*entries, (UNITS[0], "advanced", late, NO_FILL)], at=D(2024, 3, 20))
    assert facts(campaign) == before


def test_a_failed_store_append_records_nothing_and_the_sweep_can_run_again(
    campaign: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = facts(campaign)
    append = campaign.store.append
    calls = 0

    def failing(*args: Any, **kwargs: Any) -> list[Event]:
        nonlocal calls
        calls += 1
        if calls == 2:  # the second chunk's batch
            raise OSError("disk full")
        return append(*args, **kwargs)

    monkeypatch.setattr(sweeper, "_PROGRESS_EVERY", 3)
    monkeypatch.setattr(campaign.store, "append", failing)
    with pytest.raises(OSError, match="disk full"):
        campaign.sweep(D(2024, 3, 20))
    monkeypatch.undo()
    events = campaign.events()
    assert len(events) - len(before[0]) == 2 * 3  # the first chunk's three units: two events each
    assert events[: len(before[0])] == before[0]
    swept = campaign.sweep(D(2024, 3, 20))
    assert sum(e.status == "new" for e in swept) == len(MORE) + 2 - 3
    replayed = Campaign.replay(PLAN, campaign.events())
    assert [r.state() for r in replayed.records()] == facts(campaign)[1]


def test_a_chunk_another_writer_changed_is_judged_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.db"
    build(path, "record").close()
    monkeypatch.setattr(sweeper, "_PROGRESS_EVERY", 3)
    with Campaign.open(path) as c, Campaign.open(path) as other:
        c.records()  # read before the other writer hands in

        def progress(done: int, total: int) -> None:
            if done == 3:  # between the first and the second chunk: a unit of the second hands in
                other.submit(MORE[1], "report", at=D(2024, 3, 19))

        found = c.sweep(D(2024, 3, 20), progress=progress)
        late = {e.unit for e in found if e.rule == "report_late"}
        assert MORE[1] not in late and len(late) == len(MORE) + 2 - 1
        assert [r.state() for r in Campaign.replay(PLAN, c.events()).records()] == facts(c)[1]


def test_log_many_admits_as_log_does(tmp_path: Path) -> None:
    with Campaign(PLAN, store=tmp_path / "t.db") as c:  # enforce: a new tracking file's default
        c.grant("管理员", role="督导组", at=START)
        c.enroll_many([(u, "科室") for u in MORE], at=START, by="管理员")
        c.record_score(MORE[0], "exam", 90, at=D(2024, 3, 10), by="管理员")
        late = {"rule": "report_late", "step": 0, "occurrence": 1, "cause": "2024-03-15", "reason": "逾期"}
        with pytest.raises(CampaignflowError, match="before that"):
            c.log_many([(u, "escalated", late, NO_FILL) for u in MORE], at=D(2024, 3, 5))
        assert [e.kind for e in c.history(MORE[1])] == ["enrolled"]
        made = c.log_many([(u, "escalated", late, {"addressee": u}) for u in MORE], at=D(2024, 3, 20))
        assert [e.payload["addressee"] for e in made] == list(MORE)
        assert [e.seq for e in made] == list(range(made[0].seq, made[0].seq + len(MORE)))
    with Campaign.open(tmp_path / "t.db") as c:
        assert [c.history(u)[-1].payload for u in MORE] == [{**late, "addressee": u} for u in MORE]


def test_a_concurrent_update_is_not_swallowed_forever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Campaign(PLAN, store=tmp_path / "t.db", authority="record") as c:
        c.enroll_many([(u, "科室") for u in MORE], at=START)

        def stale(*args: Any, **kwargs: Any) -> list[Event]:
            raise ConcurrentUpdate(MORE[0], 1, 2)

        monkeypatch.setattr(c, "log_many", stale)
        with pytest.raises(ConcurrentUpdate):
            c.sweep(D(2024, 3, 20))


@pytest.mark.parametrize("bulk", [True, False])
def test_a_rule_counting_another_sees_what_the_same_sweep_logged(
    bulk: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sweeper, "_BULK", bulk)
    c = build(None, None)
    c.sweep(D(2024, 3, 20))  # report_late, first time
    for unit in MORE:
        c.set_deadline(unit, "report", due=D(2024, 3, 22), at=D(2024, 3, 21))
    found = c.sweep(D(2024, 3, 28))  # late for the new date too: the second time, a repeat
    repeats = [e for e in found if e.rule == "repeat_late"]
    assert [(e.unit, e.status) for e in repeats] == [(u, "new") for u in MORE]
    assert all(
        [(e.payload["rule"], e.payload["occurrence"]) for e in c.history(u)[-3:]]
        == [("report_again", 2), ("report_late", 2), ("repeat_late", 1)]
        for u in MORE
    )
