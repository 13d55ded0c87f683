"""Phases dated by their deadline alone (``发动部署阶段(6月15日前)``, ``截止9月底``), the first phase's
visible start rule (the campaign window's start, or ``starts: on_enrolment``), and the messages that
used to confuse: one error for a missing year, an unknown phase in 重做本阶段, ``held_by`` on a test."""

from __future__ import annotations

import datetime

import pytest

from campaignflow import Campaign, PlanError, load_plan, parse_plan
from campaignflow.calendar import build_view, render_ics
from tests.conftest import DATA

D = datetime.date
PLAN = DATA / "lang" / "deadline_first.yaml"
TEXT = PLAN.read_text(encoding="utf-8")


def problems(text: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "p.yaml")
    return [(p.line, p.column, p.code, p.message) for p in caught.value.problems if p.severity == "error"]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_deadline_only_first_phase_starts_on_enrolment_and_the_next_where_it_leaves_off() -> None:
    plan = load_plan(PLAN)
    mobilize, inspect = plan.phases
    assert mobilize.on_enrolment and mobilize.end == D(2013, 6, 15)
    assert mobilize.start == D(2013, 6, 15)  # plan-wide views draw it on its deadline's day
    assert (inspect.start, inspect.end) == (D(2013, 6, 16), D(2013, 9, 30))
    assert plan.span == (D(2013, 6, 15), D(2013, 9, 30))
    assert plan.warnings == ()


def test_without_a_start_rule_the_plan_is_refused_at_the_window() -> None:
    text = TEXT.replace("    starts: on_enrolment\n", "")
    ((line, col, code, message),) = problems(text)
    assert code == "open-start" and (line, col) == (line_of(text, "window: 6月15日前"), 13)
    assert "starts: on_enrolment" in message and "6月15日前" in message


def test_the_campaign_window_start_is_the_other_visible_rule() -> None:
    text = TEXT.replace("    starts: on_enrolment\n", "").replace(
        "year: 2013\n", "year: 2013\nwindow: 2013年5月至9月\n"
    )
    plan = parse_plan(text)
    assert (plan.phases[0].start, plan.phases[0].end) == (D(2013, 5, 1), D(2013, 6, 15))
    assert not plan.phases[0].on_enrolment


def test_starts_on_a_later_phase_or_a_dated_window_is_refused_where_written() -> None:
    later = TEXT.replace("    window: 截止9月底\n", "    window: 截止9月底\n    starts: on_enrolment\n")
    ((line, col, code, message),) = problems(later)
    assert code == "starts-not-open" and line == line_of(later, "window: 截止9月底") + 1 and col == 13
    assert "inspect" in message
    dated = TEXT.replace("window: 6月15日前", "window: 6月1日至6月15日")
    ((_, _, code, message),) = problems(dated)
    assert code == "starts-not-open" and "has a start" in message


def test_working_days_after_an_enrolment_start_are_refused() -> None:
    text = TEXT.replace("deadline: 6月10日前", "deadline: {workdays_after_start: 5}")
    ((line, _, code, message),) = problems(text)
    assert code == "no-fixed-start" and line == line_of(text, "workdays_after_start")
    assert "本单位实施方案" in message


def test_a_deadline_only_plan_tracks_and_renders() -> None:
    plan = load_plan(PLAN)
    campaign = Campaign(plan)
    campaign.enroll("区财政局", kind="区直单位", at=D(2013, 5, 20))
    campaign.submit("区财政局", "unit_plan", at=D(2013, 6, 5))
    assert not campaign.can_advance("区财政局", at=D(2013, 6, 15))
    campaign.advance("区财政局", at=D(2013, 6, 16))
    assert campaign.phase_of("区财政局") == "inspect"
    view = build_view(plan)
    assert [(r.start, r.end) for r in view.rows] == [
        (D(2013, 6, 15), D(2013, 6, 15)),
        (D(2013, 6, 16), D(2013, 9, 30)),
    ]
    assert b"DTSTART;VALUE=DATE:20130616" in render_ics(view)


def test_held_by_on_a_test_names_who_conducts_it_and_on_a_document_is_refused() -> None:
    plan = load_plan(PLAN)
    assert plan.phase("inspect").artifacts[1].held_by == "市政府各有关责任单位"
    text = TEXT.replace(
        "        submit_to: 区整顿办\n      - id: appraisal",
        "        held_by: 区整顿办\n      - id: appraisal",
    )
    ((line, _, code, message),) = problems(text)
    assert code == "kind-mismatch" and line == line_of(text, "held_by: 区整顿办") and "document" in message


def test_a_plan_without_year_says_so_once() -> None:
    text = TEXT.replace("year: 2013\n", "")
    found = problems(text)
    year = [p for p in found if "year" in p[3]]
    assert [p[2] for p in year] == ["missing-field", "date-phrase"]
    assert "3 date phrases" in year[1][3] and year[1][0] == line_of(text, "window: 6月15日前")


def test_redo_of_an_unknown_phase_names_the_phase() -> None:
    rule = """rules:
  - id: redo
    name: 重新查找
    when: {finding: {}}
    ladder:
      - actions: [{action: 重做本阶段, phase: inspekt}]
"""
    ((line, _, code, message),) = problems(TEXT + rule)
    assert code == "unknown-ref" and "phase 'inspekt'" in message and "inspect" in message
    assert line == line_of(TEXT + rule, "inspekt")
