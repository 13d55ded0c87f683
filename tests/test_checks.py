"""Semantic checks: each concern reported at the right place, errors vs warnings."""

from __future__ import annotations

import pytest

from campaignflow.loader import check_plan_text

HEAD = """\
id: x
title: 测试
year: 2012
unit_kinds: [{name: 科室}, {name: 社区}]
roles: [{name: 党群科}]
"""


def problems(body: str) -> list[tuple[int, str, str]]:
    result = check_plan_text(HEAD + body, "x.yaml")
    return [(p.line, p.severity, p.code) for p in result.problems]


def test_clean_plan_has_no_problems() -> None:
    assert (
        problems("""\
phases:
  - {id: a, name: 甲, stage: study, window: 2012年5月1日至5月31日}
  - {id: b, name: 乙, stage: rectify, window: 2012年6月1日至6月30日}
""")
        == []
    )


def test_duplicate_ids_point_at_the_second_and_name_the_first_line() -> None:
    result = check_plan_text(
        HEAD
        + """\
phases:
  - {id: a, name: 甲, stage: study, window: 2012年5月1日至5月31日}
  - {id: a, name: 乙, stage: rectify, window: 2012年6月1日至6月30日}
"""
    )
    (problem,) = result.problems
    assert (problem.line, problem.code) == (8, "duplicate-id")
    assert "first at line 7" in problem.message


def test_unknown_references_list_what_is_declared() -> None:
    result = check_plan_text(
        HEAD
        + """\
phases:
  - id: a
    name: 甲
    stage: study
    window: 2012年5月1日至5月31日
    artifacts:
      - {id: r, name: 报告, owed_by: [科室, 站办], reviewer: 督导组, submit_to: 党群科}
"""
    )
    assert [(p.line, p.column, p.code) for p in result.problems] == [
        (12, 41, "unknown-ref"),
        (12, 56, "unknown-ref"),
    ]
    assert "declared: 社区, 科室" in result.problems[0].message


def test_overlap_is_a_warning_but_disorder_is_an_error() -> None:
    assert problems("""\
phases:
  - {id: a, name: 甲, stage: study, window: 2012年5月1日至6月10日}
  - {id: b, name: 乙, stage: rectify, window: 2012年6月1日至6月30日}
  - {id: c, name: 丙, stage: summarize, window: 2012年3月1日至3月31日}
""") == [(8, "warning", "phase-overlap"), (9, "error", "phase-order")]


def test_deadline_outside_its_phase_is_warned() -> None:
    assert problems("""\
phases:
  - id: a
    name: 甲
    stage: study
    window: 2012年5月1日至5月31日
    artifacts: [{id: r, name: 报告, deadline: 6月10日前}]
""") == [(11, "warning", "deadline-outside-phase")]


def test_ladder_must_climb_and_effects_need_their_moves() -> None:
    assert problems("""\
phases:
  - id: a
    name: 甲
    stage: inspect
    window: 2012年5月1日至5月31日
    artifacts: [{id: r, name: 剖析材料}]
rules:
  - id: redo
    name: 避重就轻
    when: {rejected: {artifact: r, reason: 避重就轻}}
    ladder:
      - actions: [书面检查, {action: 重做本阶段, phase: a}]
        after_workdays: 2
      - actions: [通报批评]
        after_workdays: 1
      - actions: [{action: 延期, by: 2个月}]
        after_workdays: 5
      - one_of: [通报批評]
        after_workdays: 9
""") == [
        (17, "error", "move-not-declared"),
        (19, "error", "ladder-order"),
        (21, "error", "move-not-declared"),
        (23, "warning", "unknown-action"),
    ]


@pytest.mark.parametrize(
    ("when", "code"),
    [
        ("{score_below: {artifact: r}}", "kind-mismatch"),
        ("{vote_share: {artifact: v, options: [较差], over: 0.3}}", "unknown-ref"),
        ("{repeated: {rule: self, times: 2}}", "self-reference"),
        ("{phase_unfinished: {phase: zz}}", "unknown-ref"),
    ],
)
def test_triggers_must_fit_what_they_watch(when: str, code: str) -> None:
    found = problems(f"""\
phases:
  - id: a
    name: 甲
    stage: evaluate
    window: 2012年5月1日至5月31日
    artifacts:
      - {{id: r, name: 报告}}
      - {{id: v, name: 评议, kind: vote, vote: {{options: [满意, 不满意]}}}}
rules:
  - {{id: self, name: 规则, when: {when}, ladder: [{{actions: [提醒]}}]}}
""")
    assert code in {c for _, _, c in found}


