"""The escalation sweep and board on a small plan that uses every trigger and automatic measure.

The plan is ``tests/data/escalation/ladder.yaml`` (2024: 清明 4-4..4-6 and 劳动节 5-1..5-5 off, 4-7, 4-28
and 5-11 worked). The helpers here (``walk``, ``complete``) are shared with the scenario and property
tests.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from campaignflow import load_plan
from campaignflow.engine import Campaign
from campaignflow.errors import CampaignflowError, MoveNotAllowed
from campaignflow.escalation import Board, Escalation, as_of_day, board, close, sweep
from campaignflow.escalation.episodes import Track
from campaignflow.escalation.sweeper import Sweep
from campaignflow.escalation.twins import Situation, Twins
from campaignflow.history import SHANGHAI, UnitRecord
from campaignflow.plan import Plan
from tests.conftest import DATA, ROOT

D = datetime.date
LADDER = DATA / "escalation" / "ladder.yaml"


# ---- helpers shared by the escalation tests ---------------------------------------------------------


def complete(c: Campaign, unit: str, phase_id: str, day: datetime.date) -> None:
    """Hand in everything ``unit`` owes in ``phase_id`` that gates advancing, on ``day``."""
    kind = c.record(unit).kind
    for spec in c.plan.phase(phase_id).artifacts:
        if not spec.required or spec.recurring or (spec.owed_by and kind not in spec.owed_by):
            continue
        if c.is_in(unit, spec.id):
            continue
        if spec.kind == "test":
            c.record_score(unit, spec.id, max(spec.pass_mark or 0, 100), at=day)
        elif spec.kind == "vote":
            options = (spec.vote.options if spec.vote else []) or ["满意"]
            groups = {group: 10 for group in (spec.vote.min_share if spec.vote else {})}
            c.record_vote(unit, spec.id, {options[0]: 10}, respondents=groups, at=day)
        else:
            c.submit(unit, spec.id, at=day)
            if spec.reviewer:
                c.approve(unit, spec.id, at=day, by=spec.reviewer)


def walk(c: Campaign, unit: str, phase_id: str) -> None:
    """Move ``unit`` into ``phase_id``: complete each phase before it, advance on the next one's first day."""
    ids = [p.id for p in c.plan.phases]
    while c.phase_of(unit) != phase_id:
        here = c.plan.phase(c.phase_of(unit))
        complete(c, unit, here.id, here.start)
        following = ids[ids.index(here.id) + 1] if here.id != ids[-1] else None
        c.advance(unit, at=c.plan.phase(following).start if following else here.end)


def by_rule(found: list[Escalation], rule: str, unit: str | None = None) -> list[Escalation]:
    return [e for e in found if e.rule == rule and (unit is None or e.unit == unit)]


def one(found: list[Escalation], rule: str, unit: str | None = None) -> Escalation:
    (entry,) = by_rule(found, rule, unit)
    return entry


# ---- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(LADDER)


@pytest.fixture
def c(plan: Plan) -> Campaign:
    campaign = Campaign(plan)
    campaign.enroll_many([("办公室", "科室"), ("幸福社区", "社区")], at=D(2024, 3, 1))
    return campaign


# ---- overdue ------------------------------------------------------------------------------------------


def test_overdue_starts_the_day_after_the_deadline_and_counts_working_days(c: Campaign) -> None:
    c.submit("幸福社区", "report", at=D(2024, 3, 14))
    assert by_rule(sweep(c, D(2024, 3, 15)), "report_late") == []  # due today: not late yet
    first = one(sweep(c, D(2024, 3, 18)), "report_late")  # Monday: 1 working day late
    assert first == Escalation(
        unit="办公室",
        rule="report_late",
        rule_name="学习心得逾期",
        step=0,
        actions=("提醒",),
        one_of=(),
        reason="学习心得逾期 1 个工作日",
        due=D(2024, 3, 15),
        addressee="办公室",
        status="new",
    )
    assert one(sweep(c, D(2024, 3, 19)), "report_late").status == "standing"
    climbed = one(sweep(c, D(2024, 3, 20)), "report_late")  # 3 working days: 催办
    assert (climbed.step, climbed.actions, climbed.status) == (1, ("催办",), "new")
    assert climbed.reason == "学习心得逾期 3 个工作日"


