"""Who may do what, and when (campaignflow.authority): the roster, enforcement, record mode, time order."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

import pytest

from campaignflow import Campaign, NotAuthorized, OutOfOrder, PlanError, load_plan, parse_plan
from campaignflow.authority import flagged
from campaignflow.errors import CampaignflowError, MoveNotAllowed, UnknownUnit
from campaignflow.plan import Plan
from tests.conftest import DATA

PLAN = DATA / "engine" / "zhengainian.yaml"
FEB, MAR = datetime.date(2012, 2, 1), datetime.date(2012, 3, 5)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


def staffed(campaign: Campaign) -> Campaign:
    """督导组 (an office) reviews, 领导小组 supervises, 张三 is 办公室's clerk; 办公室 is in 查摆问题阶段.

    管理员 sets the file up: the first role granted makes its holder (领导小组) the roster's manager."""
    campaign.grant("领导小组", role="局活动领导小组", at=FEB, by="管理员")
    campaign.grant("督导组", role="督导组", at=FEB, by="领导小组")
    campaign.enroll("办公室", kind="科室站办", at=FEB, by="领导小组")
    campaign.grant("张三", unit="办公室", at=FEB, by="领导小组")
    campaign.submit("办公室", "pledge", at=FEB, by="张三")
    campaign.record_score("办公室", "closed_test", 80, at=FEB, by="张三")
    campaign.advance("办公室", at=MAR, by="张三")
    campaign.submit("办公室", "self_analysis", at=MAR, by="张三")
    return campaign


def test_an_in_memory_campaign_checks_nothing_unless_asked(plan: Plan) -> None:
    c = Campaign(plan)
    assert c.authority.mode is None
    c.enroll("办公室", kind="科室站办", at=MAR)
    c.submit("办公室", "pledge", at=FEB)  # out of order and by nobody: accepted, as before
    assert [e.unit for e in c.events()] == ["办公室", "办公室"]  # no campaign-level event either
    assert c.history("办公室")[-1].payload == {"artifact": "pledge", "ref": ""}


def test_an_act_without_the_right_role_is_refused_and_changes_nothing(plan: Plan) -> None:
    c = staffed(Campaign(plan, authority="enforce"))
    before = c.events()
    with pytest.raises(NotAuthorized) as refused:
        c.approve("办公室", "self_analysis", at=MAR, by="领导小组")
    error = refused.value
    assert (error.unit, error.actor, error.act, error.allowed, error.own) == (
        "办公室", "领导小组", "approve", ("督导组",), False
    )  # fmt: skip
    why = "领导小组 may not approve 办公室 (approve): only a holder of 督导组 may"
    assert str(error) == f"办公室: {why}; 领导小组 holds 局活动领导小组"
    assert isinstance(error, MoveNotAllowed) and c.events() == before
    with pytest.raises(NotAuthorized, match="路人 is not on the roster"):
        c.record_finding("办公室", severity="较严重", at=MAR, by="路人")
    c.approve("办公室", "self_analysis", at=MAR, by="督导组")
    assert c.evidence("办公室", "self_analysis").status == "approved"


def test_nobody_signs_off_their_own_units_submission(plan: Plan) -> None:
    c = staffed(Campaign(plan, authority="enforce"))
    c.grant("张三", role="督导组", at=MAR, by="领导小组")  # the clerk also sits on the 督导组
    with pytest.raises(
        NotAuthorized, match="张三 acts for 办公室, and nobody signs off their own unit's submission"
    ):
        c.approve("办公室", "self_analysis", at=MAR, by="张三")
    c.grant("王五", role="督导组", at=MAR, by="领导小组")
    c.revoke("张三", unit="办公室", at=MAR, by="领导小组")
    with pytest.raises(
        NotAuthorized, match=r"张三 handed in 书面剖析材料 \(self_analysis\) and may not sign it off"
    ):
        c.approve("办公室", "self_analysis", at=MAR, by="张三")
    c.approve("办公室", "self_analysis", at=MAR, by="王五")


def test_decisions_name_who_decided(plan: Plan) -> None:
    c = staffed(Campaign(plan, authority="enforce"))
    for decide in (
        lambda: c.record_finding("办公室", severity="较严重", at=MAR),
        lambda: c.reject("办公室", "self_analysis", at=MAR, reason="避重就轻"),
        lambda: c.send_back("办公室", to="inspect", at=MAR, reason="重新查找"),
        lambda: c.extend("办公室", phase="rectify", by="2个月", at=MAR),
        lambda: c.set_deadline("办公室", "self_analysis", due=datetime.date(2012, 4, 1), at=MAR),
    ):
        with pytest.raises(NotAuthorized, match="is a decision: it must name who does it") as refused:
            decide()
        assert refused.value.actor == ""
    with pytest.raises(NotAuthorized, match="submit is an act that must name who does it"):
        c.submit("办公室", "problem_ledger", at=MAR)


