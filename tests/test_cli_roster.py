"""``campaignflow track roster`` and every refusal of authority and time order, on seed 003."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from campaignflow import Campaign
from campaignflow.cli import app
from tests.cli import ok, refused, track
from tests.conftest import DATA, ROOT

SEED = ROOT / "definitions" / "003-zhujianju-zhenggainian.yaml"
UNIT = "城建监察大队"
CLOSEOUT = "rectification_closeout"  # 整改销号: reviewer 局党委成员及单位班子成员


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Seed 003 in a new file: 局党委 sets it up, 办公室主任 (its first role, so the roster's manager) enrolls
    and adds the others, 王五 sits on 局党委, 李四 is 城建监察大队's clerk."""
    path = tmp_path / "003.db"
    assert "authority enforce" in ok("init", path, SEED)
    ok(
        "roster",
        "add",
        path,
        "办公室主任",
        "--role",
        "局活动领导小组办公室",
        "--at",
        "2012-02-01",
        "--by",
        "局党委",
    )
    by = ("--at", "2012-02-01", "--by", "办公室主任")
    ok("roster", "add", path, "王五", "--role", "局党委成员及单位班子成员", *by)
    ok("roster", "add", path, "巡查组", "--role", "局活动领导小组", *by)
    ok("enroll", path, UNIT, "--kind", "局属单位", *by)
    ok("roster", "add", path, "李四", "--unit", UNIT, *by)
    return path


def reach_rectify(db: Path) -> None:
    """李四 hands in everything of 学习提高阶段 and 查摆问题阶段 and moves 城建监察大队 on, then 整改销号."""
    with Campaign.open(db) as c:
        for phase, opens in zip(c.plan.phases[:2], [p.start for p in c.plan.phases[1:3]], strict=True):
            for spec in phase.artifacts:
                if spec.required and c.owes(UNIT, spec.id):
                    if spec.kind == "test":
                        c.record_score(UNIT, spec.id, 90, at=phase.start, by="李四")
                    else:
                        c.submit(UNIT, spec.id, at=phase.start, by="李四")
            c.advance(UNIT, at=opens, by="李四")
        c.submit(UNIT, CLOSEOUT, at=datetime.date(2012, 8, 1), by="李四")


def test_a_clerk_cannot_approve_its_own_closeout_and_a_party_committee_member_can(db: Path) -> None:
    reach_rectify(db)
    err = refused("approve", db, UNIT, CLOSEOUT, "--by", "李四", "--at", "2012-08-02")
    assert err == (
        f"refused: {UNIT}: 李四 may not approve {UNIT} (approve): 李四 acts for {UNIT}, and nobody signs off "
        "their own unit's submission; only a holder of 局党委成员及单位班子成员 who does not act for it may\n"
    )
    ok(
        "roster",
        "add",
        db,
        "李四",
        "--role",
        "局党委成员及单位班子成员",
        "--at",
        "2012-08-02",
        "--by",
        "办公室主任",
    )
    assert "nobody signs off" in refused("approve", db, UNIT, CLOSEOUT, "--by", "李四", "--at", "2012-08-02")
    ok(
        "roster", "remove", db, "李四", "--unit", UNIT, "--at", "2012-08-02", "--by", "办公室主任"
    )  # a member now, but it handed it in
    err = refused("approve", db, UNIT, CLOSEOUT, "--by", "李四", "--at", "2012-08-02")
    assert "李四 handed in 整改销号 (rectification_closeout) and may not sign it off (approve)" in err
    out = ok("approve", db, UNIT, CLOSEOUT, "--by", "王五", "--at", "2012-08-02")
    assert (
        out
        == f"{UNIT}: 2012-08-02 00:00 approved (王五) artifact={CLOSEOUT} reviewer=局党委成员及单位班子成员\n"
    )
    with Campaign.open(db) as reopened:  # it all survives reopening the file
        assert reopened.authority.mode == "enforce"
        assert reopened.evidence(UNIT, CLOSEOUT).status == "approved"
        assert reopened.history(UNIT)[-1].by == "王五"
        assert reopened.authority.roster.roles("李四") == ("局党委成员及单位班子成员",)


def test_a_finding_without_an_actor_is_refused(db: Path) -> None:
    err = refused("finding", db, UNIT, "--severity", "走过场", "--at", "2012-03-20")
    assert "finding is a decision: it must name who does it (by=…; CLI --by)" in err
    assert "holders of 局活动领导小组、局活动领导小组办公室、局党委成员及单位班子成员 may do it" in err
    err = refused("finding", db, UNIT, "--severity", "走过场", "--at", "2012-03-20", "--by", "李四")
    assert f"李四 may not record findings about {UNIT} (finding)" in err
    assert "finding" in ok(
        "finding", db, UNIT, "--severity", "走过场", "--at", "2012-03-20", "--by", "巡查组"
    )


