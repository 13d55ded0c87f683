"""The seeds' escalation sentences, run on the bundled definitions: each test quotes the sentence it enforces.

Seed 000 sets a deadline for the 自评报告 but names no measure for missing it, so its definition has no
overdue rule; the test appends one (``tests/data/escalation/000-self-report-overdue.yaml``) to the bundled
file and otherwise runs the plan as it is.
"""

from __future__ import annotations

import datetime

import chinese_calendar

from campaignflow import load_plan, parse_plan
from campaignflow.engine import Campaign
from campaignflow.escalation import board, sweep
from campaignflow.plan import Plan
from tests.conftest import DATA, DEFINITIONS
from tests.test_escalation import by_rule, complete, one, walk

D = datetime.date


def definition(prefix: str) -> Plan:
    (path,) = DEFINITIONS.glob(f"{prefix}-*.yaml")
    return load_plan(path)


# ---- 000 街道勇创一流活动方案 ------------------------------


def plan_000() -> Plan:
    (path,) = DEFINITIONS.glob("000-*.yaml")
    rules = (DATA / "escalation" / "000-self-report-overdue.yaml").read_text(encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert text.rstrip().endswith("进行责任追究。"), "the appended rules must land under rules:"
    return parse_plan(text + rules, str(path))


def test_000_self_report_due_12_10_escalates_by_working_days() -> None:
    """各科室、各社区12月10日前要完成自评报告,并按时报党群科。"""
    plan = plan_000()
    assert plan.due(
        plan.phase("summarize"), next(a for _, a in plan.artifacts() if a.id == "self_report")
    ) == D(2012, 12, 10)
    c = Campaign(plan)
    c.enroll_many([("党政办", "科室"), ("幸福社区", "社区"), ("和平社区", "社区")], at=D(2012, 4, 25))
    for unit in c.units():
        walk(c, unit, "summarize")
    c.submit("幸福社区", "self_report", at=D(2012, 12, 7), by="社区书记")
    assert by_rule(sweep(c, D(2012, 12, 10)), "self_report_overdue") == []  # 12月10日前: due that day
    first = sweep(c, D(2012, 12, 11))
    assert [(e.unit, e.reason, e.actions) for e in first] == [
        ("党政办", "自评报告逾期 1 个工作日", ("提醒",)),
        ("和平社区", "自评报告逾期 1 个工作日", ("提醒",)),
    ]
    late = one(sweep(c, D(2012, 12, 18)), "self_report_overdue", "党政办")  # 12-11..14, 17, 18
    assert (late.reason, late.due, late.step, late.actions) == (
        "自评报告逾期 6 个工作日",
        D(2012, 12, 10),
        2,
        ("通报批评",),
    )
    assert (late.addressee, late.status) == ("党政办", "new")
    c.submit("党政办", "self_report", at=D(2012, 12, 19))
    found = sweep(c, D(2012, 12, 19))
    assert [(e.unit, e.status) for e in found] == [("党政办", "resolved"), ("和平社区", "standing")]
    assert c.history("党政办")[-1].kind == "resolved"
    view = board(c, D(2012, 12, 19))
    assert [view.light(u) for u in ("党政办", "幸福社区", "和平社区")] == ["green", "green", "red"]


def test_000_working_days_cross_the_2013_new_year_holiday() -> None:
    """年底,各科室、各社区要对活动开展情况进行认真总结 — 年底 is 12-31; 1-1..1-3 off, 1-5 and 1-6 worked."""
    assert not chinese_calendar.is_workday(D(2013, 1, 2)) and chinese_calendar.is_workday(D(2013, 1, 5))
    c = Campaign(plan_000())
    c.enroll("党政办", kind="科室", at=D(2012, 4, 25))
    walk(c, "党政办", "summarize")
    c.submit("党政办", "self_report", at=D(2012, 12, 10))
    late = one(sweep(c, D(2013, 1, 7)), "summary_overdue")
    assert (late.reason, late.due) == ("活动总结逾期 4 个工作日", D(2012, 12, 31))  # 1-4, 1-5, 1-6, 1-7


def test_000_accountability_after_criticism() -> None:
    """对经过批评教育仍不思改过的人,要进行责任追究。"""
    c = Campaign(definition("000"))
    c.enroll("党政办", kind="科室", at=D(2012, 4, 25))
    c.record_finding("党政办", severity="作风不实", at=D(2012, 8, 1))
    first = one(sweep(c, D(2012, 8, 1)), "accountability")
    assert (first.actions, first.step) == (("批评教育",), 0)
    c.record_finding("党政办", severity="作风不实", note="经批评教育仍未改正", at=D(2012, 9, 3))
    second = one(sweep(c, D(2012, 9, 3)), "accountability")
    assert (second.actions, second.step, second.occurrence, second.status) == (("责任追究",), 1, 2, "new")


# ---- 002 整治机关“庸懒散软”问题实施方案 ------------------------------


def test_002_sanctions_graded_by_severity() -> None:
    """问题轻微的,要及时进行诫勉谈话和批评教育;性质较为严重的,要通报批评、责令书面检查或发出效能监察建议书,限期整改;
    性质严重、影响面比较大的,要从严作出组织处理或纪律处分。"""
    c = Campaign(definition("002"))
    c.enroll_many([("张三", "党员干部"), ("办公室", "处室"), ("李四", "领导班子成员")], at=D(2015, 9, 1))
    c.record_finding("张三", severity="轻微", note="上班迟到", at=D(2015, 10, 12), by="专项整治工作办公室")
    c.record_finding("办公室", severity="较严重", note="上班时间玩游戏", at=D(2015, 10, 12))
    c.record_finding("李四", severity="严重", note="推诿扯皮造成恶劣影响", at=D(2015, 10, 12))
    found = {e.unit: e for e in sweep(c, D(2015, 10, 12))}
    assert (found["张三"].rule, found["张三"].actions, found["张三"].one_of) == (
        "minor_finding",
        (),
        ("诫勉谈话", "批评教育"),
    )
    serious = found["办公室"]
    assert (serious.rule, serious.actions, serious.one_of) == (
        "serious_finding",
        ("限期整改",),
        ("通报批评", "书面检查", "效能监察建议书"),
    )
    assert serious.applied == ()  # 限期整改 is proposed: the document sets no term
    assert c.deadline_of("办公室", "remediation_measures") == D(2015, 10, 31)
    assert serious.reason == "督查发现：较严重（上班时间玩游戏）"
    assert (found["李四"].rule, found["李四"].one_of) == ("grave_finding", ("组织处理", "纪律处分"))
    assert all(e.status == "new" and e.addressee == e.unit for e in found.values())


def test_002_supervision_findings_in_their_own_words() -> None:
    """对于情节轻微的,给予批评教育、书面检查、诫勉谈话;情节严重的,给予通报批评,责令公开检讨或公开道歉、停职检查,
    并按有关规定给予纪律处分。"""
    c = Campaign(definition("002"))
    c.enroll("办公室", kind="处室", at=D(2015, 9, 1))
    c.record_finding("办公室", severity="情节严重", at=D(2015, 10, 20))
    grave = one(sweep(c, D(2015, 10, 20)), "supervision_grave")
    assert (grave.actions, grave.one_of) == (("通报批评", "纪律处分"), ("公开检讨", "公开道歉", "停职检查"))


# ---- 003 住建局作风建设实施方案 ------------------------------


def campaign_003() -> Campaign:
    c = Campaign(definition("003"))
    c.enroll_many(
        [("城建监察大队", "局属单位"), ("房管所", "局属单位"), ("办公室", "科室站办")], at=D(2012, 2, 1)
    )
    return c


def test_003_team_votes_over_30_percent_mean_a_talk_with_the_principal() -> None:
    """对领导班子“一般”和“较差”票超过30%的,由区委对单位主要负责同志进行诫勉谈话"""
    c = campaign_003()
    for unit in ("城建监察大队", "房管所"):
        walk(c, unit, "evaluate")
    c.record_vote("城建监察大队", "team_vote", {"好": 13, "一般": 4, "较差": 3}, at=D(2012, 10, 15))
    c.record_vote("房管所", "team_vote", {"好": 14, "一般": 4, "较差": 2}, at=D(2012, 10, 15))  # exactly 30%
    found = by_rule(sweep(c, D(2012, 10, 15)), "team_votes")
    assert [(e.unit, e.reason, e.actions, e.addressee) for e in found] == [
        ("城建监察大队", "“一般”和“较差”票占 35%，超过 30%", ("诫勉谈话",), "城建监察大队主要负责同志"),
    ]


def test_003_closed_test_done_poorly_is_criticised_across_the_bureau() -> None:
    """局活动领导小组定期对各单位学习情况进行抽查,对落实不好的单位将在全局范围内通报批评。"""
    c = campaign_003()
    c.record_score("城建监察大队", "closed_test", 58, at=D(2012, 2, 20))  # the plan sets no pass mark
    c.record_grade("城建监察大队", "closed_test", "落实不好", at=D(2012, 2, 24), by="局活动领导小组")
    found = sweep(c, D(2012, 2, 24))
    assert [(e.unit, e.rule, e.reason, e.actions) for e in found] == [
        ("城建监察大队", "study_poorly_done", "闭卷测试评为“落实不好”", ("通报批评",)),
    ]


def test_003_superficial_analysis_means_a_written_self_criticism_and_a_redo() -> None:
    """对避重就轻、敷衍应付的单位和个人,责令作出书面检查,并重新查找。"""
    c = campaign_003()
    walk(c, "办公室", "inspect")
    c.submit("办公室", "survey", at=D(2012, 4, 5))
    c.submit("办公室", "self_analysis", at=D(2012, 4, 5))
    c.record_finding(
        "办公室", severity="避重就轻", note="剖析材料回避主要问题", at=D(2012, 4, 10), by="巡查组"
    )
    redo = one(sweep(c, D(2012, 4, 10)), "superficial_analysis")
    assert (redo.actions, redo.applied) == (("书面检查", "重做本阶段"), ("重做本阶段→inspect",))
    assert c.phase_of("办公室") == "inspect"
    (move,) = [e for e in c.history("办公室") if e.kind == "sent_back"]
    assert move.payload["reset"] == ["survey", "self_analysis"]  # 重新查找: what was found is cleared
    assert c.evidence("办公室", "self_analysis") is None
    assert one(sweep(c, D(2012, 4, 11)), "superficial_analysis").status == "standing"
    assert len([e for e in c.history("办公室") if e.kind == "sent_back"]) == 1


def test_003_a_unit_that_has_moved_on_cannot_be_sent_back_automatically() -> None:
    c = campaign_003()
    walk(c, "办公室", "rectify")
    c.record_finding("办公室", severity="敷衍应付", at=D(2012, 7, 10))
    redo = one(sweep(c, D(2012, 7, 10)), "superficial_analysis")
    assert redo.applied == () and redo.not_applied[0].startswith("重做本阶段：")
    assert c.phase_of("办公室") == "rectify"


# ---- 004 油区办两评一树工作方案 ------------------------------


def campaign_004() -> Campaign:
    c = Campaign(definition("004"))
    c.enroll_many(
        [
            ("王主任", "主要负责同志"),
            ("李副主任", "班子其他成员"),
            ("油区办", "单位"),
            ("领导班子", "领导班子"),
        ],
        at=D(2011, 7, 21),
    )
    for unit in c.units():
        walk(c, unit, "appraise")
    return c


def test_004_very_poor_result_extends_the_campaign_two_months() -> None:
    """对群众评议结果特别差,确实存在严重问题的干部,活动延期2个月,深入查摆整改,解决存在的突出问题。"""
    c = campaign_004()
    c.record_finding("王主任", severity="特别差", at=D(2011, 9, 5), by="活动督导组")
    c.record_finding(
        "油区办", severity="特别差", at=D(2011, 9, 5)
    )  # a 单位 is not a 干部: the rule does not apply
    (extended,) = sweep(c, D(2011, 9, 5))
    assert (extended.unit, extended.actions, extended.applied) == (
        "王主任",
        ("延期",),
        ("延期2个月→2011-12-31",),
    )
    assert c.phase_end("王主任", "rectify") == D(2011, 12, 31)  # 10-31 is a month end, and so is 12-31
    assert c.phase_end("李副主任", "rectify") == D(2011, 10, 31)
    (event,) = [e for e in c.history("王主任") if e.kind == "extended"]
    assert event.payload["by"] == "2个月" and event.by == "自动督办"
    for unit in c.units():
        walk(c, unit, "rectify")
    view = board(c, D(2011, 11, 2))  # the rectification is due with the phase end
    assert view.light("王主任") == "green"
    assert view.light("李副主任") == "red"
    assert sweep(c, D(2011, 11, 2))[0].status == "standing"  # applied once
    assert c.phase_end("王主任", "rectify") == D(2011, 12, 31)


def test_004_poor_result_means_a_deadline_and_criticism_or_a_talk() -> None:
    """对群众评议结果较差的干部,要求限期整改,并对有关人员进行通报批评或诫勉谈话"""
    c = campaign_004()
    c.record_finding("李副主任", severity="较差", at=D(2011, 9, 5))
    (poor,) = sweep(c, D(2011, 9, 5))
    assert (poor.rule, poor.actions, poor.one_of, poor.applied) == (
        "poor_result",
        ("限期整改",),
        ("通报批评", "诫勉谈话"),
        (),
    )


def test_004_low_satisfaction_means_a_talk_and_no_honours_for_the_head() -> None:
    """对因工作不力造成群众满意度较低、问题较多的单位,要对其负责人进行诫勉谈话、取消当年评先评优资格。"""
    c = campaign_004()
    c.record_finding("油区办", severity="群众满意度较低、问题较多", at=D(2011, 9, 8))
    (low,) = sweep(c, D(2011, 9, 8))
    assert (low.actions, low.addressee) == (("诫勉谈话", "取消评先评优"), "油区办负责人")


def test_004_social_review_needs_half_of_its_respondents_to_be_served() -> None:
    """其中服务对象代表不少于评议人员的50%"""
    c = Campaign(definition("004"))
    c.enroll("领导班子", kind="领导班子", at=D(2011, 7, 21))
    walk(c, "领导班子", "appraise")
    complete(c, "领导班子", "appraise", D(2011, 8, 1))
    c.record_vote(
        "领导班子",
        "social_review",
        {"满意": 20, "基本满意": 5},
        respondents={"服务对象代表": 8, "党代表": 6, "人大代表": 6},
        at=D(2011, 9, 6),
    )
    (short,) = sweep(c, D(2011, 9, 6))
    assert short.rule == "social_review.min_share"
    assert short.reason == "社会评议：服务对象代表占评议人员 40%（8/20），不足 50%"
    assert not c.can_advance("领导班子", at=D(2011, 9, 11))  # the engine will not count the vote either