def test_time_order_per_unit_and_back_dating_with_a_reason(plan: Plan) -> None:
    c = staffed(Campaign(plan, authority="enforce"))
    with pytest.raises(OutOfOrder, match="办公室's latest event is dated 2012-03-05 00:00") as late:
        c.submit("办公室", "problem_ledger", at=datetime.date(2012, 3, 4), by="张三")
    assert late.value.latest.date() == MAR and late.value.at.date() == datetime.date(2012, 3, 4)
    c.enroll("规划站", kind="局属单位", at=MAR, by="领导小组")
    c.grant("李四", unit="规划站", at=MAR, by="领导小组")
    with pytest.raises(OutOfOrder, match="规划站 was enrolled on 2012-03-05 00:00"):
        c.submit("规划站", "pledge", at=FEB, by="李四")
    with pytest.raises(CampaignflowError, match="back-dating needs a reason"):
        c.submit("规划站", "pledge", at=FEB, by="李四", backdated=True)
    with pytest.raises(CampaignflowError, match="reason= goes with backdated=True"):
        c.submit("规划站", "pledge", at=FEB, by="李四", reason="补录")
    event = c.submit("规划站", "pledge", at=FEB, by="李四", backdated=True, reason="补录纸质材料")
    assert event.payload["backdated"] == "补录纸质材料" and "backdated=补录纸质材料" in event.describe()
    assert (
        c.reject("办公室", "self_analysis", at=FEB, by="督导组", reason="避重就轻", backdated="补录").payload[
            "backdated"
        ]
        == "补录"
    )
    with c.authority.backdating("按纸质台账补录"):
        assert (
            c.record_score("规划站", "closed_test", 60, at=FEB, by="李四").payload["backdated"]
            == "按纸质台账补录"
        )
    c.submit("规划站", "mobilization", at=MAR, by="李四")  # the same time as the latest event is in order


def test_record_mode_refuses_nothing_but_flags_what_lacked_authority(plan: Plan) -> None:
    c = Campaign(plan, authority="record")
    c.grant("督导组", role="督导组", at=FEB)
    c.enroll("办公室", kind="科室站办", at=MAR)  # by nobody
    c.submit("办公室", "pledge", at=FEB, by="张三")  # out of order, and 张三 is on no roster
    ok = c.record_finding("办公室", severity="较严重", at=MAR, by="督导组")
    marked = flagged(c.events())
    assert [e.kind for e in marked] == ["enrolled", "submitted"]
    assert "must name who does it" in marked[0].payload["unauthorised"]
    assert "张三 is not on the roster" in marked[1].payload["unauthorised"]
    assert "was enrolled on 2012-03-05" in marked[1].payload["out_of_order"]
    assert "unauthorised" not in ok.payload
    assert c.snapshot() == Campaign.replay(plan, c.events()).snapshot()


def test_the_roster_is_history(plan: Plan) -> None:
    c = staffed(Campaign(plan, authority="enforce"))
    assert c.authority.roster.as_dict() == {
        "领导小组": {"roles": ["局活动领导小组"], "units": []},
        "督导组": {"roles": ["督导组"], "units": []},
        "张三": {"roles": [], "units": ["办公室"]},
    }
    general = [e for e in c.events() if e.unit == ""]
    assert [e.kind for e in general] == ["authority", "granted", "granted", "granted"]
    assert general[1].by == "管理员" and general[1].payload == {"actor": "领导小组", "role": "局活动领导小组"}
    with pytest.raises(CampaignflowError, match="督导组 already holds 督导组"):
        c.grant("督导组", role="督导组", at=MAR)
    with pytest.raises(CampaignflowError, match="unknown role '督查组'"):
        c.grant("王五", role="督查组", at=MAR)
    with pytest.raises(UnknownUnit):
        c.grant("王五", unit="无此单位", at=MAR)
    with pytest.raises(CampaignflowError, match=r"exactly one of role= .* or unit="):
        c.grant("王五", role="督导组", unit="办公室", at=MAR)
    with pytest.raises(CampaignflowError, match="not an actor's name"):
        c.grant(" 王五", role="督导组", at=MAR)
    with pytest.raises(CampaignflowError, match="张三 does not hold 局活动领导小组"):
        c.revoke("张三", role="局活动领导小组", at=MAR)
    c.revoke("督导组", role="督导组", at=MAR, by="领导小组")
    with pytest.raises(NotAuthorized, match="督导组 is not on the roster"):
        c.approve("办公室", "self_analysis", at=MAR, by="督导组")
    replayed = Campaign.replay(plan, c.events())
    assert replayed.authority.roster.as_dict() == c.authority.roster.as_dict()
    assert replayed.authority.mode == "enforce"