def test_working_days_skip_holidays_and_count_adjusted_weekends(c: Campaign) -> None:
    walk(c, "办公室", "inspect")
    c.submit("办公室", "ledger", at=D(2024, 4, 1))
    # 查摆阶段 ends 4-30; 2 working days of grace run to 5-7 (5-1..5-5 off), so the rule fires on 5-8
    assert by_rule(sweep(c, D(2024, 5, 7)), "inspect_late", "办公室") == []
    late = one(sweep(c, D(2024, 5, 8)), "inspect_late", "办公室")
    assert (late.reason, late.due, late.step) == ("查摆阶段逾期 3 个工作日未完成", D(2024, 4, 30), 0)
    # five working days after 5-7 are 5-8, 5-9, 5-10, 5-11 (a worked Saturday) and 5-13
    assert one(sweep(c, D(2024, 5, 12)), "inspect_late", "办公室").step == 0
    head = one(sweep(c, D(2024, 5, 13)), "inspect_late", "办公室")
    assert (head.step, head.actions, head.addressee) == (1, ("诫勉谈话",), "办公室科长")
    # who carries the measure out, as the plan names it
    assert (head.held_by, head.as_dict()["held_by"]) == ("区委", "区委")
    assert head.describe().endswith("→ 诫勉谈话（办公室科长），由区委实施")
    assert late.held_by == "" and "实施" not in late.describe()


def test_second_sweep_on_the_same_day_records_nothing_and_reports_standing(c: Campaign) -> None:
    first = sweep(c, D(2024, 3, 20))
    assert {e.status for e in first} == {"new"}
    events = len(c.events())
    again = sweep(c, D(2024, 3, 20))
    assert len(c.events()) == events
    assert [e.status for e in again] == ["standing"] * len(first)
    assert [(e.unit, e.rule, e.step) for e in again] == [(e.unit, e.rule, e.step) for e in first]


def test_submitting_resolves_and_the_resolution_is_recorded(c: Campaign) -> None:
    sweep(c, D(2024, 3, 20))
    c.submit("办公室", "report", at=D(2024, 3, 21))
    resolved = one(sweep(c, D(2024, 3, 21)), "report_late", "办公室")
    assert (resolved.status, resolved.reason, resolved.step) == ("resolved", "学习心得已到位", 1)
    last = c.history("办公室")[-1]
    assert last.kind == "resolved"
    assert last.payload["rule"] == "report_late" and last.payload["reason"] == "学习心得已到位"
    assert by_rule(sweep(c, D(2024, 3, 22)), "report_late", "办公室") == []


def test_a_later_day_never_lowers_the_step(c: Campaign) -> None:
    assert one(sweep(c, D(2024, 3, 25)), "report_late", "办公室").step == 1
    earlier = one(sweep(c, D(2024, 3, 18)), "report_late", "办公室")  # out of order: keeps its step
    assert (earlier.step, earlier.status) == (1, "standing")
    before = one(sweep(c, D(2024, 3, 1)), "report_late", "办公室")  # even before it was due
    assert (before.step, before.status, before.reason) == (1, "standing", "学习心得逾期 6 个工作日")


def test_a_second_occurrence_climbs_and_repeated_counts_it(c: Campaign) -> None:
    unit = "办公室"
    sweep(c, D(2024, 3, 18))
    c.submit(unit, "report", at=D(2024, 3, 19))
    complete(c, unit, "study", D(2024, 3, 19))
    resolved = sweep(c, D(2024, 3, 19))
    assert one(resolved, "report_late", unit).status == "resolved"
    assert by_rule(resolved, "report_again") == []  # observed only: its resolution is not reported either
    walk(c, unit, "rectify")
    c.send_back(unit, to="study", at=D(2024, 5, 6), reason="学习走过场")  # the report must be redone
    found = sweep(c, D(2024, 5, 6))
    again = one(found, "report_late", unit)
    assert (again.occurrence, again.step, again.actions) == (2, 2, ("通报批评",))
    assert again.reason == "学习心得逾期 33 个工作日"
    second = one(found, "report_again", unit)  # its first lateness was recorded though not reported
    assert (second.occurrence, second.step, second.actions, second.status) == (2, 0, ("约谈",), "new")
    observed = [e for e in c.history(unit) if e.kind == "escalated" and e.payload["rule"] == "report_again"]
    assert [(e.payload["step"], e.payload["occurrence"]) for e in observed] == [(-1, 1), (0, 2)]
    repeat = one(found, "repeat_late", unit)
    assert (repeat.status, repeat.one_of, repeat.reason) == (
        "new",
        ("约谈", "诫勉谈话"),
        "“学习心得逾期”已发生 2 次",
    )
    assert [e.rule for e in found if e.unit == unit].index("repeat_late") > [
        e.rule for e in found if e.unit == unit
    ].index("report_late")


