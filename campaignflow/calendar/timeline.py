"""The HTML timeline: one self-contained page to print on A4 landscape or put on a screen.

A Gantt-style chart draws each phase as a bar on a month ruler, with a diamond on each deadline
day and, when ``today`` is given, a red line on that day; a table below lists every deadline with
who owes it and who signs it off, so the printout is complete without hovering. The page loads
nothing: inline CSS, no scripts, no web fonts or images, and a Content-Security-Policy that
forbids fetching anything, so it works offline and from a USB stick. All plan text is escaped.

Called through :func:`campaignflow.calendar.render` with ``fmt="html"``; the
:class:`~campaignflow.calendar.view.CalendarView` it draws is built by
:func:`~campaignflow.calendar.view.build_view`.
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from campaignflow.calendar.view import iso_range

if TYPE_CHECKING:
    from collections.abc import Sequence

    from campaignflow.calendar.view import CalendarView, Deadline, PhaseRow

__all__ = ["DUTY_COLOUR", "MILESTONE_COLOUR", "STAGE_COLOURS", "render_html"]

STAGE_COLOURS: Final = {
    "mobilize": "#c0392b",
    "study": "#2471a3",
    "inspect": "#b9770e",
    "evaluate": "#7d3c98",
    "rectify": "#1e8449",
    "summarize": "#566573",
}
DUTY_COLOUR: Final = "#909497"
MILESTONE_COLOUR: Final = "#a04000"
FONTS: Final = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", "Hiragino Sans GB", sans-serif'
)

CSS: Final = """
@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 24px; color: #1f2933; background: #fff; font: 14px/1.45 FONTS; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 16px; margin: 18px 0 6px; }
p { margin: 4px 0; }
.meta { color: #52606d; }
.note { border-left: 4px solid #b9770e; background: #fef5e7; padding: 4px 10px; }
.status { border-left: 4px solid #e12d39; background: #fdedec; padding: 4px 10px; }
.chart { position: relative; margin: 14px 0 4px; border: 1px solid #cbd2d9; }
.line { display: grid; grid-template-columns: 15em 1fr; }
.label { padding: 6px 10px; border-right: 1px solid #cbd2d9; background: #fff; }
.label b, .label small { display: block; }
.label small { color: #616e7c; font-size: 12px; }
.track { position: relative; min-height: 4.6em; margin: 0 3.5em 0 1.5em; }
.ruler { background: #f5f7fa; border-bottom: 1px solid #cbd2d9; }
.ruler .track { min-height: 2em; }
.month { position: absolute; top: 0; bottom: 0; padding: 4px 5px; border-left: 1px solid #cbd2d9;
         color: #52606d; font-size: 12px; white-space: nowrap; overflow: hidden; }
.row { border-bottom: 1px solid #e4e7eb; }
.row:last-child { border-bottom: 0; }
.bar { position: absolute; z-index: 1; top: 10px; height: 22px; border-radius: 3px; background: var(--c); }
.bar.ext { background: repeating-linear-gradient(135deg, var(--c) 0 5px, #fff 5px 8px);
           border: 1px solid var(--c); }
.due { position: absolute; z-index: 1; top: 36px; transform: translateX(-50%); text-align: center;
       font-size: 11px; line-height: 1.2; white-space: nowrap; }
.due i { display: block; width: 9px; height: 9px; margin: 0 auto 2px; background: #1f2933;
         transform: rotate(45deg); }
.overlay { position: absolute; top: 0; bottom: 0; left: 16.5em; right: 3.5em; pointer-events: none; }
.gridline { position: absolute; top: 0; bottom: 0; border-left: 1px dashed #d9dee3; }
.today { position: absolute; z-index: 2; top: 0; bottom: 0; border-left: 2px solid #e12d39; }
.today span { position: absolute; bottom: 2px; left: 3px; padding: 0 3px; background: #e12d39;
              color: #fff; font-size: 11px; white-space: nowrap; }
.legend { color: #52606d; font-size: 12px; }
.legend i { display: inline-block; width: 8px; height: 8px; margin: 0 4px 0 10px; background: #1f2933;
            transform: rotate(45deg); }
.legend .ext { width: 18px; height: 10px; transform: none; vertical-align: -1px;
               background: repeating-linear-gradient(135deg, #566573 0 5px, #fff 5px 8px); }
.legend .now { width: 2px; height: 12px; transform: none; vertical-align: -2px; background: #e12d39; }
.legend .org { width: 18px; height: 10px; transform: none; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #cbd2d9; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f5f7fa; font-weight: 600; }
td.date { white-space: nowrap; }
tr.past td { color: #9aa5b1; }
footer { margin-top: 10px; color: #7b8794; font-size: 12px; }
@media print {
  body { margin: 0; font-size: 10px; }
  h1 { font-size: 16px; }
  h2 { font-size: 13px; margin: 10px 0 4px; }
  .chart { margin: 8px 0 2px; }
  .track { min-height: 4.2em; }
  table { font-size: 9.5px; }
  th, td { padding: 1px 6px; }
  .chart, tr, .note, .status { break-inside: avoid; }
}
""".replace("FONTS", FONTS)

POLICY: Final = "default-src 'none'; style-src 'unsafe-inline'"


def _e(text: object) -> str:
    """Plan text made inert in HTML, in element content and in attribute values alike."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True)
class _Axis:
    """The chart's time axis: whole months from the first day shown to the last, as percentages."""

    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def around(cls, first: datetime.date, last: datetime.date) -> _Axis:
        month_after = datetime.date(last.year + last.month // 12, last.month % 12 + 1, 1)
        return cls(first.replace(day=1), month_after - datetime.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def at(self, d: datetime.date, *, middle: bool = False) -> str:
        """Where day ``d`` begins (or its middle) along the axis, as a CSS percentage."""
        return f"{((d - self.start).days + (0.5 if middle else 0)) * 100 / self.days:.3f}%"

    def span(self, first: datetime.date, last: datetime.date) -> str:
        """The width of the days ``first``–``last`` inclusive, as a CSS percentage."""
        return f"{((last - first).days + 1) * 100 / self.days:.3f}%"

    def months(self) -> list[tuple[datetime.date, datetime.date]]:
        """Each month on the axis as (first day, last day)."""
        found = []
        first = self.start
        while first <= self.end:
            following = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            found.append((first, following - datetime.timedelta(days=1)))
            first = following
        return found


def render_html(view: CalendarView) -> str:
    """The whole page for ``view`` as text: a Gantt-style chart, then the table of deadlines."""
    axis = _Axis.around(view.first, view.last)
    title = f"{view.title} — 工作日程"
    body = [f"<h1>{_e(title)}</h1>", _meta(view)]
    body += [f'<p class="note">注：{_e(line)}</p>' for line in view.note_lines()]
    if view.today is not None:
        body.append(f'<p class="status" id="status">{_e(_status(view, view.today))}</p>')
    body += [_chart(view, axis), _legend(view), _table(view)]
    body += [part for part in (_milestone_table(view), _footer(view)) if part]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="generator" content="campaignflow">',
            f"<title>{_e(title)}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def _meta(view: CalendarView) -> str:
    plan = view.plan
    parts = [plan.issuer] if plan.issuer else []
    if view.unit:
        parts.append(f"单位：{view.unit_text}")
    parts.append(f"{iso_range(view.first, view.last)}，共{view.workdays}个工作日")
    return f'<p class="meta">{_e(" · ".join(parts))}</p>'


def _status(view: CalendarView, today: datetime.date) -> str:
    """Today's place in the campaign and the next deadline(s), e.g. for a screen in the office."""
    text = f"今天 {view.day(today)}：{view.where(today)}"
    upcoming = sorted((d for d in view.deadlines if d.due >= today), key=lambda d: d.due)
    if upcoming:
        due = upcoming[0].due
        due_then = [d for d in upcoming if d.due == due]
        names = list(dict.fromkeys(d.artifact.name for d in due_then))
        shown = "、".join(names[:2]) + (f"等{len(due_then)}项" if len(names) > 2 else "")
        left = view.plan.workcalendar.workdays_between(today, due)
        when = "今天截止" if due == today else f"还有{left}个工作日" if left else "今天是最后一个工作日"
        text += f"；下一个截止：{view.day(due)} {shown}（{when}）"
    return text


def _chart(view: CalendarView, axis: _Axis) -> str:
    months = axis.months()
    ruler = "".join(
        f'<span class="month" style="left:{axis.at(first)};width:{axis.span(first, last)}">'
        f"{_e(_month_name(first, first == axis.start))}</span>"
        for first, last in months
    )
    lines = [
        '<div class="chart" role="img" aria-label="阶段时间轴">',
        f'<div class="line ruler"><div class="label">阶段</div><div class="track">{ruler}</div></div>',
    ]
    lines += [_phase_line(view, axis, row) for row in view.rows]
    if view.duties:
        lines.append(_duty_line(view, axis))
    if view.milestones:
        lines.append(_milestone_line(view, axis))
    overlay = [f'<span class="gridline" style="left:{axis.at(first)}"></span>' for first, _ in months[1:]]
    today = view.today
    if today is not None and axis.start <= today <= axis.end:
        overlay.append(
            f'<span class="today" id="today" style="left:{axis.at(today, middle=True)}">'
            f"<span>今天 {_e(view.day(today))}</span></span>"
        )
    lines += [f'<div class="overlay">{"".join(overlay)}</div>', "</div>"]
    return "\n".join(lines)


def _month_name(first: datetime.date, leading: bool) -> str:
    return f"{first.year}年{first.month}月" if leading or first.month == 1 else f"{first.month}月"


def _phase_line(view: CalendarView, axis: _Axis, row: PhaseRow) -> str:
    phase = row.phase
    colour = STAGE_COLOURS[phase.stage]
    planned_end = min(phase.end, row.end)
    bar = (
        f'<div class="bar" style="--c:{colour};left:{axis.at(row.start)};'
        f'width:{axis.span(row.start, planned_end)}" title="{_e(_dates(view, row))}"></div>'
    )
    if row.extended:
        extra = planned_end + datetime.timedelta(days=1)
        bar += (
            f'<div class="bar ext" style="--c:{colour};left:{axis.at(extra)};'
            f'width:{axis.span(extra, row.end)}" title="延期至{_e(view.day(row.end))}"></div>'
        )
    label = [f"<b>{_e(phase.name)}</b>", f"<small>{_e(phase.window_text)}</small>"]
    label.append(f"<small>{_e(_dates(view, row))}</small>")
    if row.extended:
        label.append(f"<small>已延期（原定{_e(view.day(phase.end))}结束）</small>")
    return (
        f'<div class="line row" data-phase="{_e(phase.id)}"><div class="label">{"".join(label)}</div>'
        f'<div class="track">{bar}{_markers(view, axis, row.deadlines)}</div></div>'
    )


def _duty_line(view: CalendarView, axis: _Axis) -> str:
    first, last = view.plan.span
    bar = (
        f'<div class="bar" style="--c:{DUTY_COLOUR};left:{axis.at(first)};'
        f'width:{axis.span(first, last)}"></div>'
    )
    names = "、".join(dict.fromkeys(d.artifact.name for d in view.duties))
    label = f"<b>全程任务</b><small>{_e(names)}</small>"
    return (
        f'<div class="line row" data-phase=""><div class="label">{label}</div>'
        f'<div class="track">{bar}{_markers(view, axis, view.duties)}</div></div>'
    )


def _milestone_line(view: CalendarView, axis: _Axis) -> str:
    """The organisers' own steps (动员大会, 评选) on one line, each a bar over its days."""
    bars = "".join(
        f'<div class="bar" data-milestone="{_e(m.milestone.id)}" style="--c:{MILESTONE_COLOUR};'
        f'left:{axis.at(m.start)};width:{axis.span(m.start, m.end)}" '
        f'title="{_e(m.label)}：{_e(view.day(m.start))}—{_e(view.day(m.end))}（{_e(view.when(m))}）"></div>'
        for m in view.milestones
    )
    names = "、".join(m.milestone.name for m in view.milestones)
    label = f"<b>组织工作</b><small>{_e(names)}</small>"
    return (
        f'<div class="line row" data-phase=""><div class="label">{label}</div>'
        f'<div class="track">{bars}</div></div>'
    )


def _milestone_table(view: CalendarView) -> str:
    """The organisers' own steps with their dates, after the deadlines (empty when the plan has none)."""
    if not view.milestones:
        return ""
    rows = [
        f'<tr data-milestone="{_e(m.milestone.id)}"><td class="date">{_e(iso_range(m.start, m.end))}</td>'
        f"<td>{_e(m.milestone.name)}</td><td>{_e(view.when(m))}</td>"
        f"<td>{_e(m.milestone.held_by or '')}</td></tr>"
        for m in view.milestones
    ]
    head = "".join(f"<th>{h}</th>" for h in ("日期", "组织工作", "时间（原文）", "组织"))
    return "\n".join(
        ["<h2>组织工作</h2>", f"<table><thead><tr>{head}</tr></thead><tbody>", *rows, "</tbody></table>"]
    )


def _dates(view: CalendarView, row: PhaseRow) -> str:
    return f"{view.day(row.start)}—{view.day(row.end)}，{row.workdays}个工作日"


def _markers(view: CalendarView, axis: _Axis, deadlines: Sequence[Deadline]) -> str:
    """One diamond per due date in a row, titled with everything due that day."""
    marks = []
    for due, group in view.grouped(deadlines):
        names = "、".join(view.label(d) for d in group)
        count = f" ×{len(group)}" if len(group) > 1 else ""
        marks.append(
            f'<span class="due" data-due="{due.isoformat()}" style="left:{axis.at(due, middle=True)}" '
            f'title="{_e(view.day(due))}截止：{_e(names)}"><i></i>{_e(view.day(due))}{count}</span>'
        )
    return "".join(marks)


def _legend(view: CalendarView) -> str:
    parts = ["<i></i>截止日期"]
    if any(row.extended for row in view.rows):
        parts.append('<i class="ext"></i>延期')
    if view.milestones:
        parts.append(f'<i class="org" style="background:{MILESTONE_COLOUR}"></i>组织工作')
    if view.today is not None:
        parts.append('<i class="now"></i>今天')
    return f'<p class="legend">{"".join(parts)}</p>'


def _table(view: CalendarView) -> str:
    if not view.deadlines:
        return "<h2>应交材料及截止日期</h2>\n<p>本方案未列出应交材料。</p>"
    head = ["截止日期", "材料", "类别", "所属阶段", "说明"]
    if not view.unit:
        head.insert(3, "应交单位")
    rows = []
    for d in sorted(view.deadlines, key=lambda d: d.due):
        artifact = d.artifact
        past = ' class="past"' if view.today is not None and d.due < view.today else ""
        cells = [
            f'<td class="date">{_e(d.due.isoformat())}</td>',
            f"<td>{_e(artifact.name)}{_e(f'（{d.period}）' if d.period else '')}</td>",
            f"<td>{_e(d.kind_name)}</td>",
            f"<td>{_e(d.phase.name if d.phase else '全程')}</td>",
            f"<td>{_e('；'.join(f'{name}：{text}' for name, text in d.particulars))}</td>",
        ]
        if not view.unit:
            cells.insert(3, f"<td>{_e('、'.join(artifact.owed_by) or '全部')}</td>")
        rows.append(f'<tr{past} data-artifact="{_e(artifact.id)}">{"".join(cells)}</tr>')
    header = "".join(f"<th>{h}</th>" for h in head)
    return "\n".join(
        [
            "<h2>应交材料及截止日期</h2>",
            f"<table><thead><tr>{header}</tr></thead><tbody>",
            *rows,
            "</tbody></table>",
        ]
    )


def _footer(view: CalendarView) -> str:
    plan = view.plan
    return f"<footer>依据 {_e(view.document)} · 由 campaignflow 生成 · 方案编号 {_e(plan.id)}</footer>"