def test_incomplete_plan_needs_a_note_and_send_back_goes_backwards() -> None:
    assert problems("""\
complete: false
phases:
  - {id: a, name: 甲, stage: inspect, window: 2012年5月1日至5月31日}
  - {id: b, name: 乙, stage: rectify, window: 2012年6月1日至6月30日}
moves:
  send_back: [{from: a, to: b}]
  extend: [c]
""") == [(6, "error", "incomplete-note"), (11, "error", "forward-send-back"), (12, "error", "unknown-ref")]


FINDING_RULES = """\
phases:
  - {id: a, name: 甲, stage: inspect, window: 2012年5月1日至5月31日}
rules:
  - {id: any, name: 任何问题, when: {finding: {}}, ladder: [{actions: [提醒]}]}
  - {id: minor, name: 问题轻微, when: {finding: {severity: [轻微]}}, ladder: [{actions: [批评教育]}]}
  - {id: grave, name: 问题严重, when: {finding: {severity: [严重, 较严重]}}, ladder: [{actions: [组织处理]}]}
"""


def test_finding_severities_are_checked_against_the_declared_ones() -> None:
    result = check_plan_text(HEAD + "severities: [轻微, 严重, 轻微]\n" + FINDING_RULES, "x.yaml")
    found = [(p.line, p.column, p.code) for p in result.problems]
    # the duplicate declaration, and 较严重 (second in its list) which is not declared
    assert found == [(6, 22, "duplicate-id"), (12, 61, "unknown-ref")]
    assert "severity '较严重' is not declared (declared: 严重, 轻微)" in result.problems[1].message


def test_undeclared_severities_are_warned_once_and_any_severity_alone_is_fine() -> None:
    assert problems(FINDING_RULES) == [(10, "warning", "undeclared-severities")]
    only_any = FINDING_RULES.split("  - {id: minor", maxsplit=1)[0]
    assert problems(only_any) == []


def test_milestones_need_a_window_or_a_declared_phase() -> None:
    found = problems("""\
window: 2012年1月1日至12月31日
phases:
  - {id: a, name: 甲, stage: study, window: 2012年5月1日至5月31日}
milestones:
  - {id: rally, name: 动员大会, window: 5月初, held_by: 局党委}
  - {id: rally, name: 表彰大会, phase: zz}
  - {id: early, name: 早, window: 2011年12月1日}
""")
    assert found == [
        (11, "error", "duplicate-id"),
        (11, "error", "unknown-ref"),
        (12, "warning", "outside-campaign"),
    ]
    both = problems("""\
phases:
  - {id: a, name: 甲, stage: study, window: 2012年5月1日至5月31日}
milestones:
  - {id: both, name: 两者, window: 5月初, phase: a}
  - {id: none, name: 都无}
""")
    assert both == [(9, "error", "milestone-when"), (10, "error", "milestone-when")]


def test_who_holds_is_for_meetings_tests_and_votes_and_who_attends_for_meetings_and_votes() -> None:
    result = check_plan_text(
        HEAD
        + """\
phases:
  - id: a
    name: 甲
    stage: study
    window: 2012年5月1日至5月31日
    artifacts:
      - {id: r, name: 报告, held_by: 党群科, publish: [局机关网站]}
      - {id: m, name: 民主生活会, kind: meeting, held_by: 局党委, attended_by: [包保领导]}
      - id: t
        name: 测试
        kind: test
        attended_by: [全体干部]
""",
        "x.yaml",
    )
    found = [(p.line, p.column, p.code, p.message) for p in result.problems]
    assert found == [
        (12, 36, "kind-mismatch", "held_by is only for meetings, tests and votes; a document is not held"),
        (17, 22, "kind-mismatch", "attended_by is only for meetings and votes; a test is not attended"),
    ]


def test_only_documents_are_ledgers_of_items() -> None:
    result = check_plan_text(
        HEAD
        + """\
phases:
  - id: a
    name: 甲
    stage: study
    window: 2012年5月1日至5月31日
    artifacts:
      - {id: ledger, name: 整改销号, items: true}
      - {id: m, name: 民主生活会, kind: meeting, items: true}
""",
        "x.yaml",
    )
    found = [(p.line, p.column, p.code, p.message) for p in result.problems]
    assert found == [
        (13, 52, "kind-mismatch", "items is only for documents (a ledger, 台账); a meeting has no items")
    ]