# ---- event causes -------------------------------------------------------------------------------------


def test_score_below_the_pass_mark_counts_each_failure_and_a_pass_resolves(c: Campaign) -> None:
    c.record_score("办公室", "exam", 58, at=D(2024, 3, 8))
    failed = one(sweep(c, D(2024, 3, 8)), "exam_failed")
    assert (failed.reason, failed.actions, failed.due, failed.occurrence) == (
        "闭卷测试成绩 58 分，低于 60 分",
        ("通报批评",),
        D(2024, 3, 8),
        1,
    )
    c.record_score("办公室", "exam", 55.5, at=D(2024, 3, 12))
    twice = one(sweep(c, D(2024, 3, 12)), "exam_failed")
    assert (twice.status, twice.step, twice.occurrence) == ("new", 1, 2)
    assert twice.reason == "闭卷测试成绩 55.5 分，低于 60 分（第 2 次）"
    c.record_score("办公室", "exam", 75, at=D(2024, 3, 13))
    passed = one(sweep(c, D(2024, 3, 13)), "exam_failed")
    assert (passed.status, passed.reason) == ("resolved", "闭卷测试已重新记录成绩")


def test_a_grade_in_the_rule_escalates(c: Campaign) -> None:
    c.record_grade("幸福社区", "exam", "落实不好", at=D(2024, 3, 20))
    graded = one(sweep(c, D(2024, 3, 20)), "study_poor")
    assert (graded.unit, graded.reason, graded.actions) == (
        "幸福社区",
        "闭卷测试评为“落实不好”",
        ("通报批评",),
    )


def test_rejection_with_the_reason_sends_the_unit_back_once(c: Campaign) -> None:
    unit = "办公室"
    walk(c, unit, "inspect")
    c.submit(unit, "analysis", at=D(2024, 4, 8))
    c.reject(unit, "analysis", at=D(2024, 4, 9), by="督导组", reason="避重就轻，问题不具体")
    found = one(sweep(c, D(2024, 4, 9)), "superficial")
    assert found.actions == ("书面检查", "重做本阶段")
    assert found.applied == ("重做本阶段→inspect",)
    assert found.reason == "剖析材料被退回：避重就轻，问题不具体"
    moves = [e for e in c.history(unit) if e.kind == "sent_back"]
    assert len(moves) == 1 and moves[0].payload["to"] == "inspect" and moves[0].by == "自动督办"
    assert "避重就轻" in moves[0].payload["reason"]
    assert c.evidence(unit, "analysis") is None  # the redo clears what was handed in
    assert one(sweep(c, D(2024, 4, 10)), "superficial").status == "standing"
    assert len([e for e in c.history(unit) if e.kind == "sent_back"]) == 1
    c.submit(unit, "analysis", at=D(2024, 4, 11))
    assert one(sweep(c, D(2024, 4, 11)), "superficial").status == "resolved"


def test_a_rejection_for_another_reason_is_not_this_rule(c: Campaign) -> None:
    walk(c, "办公室", "inspect")
    c.submit("办公室", "analysis", at=D(2024, 4, 8))
    c.reject("办公室", "analysis", at=D(2024, 4, 9), by="督导组", reason="格式不对")
    assert by_rule(sweep(c, D(2024, 4, 9)), "superficial") == []


