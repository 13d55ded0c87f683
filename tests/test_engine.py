"""The campaign engine through its public API, on a plan shaped like seed 003 (住建局作风建设实施方案)."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from campaignflow import load_plan, parse_plan
from campaignflow.engine import DONE, Campaign, Verdict
from campaignflow.errors import CampaignflowError, DatePhraseError, MoveNotAllowed, StoreError, UnknownUnit
from campaignflow.history import EVENT_KINDS, Event
from campaignflow.plan import Plan
from tests.conftest import DATA, DEFINITIONS, ROOT

PLAN = DATA / "engine" / "zhengainian.yaml"
D = datetime.date
FEB, MAR, JUL, OCT = D(2012, 2, 6), D(2012, 3, 5), D(2012, 7, 2), D(2012, 10, 8)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


@pytest.fixture
def c(plan: Plan) -> Campaign:
    campaign = Campaign(plan)
    campaign.enroll_many(
        [("城建监察大队", "局属单位"), ("办公室", "科室站办")], at=D(2012, 2, 1), by="领导小组办公室"
    )
    return campaign


def finish_study(c: Campaign, unit: str) -> None:
    if c.owes(unit, "unit_plan"):
        c.submit(unit, "unit_plan", at=FEB, by="张三", ref="实施方案.docx")
        c.submit(unit, "mobilization", at=FEB, ref="会议纪要")
    c.submit(unit, "pledge", at=FEB)
    c.record_score(unit, "closed_test", 72, at=FEB, by="局活动领导小组")


def finish_inspect(c: Campaign, unit: str) -> None:
    c.submit(unit, "self_analysis", at=MAR)
    c.approve(unit, "self_analysis", at=MAR, by="督导组")
    c.submit(unit, "problem_ledger", at=MAR)


def advance_to_evaluate(c: Campaign, unit: str) -> None:
    """From study with its evidence in: hand in inspect's and rectify's, and advance into evaluate."""
    c.advance(unit, at=MAR)
    finish_inspect(c, unit)
    c.advance(unit, at=JUL)
    c.submit(unit, "rectification", at=JUL)
    c.approve(unit, "rectification", at=JUL)
    c.advance(unit, at=OCT)


def test_scenario_refused_rejected_resubmitted_approved_and_done(c: Campaign) -> None:
    unit = "城建监察大队"
    with pytest.raises(MoveNotAllowed) as refused:
        c.advance(unit, at=MAR)
    assert refused.value.missing == ("unit_plan", "mobilization", "pledge", "closed_test")
    assert "本单位实施方案 (unit_plan): not submitted" in refused.value.reason
    assert "闭卷测试 (closed_test): no score recorded" in refused.value.reason
    finish_study(c, unit)
    assert c.advance(unit, at=MAR).payload == {"from": "study", "to": "inspect"}
    c.submit(unit, "self_analysis", at=MAR, by="张三")
    c.submit(unit, "problem_ledger", at=MAR)
    assert c.can_advance(unit, at=JUL).missing == ("self_analysis",)
    assert "awaiting approval by 督导组" in c.can_advance(unit, at=JUL).reason
    c.reject(unit, "self_analysis", at=MAR, by="督导组", reason="避重就轻")
    verdict = c.can_advance(unit, at=JUL)
    assert not verdict and verdict.missing == ("self_analysis",) and "rejected (避重就轻)" in verdict.reason
    with pytest.raises(MoveNotAllowed, match="not awaiting review"):
        c.approve(unit, "self_analysis", at=MAR, by="督导组")
    c.submit(unit, "self_analysis", at=MAR, by="张三", ref="第二稿")
    c.approve(unit, "self_analysis", at=MAR, by="督导组")
    assert c.can_advance(unit, at=JUL) == Verdict(
        True, (), "ready to move from 查摆问题阶段 (inspect) to 整改落实阶段 (rectify)", "rectify"
    )
    c.advance(unit, at=JUL)
    c.submit(unit, "rectification", at=JUL)
    c.approve(unit, "rectification", at=JUL, by="督导组")
    c.advance(unit, at=OCT)
    groups = {"服务对象代表": 9, "干部职工": 9}
    c.record_vote(unit, "team_vote", {"满意": 10, "基本满意": 5, "一般": 2}, respondents=groups, at=OCT)
    c.advance(unit, at=D(2012, 12, 20))
    assert c.phase_of(unit) == DONE and c.units(DONE) == [unit]
    with pytest.raises(MoveNotAllowed, match="finished the last phase"):
        c.advance(unit, at=D(2012, 12, 21))
    kinds = [e.kind for e in c.history(unit)]
    assert kinds.count("advanced") == 4 and kinds.count("rejected") == 1 and kinds[0] == "enrolled"
    assert [e.seq for e in c.events()] == list(range(1, len(c.events()) + 1))


def test_a_phase_that_has_not_opened_refuses_with_a_reason(c: Campaign) -> None:
    finish_study(c, "办公室")
    verdict = c.can_advance("办公室", at=D(2012, 2, 29))
    assert not verdict.ok and verdict.missing == ()
    assert verdict.reason == "查摆问题阶段 (inspect) opens on 2012-03-01, not on 2012-02-29"
    with pytest.raises(MoveNotAllowed, match="opens on 2012-03-01"):
        c.advance("办公室", at=datetime.datetime(2012, 2, 29, 23, 59))
    # 2012-02-29 16:30 UTC is already 03-01 00:30 in Shanghai
    c.advance("办公室", at=datetime.datetime(2012, 2, 29, 16, 30, tzinfo=datetime.UTC))
    assert c.phase_of("办公室") == "inspect"


def test_a_unit_is_judged_only_by_what_its_kind_owes(c: Campaign) -> None:
    assert c.can_advance("办公室", at=MAR).missing == ("pledge", "closed_test")
    assert not c.owes("办公室", "unit_plan") and c.owes("城建监察大队", "unit_plan")
    with pytest.raises(MoveNotAllowed, match="does not owe 本单位实施方案"):
        c.submit("办公室", "unit_plan", at=FEB)


def test_recurring_duties_and_optional_artifacts_never_gate(c: Campaign) -> None:
    for week in range(3):
        c.submit("城建监察大队", "weekly_article", at=FEB + datetime.timedelta(weeks=week))
    evidence = c.evidence("城建监察大队", "weekly_article")
    assert evidence is not None and evidence.count == 3
    finish_study(c, "城建监察大队")
    assert c.can_advance("城建监察大队", at=MAR).ok  # speech_contest is optional


def test_artifacts_of_a_phase_not_reached_are_refused(c: Campaign) -> None:
    with pytest.raises(
        MoveNotAllowed, match=r"belongs to 查摆问题阶段 \(inspect\), which 办公室 has not reached"
    ):
        c.submit("办公室", "self_analysis", at=FEB)


def test_tests_need_a_score_and_votes_need_their_minimum_shares(c: Campaign) -> None:
    unit = "办公室"
    with pytest.raises(CampaignflowError, match=r"is a test: record it with record_score\(\)"):
        c.submit(unit, "closed_test", at=FEB)
    for bad in (-1, float("nan"), True, "58"):
        with pytest.raises(CampaignflowError, match="a score is a number"):
            c.record_score(unit, "closed_test", bad, at=FEB)  # type: ignore[arg-type]
    c.record_score(unit, "closed_test", 58, at=FEB)
    assert c.evidence(unit, "closed_test").score == 58  # type: ignore[union-attr]
    assert c.is_in(unit, "closed_test")  # a score below the mark is escalation's business, not a gate
    c.submit(unit, "pledge", at=FEB)
    advance_to_evaluate(c, unit)
    with pytest.raises(CampaignflowError, match="unknown option '差'"):
        c.record_vote(unit, "team_vote", {"差": 1}, at=OCT)
    with pytest.raises(CampaignflowError, match="is not a count"):
        c.record_vote(unit, "team_vote", {"满意": -1}, at=OCT)
    c.record_vote(unit, "team_vote", {"满意": 12}, respondents={"服务对象代表": 2, "干部职工": 10}, at=OCT)
    verdict = c.can_advance(unit, at=OCT)
    assert verdict.missing == ("team_vote",) and "服务对象代表 2/12 < 30%" in verdict.reason
    c.record_vote(unit, "team_vote", {"满意": 12}, respondents={"服务对象代表": 4, "干部职工": 8}, at=OCT)
    assert c.can_advance(unit, at=OCT).ok


def test_sign_off_only_where_the_plan_names_a_reviewer(c: Campaign) -> None:
    c.submit("办公室", "pledge", at=FEB)
    with pytest.raises(MoveNotAllowed, match="needs no sign-off"):
        c.approve("办公室", "pledge", at=FEB, by="督导组")
    with pytest.raises(CampaignflowError, match="reason must be non-empty text"):
        c.reject("办公室", "pledge", at=FEB, reason=" ")
    c.reject("办公室", "pledge", at=FEB, by="局活动领导小组", reason="内容空泛")
    assert not c.is_in("办公室", "pledge")


def test_a_ledger_counts_as_in_once_every_item_is_closed(c: Campaign) -> None:
    unit = "办公室"
    finish_study(c, unit)
    c.advance(unit, at=MAR)
    c.submit(unit, "self_analysis", at=MAR)
    c.approve(unit, "self_analysis", at=MAR, by="督导组")
    c.submit(unit, "problem_ledger", at=MAR)
    c.add_item(unit, "problem_ledger", "空岗问题", at=MAR, by="张三", ref="台账第1条")
    c.add_item(unit, "problem_ledger", "办事推诿", at=MAR)
    verdict = c.can_advance(unit, at=JUL)
    assert verdict.missing == ("problem_ledger",)
    assert "2 item(s) not closed (未销号): 空岗问题、办事推诿" in verdict.reason
    with pytest.raises(MoveNotAllowed, match="item '空岗问题' is already open"):
        c.add_item(unit, "problem_ledger", "空岗问题", at=MAR)
    c.close_item(unit, "problem_ledger", "空岗问题", at=MAR, by="局党委成员")  # 完成一件销号一件
    with pytest.raises(MoveNotAllowed, match="item '空岗问题' is already closed; nothing to close"):
        c.close_item(unit, "problem_ledger", "空岗问题", at=MAR)
    with pytest.raises(MoveNotAllowed, match="item '刁难' is not in the ledger"):
        c.close_item(unit, "problem_ledger", "刁难", at=MAR)
    assert not c.is_in(unit, "problem_ledger")
    c.close_item(unit, "problem_ledger", "办事推诿", at=MAR)
    assert c.is_in(unit, "problem_ledger") and c.can_advance(unit, at=JUL).ok
    c.add_item(unit, "problem_ledger", "空岗问题", at=MAR, ref="回头看：又出现")  # reopened
    evidence = c.evidence(unit, "problem_ledger")
    assert evidence is not None and evidence.open_entries() == ["空岗问题"]
    assert evidence.entries == {"空岗问题": False, "办事推诿": True}
    assert not c.can_advance(unit, at=JUL).ok
    kinds = [e.kind for e in c.history(unit)][-6:]  # refused commands recorded nothing
    assert kinds == ["submitted", "item_added", "item_added", "item_closed", "item_closed", "item_added"]
    assert c.history(unit)[-1].payload == {
        "artifact": "problem_ledger",
        "item": "空岗问题",
        "ref": "回头看：又出现",
    }
    with pytest.raises(CampaignflowError, match="is not a ledger of items"):
        c.add_item(unit, "self_analysis", "空岗问题", at=MAR)
    with pytest.raises(CampaignflowError, match="an item must be non-empty text"):
        c.add_item(unit, "problem_ledger", " 空岗 ", at=MAR)


def test_send_back_redoes_a_phase_only_where_the_plan_allows(c: Campaign) -> None:
    unit = "办公室"
    with pytest.raises(MoveNotAllowed, match="allows no send-back to inspect"):
        c.send_back(unit, to="inspect", at=FEB, reason="重新查找")
    finish_study(c, unit)
    c.advance(unit, at=MAR)
    finish_inspect(c, unit)
    c.advance(unit, at=JUL)
    c.submit(unit, "rectification", at=JUL)
    with pytest.raises(MoveNotAllowed, match="allowed: inspect → inspect, rectify → inspect"):
        c.send_back(unit, to="study", at=JUL, reason="重学")
    event = c.send_back(unit, to="inspect", at=JUL, reason="问题不具体、不细化", by="巡查组")
    assert event.payload["reset"] == ["self_analysis", "problem_ledger", "rectification"]
    assert c.phase_of(unit) == "inspect" and c.evidence(unit, "self_analysis") is None
    assert c.evidence(unit, "closed_test") is not None  # study's evidence stands
    assert c.can_advance(unit, at=JUL).missing == ("self_analysis", "problem_ledger")
    with pytest.raises(CampaignflowError, match="unknown phase 'nowhere'"):
        c.send_back(unit, to="nowhere", at=JUL, reason="x")


def test_extend_re_snaps_month_ends_and_stacks(c: Campaign) -> None:
    unit = "办公室"
    with pytest.raises(MoveNotAllowed, match=r"allows no extension of 查摆问题阶段 \(inspect\)"):
        c.extend(unit, phase="inspect", by="1个月", at=FEB)
    event = c.extend(unit, phase="rectify", by="2个月", at=FEB, actor="局党委", reason="特别差")
    assert event.payload == {"phase": "rectify", "by": "2个月", "end": "2012-11-30", "reason": "特别差"}
    assert event.by == "局党委"
    assert c.phase_end(unit, "rectify") == D(2012, 11, 30)
    c.extend(unit, phase="rectify", by="1个月", at=FEB)
    assert c.phase_end(unit, "rectify") == D(2012, 12, 31)
    assert c.phase_end("城建监察大队", "rectify") == D(2012, 9, 30)
    assert c.deadline_of(unit, "rectification") == D(2012, 12, 31)  # due at its (extended) phase end
    with pytest.raises(DatePhraseError):
        c.extend(unit, phase="rectify", by="很久", at=FEB)


def test_extend_is_refused_once_the_unit_has_left_the_phase(c: Campaign) -> None:
    unit = "办公室"
    finish_study(c, unit)
    advance_to_evaluate(c, unit)
    with pytest.raises(MoveNotAllowed, match="has already left 整改落实阶段"):
        c.extend(unit, phase="rectify", by="2个月", at=OCT)


def test_deadlines_from_the_plan_and_per_unit(c: Campaign) -> None:
    assert c.deadline_of("城建监察大队", "unit_plan") == D(2012, 2, 10)
    assert c.deadline_of("办公室", "pledge") == D(2012, 2, 29)
    # 20 working days after 2012-03-01 (Qingming 04-02..04 off, 03-31 a 调休 working Saturday)
    assert c.deadline_of("办公室", "self_analysis") == load_plan(PLAN).due(
        load_plan(PLAN).phase("inspect"), load_plan(PLAN).phase("inspect").artifacts[0]
    )
    event = c.set_deadline(
        "办公室", "self_analysis", due=D(2012, 8, 15), at=MAR, by="督导组", reason="限期整改"
    )
    assert event.payload == {"artifact": "self_analysis", "due": "2012-08-15", "reason": "限期整改"}
    assert c.deadline_of("办公室", "self_analysis") == D(2012, 8, 15)


def test_evidence_for_escalation_is_recorded_as_events(c: Campaign) -> None:
    c.record_grade("办公室", "closed_test", "落实不好", at=FEB, by="局活动领导小组")
    with pytest.raises(CampaignflowError, match="unknown grade '很好'"):
        c.record_grade("办公室", "closed_test", "很好", at=FEB)
    c.record_finding("办公室", severity="较严重", note="上班时间玩游戏", at=FEB, by="督查组")
    c.log("办公室", "escalated", at=FEB, by="sweep", rule="test_failed", step=1, actions=["通报批评"])
    c.log("办公室", "resolved", at=FEB, rule="test_failed")
    with pytest.raises(CampaignflowError, match="only escalated and resolved"):
        c.log("办公室", "advanced", at=FEB)
    with pytest.raises(CampaignflowError, match="date is not JSON data"):
        c.log("办公室", "escalated", at=FEB, due=D(2012, 2, 1))
    kinds = [e.kind for e in c.history("办公室")]
    assert kinds[-4:] == ["graded", "finding", "escalated", "resolved"]
    assert c.history("办公室")[-2].payload == {"rule": "test_failed", "step": 1, "actions": ["通报批评"]}
    assert c.evidence("办公室", "closed_test").grade == "落实不好"  # type: ignore[union-attr]
    assert set(kinds) <= set(EVENT_KINDS)


def test_a_finding_must_carry_a_severity_the_plan_declares() -> None:
    plan = load_plan(DEFINITIONS / "002-yonglansanruan-zhuanxiangzhengzhi.yaml")
    c = Campaign(plan)
    c.enroll("办公室", kind=plan.unit_kinds[0].name, at=plan.phases[0].start)
    event = c.record_finding("办公室", severity="较严重", note="上班时间玩游戏", at=plan.phases[0].start)
    assert event.payload == {"severity": "较严重", "note": "上班时间玩游戏"}
    with pytest.raises(
        CampaignflowError,
        match=r"unknown severity '较严重问题' \(the plan declares: “轻微”、“较严重”、“严重”、",
    ):
        c.record_finding("办公室", severity="较严重问题", at=plan.phases[0].start)
    assert [e.kind for e in c.history("办公室")] == ["enrolled", "finding"]


def test_times_are_normalised_to_shanghai(c: Campaign) -> None:
    naive = c.submit("办公室", "pledge", at=datetime.datetime(2012, 2, 6, 9, 30))
    aware = c.submit("办公室", "pledge", at=datetime.datetime(2012, 2, 6, 1, 30, tzinfo=datetime.UTC))
    day = c.submit("办公室", "pledge", at=D(2012, 2, 6))
    assert naive.at == aware.at and naive.at.isoformat() == "2012-02-06T09:30:00+08:00"
    assert str(naive.at.tzinfo) == "Asia/Shanghai" and day.at.isoformat() == "2012-02-06T00:00:00+08:00"
    with pytest.raises(CampaignflowError, match="at= must be a datetime or a date"):
        c.submit("办公室", "pledge", at="2012-02-06")  # type: ignore[arg-type]


def test_bad_input_gets_clear_errors(c: Campaign) -> None:
    with pytest.raises(UnknownUnit, match="'无此单位' is not enrolled") as unknown:
        c.submit("无此单位", "pledge", at=FEB)
    assert isinstance(unknown.value, KeyError)
    with pytest.raises(CampaignflowError, match=r"unknown artifact 'report' \(the plan has: unit_plan, "):
        c.submit("办公室", "report", at=FEB)
    with pytest.raises(CampaignflowError, match="unknown unit kind '科室'"):
        c.enroll("规划站", kind="科室", at=FEB)
    with pytest.raises(MoveNotAllowed, match="already enrolled"):
        c.enroll("办公室", kind="科室站办", at=FEB)
    with pytest.raises(CampaignflowError, match="not a unit name"):
        c.enroll(" 规划站", kind="科室站办", at=FEB)
    with pytest.raises(CampaignflowError, match="unknown phase 'later'"):
        c.units("later")


def test_enroll_many_is_all_or_nothing(c: Campaign) -> None:
    with pytest.raises(MoveNotAllowed, match="listed twice"):
        c.enroll_many([("规划站", "科室站办"), ("质监站", "局属单位"), ("规划站", "科室站办")], at=FEB)
    with pytest.raises(CampaignflowError, match="unknown unit kind"):
        c.enroll_many([("规划站", "科室站办"), ("质监站", "站")], at=FEB)
    assert c.units() == ["城建监察大队", "办公室"] and len(c) == 2
    events = c.enroll_many(iter([("规划站", "科室站办"), ("质监站", "局属单位")]), at=FEB)
    assert [e.seq for e in events] == [3, 4] and "质监站" in c and c.units("study")[-1] == "质监站"


def test_replay_rebuilds_the_live_state(c: Campaign, plan: Plan) -> None:
    finish_study(c, "城建监察大队")
    c.advance("城建监察大队", at=MAR)
    c.submit("城建监察大队", "self_analysis", at=MAR)
    c.reject("城建监察大队", "self_analysis", at=MAR, reason="避重就轻")
    c.send_back("城建监察大队", to="inspect", at=MAR, reason="重新查找")
    c.extend("办公室", phase="rectify", by="半个月", at=FEB)
    replayed = Campaign.replay(plan, reversed(c.events()))
    assert replayed.snapshot() == c.snapshot()
    assert replayed.history("城建监察大队") == c.history("城建监察大队")
    replayed.advance("办公室", at=MAR) if replayed.can_advance("办公室", at=MAR) else None


def test_a_history_that_does_not_add_up_is_refused(plan: Plan) -> None:
    at = datetime.datetime(2012, 2, 1, tzinfo=datetime.UTC)
    with pytest.raises(StoreError, match=r"history event 1 .* does not apply"):
        Campaign.replay(plan, [Event("办公室", "submitted", at, "", {"artifact": "pledge"}, 1)])
    with pytest.raises(StoreError, match="unknown phase 'gone'"):
        enrolled = Event("办公室", "enrolled", at, "", {"kind": "科室站办"}, 1)
        Campaign.replay(
            plan, [enrolled, Event("办公室", "advanced", at, "", {"from": "study", "to": "gone"}, 2)]
        )


def test_the_machine_is_one_per_campaign_and_cannot_swallow_errors(
    c: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine = c._machine
    assert machine.models == [] and not machine.auto_transitions and machine.on_exception == []
    assert sorted(machine.events) == ["advance", "send_back:inspect"]
    assert list(machine.states) == ["study", "inspect", "rectify", "evaluate", DONE]

    def broken(record: object) -> bool:
        raise RuntimeError("guard failed")

    monkeypatch.setattr(c._gates, "ready", broken)
    with pytest.raises(RuntimeError, match="guard failed"):
        c.advance("办公室", at=MAR)
    assert c.phase_of("办公室") == "study"


def test_plans_that_cannot_be_tracked(plan: Plan) -> None:
    done = PLAN.read_text(encoding="utf-8").replace("id: evaluate", "id: done")
    with pytest.raises(CampaignflowError, match="may not be called 'done'"):
        Campaign(parse_plan(done))


def test_transitions_is_imported_only_by_the_engine_and_no_module_reads_the_clock() -> None:
    package = ROOT / "campaignflow"
    importers = {
        p.name
        for p in package.rglob("*.py")
        if re.search(r"^\s*(from|import) transitions", p.read_text(), re.M)
    }
    assert importers == {"engine.py"}
    stores = sorted(p.relative_to(package).as_posix() for p in (package / "store").glob("*.py"))
    split = ("tracking.py", "reading.py", "recording.py", "events.py", "evidence.py")
    for name in ("engine.py", "history.py", *split, *stores):
        source = (package / name).read_text()
        assert not re.search(r"\b(now|today|utcnow|time\.time)\(", source), name
        if name.startswith("store/"):
            assert "transitions" not in source


def test_each_module_of_the_engine_and_history_imports_alone() -> None:
    """The engine and history are split by concept; each part imports first without a circle."""
    modules = ("events", "evidence", "unread", "history", "tracking", "reading", "recording", "engine")
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('campaignflow')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module('campaignflow.' + name)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("path", sorted(DEFINITIONS.glob("*.yaml")), ids=lambda p: p.name[:3])
def test_every_bundled_plan_can_be_tracked_to_the_end(path: Path) -> None:
    """Each unit kind is refused with its missing artifacts named, hands everything in, and finishes."""
    plan = load_plan(path)
    c = Campaign(plan)
    c.enroll_many([(f"{kind.name}甲", kind.name) for kind in plan.unit_kinds], at=plan.phases[0].start)
    for unit in c.units():
        for index, phase in enumerate(plan.phases):
            opens = plan.phases[index + 1].start if index + 1 < len(plan.phases) else phase.end
            owed = [a for a in phase.artifacts if a.required and not a.recurring and c.owes(unit, a.id)]
            if owed:
                with pytest.raises(MoveNotAllowed) as refused:
                    c.advance(unit, at=max(opens, phase.start))
                assert refused.value.missing == tuple(a.id for a in owed)
            for spec in owed:
                if spec.kind == "test":
                    c.record_score(unit, spec.id, 90, at=phase.start)
                elif spec.kind == "vote":
                    groups = dict.fromkeys(spec.vote.min_share if spec.vote else {}, 10)
                    options = spec.vote.options if spec.vote and spec.vote.options else ["满意"]
                    c.record_vote(unit, spec.id, {options[0]: 10}, respondents=groups, at=phase.start)
                else:
                    c.submit(unit, spec.id, at=phase.start)
                    if spec.reviewer:
                        c.approve(unit, spec.id, at=phase.start, by=spec.reviewer)
            c.advance(unit, at=max(opens, phase.start))
        assert c.phase_of(unit) == DONE
    assert Campaign.replay(plan, c.events()).snapshot() == c.snapshot()


def test_the_benchmark_smoke_run_prints_its_figures() -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "engine.py"), "--quick"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    assert done.returncode == 0, done.stderr
    figures = ("plain loop", "enroll_many", "B/unit", "raw transitions", "dict update", "sqlite enroll_many")
    for figure in figures:
        assert figure in done.stdout
    # the peer, which the test extra installs (campaignflow[bench])
    assert "(c) python-statemachine, one per unit" in done.stdout
