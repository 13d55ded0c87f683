"""The deadline-only first phase and the reworded messages, through the ``campaignflow`` command line."""

from __future__ import annotations

import datetime
from pathlib import Path

from campaignflow import Campaign, load_plan
from tests.cli import run
from tests.conftest import DATA

PLAN = DATA / "lang" / "deadline_first.yaml"
PLAN_DAY = datetime.date(2013, 5, 20)
TEXT = PLAN.read_text(encoding="utf-8")


def test_validate_track_and_calendar_take_a_deadline_only_first_phase(tmp_path: Path) -> None:
    code, out, _ = run("validate", PLAN)
    assert code == 0 and "2013-06-15 – 2013-09-30" in out
    db = tmp_path / "t.db"
    assert run("track", "init", db, PLAN, "--authority", "record")[0] == 0
    assert run("track", "enroll", db, "区财政局", "--kind", "区直单位", "--at", "2013-05-20")[0] == 0
    code, out, _ = run("calendar", PLAN, "--format", "md")
    assert code == 0 and "发动部署阶段" in out and "2013-06-16" in out


def test_validate_points_at_a_phase_without_a_start_rule(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(TEXT.replace("    starts: on_enrolment\n", ""), encoding="utf-8")
    code, out, _ = run("validate", path)
    assert code == 1
    line = TEXT.splitlines().index("    window: 6月15日前") + 1
    assert f"{path}:{line}:13: error: 'window': phase mobilize has only a deadline (6月15日前)" in out
    assert "[open-start]" in out


def test_validate_says_once_that_the_year_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(TEXT.replace("year: 2013\n", ""), encoding="utf-8")
    code, out, _ = run("validate", path)
    assert code == 1
    assert out.count("until the plan has a valid 'year'") == 1 and "3 date phrases" in out


def test_validate_names_undated_phases_in_its_ok_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(TEXT.replace("    window: 截止9月底\n", ""), encoding="utf-8")
    code, out, _ = run("validate", path)
    assert code == 0
    assert (
        "ok — 某区机关作风整顿实施方案（测试）, 2 phases, 2013-06-15 – 2013-06-15 for the dated ones; " in out
    )
    assert "undated: inspect" in out


def test_validate_takes_held_by_on_a_test_and_refuses_it_on_a_document(tmp_path: Path) -> None:
    assert run("validate", "--strict", PLAN)[0] == 0
    path = tmp_path / "p.yaml"
    path.write_text(
        TEXT.replace("        deadline: 6月10日前\n", "        held_by: 区整顿办\n"), encoding="utf-8"
    )
    code, out, _ = run("validate", path)
    assert code == 1 and "held_by is only for meetings, tests and votes" in out


def test_history_counts_ladder_steps_from_one_as_the_sweep_table_does(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with Campaign(load_plan(PLAN), store=db, authority="record") as campaign:
        campaign.enroll("区财政局", kind="区直单位", at=PLAN_DAY)
        campaign.log("区财政局", "escalated", at=PLAN_DAY, rule="late", step=0, actions=["提醒"])
    code, out, _ = run("track", "history", db, "区财政局")
    assert code == 0 and "步骤=1" in out and "step=0" not in out


def test_track_init_on_an_undated_phase_says_how_to_date_it(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(TEXT.replace("    window: 截止9月底\n", ""), encoding="utf-8")
    code, _, err = run("track", "init", tmp_path / "t.db", path)
    assert code == 1
    assert "tracking needs every phase dated, and inspect (查摆问题阶段) has no window yet" in err
    assert "a deadline alone (截止9月底, 6月15日前) is enough" in err
    code, _, err = run("calendar", path)
    assert code == 1 and "a calendar needs every phase dated" in err