def test_a_submission_before_enrolment_is_refused_unless_back_dated_with_a_reason(db: Path) -> None:
    err = refused("submit", db, UNIT, "unit_plan", "--by", "李四", "--at", "2012-01-15")
    assert f"dated 2012-01-15 00:00, before that: {UNIT} was enrolled on 2012-02-01 00:00" in err
    assert "--backdate REASON" in err
    out = ok(
        "submit", db, UNIT, "unit_plan", "--by", "李四", "--at", "2012-01-15", "--backdate", "补录纸质材料"
    )
    assert "backdated=补录纸质材料" in out
    ok("submit", db, UNIT, "working_body", "--by", "李四", "--at", "2012-02-10")
    err = refused("submit", db, UNIT, "group_study", "--by", "李四", "--at", "2012-02-09")
    assert f"{UNIT}'s latest event is dated 2012-02-10 00:00" in err
    history = ok("history", db, UNIT)
    assert "backdated=补录纸质材料" in history
    with Campaign.open(db) as reopened:
        (late,) = [e for e in reopened.history(UNIT) if "backdated" in e.payload]
        assert (late.at.date(), late.payload["backdated"]) == (datetime.date(2012, 1, 15), "补录纸质材料")


def test_every_act_is_refused_to_whoever_lacks_authority(db: Path) -> None:
    at = ("--at", "2012-02-20")
    cases = [
        (
            ("enroll", db, "办公室", "--kind", "科室站办", "--by", "李四"),
            "李四 may not enroll units (enroll)",
        ),
        (("enroll", db, "办公室", "--kind", "科室站办"), "enroll is an act that must name who does it"),
        (("submit", db, UNIT, "unit_plan", "--by", "王五"), f"王五 may not hand in for {UNIT} (submit)"),
        (("submit", db, UNIT, "unit_plan", "--by", "路人"), "路人 is not on the roster"),
        (("score", db, UNIT, "closed_test", "80", "--by", "路人"), f"路人 may not record scores of {UNIT}"),
        (
            ("grade", db, UNIT, "closed_test", "落实不好", "--by", "李四"),
            f"李四 may not record grades of {UNIT}",
        ),
        (("deadline", db, UNIT, "unit_plan", "--due", "2012-03-01"), "deadline is a decision"),
        (
            ("deadline", db, UNIT, "unit_plan", "--due", "2012-03-01", "--by", "李四"),
            "李四 may not set deadlines",
        ),
    ]
    for args, reason in cases:
        assert reason in refused(*args, *at), args
    with Campaign.open(db) as c:
        assert [e.kind for e in c.history(UNIT)] == ["enrolled"]  # nothing was recorded
    reach_rectify(db)
    with Campaign.open(db) as c:
        c.record_finding(UNIT, severity="避重就轻", at=datetime.date(2012, 8, 2), by="巡查组")
    later = ("--at", "2012-08-03")
    assert "reject is a decision" in refused("reject", db, UNIT, CLOSEOUT, "--reason", "不实", *later)
    assert "李四 may not reject" in refused(
        "reject", db, UNIT, CLOSEOUT, "--reason", "不实", "--by", "李四", *later
    )
    ok("sweep", db, "--as-of", "2012-08-02")  # escalates the finding
    err = refused("close", db, UNIT, "superficial_analysis", "--by", "李四", *later)
    assert "李四 may not close escalations (销号) of" in err
    with Campaign.open(db) as c:  # everything of 整改落实阶段 in: only the actor stands in the way
        for artifact in ("rectification_measures", "mechanism"):
            c.submit(UNIT, artifact, at=datetime.date(2012, 8, 3), by="李四")
        c.approve(UNIT, CLOSEOUT, at=datetime.date(2012, 8, 3), by="王五")
    err = refused("advance", db, UNIT, "--by", "路人", "--at", "2012-10-08")
    assert f"路人 may not advance {UNIT} (advance): only the unit's own actors or holders of" in err
    assert "advanced" in ok("advance", db, UNIT, "--by", "李四", "--at", "2012-10-08")


def test_roster_add_remove_list_and_their_mistakes(db: Path) -> None:
    listed = json.loads(ok("roster", "list", db, "--format", "json"))
    assert listed["authority"] == "enforce"
    assert listed["actors"]["李四"] == {"roles": [], "units": [UNIT]}
    assert listed["roles"]["局党委成员及单位班子成员"] == ["王五"]
    table = ok("roster", "list", db)
    assert "authority enforce" in table and "王五" in table and "局党委成员及单位班子成员" in table
    assert "unknown role '督导组'" in refused(
        "roster", "add", db, "赵六", "--role", "督导组", "--at", "2012-03-01"
    )
    assert "'无此单位' is not enrolled" in refused("roster", "add", db, "赵六", "--unit", "无此单位")
    assert "王五 does not act for" in refused("roster", "remove", db, "王五", "--unit", UNIT)
    assert "already acts for" in refused("roster", "add", db, "李四", "--unit", UNIT, "--at", "2012-03-01")
    both = track("roster", "add", db, "赵六", "--role", "局活动领导小组", "--unit", UNIT)
    assert both.exit_code == 2 and "give --role ROLE or --unit UNIT" in both.stderr
    removed = ok("roster", "remove", db, "李四", "--unit", UNIT, "--at", "2012-03-01", "--by", "办公室主任")
    assert removed == f"李四: 2012-03-01 00:00 revoked (办公室主任) actor=李四 unit={UNIT}\n"
    assert "李四 is not on the roster" in refused(
        "submit", db, UNIT, "unit_plan", "--by", "李四", "--at", "2012-03-01"
    )


