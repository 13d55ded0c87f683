"""限期整改 on a finding (``督促有关地方和部门限期整改``): a finding carries a term, is closed (销号) when
rectified, and a term missed while it is open is lateness the sweep (``term_missed``) and the board see."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from campaignflow import Campaign, CampaignflowError, MoveNotAllowed, PlanError, load_plan, parse_plan
from tests.cli import on, track
from tests.conftest import DATA

PLAN = DATA / "lang" / "findings_term.yaml"
TEXT = PLAN.read_text(encoding="utf-8")
D = datetime.date
UNIT = "甲区"


@pytest.fixture
def campaign() -> Campaign:
    c = Campaign(load_plan(PLAN))
    c.enroll(UNIT, kind="区县", at=D(2013, 5, 2))
    return c


def test_a_finding_carries_a_term_and_is_closed_when_rectified(campaign: Campaign) -> None:
    found = campaign.record_finding(
        UNIT, severity="较严重", note="台账不全", at=D(2013, 6, 3), within="10个工作日"
    )
    assert found.payload["due"] == "2013-06-18"  # 10 working days on: 端午 10–12 June, 调休 8–9 June
    plain = campaign.record_finding(UNIT, severity="一般", at=D(2013, 6, 4))
    assert campaign.record(UNIT).findings == {found.seq: (D(2013, 6, 18), False), plain.seq: (None, False)}
    campaign.close_finding(UNIT, found.seq, at=D(2013, 6, 18), by="市督查组", note="已补齐")
    assert campaign.record(UNIT).findings[found.seq] == (D(2013, 6, 18), True)
    with pytest.raises(MoveNotAllowed, match="already closed"):
        campaign.close_finding(UNIT, found.seq, at=D(2013, 6, 19))
    with pytest.raises(MoveNotAllowed, match=f"has no finding 999 \\(open: {plain.seq}\\)"):
        campaign.close_finding(UNIT, 999, at=D(2013, 6, 19))
    with pytest.raises(CampaignflowError, match="not both"):
        campaign.record_finding(UNIT, severity="一般", at=D(2013, 6, 4), due=D(2013, 7, 1), within="1个月")
    with pytest.raises(CampaignflowError, match="on or after"):
        campaign.record_finding(UNIT, severity="一般", at=D(2013, 6, 4), due=D(2013, 6, 1))
    assert Campaign.replay(campaign.plan, campaign.events()).snapshot() == campaign.snapshot()


def test_a_missed_term_is_swept_and_shown_until_the_finding_is_closed(campaign: Campaign) -> None:
    found = campaign.record_finding(UNIT, severity="较严重", at=D(2013, 6, 3), due=D(2013, 6, 14))
    campaign.record_finding(UNIT, severity="一般", at=D(2013, 6, 3), due=D(2013, 6, 7))  # not watched
    assert campaign.sweep(D(2013, 6, 14)) == []
    (late,) = campaign.sweep(D(2013, 6, 17))
    assert (late.status, late.due, late.actions) == ("new", D(2013, 6, 14), ("通报批评",))
    assert late.reason == "督查发现问题限期6月14日前整改，逾期 1 个工作日未销号"
    row = campaign.board(D(2013, 6, 17)).rows[0]
    assert row.light == "red" and row.due == D(2013, 6, 7) and "限期整改" in row.reason
    campaign.close_finding(UNIT, found.seq, at=D(2013, 6, 18))
    (cured,) = campaign.sweep(D(2013, 6, 18))
    assert (cured.status, cured.reason) == ("resolved", "督查发现问题已整改销号")


def test_term_missed_names_declared_severities() -> None:
    with pytest.raises(PlanError, match="severity '严重' is not declared"):
        parse_plan(TEXT.replace("term_missed: {severity: [较严重]", "term_missed: {severity: [严重]"))


def test_findings_with_terms_through_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "t.db"

    run = on(db)

    assert track("init", db, PLAN, "--authority", "record").exit_code == 0
    assert run("enroll", UNIT, "--kind", "区县", "--at", "2013-05-02")[0] == 0
    code, out, _ = run(
        "finding", UNIT, "--severity", "较严重", "--within", "10个工作日", "--at", "2013-06-03"
    )
    assert code == 0 and "due=2013-06-18" in out
    code, out, _ = run("findings", UNIT, "--format", "json")
    (row,) = json.loads(out)["findings"]
    assert (row["due"], row["closed"], row["severity"]) == ("2013-06-18", False, "较严重")
    code, out, _ = run("sweep", "--as-of", "2013-06-20", "--format", "json")
    assert [e["rule"] for e in json.loads(out)["escalations"]] == ["term_missed"]
    code, out, _ = run("close-finding", UNIT, str(row["finding"]), "--at", "2013-06-21")
    assert code == 0 and "finding_closed" in out
    code, _, err = run("close-finding", UNIT, str(row["finding"]), "--at", "2013-06-21")
    assert code == 1 and "already closed" in err
    code, out, _ = run("findings", UNIT)
    assert "已销号" in out
