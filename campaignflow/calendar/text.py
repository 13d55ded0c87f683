"""The text formats: a Markdown table, JSON for other programs, and a Mermaid ``gantt`` chart.

Each is drawn from a :class:`~campaignflow.calendar.view.CalendarView`; all plan text is escaped
for its format (Markdown punctuation, Mermaid syntax characters), and JSON keeps the original
phrases next to inclusive ISO dates.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

from campaignflow.calendar.view import CalendarView, Deadline, iso_range

__all__ = ["render_json", "render_markdown", "render_mermaid"]

# ---- Markdown ------------------------------------------------------------------------------------

_MD_SPECIAL: Final = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~&"})


def _md(text: str) -> str:
    """Plan text made inert in Markdown: punctuation escaped, line breaks folded into spaces."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


def render_markdown(view: CalendarView) -> str:
    """A table to paste into a notice: 阶段 | 起止日期 | 工作日数 | 应交材料及截止日期.

    Deadlines of a phase are grouped by date (``9月10日:A、B``), one date per line (``<br>``).
    Campaign-long duties get a last row, 全程; the organisers' milestones a table of their own
    (组织工作). Coverage notes follow as ``> 注:`` lines.
    """
    plan = view.plan
    lines = [f"# {_md(view.title)} — 工作日程", ""]
    if plan.issuer:
        lines.append(f"- 发文单位：{_md(plan.issuer)}")
    if view.unit:
        lines.append(f"- 单位：{_md(view.unit_text)}")
    lines.append(f"- 活动时间：{iso_range(view.first, view.last)}，共 {view.workdays} 个工作日")
    lines.append(f"- 依据：{_md(view.document)}")
    if view.today:
        lines.append(f"- 今天：{view.today.isoformat()}，{_md(view.where(view.today))}")
    lines += ["", "| 阶段 | 起止日期 | 工作日数 | 应交材料及截止日期 |", "| --- | --- | --- | --- |"]
    for row in view.rows:
        when = f"{_md(row.phase.window_text)}<br>{iso_range(row.start, row.end)}"
        if row.extended:
            when += f"<br>（原定{view.day(row.phase.end)}结束，已延期）"
        lines.append(f"| {_md(row.phase.name)} | {when} | {row.workdays} | {_md_due(view, row.deadlines)} |")
    if view.duties:
        first, last = view.plan.span
        days = view.plan.workcalendar.count_workdays(first, last)
        lines.append(f"| 全程 | {iso_range(first, last)} | {days} | {_md_due(view, view.duties)} |")
    if view.milestones:
        lines += ["", "| 组织工作 | 时间 | 组织 |", "| --- | --- | --- |"]
        lines += [
            f"| {_md(m.milestone.name)} | {_md(view.when(m))}<br>{iso_range(m.start, m.end)} | "
            f"{_md(m.milestone.held_by or '—')} |"
            for m in view.milestones
        ]
    lines += [f"\n> 注：{_md(note)}" for note in view.note_lines()]
    return "\n".join(lines) + "\n"


def _md_due(view: CalendarView, deadlines: Sequence[Deadline]) -> str:
    return "<br>".join(view.due_lines(deadlines, _md)) or "—"


# ---- JSON ----------------------------------------------------------------------------------------