def test_record_mode_flags_acts_in_the_history_and_on_the_board(db: Path) -> None:
    assert ok("roster", "mode", db) == "enforce\n"
    assert "authority (办公室主任) mode=record" in ok(
        "roster", "mode", db, "record", "--by", "办公室主任", "--at", "2012-02-02"
    )
    out = ok("submit", db, UNIT, "unit_plan", "--by", "路人", "--at", "2012-02-03")  # recorded, flagged
    assert "unauthorised=" in out
    ok("submit", db, UNIT, "working_body", "--by", "李四", "--at", "2012-02-04")
    history = ok("history", db, UNIT).splitlines()
    assert history[1].split()[1] == "⚠" and history[2].split()[1] != "⚠"
    board = ok("board", db, "--as-of", "2012-02-05")
    assert "⚠ 1 act(s) recorded without authority or out of time order:" in board and "路人" in board
    data = json.loads(ok("board", db, "--as-of", "2012-02-05", "--format", "json"))
    assert [e["by"] for e in data["flagged"]] == ["路人"]
    with Campaign.open(db) as reopened:
        assert reopened.authority.mode == "record"


def test_record_mode_from_init(tmp_path: Path) -> None:
    path = tmp_path / "loose.db"
    assert "authority record" in ok("init", path, SEED, "--authority", "record")
    assert "unauthorised=" in ok("enroll", path, UNIT, "--kind", "局属单位", "--at", "2012-02-01")


def test_the_default_at_on_a_plan_that_ended_years_ago_warns(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = datetime.datetime(2026, 12, 6, 1, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(app, "clock", frozen.timestamp)
    result = track("submit", db, UNIT, "unit_plan", "--by", "李四")
    assert result.exit_code == 0
    assert result.stderr == (
        "warning: --at defaults to now (2026-12-06), but this plan ended on 2012-12-31; "
        "pass --at DATE to date the act when it happened\n"
    )
    assert track("submit", db, UNIT, "working_body", "--by", "李四", "--at", "2026-12-06T10:00").stderr == ""


def test_an_extension_needs_a_named_actor_with_a_role(tmp_path: Path) -> None:
    db = tmp_path / "engine.db"  # seed 003 allows no extension; the engine's test plan does
    ok("init", db, DATA / "engine" / "zhengainian.yaml")
    ok("roster", "add", db, "督导组", "--role", "督导组", "--at", "2012-02-01")
    ok("enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-01", "--by", "督导组")
    ok("roster", "add", db, "张三", "--unit", "办公室", "--at", "2012-02-01", "--by", "督导组")
    extend = ("extend", db, "办公室", "--phase", "rectify", "--by", "1个月", "--at", "2012-02-02")
    assert "extend is a decision: it must name who does it" in refused(*extend)
    assert "张三 may not extend a phase for 办公室 (extend)" in refused(*extend, "--actor", "张三")
    assert "end=2012-10-31" in ok(*extend, "--actor", "督导组")
    ok("submit", db, "办公室", "pledge", "--by", "张三", "--at", "2012-02-06")
    ok("score", db, "办公室", "closed_test", "80", "--by", "张三", "--at", "2012-02-06")
    ok("advance", db, "办公室", "--by", "张三", "--at", "2012-03-01")
    back = ("send-back", db, "办公室", "--to", "inspect", "--reason", "重新查找", "--at", "2012-03-02")
    assert "send_back is a decision" in refused(*back)
    assert "张三 may not send back 办公室 (send_back)" in refused(*back, "--by", "张三")
    assert "sent_back (督导组)" in ok(*back, "--by", "督导组")


def test_only_a_manager_of_the_roster_changes_it_or_the_mode(db: Path) -> None:
    at = ("--at", "2012-03-01")
    err = refused("roster", "add", db, "李四", "--role", "局活动领导小组", "--by", "李四", *at)
    assert err.startswith(
        "refused: 李四 may not change the roster or the authority mode (roster): only holders"
    )
    assert "roster is a decision" in refused("roster", "add", db, "赵六", "--unit", UNIT, *at)
    assert "路人 is not on the roster" in refused(
        "roster", "remove", db, "李四", "--unit", UNIT, "--by", "路人"
    )
    assert "李四 may not change the roster" in refused("roster", "mode", db, "record", "--by", "李四", *at)
    assert ok("roster", "mode", db) == "enforce\n"
    assert "granted (王五)" in ok("roster", "add", db, "赵六", "--unit", UNIT, "--by", "王五", *at)
