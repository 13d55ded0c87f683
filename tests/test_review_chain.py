"""A review in two levels (``由市整治办进行初审,提出处理意见报联席会议审核``): an ordered chain of reviewers;
the artifact is in when the last approves; a rejection at any level sends it back to the first."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from campaignflow import Campaign, MoveNotAllowed, PlanError, load_plan, parse_plan
from campaignflow.calendar import build_view
from tests.cli import on, track
from tests.conftest import DATA

PLAN = DATA / "lang" / "review_chain.yaml"
TEXT = PLAN.read_text(encoding="utf-8")
D = datetime.date
UNIT = "市城管局"


@pytest.fixture
def campaign() -> Campaign:
    c = Campaign(load_plan(PLAN))
    c.enroll(UNIT, kind="责任单位", at=D(2013, 5, 2))
    c.submit(UNIT, "plan_of_rectification", at=D(2013, 5, 10))
    return c


def test_the_chain_is_read_in_order() -> None:
    spec = load_plan(PLAN).phases[0].artifacts[0]
    assert spec.reviewers == ("市整治办", "联席会议")


def test_an_artifact_is_in_only_when_the_last_level_approves(campaign: Campaign) -> None:
    first = campaign.approve(UNIT, "plan_of_rectification", at=D(2013, 5, 12), by="市整治办")
    assert dict(first.payload) == {
        "artifact": "plan_of_rectification",
        "reviewer": "市整治办",
        "level": 1,
        "of": 2,
    }
    assert not campaign.is_in(UNIT, "plan_of_rectification")
    verdict = campaign.can_advance(UNIT, at=D(2013, 7, 1))
    assert not verdict and "awaiting approval by 联席会议" in verdict.reason
    last = campaign.approve(UNIT, "plan_of_rectification", at=D(2013, 5, 20), by="联席会议")
    assert (last.payload["reviewer"], last.payload["level"]) == ("联席会议", 2)
    assert campaign.is_in(UNIT, "plan_of_rectification")
    with pytest.raises(MoveNotAllowed, match="not awaiting review"):
        campaign.approve(UNIT, "plan_of_rectification", at=D(2013, 5, 21))
    campaign.advance(UNIT, at=D(2013, 7, 1))
    assert Campaign.replay(campaign.plan, campaign.events()).snapshot() == campaign.snapshot()


def test_a_rejection_at_the_second_level_sends_it_back_to_the_first(campaign: Campaign) -> None:
    campaign.approve(UNIT, "plan_of_rectification", at=D(2013, 5, 12))
    rejected = campaign.reject(UNIT, "plan_of_rectification", at=D(2013, 5, 14), reason="措施不具体")
    assert rejected.payload["reviewer"] == "联席会议"
    assert "rejected (措施不具体)" in campaign.can_advance(UNIT, at=D(2013, 7, 1)).reason
    with pytest.raises(MoveNotAllowed):
        campaign.approve(UNIT, "plan_of_rectification", at=D(2013, 5, 15))
    campaign.submit(UNIT, "plan_of_rectification", at=D(2013, 5, 16))
    again = campaign.approve(UNIT, "plan_of_rectification", at=D(2013, 5, 17))
    assert (again.payload["reviewer"], again.payload["level"]) == ("市整治办", 1)
    assert not campaign.is_in(UNIT, "plan_of_rectification")


def test_a_single_reviewer_keeps_its_old_payload() -> None:
    plan = parse_plan(TEXT.replace("reviewer: [市整治办, 联席会议]", "reviewer: 联席会议"))
    c = Campaign(plan)
    c.enroll(UNIT, kind="责任单位", at=D(2013, 5, 2))
    c.submit(UNIT, "plan_of_rectification", at=D(2013, 5, 10))
    event = c.approve(UNIT, "plan_of_rectification", at=D(2013, 5, 12))
    assert dict(event.payload) == {"artifact": "plan_of_rectification", "reviewer": "联席会议"}
    assert c.is_in(UNIT, "plan_of_rectification")


def test_an_undeclared_or_repeated_level_is_refused_where_written() -> None:
    with pytest.raises(PlanError) as caught:
        parse_plan(TEXT.replace("reviewer: [市整治办, 联席会议]", "reviewer: [市整治办, 联系会议]"), "p.yaml")
    (problem,) = caught.value.problems
    line = TEXT.splitlines().index("        reviewer: [市整治办, 联席会议]") + 1
    assert (problem.line, problem.column, problem.code) == (line, 26, "unknown-ref")
    with pytest.raises(PlanError, match="same role twice"):
        parse_plan(TEXT.replace("reviewer: [市整治办, 联席会议]", "reviewer: [市整治办, 市整治办]"))
    with pytest.raises(PlanError):
        parse_plan(TEXT.replace("reviewer: [市整治办, 联席会议]", "reviewer: []"))


def test_calendars_show_the_chain() -> None:
    (deadline,) = build_view(load_plan(PLAN)).deadlines
    assert ("审核把关", "市整治办 → 联席会议") in deadline.particulars


def test_the_chain_through_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "t.db"

    run = on(db)

    assert track("init", str(db), str(PLAN)).exit_code == 0
    for role in ("市整治办", "联席会议"):  # an office holding each role of the chain (authority is enforced)
        roster = ["roster", "add", str(db), role, "--role", role, "--at", "2013-05-02", "--by", "市整治办"]
        assert track(*roster).exit_code == 0
    assert run("enroll", UNIT, "--kind", "责任单位", "--at", "2013-05-02", "--by", "市整治办")[0] == 0
    clerk = ["roster", "add", str(db), "李四", "--unit", UNIT, "--at", "2013-05-02", "--by", "市整治办"]
    assert track(*clerk).exit_code == 0
    assert run("submit", UNIT, "plan_of_rectification", "--at", "2013-05-10", "--by", "李四")[0] == 0
    code, _, err = run("approve", UNIT, "plan_of_rectification", "--at", "2013-05-12", "--by", "联席会议")
    assert code == 1 and "only a holder of 市整治办 may" in err  # each level is its own reviewer's
    code, out, _ = run("approve", UNIT, "plan_of_rectification", "--at", "2013-05-12", "--by", "市整治办")
    assert code == 0 and "reviewer=市整治办 level=1 of=2" in out
    code, _, err = run("advance", UNIT, "--at", "2013-07-01", "--by", "李四")
    assert code == 1 and "awaiting approval by 联席会议" in err
    assert run("approve", UNIT, "plan_of_rectification", "--at", "2013-05-20", "--by", "联席会议")[0] == 0
    assert run("advance", UNIT, "--at", "2013-07-01", "--by", "李四")[0] == 0
