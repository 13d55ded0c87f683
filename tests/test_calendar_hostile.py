"""Calendars of plans whose names are Mermaid statements or hold line breaks (issue #21 items 3 and 6)."""

from __future__ import annotations

import re

import icalendar
import pytest
import yaml

from campaignflow import parse_plan
from campaignflow.calendar import render
from tests.conftest import DEFINITIONS

PLAN_004 = DEFINITIONS / "004-youqu-liangpingyishu.yaml"
#: Names that are gantt statements, or a date, when they start a Mermaid line (the lexer is case-blind).
STATEMENTS = [
    "section 假阶段",
    "title 假标题",
    "dateFormat YYYY",
    "excludes weekends",
    "Section 大写",
    "todayMarker on",
    "click p_x call alert()",
    "2011-01-01 日期",
    "axisFormat %Y",
    "weekday monday",
]


def hostile_plan(names: list[str], title: str | None = None) -> str:
    data = yaml.safe_load(PLAN_004.read_text(encoding="utf-8"))
    for phase, name in zip(data["phases"], names, strict=False):
        phase["name"] = name
        for artifact in phase.get("artifacts", []):
            artifact["name"] = name
    if title is not None:
        data["title"] = title
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("start", range(0, len(STATEMENTS), 3))
def test_a_name_never_becomes_a_mermaid_statement(start: int) -> None:
    names = (STATEMENTS[start:] + STATEMENTS)[:4]
    plan = parse_plan(hostile_plan(names))
    text = render(plan, "mermaid")
    lines = text.splitlines()
    header = lines[:5]
    assert header[0] == "gantt" and header[1].startswith("    title ")
    tasks, sections = [], []
    for line in lines[5:]:
        body = line.removeprefix("    ")
        if body.startswith("section "):
            sections.append(body)
        elif not body.startswith("%% "):
            tasks.append(body)
    # a task never starts with an ASCII letter or digit, the first character of every statement and date
    assert all(not re.match(r"[A-Za-z0-9]", task) for task in tasks), tasks
    assert all(
        re.fullmatch(r"[^:\n]+ :(?:milestone, )?[a-z][a-z0-9_]*, \d{4}-\d{2}-\d{2}, \d+d", t) for t in tasks
    )
    # every phase still has its section and its bar, every artifact its milestone
    assert len(sections) == len(plan.phases) + bool(plan.milestones)
    assert sum(":p_" in t for t in tasks) == len(plan.phases)
    assert sum(":milestone, a_" in t for t in tasks) == len(plan.artifacts())
    # the names are still there for Mermaid to show: the first character is an entity code
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m[1])), text)
    for name in names[: len(plan.phases)]:
        assert f"section {name}" in decoded and f"    {name} " in decoded


def test_a_title_with_a_line_break_gives_a_valid_ics_file() -> None:
    plan = parse_plan(hostile_plan([], title="两评一树\n工作方案\r\n第二行"))
    data = render(plan, "ics")
    assert isinstance(data, bytes)
    calendar = icalendar.Calendar.from_ical(data)
    name = str(calendar["NAME"])
    assert name.startswith("两评一树") and name.endswith("第二行")
    for component in calendar.walk():
        assert not component.errors
    # no raw line break inside any content line: every line is a property or a folded continuation
    for line in data.split(b"\r\n"):
        assert b"\n" not in line and b"\r" not in line


@pytest.mark.parametrize("fmt", ["ics", "html", "md", "json", "mermaid"])
def test_line_breaks_in_every_name_render_in_every_format(fmt: str) -> None:
    plan = parse_plan(hostile_plan(["宣传\n发动", "组织\r\n评议", "整改\t提高"], title="标题\n换行"))
    out = render(plan, fmt)
    assert out
