"""``campaignflow validate`` and ``schema`` through the real command line entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run
from tests.conftest import DATA, DEFINITIONS


def test_bundled_definitions_are_valid() -> None:
    code, out, err = run("validate", *map(str, sorted(DEFINITIONS.glob("*.yaml"))))
    assert code == 0, out + err
    assert out.count(": ok — ") == len(list(DEFINITIONS.glob("*.yaml")))


def test_invalid_file_exits_1_with_located_lines() -> None:
    path = DATA / "invalid" / "unknown-key.yaml"
    code, out, _ = run("validate", str(path))
    assert code == 1
    assert (
        f"{path}:10:5: error: unknown field 'widnow' in phases[0] (did you mean 'window'?) [unknown-field]"
        in out
    )


def test_json_format_lists_problem_objects() -> None:
    code, out, _ = run("validate", "--format", "json", str(DATA / "invalid" / "dangling-reference.yaml"))
    assert code == 1
    found = json.loads(out)
    assert {tuple(sorted(p)) for p in found} == {("code", "column", "line", "message", "path", "severity")}
    assert [(p["line"], p["code"]) for p in found] == [
        (14, "unknown-ref"),
        (15, "unknown-ref"),
        (19, "unknown-ref"),
    ]


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    plan = tmp_path / "overlap.yaml"
    plan.write_text(
        "id: o\ntitle: 重叠\nyear: 2008\nunit_kinds: [{name: 单位}]\nphases:\n"
        "  - {id: a, name: 甲, stage: study, window: 2008年11月—2008年12月}\n"
        "  - {id: b, name: 乙, stage: inspect, window: 2008年12月—2009年2月}\n",
        encoding="utf-8",
    )
    assert run("validate", str(plan))[0] == 0
    code, out, _ = run("validate", "--strict", str(plan))
    assert code == 1
    assert "warning: phase b" in out


def test_missing_file_is_a_usage_error_without_traceback() -> None:
    code, _, err = run("validate", "no-such-file.yaml")
    assert code == 2
    assert "Traceback" not in err


def test_no_arguments_is_a_usage_error() -> None:
    code, _, err = run("validate")
    assert code == 2
    assert "Missing argument" in err


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.yaml")), ids=lambda p: p.stem)
def test_console_script_never_shows_a_traceback(path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "campaignflow", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert f"{path}:" in done.stdout


def test_schema_command_matches_committed_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    committed = json.loads((DATA.parent.parent / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
    assert json.loads(out) == committed, "run: campaignflow schema > docs/plan.schema.json"


def test_help_teaches_with_examples() -> None:
    code, out, _ = run("validate", "--help")
    assert code == 0
    assert "campaignflow validate definitions/*.yaml" in out


def test_a_draft_without_dates_validates_with_warnings(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(
        "id: d\ntitle: TODO\nyear: 2012\nunit_kinds: [{name: TODO}]\nphases:\n"
        "  - {id: a, name: 宣传动员, stage: mobilize}\n",
        encoding="utf-8",
    )
    code, out, _ = run("validate", str(draft))
    assert code == 0
    assert f"{draft}:2:8: warning: 'TODO' is a placeholder still to be filled in [todo]" in out
    assert f"{draft}:6:5: warning: phase a has no window yet; tracking and calendars need one" in out
    assert f"{draft}: ok — TODO, 1 phases, no dates yet" in out
    assert run("validate", "--strict", str(draft))[0] == 1