def test_an_automatic_deadline_cures_the_lateness_until_it_is_missed_too(c: Campaign) -> None:
    unit = "办公室"
    walk(c, unit, "inspect")
    found = by_rule(sweep(c, D(2024, 4, 16)), "ledger_late", unit)
    # 限期整改 within 5 working days of 4-16: 4-17, 4-18, 4-19, 4-22, 4-23
    assert [(e.status, e.applied) for e in found] == [("new", ("限期整改→2024-04-23",)), ("resolved", ())]
    assert found[1].reason == "问题台账期限调整为 2024-04-23"
    assert c.deadline_of(unit, "ledger") == D(2024, 4, 23)
    assert by_rule(sweep(c, D(2024, 4, 16)), "ledger_late", unit) == []  # idempotent after the fix point
    missed = one(sweep(c, D(2024, 4, 24)), "ledger_late", unit)
    assert (missed.occurrence, missed.step, missed.actions, missed.applied) == (2, 1, ("通报批评",), ())
    assert (missed.due, missed.reason) == (D(2024, 4, 23), "问题台账逾期 1 个工作日")


def test_a_ledger_with_an_open_item_is_overdue_until_the_item_is_closed(c: Campaign) -> None:
    unit = "幸福社区"
    walk(c, unit, "inspect")
    c.submit(unit, "ledger", at=D(2024, 4, 10))
    c.add_item(unit, "ledger", "空岗问题", at=D(2024, 4, 10))
    assert board(c, D(2024, 4, 16)).light(unit) == "red"
    late = by_rule(sweep(c, D(2024, 4, 16)), "ledger_late", unit)
    assert [(e.status, e.applied) for e in late] == [("new", ("限期整改→2024-04-23",)), ("resolved", ())]
    assert board(c, D(2024, 4, 23)).light(unit) == "yellow"  # the item is still open on its new last day
    c.close_item(unit, "ledger", "空岗问题", at=D(2024, 4, 22), by="督导组")  # 销号 before the new term
    assert by_rule(sweep(c, D(2024, 4, 24)), "ledger_late", unit) == []
    assert board(c, D(2024, 4, 24)).light(unit) == "green"


def test_vote_share_over_the_threshold_addresses_the_head(c: Campaign) -> None:
    for unit in ("办公室", "幸福社区"):
        walk(c, unit, "rectify")
        votes = {"满意": 5, "基本满意": 1, "不满意": 4}
        c.record_vote(unit, "review", votes, respondents={"服务对象": 6, "干部": 4}, at=D(2024, 5, 20))
    found = sweep(c, D(2024, 5, 20))
    hit = one(found, "dissatisfied")
    assert (hit.unit, hit.reason) == ("办公室", "“不满意”票占 40%，超过 30%")
    assert (hit.actions, hit.addressee) == (("诫勉谈话", "取消评先评优"), "办公室科长、办公室")
    c.record_vote(
        "办公室", "review", {"满意": 7, "不满意": 3}, respondents={"服务对象": 10}, at=D(2024, 5, 21)
    )
    assert one(sweep(c, D(2024, 5, 21)), "dissatisfied").status == "resolved"  # exactly 30% is not over


def test_a_vote_short_of_its_respondent_share_is_reported(c: Campaign) -> None:
    walk(c, "幸福社区", "rectify")
    c.record_vote(
        "幸福社区", "review", {"满意": 10}, respondents={"服务对象": 4, "干部": 6}, at=D(2024, 5, 20)
    )
    short = one(sweep(c, D(2024, 5, 20)), "review.min_share")
    assert short.rule_name == "群众评议评议人员构成不足"
    assert short.reason == "群众评议：服务对象占评议人员 40%（4/10），不足 50%"
    assert (short.actions, short.one_of, short.addressee) == ((), (), "幸福社区")
    c.record_vote(
        "幸福社区", "review", {"满意": 10}, respondents={"服务对象": 5, "干部": 5}, at=D(2024, 5, 22)
    )
    assert one(sweep(c, D(2024, 5, 22)), "review.min_share").status == "resolved"


