"""Who may change the roster and the mode (the act ``roster``): the engine checks it like any other act."""

from __future__ import annotations

import datetime

import pytest

from campaignflow import Campaign, NotAuthorized, load_plan, parse_plan
from campaignflow.authority import flagged
from campaignflow.errors import CampaignflowError
from campaignflow.plan import Plan
from tests.conftest import DATA

PLAN = DATA / "engine" / "zhengainian.yaml"
FEB, MAR = datetime.date(2012, 2, 1), datetime.date(2012, 3, 5)
ROLES = ("局活动领导小组", "督导组")


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


def set_up(campaign: Campaign) -> Campaign:
    """管理员 appoints 领导小组 (the first role: it manages the roster), which adds 办公室's clerk 张三."""
    campaign.grant("领导小组", role="局活动领导小组", at=FEB, by="管理员")
    campaign.enroll("办公室", kind="科室站办", at=FEB, by="领导小组")
    campaign.grant("张三", unit="办公室", at=FEB, by="领导小组")
    return campaign


def test_a_clerk_cannot_give_itself_a_role_nor_switch_enforcement_off(plan: Plan) -> None:
    c = set_up(Campaign(plan, authority="enforce"))
    before = c.events()
    with pytest.raises(NotAuthorized) as refused:
        c.grant("张三", role="局活动领导小组", at=MAR, by="张三")
    error = refused.value
    assert (error.unit, error.actor, error.act, error.allowed, error.own) == (
        "",
        "张三",
        "roster",
        ROLES,
        False,
    )
    assert str(error) == (
        "张三 may not change the roster or the authority mode (roster): only holders of "
        "局活动领导小组、督导组 may; 张三 acts for 办公室"
    )
    with pytest.raises(NotAuthorized, match="路人 is not on the roster"):
        c.revoke("领导小组", role="局活动领导小组", at=MAR, by="路人")
    with pytest.raises(NotAuthorized, match="roster is a decision: it must name who does it"):
        c.grant("李四", unit="办公室", at=MAR)
    with pytest.raises(NotAuthorized, match="张三 may not change the roster"):
        c.set_authority("record", at=MAR, by="张三")
    assert c.events() == before and c.authority.mode == "enforce"
    c.grant("督导组", role="督导组", at=MAR, by="领导小组")
    c.grant("李四", unit="办公室", at=MAR, by="督导组")  # any declared role manages, by default
    c.set_authority("record", at=MAR, by="领导小组")
    assert c.authority.mode == "record"


def test_the_first_role_granted_sets_a_new_file_up(plan: Plan) -> None:
    c = Campaign(plan, authority="enforce")
    c.grant("领导小组", role="局活动领导小组", at=FEB)  # nobody manages it yet: open, even to nobody
    with pytest.raises(NotAuthorized, match="roster is a decision"):
        c.grant("督导组", role="督导组", at=FEB)  # from now on, a manager names itself
    assert [e.kind for e in c.events()] == ["authority", "granted"]
    loose = Campaign(plan, authority="enforce")
    loose.set_authority("record", at=FEB)  # before anyone manages the roster, its setter may switch
    assert loose.authority.mode == "record"


def test_the_last_manager_cannot_lose_its_role(plan: Plan) -> None:
    c = set_up(Campaign(plan, authority="enforce"))
    with pytest.raises(
        CampaignflowError, match="领导小组 is the last holder of 局活动领导小组, which manages"
    ):
        c.revoke("领导小组", role="局活动领导小组", at=MAR, by="领导小组")
    c.grant("督导组", role="督导组", at=MAR, by="领导小组")
    c.revoke("领导小组", role="局活动领导小组", at=MAR, by="督导组")
    assert c.authority.roster.holders("局活动领导小组") == []


def test_a_plan_names_the_office_that_manages_the_roster(plan: Plan) -> None:
    text = plan.text.replace("moves:", "authority:\n  roster: [局活动领导小组]\nmoves:", 1)
    strict = parse_plan(text, "strict.yaml")
    assert strict.authority.roster == ["局活动领导小组"]
    c = Campaign(strict, authority="enforce")
    with pytest.raises(NotAuthorized, match="nobody manages the roster yet"):
        c.grant("督导组", role="督导组", at=FEB)  # not a role that manages it: no bootstrap
    set_up(c)
    c.grant("督导组", role="督导组", at=FEB, by="领导小组")
    with pytest.raises(
        NotAuthorized, match=r"only a holder of 局活动领导小组 may; 督导组 holds 督导组"
    ) as refused:
        c.grant("王五", role="督导组", at=FEB, by="督导组")
    assert refused.value.allowed == ("局活动领导小组",)


def test_record_mode_flags_a_roster_change_without_authority_and_replays_it(plan: Plan) -> None:
    c = set_up(Campaign(plan, authority="record"))
    marked = c.grant("张三", role="局活动领导小组", at=MAR, by="张三")
    assert "张三 may not change the roster" in marked.payload["unauthorised"]
    assert c.authority.roster.roles("张三") == ("局活动领导小组",)  # recorded: record mode refuses nothing
    assert flagged(c.events()) == [marked]
    replayed = Campaign.replay(plan, c.events())
    assert replayed.authority.roster.as_dict() == c.authority.roster.as_dict()


def test_an_unchecked_campaign_checks_no_roster_change_either(plan: Plan) -> None:
    c = Campaign(plan)
    c.enroll("办公室", kind="科室站办", at=FEB)
    c.grant("张三", unit="办公室", at=FEB)
    c.grant("张三", role="督导组", at=FEB, by="张三")
    assert "unauthorised" not in c.events()[-1].payload
