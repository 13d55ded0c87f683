"""Units designated during the campaign (``确定整改责任单位……各责任单位要……制定整改方案``): a recorded
change of kind from a given day; from then the unit owes what its new kind owes."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from campaignflow import Campaign, CampaignflowError, MoveNotAllowed, load_plan
from tests.cli import on, track
from tests.conftest import DATA

PLAN = DATA / "lang" / "designated.yaml"
D = datetime.date
UNIT = "区城管局"


@pytest.fixture
def campaign() -> Campaign:
    c = Campaign(load_plan(PLAN))
    c.enroll(UNIT, kind="参与单位", at=D(2013, 5, 2))
    return c


def test_a_designated_unit_owes_what_its_new_kind_owes(campaign: Campaign) -> None:
    with pytest.raises(MoveNotAllowed, match=r"already enrolled as 参与单位; .* use designate"):
        campaign.enroll(UNIT, kind="责任单位", at=D(2013, 7, 1))
    assert not campaign.owes(UNIT, "rectification_plan")
    event = campaign.designate(UNIT, kind="责任单位", at=D(2013, 7, 1), by="市整治办", reason="经查摆确定")
    assert dict(event.payload) == {"kind": "责任单位", "from": "参与单位", "reason": "经查摆确定"}
    record = campaign.record(UNIT)
    assert record.kind == "责任单位" and record.designated == ("参与单位", event.at)
    assert campaign.owes(UNIT, "rectification_plan")
    campaign.advance(UNIT, at=D(2013, 7, 1))
    assert not campaign.can_advance(UNIT, at=D(2013, 10, 1)).ok  # the plan is now owed
    row = campaign.board(D(2013, 7, 16)).rows[0]
    assert row.light == "red" and row.reason.startswith("整改方案逾期")
    with pytest.raises(MoveNotAllowed, match="already a 责任单位"):
        campaign.designate(UNIT, kind="责任单位", at=D(2013, 7, 2))
    with pytest.raises(CampaignflowError, match="unknown unit kind '责任'"):
        campaign.designate(UNIT, kind="责任", at=D(2013, 7, 2))
    assert Campaign.replay(campaign.plan, campaign.events()).snapshot() == campaign.snapshot()


def test_a_designation_survives_reopening_the_file(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with Campaign(load_plan(PLAN), store=db, authority="record") as c:
        c.enroll(UNIT, kind="参与单位", at=D(2013, 5, 2))
        c.designate(UNIT, kind="责任单位", at=D(2013, 7, 1))
        live = c.snapshot()
    with Campaign.open(db) as reopened:
        assert reopened.record(UNIT).kind == "责任单位"
        assert reopened.snapshot() == live


def test_designate_through_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "t.db"

    run = on(db)

    assert track("init", db, PLAN, "--authority", "record").exit_code == 0
    assert run("enroll", UNIT, "--kind", "参与单位", "--at", "2013-05-02")[0] == 0
    code, out, _ = run(
        "designate", UNIT, "--kind", "责任单位", "--at", "2013-07-01", "--reason", "经查摆确定"
    )
    assert code == 0 and "designated" in out and "kind=责任单位 from=参与单位" in out
    code, _, err = run("designate", UNIT, "--kind", "责任单位", "--at", "2013-07-02")
    assert code == 1 and "already a 责任单位" in err
    assert run("submit", UNIT, "rectification_plan", "--at", "2013-07-10")[0] == 0
