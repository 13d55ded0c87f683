"""The loader: every broken file gets located problems (golden), good files load, limits hold."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from campaignflow import PlanError, load_plan, parse_plan
from campaignflow.loader import MAX_BYTES, check_plan_file, check_plan_text
from tests.conftest import DATA

INVALID = sorted((DATA / "invalid").glob("*.yaml"))
VALID = sorted((DATA / "valid").glob("*.yaml"))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_reports_located_problems(path: Path, update_golden: bool) -> None:
    result = check_plan_text(path.read_bytes(), path.name)
    assert not result.ok
    assert result.plan is None
    assert any(p.severity == "error" for p in result.problems)
    for problem in result.problems:
        assert problem.path == path.name
        assert problem.code and problem.message
    got = "".join(p.format() + "\n" for p in result.problems)
    golden = path.with_suffix(".expected")
    if update_golden:
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_file_loads(path: Path) -> None:
    plan = load_plan(path)
    assert plan.path == str(path)
    assert plan.phases
    for phase in plan.phases:
        assert isinstance(phase.start, datetime.date)
        assert phase.start <= phase.end


def test_errors_carry_every_problem() -> None:
    text = """
id: x
title: 测试
year: 2012
unit_kinds: [{name: 科室}]
phases:
  - {id: a, name: 甲, stage: study, window: 2012年5月1日至5月2日, colour: red}
  - {id: b, name: 乙, stage: nonsense, window: 2012年5月3日至5月4日}
"""
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "x.yaml")
    codes = [(p.line, p.code) for p in caught.value.problems]
    assert codes == [(7, "unknown-field"), (8, "bad-value")]
    assert "x.yaml:7:" in str(caught.value)
    assert caught.value.errors == caught.value.problems


def test_iso_windows_and_phrases_resolve_to_inclusive_dates() -> None:
    plan = load_plan(DATA / "valid" / "iso-and-phrases.yaml")
    spans = [(p.id, p.start, p.end) for p in plan.phases]
    assert spans == [
        ("inspect", datetime.date(2015, 9, 1), datetime.date(2015, 9, 30)),
        ("rectify", datetime.date(2015, 10, 1), datetime.date(2015, 10, 31)),
        ("summarize", datetime.date(2015, 11, 1), datetime.date(2015, 11, 30)),
    ]
    assert plan.phases[0].window_text == "9月"
    problem_list = plan.phases[0].artifacts[0]
    # 10 working days after Tuesday 2015-09-01: 09-03/04 were the 抗战胜利70周年 holidays and Sunday
    # 09-06 a 调休 working day, so the tenth is Wednesday 2015-09-16.
    assert plan.due(plan.phases[0], problem_list) == datetime.date(2015, 9, 16)


def test_utf8_bom_is_accepted() -> None:
    text = (DATA / "valid" / "minimal.yaml").read_bytes()
    plan = parse_plan(b"\xef\xbb\xbf" + text)
    assert plan.id == "minimal"


def test_utf16_is_refused_with_advice() -> None:
    result = check_plan_text("id: x\n".encode("utf-16"))
    assert [p.code for p in result.problems] == ["not-utf8"]
    assert "UTF-16" in result.problems[0].message


def test_absurd_size_is_refused_before_parsing() -> None:
    result = check_plan_text(b"#" * (MAX_BYTES + 1))
    assert [p.code for p in result.problems] == ["too-large"]


def test_missing_file_raises_oserror() -> None:
    with pytest.raises(FileNotFoundError):
        check_plan_file(DATA / "no-such-plan.yaml")


def test_yaml_tags_for_python_objects_are_refused() -> None:
    result = check_plan_text("id: !!python/object/apply:os.system ['echo hi']\n")
    assert [p.code for p in result.problems] == ["yaml-tag"]
    assert result.problems[0].line == 1


def test_warnings_do_not_fail_and_are_kept_on_the_plan() -> None:
    text = """
id: x
title: 测试
year: 2008
unit_kinds: [{name: 局属单位}]
phases:
  - {id: a, name: 学习动员, stage: mobilize, window: 2008年11月—2008年12月}
  - {id: b, name: 对照检查, stage: inspect, window: 2008年12月—2009年2月}
"""
    plan = parse_plan(text)
    assert [(w.line, w.code) for w in plan.warnings] == [(8, "phase-overlap")]


def test_todo_comments_are_warnings_at_their_place() -> None:
    text = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines.insert(1, "# TODO: the text announces 4 phases, but phase 3 is not in it")
    lines[2] += "  # TODO check the title"
    result = check_plan_text("\n".join(lines) + "\n", "draft.yaml")
    todos = [p for p in result.problems if p.code == "todo"]
    assert result.ok
    where = [(p.line, p.column, p.severity) for p in todos]
    assert where == [(2, 1, "warning"), (3, len(lines[2]) - 21, "warning")]
    assert todos[0].message == "still to do: the text announces 4 phases, but phase 3 is not in it"
    assert todos[1].message == "still to do: check the title"


def test_the_plan_parse_benchmark_smoke_run_prints_its_figures() -> None:
    """``benchmarks/plan.py --quick`` runs; its figures are not checked here (no timing asserts)."""
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "plan.py"), "--quick"],
        capture_output=True, text=True, timeout=300, check=False, cwd=root,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "for 10× the artifacts" in done.stdout
