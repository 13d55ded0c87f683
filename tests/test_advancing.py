"""The advancing rule: a unit moves when its next phase has opened and its required artifacts are in;
``advance_ready`` (and ``track advance --ready``, a sweep with ``advance``, or a plan with
``moves.advance: when_ready``) moves every such unit; a later phase's materials are accepted once that
phase has opened; the board names the real cause of a unit still in an earlier phase."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from campaignflow import Campaign, MoveNotAllowed, load_plan, parse_plan
from tests.cli import on, track
from tests.conftest import DATA

PLAN = DATA / "lang" / "deadline_first.yaml"
TEXT = PLAN.read_text(encoding="utf-8")
D = datetime.date
READY, LATE = "区财政局", "区商务局"


@pytest.fixture
def campaign() -> Campaign:
    c = Campaign(load_plan(PLAN))
    c.enroll_many([(READY, "区直单位"), (LATE, "区直单位")], at=D(2013, 5, 20))
    c.submit(READY, "unit_plan", at=D(2013, 6, 5))
    return c


def test_advance_ready_moves_only_ready_units_once_the_next_phase_opens(campaign: Campaign) -> None:
    assert campaign.advance_ready(at=D(2013, 6, 15)) == []  # 查摆问题阶段 opens on 6月16日
    moved = campaign.advance_ready(at=D(2013, 6, 16), by="区整顿办")
    assert [(e.unit, e.kind, e.by) for e in moved] == [(READY, "advanced", "区整顿办")]
    assert (campaign.phase_of(READY), campaign.phase_of(LATE)) == ("inspect", "mobilize")
    assert campaign.advance_ready(at=D(2013, 6, 17)) == []  # inspect's artifacts are not in


def test_a_later_phase_accepts_its_materials_once_it_has_opened(campaign: Campaign) -> None:
    with pytest.raises(MoveNotAllowed, match="查摆问题阶段 \\(inspect\\) opens on 2013-06-16"):
        campaign.submit(LATE, "self_check", at=D(2013, 6, 10))
    campaign.submit(LATE, "self_check", at=D(2013, 6, 20))  # still in mobilize: accepted early
    assert campaign.phase_of(LATE) == "mobilize" and campaign.is_in(LATE, "self_check")


def test_the_board_names_the_real_cause_and_counts_only_reached_phases(campaign: Campaign) -> None:
    board = campaign.board(D(2013, 10, 8))
    row = next(r for r in board.rows if r.unit == LATE)
    assert row.light == "red"
    assert row.reason.startswith("本单位实施方案逾期 ")  # one item of its own phase, not "等 3 项"
    assert "等" not in row.reason
    assert row.reason.endswith("；仍处于发动部署阶段，查摆问题阶段已于6月16日开始")
    campaign.submit(LATE, "unit_plan", at=D(2013, 10, 8))
    row = next(r for r in campaign.board(D(2013, 10, 8)).rows if r.unit == LATE)
    assert (row.light, row.reason) == ("red", "仍处于发动部署阶段，查摆问题阶段已于6月16日开始")


def test_a_sweep_moves_ready_units_when_asked_or_when_the_plan_says_so(campaign: Campaign) -> None:
    campaign.sweep(D(2013, 6, 16))
    assert campaign.phase_of(READY) == "mobilize"  # manual by default
    campaign.sweep(D(2013, 6, 16), advance=True)
    assert campaign.phase_of(READY) == "inspect"
    plan = parse_plan(TEXT + "moves:\n  advance: when_ready\n")
    assert plan.moves.advance == "when_ready"
    auto = Campaign(plan)
    auto.enroll(READY, kind="区直单位", at=D(2013, 5, 20))
    auto.submit(READY, "unit_plan", at=D(2013, 6, 5))
    auto.sweep(D(2013, 6, 17))
    assert auto.phase_of(READY) == "inspect"
    assert Campaign.replay(plan, auto.events()).snapshot() == auto.snapshot()


def test_advance_ready_and_sweep_advance_through_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "t.db"

    run = on(db)
    assert track("init", db, PLAN, "--authority", "record").exit_code == 0  # moving on, not who may
    for unit in (READY, LATE, "区教育局"):
        assert run("enroll", unit, "--kind", "区直单位", "--at", "2013-05-20")[0] == 0
    assert run("submit", READY, "unit_plan", "--at", "2013-06-05")[0] == 0
    code, out, err = run("advance", READY, "--ready")
    assert code == 2 and "not both" in err
    code, out, err = run("advance", "--ready", "--at", "2013-06-16")
    assert code == 0 and "1 unit(s) moved on" in err
    assert out.startswith(f"{READY}: 2013-06-16 00:00 advanced from=mobilize to=inspect")
    assert run("submit", "区教育局", "unit_plan", "--at", "2013-06-16")[0] == 0
    assert run("sweep", "--as-of", "2013-06-17", "--advance")[0] == 0
    code, out, _ = run("history", "区教育局")
    assert code == 0 and "advanced (自动督办) from=mobilize to=inspect" in out
    code, out, _ = run("board", "--as-of", "2013-10-08", "--format", "json")
    assert "仍处于发动部署阶段，查摆问题阶段已于6月16日开始" in out