def test_the_mode_is_stored_with_a_tracking_file(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    with Campaign(plan, store=db) as c:
        assert c.authority.mode == "enforce"  # a new file enforces by default
        staffed(c)
    with Campaign.open(db) as c:
        assert c.authority.mode == "enforce" and c.authority.roster.units("张三") == ("办公室",)
        with pytest.raises(NotAuthorized):
            c.approve("办公室", "self_analysis", at=MAR, by="张三")
        c.set_authority("record", at=MAR, by="领导小组")
        with pytest.raises(CampaignflowError, match="already record"):
            c.set_authority("record", at=MAR)
    with pytest.raises(
        CampaignflowError, match="authority is record, not enforce; change it with set_authority"
    ):
        Campaign(plan, store=db, authority="enforce")
    with Campaign(plan, store=db, authority="record") as c:
        assert "unauthorised" in c.approve("办公室", "self_analysis", at=MAR, by="张三").payload
    with pytest.raises(CampaignflowError, match="authority must be one of enforce, record"):
        Campaign(plan, authority="strict")  # type: ignore[arg-type]


def test_a_file_made_before_modes_were_stored_opens_in_record_mode(plan: Plan, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Campaign(plan, store=db, authority="record") as c:
        c.enroll("办公室", kind="科室站办", at=FEB)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM events WHERE kind = 'authority'")
    con.commit()
    con.close()
    with Campaign.open(db) as c:
        assert c.authority.mode == "record"
        c.submit("办公室", "pledge", at=FEB)  # nothing refused
        assert "unauthorised" in c.history("办公室")[-1].payload


def test_a_plan_names_who_may_do_each_act(plan: Plan) -> None:
    text = plan.text.replace("moves:", "authority:\n  finding: [督导组]\n  enroll: [督导组]\nmoves:", 1)
    strict = parse_plan(text, "strict.yaml")
    assert strict.authority.finding == ["督导组"]
    c = Campaign(strict, authority="enforce")
    c.grant("领导小组", role="局活动领导小组", at=FEB)
    c.grant("督导组", role="督导组", at=FEB, by="领导小组")
    with pytest.raises(NotAuthorized, match="only a holder of 督导组 may") as refused:
        c.enroll("办公室", kind="科室站办", at=FEB, by="领导小组")
    assert refused.value.allowed == ("督导组",)
    c.enroll("办公室", kind="科室站办", at=FEB, by="督导组")
    with pytest.raises(NotAuthorized):
        c.record_finding("办公室", severity="较严重", at=FEB, by="领导小组")
    c.record_finding("办公室", severity="较严重", at=FEB, by="督导组")
    c.extend("办公室", phase="rectify", by="2个月", at=FEB, actor="领导小组")  # the default: any role


def test_a_plan_naming_an_undeclared_role_is_refused_with_its_place(plan: Plan) -> None:
    text = plan.text.replace("moves:", "authority:\n  finding: [督查组]\nmoves:", 1)
    with pytest.raises(PlanError) as bad:
        parse_plan(text, "bad.yaml")
    (problem,) = bad.value.errors
    assert problem.code == "unknown-ref" and "role '督查组' is not declared" in problem.message
    assert problem.line == text.splitlines().index("  finding: [督查组]") + 1


def test_the_sweep_follows_the_time_order_and_applies_the_plans_own_measures(tmp_path: Path) -> None:
    plan = load_plan(DATA / "escalation" / "ladder.yaml")
    day = datetime.date(2024, 3, 1)
    c = Campaign(plan, authority="enforce")
    c.grant("督查室", role=plan.roles[0].name, at=day)
    c.enroll_many([("办公室", "科室"), ("幸福社区", "社区")], at=day, by="督查室")
    c.record_finding("幸福社区", severity="严重", note="长期空岗", at=datetime.date(2024, 3, 25), by="督查室")
    with pytest.raises(OutOfOrder, match="cannot sweep as of 2024-03-20 00:00: 幸福社区's latest event"):
        c.sweep(datetime.date(2024, 3, 20))
    found = c.sweep(datetime.date(2024, 3, 26))  # by the sweep, on no roster: its measures still apply
    grave = [e for e in found if e.rule == "grave"]
    assert grave and grave[0].applied and not grave[0].not_applied
