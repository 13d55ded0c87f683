"""``campaignflow track sweep`` and ``track board`` on a SQLite tracking file.

Most tests run the commands inside the CLI's own error boundary (:class:`CampaignflowGroup`) under a
``track`` group built here, so they test the commands alone; the last ones go through the real entry
point, ``campaignflow track``.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from campaignflow import load_plan
from campaignflow.cli import app, main
from campaignflow.cli import track as track_module
from campaignflow.cli.app import CampaignflowGroup
from campaignflow.cli.escalation import board_command, sweep_command
from campaignflow.engine import Campaign
from tests.conftest import DEFINITIONS
from tests.test_escalation import LADDER

D = datetime.date


@click.group(cls=CampaignflowGroup)
def cli() -> None:
    """A stand-in for ``campaignflow``."""


@cli.group("track")
def track() -> None:
    """A stand-in for ``campaignflow track``."""


track.add_command(sweep_command)
track.add_command(board_command)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["track", *map(str, args)])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "track.db"
    with Campaign(load_plan(LADDER), store=path, authority="record") as c:
        c.enroll_many([("办公室", "科室"), ("幸福社区", "社区"), ("街道办", "科室")], at=D(2024, 3, 1))
        c.submit("街道办", "report", at=D(2024, 3, 2))
        c.record_finding("幸福社区", severity="严重", note="长期空岗", at=D(2024, 3, 5))
    return path


def test_sweep_json_records_and_a_second_run_stands(db: Path) -> None:
    first = run("sweep", db, "--as-of", "2024-03-20", "--format", "json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert (data["plan"], data["as_of"]) == ("escalation-ladder", "2024-03-20")
    assert data["counts"] == {"new": 4, "standing": 0, "resolved": 0}
    late = data["escalations"][0]
    assert (late["unit"], late["rule"], late["step"], late["actions"]) == (
        "办公室",
        "report_late",
        1,
        ["催办"],
    )
    assert late["reason"] == "学习心得逾期 3 个工作日" and late["due"] == "2024-03-15"
    grave = next(e for e in data["escalations"] if e["rule"] == "grave")
    assert grave["applied"] == ["延期1个月→2024-06-30"]
    with Campaign.open(db) as c:
        assert c.phase_end("幸福社区", "rectify") == D(2024, 6, 30)
        events = len(c.events())
        assert c.history("办公室")[-1].kind == "escalated"
    again = json.loads(run("sweep", db, "--as-of", "2024-03-20", "--format", "json").output)
    assert again["counts"] == {"new": 0, "standing": 4, "resolved": 0}
    with Campaign.open(db) as c:
        assert len(c.events()) == events


def test_sweep_text_is_a_table_with_a_summary(db: Path, tmp_path: Path) -> None:
    calm = tmp_path / "calm.db"
    with Campaign(load_plan(LADDER), store=calm, authority="record") as c:
        c.enroll("办公室", kind="科室", at=D(2024, 3, 1))
    assert run("sweep", calm, "--as-of", "2024-03-15").output.strip() == "督办测试方案 — 2024-03-15：无需督办"
    result = run("sweep", db, "--as-of", "2024-03-20", "--by", "督查室")
    assert result.exit_code == 0, result.output
    assert "督办测试方案 — 督办 2024-03-20" in result.output
    assert "学习心得逾期 3 个工作日" in result.output
    assert "延期1个月→2024-06-30" in result.output
    assert "组织处理/纪律处分 选一" in result.output
    assert result.output.rstrip().endswith("新 4 · 持续 0 · 解除 0")
    with Campaign.open(db) as c:
        assert c.history("办公室")[-1].by == "督查室"


def test_names_are_shown_as_written_not_as_markup(tmp_path: Path) -> None:
    path = tmp_path / "track.db"
    with Campaign(load_plan(LADDER), store=path, authority="record") as c:
        c.enroll("[bold]办公室[/bold]", kind="科室", at=D(2024, 3, 1))
    assert "[bold]办公室[/bold]" in run("sweep", path, "--as-of", "2024-03-20").output
    assert "[bold]办公室[/bold]" in run("board", path, "--as-of", "2024-03-20").output


def test_progress_bar_on_stderr_when_asked(db: Path) -> None:
    shown = run("sweep", db, "--as-of", "2024-03-20", "--progress", "--format", "json")
    assert shown.exit_code == 0
    assert "督办扫描" in shown.stderr and "3/3" in shown.stderr
    assert json.loads(shown.stdout)["counts"]["new"] == 4  # stdout stays clean JSON
    assert run("sweep", db, "--as-of", "2024-03-20").stderr == ""  # not a terminal: no bar by default
    assert run("sweep", db, "--as-of", "2024-03-20", "--no-progress").stderr == ""


def test_board_json_and_table(db: Path) -> None:
    data = json.loads(run("board", db, "--as-of", "2024-03-27", "--format", "json").output)
    assert (data["plan"], data["as_of"], data["warn_workdays"]) == ("escalation-ladder", "2024-03-27", 3)
    assert data["totals"] == {"green": 0, "yellow": 1, "red": 2}
    assert data["phases"][0] == {
        "phase": "study",
        "name": "学习阶段",
        "green": 0,
        "yellow": 1,
        "red": 2,
        "total": 3,
    }
    assert [u["light"] for u in data["units"]] == ["red", "red", "yellow"]
    assert data["units"][2] == {
        "unit": "街道办",
        "kind": "科室",
        "phase": "study",
        "light": "yellow",
        "due": "2024-03-29",
        "reason": "闭卷测试3月29日到期，还有 2 个工作日",
    }
    text = run("board", db, "--as-of", "2024-03-27").output
    assert "督办测试方案 — 红黄绿 2024-03-27" in text and "预警提前 3 个工作日" in text
    assert "● 红" in text and "学习心得逾期 8 个工作日" in text
    assert text.rstrip().endswith("红 2 · 黄 1 · 绿 0")
    early = run("board", db, "--as-of", "2024-03-04").output
    assert "● " not in early  # all green: only the counts
    assert "● 绿" in run("board", db, "--as-of", "2024-03-04", "--all").output


def test_as_of_defaults_to_today_in_shanghai(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = datetime.datetime(2024, 3, 15, 17, 0, tzinfo=datetime.UTC)  # already the 16th in Shanghai
    monkeypatch.setattr(app, "clock", frozen.timestamp)
    data = json.loads(run("board", db, "--format", "json").output)
    assert data["as_of"] == "2024-03-16"


def test_a_datetime_as_of_is_read_in_shanghai(db: Path) -> None:
    data = json.loads(run("board", db, "--as-of", "2024-03-15T17:00:00+00:00", "--format", "json").output)
    assert data["as_of"] == "2024-03-16"


def test_errors_are_messages_with_exit_codes(tmp_path: Path, db: Path) -> None:
    missing = run("sweep", tmp_path / "nope.db", "--as-of", "2024-03-20")
    assert missing.exit_code == 1 and "no such tracking database" in missing.stderr
    bad = run("board", db, "--as-of", "2024-02-30")
    assert bad.exit_code == 2 and "is not an ISO date" in bad.stderr
    assert run("sweep", db, "--format", "xml").exit_code == 2


def test_help_names_the_examples() -> None:
    assert "campaignflow track sweep track.db --as-of 2012-12-18" in run("sweep", "--help").output
    assert "warn_workdays" in run("board", "--help").output


def test_wired_into_campaignflow_track(db: Path) -> None:
    offered = track_module.group.list_commands(click.Context(track_module.group))
    if "sweep" not in offered or "track" not in main.list_commands(click.Context(main)):
        pytest.skip("the lead has not added sweep/board to `campaignflow track` yet")
    result = CliRunner().invoke(
        main, ["track", "sweep", str(db), "--as-of", "2024-03-20", "--format", "json"]
    )
    assert result.exit_code == 0 and json.loads(result.output)["counts"]["new"] == 4
    result = CliRunner().invoke(
        main, ["track", "board", str(db), "--as-of", "2024-03-20", "--format", "json"]
    )
    assert result.exit_code == 0 and json.loads(result.output)["totals"]["red"] == 2


def test_a_supervisor_records_findings_grades_deadlines_and_closes_on_seed_003(tmp_path: Path) -> None:
    db = str(tmp_path / "003.db")

    def on(day: str, *args: str) -> Result:
        when = "--as-of" if args[0] == "sweep" else "--at"
        if args[0] == "roster":  # track roster add DB ACTOR …
            return CliRunner().invoke(main, ["track", *args[:2], db, *args[2:], when, day])
        return CliRunner().invoke(main, ["track", args[0], db, *args[1:], when, day])

    plan = str(DEFINITIONS / "003-zhujianju-zhenggainian.yaml")
    assert CliRunner().invoke(main, ["track", "init", db, plan]).exit_code == 0
    roster = {"办公室主任": "局活动领导小组办公室", "巡查组": "局活动领导小组", "督导组": "局活动领导小组"}
    for actor, role in [*roster.items(), ("局活动领导小组", "局活动领导小组")]:
        assert on("2012-02-01", "roster", "add", actor, "--role", role, "--by", "办公室主任").exit_code == 0
    assert on("2012-02-01", "enroll", "办公室", "--kind", "科室站办", "--by", "办公室主任").exit_code == 0
    assert on("2012-02-01", "enroll", "规划所", "--kind", "局属单位", "--by", "办公室主任").exit_code == 0

    typo = on("2012-03-20", "finding", "办公室", "--severity", "避重就轻了", "--by", "巡查组")
    assert typo.exit_code == 1
    assert "unknown severity '避重就轻了' (the plan declares: “避重就轻”、“敷衍应付”" in typo.output
    assert on("2012-03-20", "finding", "办公室", "--severity", "避重就轻", "--by", "巡查组").exit_code == 0
    graded = on("2012-03-20", "grade", "规划所", "closed_test", "落实不好", "--by", "局活动领导小组")
    assert graded.exit_code == 0
    assert "graded (局活动领导小组) artifact=closed_test grade=落实不好" in graded.output
    ordered = on("2012-03-21", "deadline", "办公室", "self_analysis", "--due", "2012-07-20", "--by", "督导组")
    assert ordered.exit_code == 0 and "due=2012-07-20" in ordered.output

    swept = json.loads(on("2012-03-22", "sweep", "--format", "json").output)
    found = {(e["unit"], e["rule"]): e for e in swept["escalations"]}
    assert set(found) == {("办公室", "superficial_analysis"), ("规划所", "study_poorly_done")}
    redo = found["办公室", "superficial_analysis"]
    assert redo["actions"] == ["书面检查", "重做本阶段"] and redo["applied"] == []
    assert redo["not_applied"][0].startswith("重做本阶段：办公室 is in 学习提高阶段 (study)")
    assert found["规划所", "study_poorly_done"]["actions"] == ["通报批评"]

    closed = on("2012-03-23", "close", "办公室", "superficial_analysis", "--by", "督导组")
    assert closed.exit_code == 0
    assert closed.output.startswith("[解除] 办公室 避重就轻、敷衍应付：措施已落实")
    again = on("2012-03-23", "close", "办公室", "superficial_analysis")
    assert again.exit_code == 1 and "nothing stands to close" in again.output
    with Campaign.open(db) as c:
        assert c.deadline_of("办公室", "self_analysis") == D(2012, 7, 20)
        assert [e.kind for e in c.history("办公室")][-3:] == ["deadline_set", "escalated", "resolved"]
        assert c.history("办公室")[-1].payload["closed"] is True


def test_the_sweep_table_says_who_carries_a_measure_out(tmp_path: Path) -> None:
    db = tmp_path / "003.db"
    plan = load_plan(DEFINITIONS / "003-zhujianju-zhenggainian.yaml")
    with Campaign(
        plan, store=db, authority="record"
    ) as c:  # 规划所 hands everything in and reaches 广泛评议阶段
        c.enroll("规划所", kind="局属单位", at=D(2012, 2, 1))
        for phase, opens in zip(plan.phases[:3], [p.start for p in plan.phases[1:]], strict=True):
            for spec in phase.artifacts:
                if spec.required and c.owes("规划所", spec.id):
                    if spec.kind == "test":
                        c.record_score("规划所", spec.id, 90, at=phase.start)
                    else:
                        c.submit("规划所", spec.id, at=phase.start)
                    if spec.reviewer:
                        c.approve("规划所", spec.id, at=phase.start, by=spec.reviewer)
            c.advance("规划所", at=opens)
    voted = [
        "track",
        "vote",
        str(db),
        "规划所",
        "team_vote",
        "满意=6",
        "一般=3",
        "较差=1",
        "--at",
        "2012-10-20",
    ]
    assert CliRunner().invoke(main, voted).exit_code == 0
    sweep = ["track", "sweep", str(db), "--as-of", "2012-10-22"]
    table = CliRunner().invoke(main, sweep, terminal_width=200)
    assert table.exit_code == 0
    assert "诫勉谈话（由区委实施）" in table.output  # “由区委对单位主要负责同志进行诫勉谈话”
    data = json.loads(CliRunner().invoke(main, [*sweep, "--format", "json"]).output)
    (talk,) = [e for e in data["escalations"] if e["rule"] == "team_votes"]
    assert (talk["held_by"], talk["addressee"]) == ("区委", "规划所主要负责同志")
