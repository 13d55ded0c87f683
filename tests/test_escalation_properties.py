"""Properties of the sweep under random histories (hypothesis), on ``tests/data/escalation/ladder.yaml``.

* deterministic: the same history and day give the same result, whether the campaign swept before
  (its folded history kept between sweeps) or was rebuilt cold from its events;
* idempotent: a second sweep on the same day records nothing and reports only ``standing``;
* monotone: while an episode (unit, rule, occurrence, due) stands, a later day never lowers its step;
* cured causes are resolved, and the resolution is in the history;
* occurrences are counted per unit and rule;
* the board judges units that stand alike once: every row is the row of that unit judged alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaignflow import load_plan
from campaignflow.engine import Campaign
from campaignflow.errors import MoveNotAllowed
from campaignflow.escalation import Escalation, board, sweep
from campaignflow.plan import Plan
from tests.test_escalation import LADDER, by_rule, complete, walk

D = datetime.date
UNITS = ("办公室", "幸福社区")
START = D(2024, 3, 1)
PLAN: Plan = load_plan(LADDER)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Op:
    """One step of a random history: wait ``days``, then act on ``unit`` (or sweep)."""

    days: int
    act: str
    unit: int
    args: tuple[Any, ...] = ()


_acts = st.one_of(
    st.tuples(st.just("submit"), st.sampled_from(["report", "ledger", "analysis", "plan_doc"])),
    st.tuples(st.just("approve"), st.just("analysis")),
    st.tuples(st.just("reject"), st.sampled_from(["避重就轻", "格式不对"])),
    st.tuples(st.just("rework"), st.sampled_from(["避重就轻", "格式不对"])),
    st.tuples(st.just("score"), st.integers(0, 100)),
    st.tuples(st.just("grade"), st.just("落实不好")),
    st.tuples(
        st.just("vote"), st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9), st.integers(0, 9))
    ),
    st.tuples(st.just("finding"), st.sampled_from(["严重", "轻微"])),
    st.tuples(st.just("advance"), st.none()),
    st.tuples(st.just("complete"), st.none()),
    st.tuples(st.just("complete"), st.none()),
    st.tuples(st.just("complete"), st.none()),
    st.tuples(st.just("send_back"), st.sampled_from(["inspect", "study"])),
    st.tuples(st.just("deadline"), st.integers(1, 20)),
    st.tuples(st.just("sweep"), st.none()),
    st.tuples(st.just("sweep"), st.none()),
)
ops = st.lists(
    st.builds(
        lambda days, unit, act: Op(days, act[0], unit, (act[1],)),
        st.integers(0, 12),
        st.integers(0, 1),
        _acts,
    ),
    min_size=8,
    max_size=40,
)


def act(c: Campaign, op: Op, day: datetime.date, units: tuple[str, ...] = UNITS) -> None:
    """Do what ``op`` says on ``day`` (to one of ``units``); a move the engine refuses is simply not made."""
    unit, (arg,) = units[op.unit], op.args
    try:
        if op.act == "submit":
            c.submit(unit, arg, at=day)
        elif op.act == "approve":
            c.approve(unit, arg, at=day, by="督导组")
        elif op.act == "reject":
            c.reject(unit, "analysis", at=day, by="督导组", reason=arg)
        elif op.act == "rework":
            c.submit(unit, "analysis", at=day)
            c.reject(unit, "analysis", at=day, by="督导组", reason=arg)
        elif op.act == "score":
            c.record_score(unit, "exam", arg, at=day)
        elif op.act == "grade":
            c.record_grade(unit, "exam", arg, at=day)
        elif op.act == "vote":
            content, displeased, served, cadres = arg
            c.record_vote(unit, "review", {"满意": content, "不满意": displeased},
                          respondents={"服务对象": served, "干部": cadres}, at=day)  # fmt: skip
        elif op.act == "finding":
            c.record_finding(unit, severity=arg, at=day)
        elif op.act == "advance":
            c.advance(unit, at=day)
        elif op.act == "complete" and c.phase_of(unit) != "done":
            complete(c, unit, c.phase_of(unit), day)
            c.advance(unit, at=day)
        elif op.act == "send_back":
            c.send_back(unit, to=arg, at=day, reason="重新查找")
        elif op.act == "deadline":
            c.set_deadline(unit, "report", due=day + datetime.timedelta(days=arg - 10), at=day)
    except MoveNotAllowed:
        pass


def fresh() -> Campaign:
    c = Campaign(PLAN)
    c.enroll_many([(UNITS[0], "科室"), (UNITS[1], "社区")], at=START)
    return c


def episode(e: Escalation) -> tuple[str, str, int, datetime.date]:
    return (e.unit, e.rule, e.occurrence, e.due)


@settings(SETTINGS, max_examples=250)
@given(ops)
def test_sweeps_are_idempotent_monotone_and_deterministic(history: list[Op]) -> None:
    c = fresh()
    day = START
    steps: dict[tuple[str, str, int, datetime.date], int] = {}
    for op in history:
        day += datetime.timedelta(days=op.days)
        if op.act != "sweep":
            act(c, op, day)
            continue
        found = sweep(c, day)
        for entry in found:
            if entry.status == "resolved":
                resolved = [e for e in c.history(entry.unit) if e.kind == "resolved"]
                assert any(e.payload["rule"] == entry.rule for e in resolved)
                continue
            key = episode(entry)
            assert entry.step >= steps.get(key, -1), f"{key} fell from step {steps[key]} to {entry.step}"
            steps[key] = entry.step
        events = len(c.events())
        again = sweep(c, day)
        assert len(c.events()) == events, "a second sweep on the same day recorded something"
        assert all(e.status == "standing" for e in again)
        standing = [(episode(e), e.step) for e in found if e.status != "resolved"]
        # the same standing set, unless a measure applied in the first sweep changed what stands
        if not any(e.applied for e in found):
            assert sorted(standing) == sorted((episode(e), e.step) for e in again)
    later = day + datetime.timedelta(days=3)
    cold = Campaign.replay(PLAN, c.events())
    warm_result = [e.as_dict() for e in sweep(c, later)]
    assert warm_result == [e.as_dict() for e in sweep(cold, later)]
    assert [(e.unit, e.kind, e.payload) for e in c.events()] == [
        (e.unit, e.kind, e.payload) for e in cold.events()
    ]


@SETTINGS
@given(late=st.integers(1, 40), wait=st.integers(0, 10))
def test_a_cured_cause_is_resolved_and_recorded(late: int, wait: int) -> None:
    c = fresh()
    due = D(2024, 3, 15)
    day = due + datetime.timedelta(days=late)
    seen = by_rule(sweep(c, day), "report_late", UNITS[0])
    assert len(seen) == 1 and seen[0].status == "new" and seen[0].due == due
    assert PLAN.workcalendar.workdays_between(due, day) == int(seen[0].reason.split()[1])
    cured = day + datetime.timedelta(days=wait)
    c.submit(UNITS[0], "report", at=cured)
    (resolved,) = by_rule(sweep(c, cured), "report_late", UNITS[0])
    assert resolved.status == "resolved" and resolved.step >= seen[0].step
    (event,) = [e for e in c.history(UNITS[0]) if e.kind == "resolved" and e.payload["rule"] == "report_late"]
    assert (event.at.date(), event.payload["cause"], event.payload["reason"]) == (
        cured,
        "2024-03-15",
        "学习心得已到位",
    )
    assert by_rule(sweep(c, cured + datetime.timedelta(days=1)), "report_late", UNITS[0]) == []


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 100)), min_size=1, max_size=12))
def test_occurrences_count_per_unit_and_rule(scores: list[tuple[int, int]]) -> None:
    c = fresh()
    failed = [0, 0]
    day = START
    for unit, score in scores:
        day += datetime.timedelta(days=1)
        c.record_score(UNITS[unit], "exam", score, at=day)
        failed[unit] += score < 60
        for who in (0, 1):
            found = by_rule(sweep(c, day), "exam_failed", UNITS[who])
            if found and found[0].status != "resolved":
                (entry,) = found
                assert entry.occurrence == failed[who]
                assert entry.step == (1 if failed[who] >= 2 else 0)


@SETTINGS
@given(st.lists(st.integers(1, 15), min_size=1, max_size=4))
def test_repeated_counts_distinct_firings_of_the_rule(gaps: list[int]) -> None:
    """Each time the report is late again (after a redo), report_late fires once more; repeat_late counts."""
    c = fresh()
    unit = UNITS[0]
    walk(c, unit, "rectify")
    day = D(2024, 5, 6)
    for n, gap in enumerate(gaps, 1):
        c.send_back(unit, to="study", at=day, reason="学习走过场")
        found = sweep(c, day)
        assert one_status(found, "report_late", unit) == ("new", n)
        repeat = by_rule(found, "repeat_late", unit)
        assert [e.occurrence for e in repeat] == ([n - 1] if n >= 2 else [])
        day += datetime.timedelta(days=gap)
        c.submit(unit, "report", at=day)
        assert one_status(sweep(c, day), "report_late", unit) == ("resolved", n)
        walk(c, unit, "rectify") if c.phase_of(unit) != "rectify" else None


def one_status(found: list[Escalation], rule: str, unit: str) -> tuple[str, int]:
    (entry,) = by_rule(found, rule, unit)
    return entry.status, entry.occurrence


MANY = tuple(f"单位{i}" for i in range(6))


@SETTINGS
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 12), _acts), min_size=5, max_size=40),
    st.integers(0, 60),
)
def test_the_board_of_many_units_is_each_units_own_row(
    history: list[tuple[int, int, tuple[str, Any]]], later: int
) -> None:
    c = Campaign(PLAN)
    c.enroll_many([(unit, "科室" if i % 2 else "社区") for i, unit in enumerate(MANY)], at=START)
    day = START

    def same(when: datetime.date) -> None:  # boards kept between acts remember standings: still right
        alone = [board(c, when, records=[record]).rows[0] for record in c.records()]
        assert list(board(c, when).rows) == alone

    for unit, days, (name, arg) in history:
        day += datetime.timedelta(days=days)
        act(c, Op(days, name, unit, (arg,)), day, MANY) if name != "sweep" else same(day)
    same(day)
    same(day + datetime.timedelta(days=later))


def test_units_whose_status_alone_does_not_say_if_it_is_in_are_not_judged_alike() -> None:
    """An open and a closed 台账 item, a vote short of 服务对象 and one that is not: the same statuses,
    different lights."""
    c = Campaign(PLAN)
    c.enroll_many([(unit, "科室") for unit in MANY[:4]], at=START)
    for unit, close in ((MANY[0], False), (MANY[1], True)):
        walk(c, unit, "inspect")
        c.add_item(unit, "ledger", "会风不严", at=D(2024, 4, 8))
        if close:
            c.close_item(unit, "ledger", "会风不严", at=D(2024, 4, 9))
        c.submit(unit, "ledger", at=D(2024, 4, 10))
    for unit, served in ((MANY[2], 2), (MANY[3], 8)):
        walk(c, unit, "rectify")
        c.submit(unit, "plan_doc", at=D(2024, 5, 20))
        c.record_vote(unit, "review", {"满意": 10}, respondents={"服务对象": served, "干部": 4},
                      at=D(2024, 5, 20))  # fmt: skip
    for day, pair in ((D(2024, 4, 22), MANY[:2]), (D(2024, 6, 4), MANY[2:4])):
        rows = {row.unit: row for row in board(c, day).rows}
        first, second = (rows[unit] for unit in pair)
        assert (first.light, first.reason) != (second.light, second.reason)
        assert list(board(c, day).rows) == [board(c, day, records=[r]).rows[0] for r in c.records()]
