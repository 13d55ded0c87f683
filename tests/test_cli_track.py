"""``campaignflow track`` through the real entry point: a seed-003-like scenario from init to done."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from campaignflow.cli import app
from campaignflow.engine import Campaign
from tests.cli import ok, track
from tests.conftest import DATA

PLAN = DATA / "engine" / "zhengainian.yaml"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "track.db"
    code, out, err = track("init", path, PLAN)
    assert code == 0, err
    title = "住建局作风建设实施方案（引擎测试） (engine-zhengainian)"
    assert out == f"{path}: tracking {title}, 4 phases, authority enforce\n"
    # authority is enforced: the offices that enroll, review and supervise are on the roster first;
    # the first one set up (its role manages the roster) adds the others
    ok("roster", "add", path, "领导小组办公室", "--role", "局活动领导小组", "--at", "2012-02-01")
    ok("roster", "add", path, "督导组", "--role", "督导组", "--at", "2012-02-01", "--by", "领导小组办公室")
    return path


def test_a_unit_goes_from_refused_to_done(db: Path) -> None:
    ok("enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-01", "--by", "领导小组办公室")
    ok("roster", "add", db, "张三", "--unit", "办公室", "--at", "2012-02-01", "--by", "领导小组办公室")
    code, out, err = track("advance", db, "办公室", "--at", "2012-03-01", "--by", "张三")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "refused: 办公室: 2 required artifact(s) of 学习提高阶段 (study) not in — "
        "公开承诺 (pledge): not submitted; 闭卷测试 (closed_test): no score recorded",
        "missing: pledge, closed_test",
    ]
    assert "Traceback" not in err
    assert ok(
        "submit", db, "办公室", "pledge", "--by", "张三", "--ref", "承诺书.pdf", "--at", "2012-02-06"
    ) == ("办公室: 2012-02-06 00:00 submitted (张三) artifact=pledge ref=承诺书.pdf\n")
    ok("score", db, "办公室", "closed_test", "85", "--at", "2012-02-20", "--by", "张三")
    ok("advance", db, "办公室", "--at", "2012-03-01T09:30", "--by", "张三")
    ok("submit", db, "办公室", "self_analysis", "--by", "张三", "--at", "2012-03-10")
    ok(
        "reject",
        db,
        "办公室",
        "self_analysis",
        "--by",
        "督导组",
        "--reason",
        "避重就轻",
        "--at",
        "2012-03-12",
    )
    ok(
        "send-back",
        db,
        "办公室",
        "--to",
        "inspect",
        "--reason",
        "重新查找",
        "--at",
        "2012-03-12",
        "--by",
        "督导组",
    )
    ok("submit", db, "办公室", "self_analysis", "--at", "2012-03-20", "--by", "张三")
    ok("approve", db, "办公室", "self_analysis", "--by", "督导组", "--at", "2012-03-21")
    ok("submit", db, "办公室", "problem_ledger", "--at", "2012-03-21", "--by", "张三")
    item = ("办事推诿", "--ref", "台账第3条", "--at", "2012-03-22", "--by", "张三")
    added = ok("add-item", db, "办公室", "problem_ledger", *item)
    assert (
        added
        == "办公室: 2012-03-22 00:00 item_added (张三) artifact=problem_ledger item=办事推诿 ref=台账第3条\n"
    )
    code, _, err = track("advance", db, "办公室", "--at", "2012-07-02", "--by", "张三")
    assert code == 1 and "问题台账 (problem_ledger): 1 item(s) not closed (未销号): 办事推诿" in err
    code, _, err = track(
        "close-item", db, "办公室", "problem_ledger", "空岗", "--at", "2012-06-01", "--by", "张三"
    )
    assert code == 1 and "item '空岗' is not in the ledger; nothing to close" in err
    assert (
        ok("items", db, "办公室", "problem_ledger")
        == "未销号  办事推诿\n办公室 问题台账: 1 item(s), 1 open\n"
    )
    ok("close-item", db, "办公室", "problem_ledger", "办事推诿", "--by", "张三", "--at", "2012-06-01")
    listed = json.loads(ok("items", db, "办公室", "problem_ledger", "--format", "json"))
    assert listed == {"unit": "办公室", "artifact": "problem_ledger", "open": [],
                      "items": [{"item": "办事推诿", "closed": True}]}  # fmt: skip
    code, _, err = track("items", db, "办公室", "self_analysis")
    assert code == 1 and "书面剖析材料 (self_analysis) is not a ledger of items" in err
    ok("advance", db, "办公室", "--at", "2012-07-02", "--by", "张三")
    assert "end=2012-11-30" in ok(
        "extend",
        db,
        "办公室",
        "--phase",
        "rectify",
        "--by",
        "2个月",
        "--at",
        "2012-09-01",
        "--actor",
        "领导小组办公室",
    )
    ok("submit", db, "办公室", "rectification", "--at", "2012-09-10", "--by", "张三")
    ok("approve", db, "办公室", "rectification", "--at", "2012-09-11", "--by", "督导组")
    ok("advance", db, "办公室", "--at", "2012-10-08", "--by", "张三")
    ok("vote", db, "办公室", "team_vote", "满意=10", "一般=2", "-r", "服务对象代表=6", "-r", "干部职工=6",
       "--at", "2012-11-20", "--by", "领导小组办公室")  # fmt: skip
    ok("advance", db, "办公室", "--at", "2012-12-20", "--by", "张三")
    with Campaign.open(db) as reopened:
        assert reopened.phase_of("办公室") == "done"
        assert reopened.phase_end("办公室", "rectify").isoformat() == "2012-11-30"
    history = json.loads(ok("history", db, "办公室", "--format", "json"))
    assert [e["kind"] for e in history].count("advanced") == 4
    assert [e["kind"] for e in history].count("item_closed") == 1
    assert history[0] == {"seq": 4, "unit": "办公室", "kind": "enrolled", "at": "2012-02-01T00:00:00+08:00",
                          "by": "领导小组办公室", "payload": {"kind": "科室站办"}}  # fmt: skip
    text = ok("history", db, "办公室").splitlines()
    rejected = "2012-03-12 00:00 rejected (督导组) artifact=self_analysis reason=避重就轻 reviewer=督导组"
    assert text[5] == f"    10   {rejected}"


def test_enroll_from_csv_and_status(db: Path, tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(
        "name,kind\n城建监察大队,局属单位\n办公室,科室站办\n规划站,科室站办\n", encoding="utf-8-sig"
    )
    assert (
        ok("enroll", db, "--from", units, "--at", "2012-02-01", "--by", "领导小组办公室")
        == f"{db}: enrolled 3 unit(s) from {units}\n"
    )
    status = json.loads(ok("status", db, "--format", "json"))
    assert status["units"] == 3
    assert [(p["id"], len(p["units"])) for p in status["phases"]] == [
        ("study", 3), ("inspect", 0), ("rectify", 0), ("evaluate", 0), ("done", 0)
    ]  # fmt: skip
    assert status["phases"][0]["units"] == ["城建监察大队", "办公室", "规划站"]
    table = ok("status", db)
    assert "学习提高阶段" in table and "已完成" in table and "│      3 │" in table
    ok("enroll", db, "[bold]督查室[/bold]", "--kind", "科室站办", "--at", "2012-02-01", "--by", "督导组")
    assert "[bold]督查室[/bold]" in ok("status", db)  # a name is shown as written, never read as markup


def test_bad_csv_rows_are_located_and_nothing_is_enrolled(db: Path, tmp_path: Path) -> None:
    ok("enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-01", "--by", "督导组")
    units = tmp_path / "units.csv"
    units.write_text("name,kind\n城建监察大队,局属单位\n,科室站办\n规划站,局属\n规划站,科室站办\n规划站,科室站办\n办公室,科室站办\n",
                     encoding="utf-8")  # fmt: skip
    code, out, err = track("enroll", db, "--from", units, "--at", "2012-02-01")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{units}:3: empty name",
        f"{units}:4: unknown kind '局属' (the plan has 局属单位、科室站办)",
        f"{units}:6: 规划站 is listed twice (first on line 5)",
        f"{units}:7: 办公室 is already enrolled",
        f"{units}: nothing enrolled (4 problem(s))",
    ]
    with Campaign.open(db) as c:
        assert c.units() == ["办公室"]
    headless = tmp_path / "headless.csv"
    headless.write_text("办公室,科室站办\n", encoding="utf-8")
    code, _, err = track("enroll", db, "--from", headless, "--at", "2012-02-01")
    assert (
        code == 1
        and err
        == f"{headless}:1: no header row with the columns 单位名称,类别 (or name,kind)\n"
        + (f"{headless}: nothing enrolled (1 problem(s))\n")
    )


def test_errors_are_clean_messages_with_exit_codes(db: Path, tmp_path: Path) -> None:
    code, _, err = track("submit", db, "无此单位", "pledge", "--at", "2012-02-01")
    assert (code, err) == (1, "error: unit '无此单位' is not enrolled\n")
    code, _, err = track("advance", db, "办公室", "--at", "2012-13-01")
    assert code == 2 and "'2012-13-01' is not an ISO date or datetime" in err
    code, _, err = track("enroll", db, "办公室")
    assert code == 2 and "give UNIT with --kind, or --from units.csv" in err
    code, _, err = track("init", db, PLAN)
    assert code == 1 and "already tracks campaign engine-zhengainian" in err
    notes = tmp_path / "notes.db"
    notes.write_text("不是数据库\n" * 20, encoding="utf-8")
    code, _, err = track("status", notes)
    assert code == 1 and err.startswith(f"error: {notes}: not a campaignflow tracking database")
    code, _, err = track("status", tmp_path / "missing.db")
    assert code == 1 and "no such tracking database" in err
    code, _, err = track("vote", db, "办公室", "team_vote", "满意:10")
    assert code == 2 and "write votes as NAME=COUNT" in err


def test_at_defaults_to_now_in_shanghai(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = datetime.datetime(2012, 2, 3, 1, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(app, "clock", frozen.timestamp)
    assert (
        ok("enroll", db, "办公室", "--kind", "科室站办", "--by", "督导组")
        == "办公室: 2012-02-03 09:00 enrolled (督导组) kind=科室站办\n"
    )


def test_help_shows_examples() -> None:
    code, out, _ = track("--help")
    assert code == 0
    commands = "init enroll submit approve reject advance send-back extend status history score vote"
    for command in commands.split():
        assert f" {command} " in out
    assert "campaignflow track enroll track.db --from units.csv" in out
    code, out, _ = track("advance", "--help")
    assert code == 0 and "--at DATE[TIME]" in out