def render_json(view: CalendarView) -> str:
    """The view as JSON for other programs: inclusive ISO dates, the original phrases, working days.

    ``{"plan": {...}, "unit": null | {"name", "kind"}, "today": null | date, "phases": [{"id",
    "name", "stage", "start", "end", "plan_end", "text", "workdays", "deadlines": [{"artifact",
    "name", "kind", "due", "owed_by"}]}], "duties": [...], "milestones": [{"id", "name", "start",
    "end", "text", "held_by"}], "notes": [{"year", "message"}]}``.
    ``plan_end`` differs from ``end`` only when the unit was granted an extension. A deadline also
    carries ``recurring``, ``items``, ``reviewer``, ``submit_to``, ``held_by``, ``attended_by`` and
    ``publish`` when its artifact has them.
    """
    plan = view.plan
    data: dict[str, Any] = {
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "issuer": plan.issuer,
            "year": plan.year,
            "source": plan.source,
            "start": view.first.isoformat(),
            "end": view.last.isoformat(),
            "workdays": view.workdays,
        },
        "unit": {"name": view.unit, "kind": view.unit_kind} if view.unit else None,
        "today": view.today.isoformat() if view.today else None,
        "phases": [
            {
                "id": row.phase.id,
                "name": row.phase.name,
                "stage": row.phase.stage,
                "start": row.start.isoformat(),
                "end": row.end.isoformat(),
                "plan_end": row.phase.end.isoformat(),
                "text": row.phase.window_text,
                "workdays": row.workdays,
                "deadlines": [_json_deadline(d) for d in row.deadlines],
            }
            for row in view.rows
        ],
        "duties": [_json_deadline(d) for d in view.duties],
        "milestones": [
            {
                "id": m.milestone.id,
                "name": m.milestone.name,
                "start": m.start.isoformat(),
                "end": m.end.isoformat(),
                "text": view.when(m),
                "held_by": m.milestone.held_by,
            }
            for m in view.milestones
        ],
        "notes": [{"year": n.year, "message": n.message} for n in view.notes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _json_deadline(deadline: Deadline) -> dict[str, Any]:
    artifact = deadline.artifact
    found: dict[str, Any] = {
        "artifact": artifact.id,
        "name": artifact.name,
        "kind": artifact.kind,
        "due": deadline.due.isoformat(),
        "owed_by": list(artifact.owed_by),
    }
    if artifact.recurring:
        found["recurring"] = {"every": artifact.recurring.every, "count": artifact.recurring.count}
        if artifact.recurring.days:
            found["recurring"]["days"] = list(artifact.recurring.days)
            found["occurrence"] = deadline.index + 1  # one entry per period: the n-th of
            found["occurrences"] = len(deadline.occurrences)
    if artifact.items:
        found["items"] = True
    for field in ("reviewer", "submit_to", "held_by"):
        if getattr(artifact, field):
            found[field] = getattr(artifact, field)
    for field in ("attended_by", "publish"):
        if getattr(artifact, field):
            found[field] = list(getattr(artifact, field))
    return found


# ---- Mermaid -------------------------------------------------------------------------------------

_MERMAID_ENTITIES: Final = str.maketrans(
    {"#": "#35;", ":": "#58;", ";": "#59;", "%": "#37;", "<": "#60;", ">": "#62;", "&": "#38;"}
)


def _mermaid(text: str) -> str:
    """Text made safe in a Mermaid line: ``# : ; %`` (syntax) and ``< > &`` (markup) as entity codes.

    Mermaid decodes ``#35;``-style codes after parsing, so the chart shows the original characters.
    """
    return " ".join(text.split()).translate(_MERMAID_ENTITIES)


def _mermaid_task(text: str) -> str:
    """A task name made safe at the start of a Mermaid line, where the lexer looks for statements.

    Every gantt statement (``section``, ``title``, ``dateFormat``, ``excludes``, ``click`` …) and a
    date begin with an ASCII letter or digit; such a first character is written as an entity code,
    so no name can become a statement, whatever words a later Mermaid version adds.
    """
    folded = " ".join(text.split())
    head = folded[:1]
    if head.isascii() and head.isalnum():
        return f"#{ord(head)};" + folded[1:].translate(_MERMAID_ENTITIES)
    return folded.translate(_MERMAID_ENTITIES)


def render_mermaid(view: CalendarView) -> str:
    """A Mermaid ``gantt`` chart (GitHub and GitLab draw it): a section per phase, deadlines as milestones.

    Bars are written as a start date and a length in days, which avoids Mermaid's exclusive
    reading of an end date; milestones sit in the middle of their due day. The viewer's own
    today marker is switched off (the chart would change with the clock); ``today`` becomes a
    milestone of its own.
    """
    axis = "%m-%d" if view.first.year == view.last.year else "%Y-%m"
    lines = [
        "gantt",
        f"    title {_mermaid(view.title)}",
        "    dateFormat YYYY-MM-DD",
        f"    axisFormat {axis}",
        "    todayMarker off",
    ]
    lines += [f"    %% 注：{_mermaid(note)}" for note in view.note_lines()]
    for row in view.rows:
        days = (row.end - row.start).days + 1
        lines.append(f"    section {_mermaid(row.phase.name)}")
        guess = "，按周一至周五估算" if view.estimated(row.start, row.end) else ""
        name = f"{row.phase.name} {row.phase.window_text}（{row.workdays}个工作日{guess}）"
        lines.append(f"    {_mermaid_task(name)} :p_{row.phase.id}, {row.start.isoformat()}, {days}d")
        lines += [_milestone(view, d) for d in row.deadlines]
    if view.duties:
        lines.append("    section 全程")
        lines += [_milestone(view, d) for d in view.duties]
    if view.milestones:
        lines.append("    section 组织工作")
        for m in view.milestones:
            days = (m.end - m.start).days + 1
            lines.append(f"    {_mermaid_task(m.label)} :m_{m.milestone.id}, {m.start.isoformat()}, {days}d")
    if view.today:
        lines += ["    section 今天", f"    今天 :milestone, today, {view.today.isoformat()}, 1d"]
    return "\n".join(lines) + "\n"


def _milestone(view: CalendarView, deadline: Deadline) -> str:
    name = _mermaid_task(f"截止 {view.describe(deadline)}")
    ident = f"a_{deadline.artifact.id}" + (f"_{deadline.index + 1}" if deadline.index else "")
    return f"    {name} :milestone, {ident}, {deadline.due.isoformat()}, 1d"