def test_findings_extend_automatically_and_repeat_findings_climb(c: Campaign) -> None:
    c.record_finding("办公室", severity="严重", note="长期空岗", at=D(2024, 3, 5))
    found = sweep(c, D(2024, 3, 5))
    grave = one(found, "grave")
    # 延期 without a phase extends the first extendable phase the unit has not left: 整改阶段 5-31 → 6-30
    assert grave.applied == ("延期1个月→2024-06-30",)
    assert grave.one_of == ("组织处理", "纪律处分") and grave.reason == "督查发现：严重（长期空岗）"
    assert c.phase_end("办公室", "rectify") == D(2024, 6, 30)
    assert one(found, "any_finding").one_of == ("批评教育", "约谈")
    assert one(sweep(c, D(2024, 3, 6)), "grave").status == "standing"
    assert c.phase_end("办公室", "rectify") == D(2024, 6, 30)  # applied once
    c.record_finding("办公室", severity="轻微", at=D(2024, 3, 7))
    c.record_finding("办公室", severity="轻微", at=D(2024, 3, 8))
    third = one(sweep(c, D(2024, 3, 8)), "any_finding")
    assert (third.occurrence, third.step, third.actions) == (3, 1, ("责任追究",))
    assert third.reason == "督查发现：轻微（第 3 次）"


def test_a_refused_automatic_measure_is_reported_not_applied(c: Campaign) -> None:
    unit = "办公室"
    for phase in ("inspect", "rectify"):
        walk(c, unit, phase)
    complete(c, unit, "rectify", D(2024, 5, 31))
    c.advance(unit, at=D(2024, 5, 31))
    c.record_finding(unit, severity="严重", at=D(2024, 6, 3))
    grave = one(sweep(c, D(2024, 6, 3)), "grave")
    assert grave.applied == ()
    assert grave.not_applied and grave.not_applied[0].startswith("延期：")
    assert "延期" in grave.actions  # still proposed
    (logged,) = [e for e in c.history(unit) if e.kind == "escalated" and e.payload["rule"] == "grave"]
    assert logged.payload["not_applied"] == list(grave.not_applied) == ["延期：no phase is left to extend"]


# ---- days, results, the store ------------------------------------------------------------------------


def test_as_of_may_be_an_aware_or_naive_datetime_read_in_shanghai() -> None:
    assert as_of_day(datetime.datetime(2024, 3, 15, 17, 0, tzinfo=datetime.UTC)) == D(2024, 3, 16)
    assert as_of_day(datetime.datetime(2024, 3, 15, 23, 0)) == D(2024, 3, 15)
    assert as_of_day(datetime.datetime(2024, 3, 15, 23, 0, tzinfo=SHANGHAI)) == D(2024, 3, 15)
    with pytest.raises(CampaignflowError, match="as_of must be a date"):
        as_of_day("2024-03-15")  # type: ignore[arg-type]


def test_an_aware_datetime_judges_its_shanghai_date(c: Campaign) -> None:
    found = sweep(c, datetime.datetime(2024, 3, 15, 17, 0, tzinfo=datetime.UTC))  # 3-16 01:00 in Shanghai
    assert {e.unit for e in by_rule(found, "report_late")} == {"办公室", "幸福社区"}


def test_results_as_data_and_in_words(c: Campaign) -> None:
    entry = one(sweep(c, D(2024, 3, 20)), "report_late", "办公室")
    assert entry.as_dict() == {
        "unit": "办公室",
        "rule": "report_late",
        "rule_name": "学习心得逾期",
        "step": 1,
        "occurrence": 1,
        "actions": ["催办"],
        "one_of": [],
        "reason": "学习心得逾期 3 个工作日",
        "due": "2024-03-15",
        "addressee": "办公室",
        "status": "new",
        "applied": [],
        "not_applied": [],
        "held_by": "",
    }
    assert entry.describe() == "[新] 办公室 学习心得逾期：学习心得逾期 3 个工作日 → 催办（办公室）"
    event = c.history("办公室")[-1]
    assert event.kind == "escalated" and event.by == "自动督办"
    assert event.at == datetime.datetime(2024, 3, 20, tzinfo=SHANGHAI)
    assert event.payload["cause"] == "2024-03-15" and event.payload["step"] == 1


