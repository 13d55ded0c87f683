"""The plan model: the documented example is valid and the resolved plan answers questions about itself."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys

import pydantic
import pytest

from campaignflow import Plan, artifacts, parse_plan
from campaignflow import plan as plan_module
from campaignflow.loader import check_plan_text
from tests.conftest import ROOT

D = datetime.date


def documented_example() -> str:
    text = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    return max(blocks, key=len)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return parse_plan(documented_example(), "plan-format.md")


def test_documented_example_is_valid_without_warnings(plan: Plan) -> None:
    assert plan.warnings == ()
    assert [p.id for p in plan.phases] == ["study", "inspect", "rectify", "evaluate"]


def test_documented_example_uses_every_field_of_the_language() -> None:
    text = documented_example()
    models = plan_module.Model.__subclasses__()
    assert len(models) > 20
    for sub in models:
        for name, field in sub.model_fields.items():
            key = field.alias or name
            assert re.search(rf"\b{key}:", text), f"{sub.__name__}.{key} is not in the documented example"


def test_artifacts_import_alone_and_the_plan_module_still_offers_them() -> None:
    """Artifacts have their own module; it imports first without a circle, and plan.py re-exports it."""
    subprocess.run([sys.executable, "-c", "import campaignflow.artifacts"], check=True, cwd=ROOT, timeout=120)
    assert plan_module.Artifact is artifacts.Artifact
    assert plan_module.VoteSpec is artifacts.VoteSpec
    assert plan_module.ArtifactKind is artifacts.ArtifactKind


def test_windows_resolve_with_the_plan_year(plan: Plan) -> None:
    assert [(p.start, p.end) for p in plan.phases] == [
        (D(2012, 2, 1), D(2012, 2, 29)),
        (D(2012, 3, 1), D(2012, 6, 30)),
        (D(2012, 7, 1), D(2012, 9, 30)),
        (D(2012, 10, 1), D(2012, 12, 31)),
    ]
    assert plan.span == (D(2012, 1, 1), D(2012, 12, 31))
    assert plan.phases[1].window_text == "3-6月份"


def test_due_dates_follow_the_three_deadline_forms(plan: Plan) -> None:
    study, inspect = plan.phase("study"), plan.phase("inspect")
    unit_plan, closed_test = study.artifacts
    assert plan.due(study, unit_plan) == D(2012, 2, 10)
    assert plan.due(study, closed_test) == D(2012, 2, 29)  # no deadline: the phase end
    # 20 working days after Thursday 2012-03-01; 清明 2012 moved 03-31 (Sat) to a working day.
    assert plan.due(inspect, inspect.artifacts[0]) == D(2012, 3, 29)


def test_artifacts_lists_duties_last(plan: Plan) -> None:
    ids = [(phase.id if phase else None, artifact.id) for phase, artifact in plan.artifacts()]
    assert ids[-1] == (None, "weekly_article")
    assert ("evaluate", "team_vote") in ids


def test_plan_is_immutable(plan: Plan) -> None:
    with pytest.raises(pydantic.ValidationError):
        plan.phases[0].name = "改名"  # type: ignore[misc]


def test_deadline_only_window_starts_the_day_after_the_previous_phase() -> None:
    plan = parse_plan(
        "id: x\ntitle: 测试\nyear: 2012\nunit_kinds: [{name: 科室}]\nphases:\n"
        "  - {id: a, name: 甲, stage: study, window: 2012年5月1日至5月31日}\n"
        "  - {id: b, name: 乙, stage: rectify, window: 6月15日前}\n"
    )
    assert (plan.phases[1].start, plan.phases[1].end) == (D(2012, 6, 1), D(2012, 6, 15))


def test_first_phase_with_only_a_deadline_needs_a_start() -> None:
    result = check_plan_text(
        "id: x\ntitle: 测试\nyear: 2012\nunit_kinds: [{name: 科室}]\nphases:\n"
        "  - {id: a, name: 甲, stage: study, window: 6月15日前}\n"
    )
    assert [p.code for p in result.problems] == ["open-start"]
