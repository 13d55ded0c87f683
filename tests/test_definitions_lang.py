"""What the seed definitions say with the constructs of #15, each pinned to the sentence it transcribes."""

from __future__ import annotations

import datetime

from campaignflow import Campaign, load_plan
from tests.conftest import DEFINITIONS

D = datetime.date


def test_seed_003_each_unit_holds_its_own_closed_test() -> None:
    """“各单位要根据学习内容……自行组织一次闭卷测试,成绩要报局活动领导小组备案” (seed 003, 四(一)3)."""
    plan = load_plan(DEFINITIONS / "003-zhujianju-zhenggainian.yaml")
    test = next(a for _, a in plan.artifacts() if a.id == "closed_test")
    assert "自行组织一次闭卷测试" in test.basis
    assert (test.kind, test.held_by, test.submit_to) == ("test", "各单位（自行组织）", "局活动领导小组")


def test_seed_002_a_serious_finding_carries_its_term_and_is_closed_when_rectified() -> None:
    """“性质较为严重的,要通报批评、责令书面检查或发出效能监察建议书,限期整改” (seed 002, 五(二)2)."""
    plan = load_plan(DEFINITIONS / "002-yonglansanruan-zhuanxiangzhengzhi.yaml")
    rule = next(r for r in plan.rules if r.id == "serious_finding")
    assert "限期整改" in rule.basis and [a.action for a in rule.ladder[0].actions] == ["限期整改"]
    campaign = Campaign(plan)
    unit = plan.unit_kinds[0].name
    campaign.enroll("窗口科", kind=unit, at=D(2012, 9, 3))
    found = campaign.record_finding("窗口科", severity="较严重", at=D(2012, 9, 20), within="10个工作日")
    (proposed,) = campaign.sweep(D(2012, 9, 20))
    assert proposed.rule == "serious_finding" and "限期整改" in proposed.actions
    campaign.close_finding("窗口科", found.seq, at=D(2012, 10, 15))
    assert campaign.record("窗口科").findings == {
        found.seq: (D(2012, 10, 10), True)
    }  # 国庆 2012: 9月30日–10月7日


def test_seed_004_a_poor_result_carries_its_term() -> None:
    """“对群众评议结果较差的干部,要求限期整改,并对有关人员进行通报批评或诫勉谈话” (seed 004, 四(3))."""
    plan = load_plan(DEFINITIONS / "004-youqu-liangpingyishu.yaml")
    rule = next(r for r in plan.rules if r.id == "poor_result")
    assert "要求限期整改" in rule.basis
    campaign = Campaign(plan)
    campaign.enroll("张三", kind="主要负责同志", at=D(2011, 7, 21))
    found = campaign.record_finding("张三", severity="较差", at=D(2011, 10, 10), due=D(2011, 10, 31))
    assert campaign.record("张三").findings == {found.seq: (D(2011, 10, 31), False)}