def test_sweep_reports_progress_and_checks_its_actor(c: Campaign) -> None:
    calls: list[tuple[int, int]] = []
    sweep(c, D(2024, 3, 1), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(2, 2)]
    sweep(c, D(2024, 3, 18), by="督查室")
    assert c.history("办公室")[-1].by == "督查室"
    with pytest.raises(CampaignflowError, match="by must be text"):
        sweep(c, D(2024, 3, 18), by=None)  # type: ignore[arg-type]


def test_a_cold_replay_sweeps_exactly_like_the_live_campaign(c: Campaign, plan: Plan) -> None:
    sweep(c, D(2024, 3, 18))
    c.record_finding("办公室", severity="严重", at=D(2024, 3, 19))
    c.record_score("幸福社区", "exam", 40, at=D(2024, 3, 19))
    sweep(c, D(2024, 3, 19))
    cold = Campaign.replay(plan, c.events())
    live_result = [e.as_dict() for e in sweep(c, D(2024, 3, 25))]
    cold_result = [e.as_dict() for e in sweep(cold, D(2024, 3, 25))]
    assert live_result == cold_result
    assert [e.payload for e in c.events()] == [e.payload for e in cold.events()]


def test_a_sqlite_campaign_reopened_stays_idempotent(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    with Campaign(plan, store=db, authority="record") as c:
        c.enroll_many([("办公室", "科室"), ("幸福社区", "社区")], at=D(2024, 3, 1))
        assert [e.status for e in sweep(c, D(2024, 3, 20))] == ["new", "new"]
    with Campaign.open(db) as reopened:
        events = len(reopened.events())
        assert [e.status for e in sweep(reopened, D(2024, 3, 20))] == ["standing", "standing"]
        assert len(reopened.events()) == events


def test_a_sweep_sees_what_another_writer_committed(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    with Campaign(plan, store=db, authority="record") as c:
        c.enroll("办公室", kind="科室", at=D(2024, 3, 1))
    with Campaign.open(db) as clerk, Campaign.open(db) as supervisor:
        clerk.submit("办公室", "report", at=D(2024, 3, 14))
        assert by_rule(sweep(supervisor, D(2024, 3, 20)), "report_late") == []


def test_a_sweep_commits_per_chunk_of_units_and_a_failure_keeps_whole_chunks(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "track.db"
    names = [f"第{i:04d}科室" for i in range(1030)]
    with Campaign(plan, store=db, authority="record") as c:
        c.enroll_many([(name, "科室") for name in names], at=D(2024, 3, 1))
        judge = Sweep.unit

        def failing(self: Sweep, record: UnitRecord, track: Track | None) -> list[Escalation]:
            if record.name == names[1027]:
                raise RuntimeError("the disk is full")
            return judge(self, record, track)

        twin = Twins.judge

        def failing_twin(
            self: Twins, situation: Situation, position: int, record: UnitRecord
        ) -> list[Escalation]:
            if record.name == names[1027]:  # a unit judged as the first in its situation was
                raise RuntimeError("the disk is full")
            return twin(self, situation, position, record)

        monkeypatch.setattr(Sweep, "unit", failing)
        monkeypatch.setattr(Twins, "judge", failing_twin)
        with pytest.raises(RuntimeError):
            sweep(c, D(2024, 3, 20))
        with Campaign.open(db) as reopened:
            escalated = {e.unit for e in reopened.events() if e.kind == "escalated"}
            assert escalated == set(names[:1024])  # the first chunk, committed; none of the second
            assert c.snapshot() == reopened.snapshot()  # the campaign reloaded what the file holds
        monkeypatch.undo()
        found = sweep(c, D(2024, 3, 20))
        assert [e.status for e in found].count("new") == 6 and len(found) == 1030


# ---- board --------------------------------------------------------------------------------------------


def test_board_lights_by_the_nearest_deadline(c: Campaign) -> None:
    c.enroll_many([("街道办", "科室"), ("和平社区", "社区")], at=D(2024, 3, 1))
    c.submit("幸福社区", "report", at=D(2024, 3, 5))
    c.submit("街道办", "report", at=D(2024, 3, 5))
    c.record_score("街道办", "exam", 80, at=D(2024, 3, 5))
    c.set_deadline("和平社区", "report", due=D(2024, 3, 20), at=D(2024, 3, 5), reason="限期整改")
    view = board(c, D(2024, 3, 12))  # report due 3-15, within 3 working days
    assert isinstance(view, Board) and view.warn_workdays == 3
    assert view.light("办公室") == "yellow"
    assert view.rows[0].reason == "学习心得3月15日到期，还有 3 个工作日"
    assert view.light("街道办") == "green"  # the exam is due with the phase, 3-29
    assert view.light("和平社区") == "green"  # its own deadline, 3-20, is further away
    late = board(c, D(2024, 3, 18))
    assert [late.light(u) for u in ("办公室", "幸福社区", "街道办", "和平社区")] == [
        "red",
        "green",
        "green",
        "yellow",
    ]
    assert late.rows[0].reason == "学习心得逾期 1 个工作日"
    assert late.counts["study"] == {"green": 2, "yellow": 1, "red": 1}
    assert late.totals == {"green": 2, "yellow": 1, "red": 1}
    assert late.as_dict()["phases"][0] == {
        "phase": "study", "name": "学习阶段", "green": 2, "yellow": 1, "red": 1, "total": 4,
    }  # fmt: skip
    assert board(c, D(2024, 3, 20)).rows[3].reason == "学习心得今日到期"
    c.set_deadline("和平社区", "report", due=D(2024, 3, 24), at=D(2024, 3, 20), reason="限期整改")
    friday = board(c, D(2024, 3, 22))  # due on the Sunday after
    assert friday.light("和平社区") == "yellow"
    assert friday.rows[3].reason == "学习心得3月24日到期，今日是最后一个工作日"
    assert [p.phase for p in late.phases] == ["study", "inspect", "rectify", "done"]


def test_board_counts_several_overdue_items_and_does_not_record(c: Campaign) -> None:
    events = len(c.events())
    view = board(c, D(2024, 4, 2))
    assert view.light("办公室") == "red"
    assert view.rows[0].reason == "学习心得等 2 项逾期 12 个工作日"
    assert len(c.events()) == events
    with pytest.raises(KeyError):
        view.light("不存在")


# ---- closing (销号) ------------------------------------------------------------------------------------


def test_closing_a_finding_ends_it_until_the_next_one(c: Campaign) -> None:
    c.record_finding("幸福社区", severity="轻微", at=D(2024, 3, 5))
    assert one(sweep(c, D(2024, 3, 5)), "any_finding").status == "new"
    closed = close(c, "幸福社区", "any_finding", at=D(2024, 3, 6), by="督查室", reason="已批评教育")
    assert (closed.status, closed.reason, closed.step) == ("resolved", "已批评教育", 0)
    event = c.history("幸福社区")[-1]
    assert (event.kind, event.by, event.payload["closed"]) == ("resolved", "督查室", True)
    assert by_rule(sweep(c, D(2024, 3, 7)), "any_finding") == []
    c.record_finding("幸福社区", severity="轻微", at=D(2024, 3, 8))
    second = one(sweep(c, D(2024, 3, 8)), "any_finding")
    assert (second.status, second.occurrence) == ("new", 2)
    assert [e.as_dict() for e in sweep(Campaign.replay(c.plan, c.events()), D(2024, 3, 8))] == [
        {**second.as_dict(), "status": "standing"}
    ]


def test_only_a_standing_event_cause_can_be_closed(c: Campaign) -> None:
    with pytest.raises(MoveNotAllowed, match="nothing stands to close"):
        close(c, "办公室", "any_finding", at=D(2024, 3, 6))
    with pytest.raises(CampaignflowError, match="watches a date"):
        close(c, "办公室", "report_late", at=D(2024, 3, 20))
    with pytest.raises(CampaignflowError, match="unknown rule 'nope'"):
        close(c, "办公室", "nope", at=D(2024, 3, 20))


# ---- the documentation and the benchmark -----------------------------------------------------------


def test_the_benchmark_smoke_run_prints_its_figures() -> None:
    """``benchmarks/escalation.py --quick`` runs; its figures are not checked here (no timing asserts)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "escalation.py"), "--quick", "--units", "2000"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    for figure in ("plain loop", "again, nothing changes", "steady sweep =", "16 rules / 1 rule"):
        assert figure in done.stdout
