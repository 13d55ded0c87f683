"""Phase calendars: one plan (or one unit's view of it) as ICS, an HTML timeline, Markdown, JSON or Mermaid.

Every office asks "when is this phase over, and when is that report due?". :func:`render` answers in
the format people already use: an ``.ics`` file for their calendar app, a one-page timeline to
print or put on a screen (:mod:`campaignflow.timeline`), a Markdown table to paste into a notice,
JSON for other programs, and a Mermaid ``gantt`` that GitHub and GitLab draw.

All formats are drawn from one :class:`CalendarView`, built once by :func:`build_view`: the plan's
resolved windows and deadlines (this module never reads a date phrase itself), working-day counts
from the plan's :class:`~campaignflow.workdays.WorkCalendar`, and a note for each year outside
the official holiday tables. With a tracked ``campaign`` and a ``unit``, the view shows that
unit's extended phase ends and its own deadlines, and only what its kind owes.

Output is deterministic: the clock is never read (``today`` is passed in), and the ICS
``DTSTAMP`` is the campaign's first day at 00:00 Beijing time, so rendering twice gives the same
bytes and golden files stay stable.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, overload

import icalendar

from campaignflow.errors import CampaignflowError
from campaignflow.plan import Artifact, Phase, Plan
from campaignflow.timeline import render_html
from campaignflow.workdays import CoverageNote

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = [
    "FORMATS",
    "KIND_NAMES",
    "PERIOD_NAMES",
    "STAGE_NAMES",
    "CalendarView",
    "Deadline",
    "Format",
    "PhaseRow",
    "build_view",
    "ics_uid",
    "render",
    "render_ics",
    "render_json",
    "render_markdown",
    "render_mermaid",
    "render_view",
]

Format = Literal["ics", "html", "md", "json", "mermaid"]
FORMATS: Final[tuple[Format, ...]] = ("ics", "html", "md", "json", "mermaid")

STAGE_NAMES: Final = {
    "mobilize": "动员部署",
    "study": "学习提高",
    "inspect": "查摆问题",
    "evaluate": "评议",
    "rectify": "整改落实",
    "summarize": "总结提高",
}
KIND_NAMES: Final = {"document": "材料", "meeting": "会议", "test": "测试", "vote": "评议"}
PERIOD_NAMES: Final = {
    "week": "每周",
    "half_month": "每半月",
    "month": "每月",
    "quarter": "每季度",
    "half_year": "每半年",
    "year": "每年",
}
BEIJING: Final = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
ALARM_HOUR: Final = 9  # reminders ring at 09:00 Beijing time, not at midnight
DAY: Final = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    """One artifact's due date as this calendar shows it (a unit's own date when the view is per unit)."""

    artifact: Artifact
    phase: Phase | None  # None: a campaign-long duty
    due: datetime.date

    @property
    def label(self) -> str:
        """The artifact's name with the unit kinds that owe it.

        E.g. ``自查自评报告（领导班子、主要负责同志）``: two artifacts of a plan may
        share a name (one per reviewer); the kinds tell them apart.
        """
        kinds = "、".join(self.artifact.owed_by)
        return f"{self.artifact.name}（{kinds}）" if kinds else self.artifact.name

    @property
    def kind_name(self) -> str:
        """What kind of evidence is due, in Chinese: 材料, 会议, 测试 or 评议."""
        return KIND_NAMES[self.artifact.kind]

    @property
    def period(self) -> str | None:
        """How often a recurring duty falls due, e.g. ``每周1次``; None for a one-off artifact."""
        recurring = self.artifact.recurring
        return f"{PERIOD_NAMES[recurring.every]}{recurring.count}次" if recurring else None


@dataclass(frozen=True)
class PhaseRow:
    """One phase as this calendar shows it: inclusive dates, working days, deadlines in plan order."""

    phase: Phase
    start: datetime.date
    end: datetime.date  # the unit's extended end in a per-unit view
    workdays: int
    deadlines: tuple[Deadline, ...]

    @property
    def extended(self) -> bool:
        """Whether this view's end is later than the plan's (the unit was granted an extension)."""
        return self.end != self.phase.end


@dataclass(frozen=True)
class CalendarView:
    """Everything a calendar format draws, computed once so the formats cannot disagree.

    ``first`` and ``last`` bound every phase and every deadline; ``notes`` name the years in
    that range that fell outside the official holiday tables (working days there assume
    Monday–Friday); ``workdays`` counts the working days from ``first`` to ``last``.
    """

    plan: Plan
    rows: tuple[PhaseRow, ...]
    duties: tuple[Deadline, ...]
    notes: tuple[CoverageNote, ...]
    first: datetime.date
    last: datetime.date
    workdays: int
    unit: str | None = None
    unit_kind: str | None = None
    today: datetime.date | None = None

    @property
    def title(self) -> str:
        """The calendar's name: the plan title, and the unit's name in a per-unit view."""
        return f"{self.plan.title} — {self.unit}" if self.unit else self.plan.title

    @property
    def unit_text(self) -> str:
        """The unit with its kind, ``张三（主要负责同志）``, or just ``办公室`` when the name is the kind."""
        if not self.unit or self.unit_kind in (None, self.unit):
            return self.unit or ""
        return f"{self.unit}（{self.unit_kind}）"

    @property
    def deadlines(self) -> list[Deadline]:
        """Every deadline, phases first then duties, in plan order."""
        return [d for row in self.rows for d in row.deadlines] + list(self.duties)

    def label(self, deadline: Deadline) -> str:
        """A deadline's name; owing kinds are left out in a per-unit view, where all are the unit's."""
        return deadline.artifact.name if self.unit else deadline.label

    def describe(self, deadline: Deadline) -> str:
        """A deadline's label with the period of a recurring duty, e.g. ``投稿（局属单位，每周1次）``."""
        if deadline.period is None:
            return self.label(deadline)
        details = [] if self.unit else list(deadline.artifact.owed_by)
        return f"{deadline.artifact.name}（{'，'.join([*details, deadline.period])}）"

    def where(self, day: datetime.date) -> str:
        """Where ``day`` falls in the campaign, in words: the phase(s) under way, or before/after."""
        current = [row.phase.name for row in self.rows if row.start <= day <= row.end]
        if current:
            return "处于" + "、".join(current)
        if day < self.first:
            return "活动尚未开始"
        if day > self.last:
            return "活动已结束"
        return "处于两个阶段之间"

    @staticmethod
    def grouped(deadlines: Iterable[Deadline]) -> list[tuple[datetime.date, list[Deadline]]]:
        """Deadlines grouped by due date, dates ascending, plan order kept within a date."""
        groups: dict[datetime.date, list[Deadline]] = {}
        for deadline in deadlines:
            groups.setdefault(deadline.due, []).append(deadline)
        return sorted(groups.items(), key=lambda item: item[0])

    def estimated(self, first: datetime.date, last: datetime.date) -> bool:
        """Whether a working-day count over ``first``–``last`` assumed Monday–Friday for some year."""
        return any(first.year <= note.year <= last.year for note in self.notes)

    def note_lines(self) -> list[str]:
        """The coverage notes as Chinese sentences, one per year."""
        return [
            f"{n.year}年不在法定节假日和调休安排表内，该年的工作日数按周一至周五计算，可能与实际不符。"
            for n in self.notes
        ]

    def day(self, d: datetime.date) -> str:
        """``9月10日`` within the plan's year, ``2012年1月10日`` outside it."""
        return f"{d.month}月{d.day}日" if d.year == self.plan.year else f"{d.year}年{d.month}月{d.day}日"


def build_view(
    plan: Plan,
    *,
    unit: str | None = None,
    campaign: Campaign | None = None,
    today: datetime.date | None = None,
) -> CalendarView:
    """Resolve ``plan`` into the dates every format draws.

    With ``unit`` (which needs the ``campaign`` tracking it), phase ends include the unit's
    extensions, deadlines are the unit's own (限期整改 dates included), and only artifacts its
    kind owes are shown. Raises :class:`CampaignflowError` for an undated draft, a ``unit`` without
    a campaign, or a campaign of another plan; :class:`~campaignflow.errors.UnknownUnit` for a unit
    that is not enrolled.
    """
    if plan.undated:
        phase = plan.undated[0]
        raise CampaignflowError(
            f"plan {plan.id}: phase {phase.id} ({phase.name}) has no dates yet; "
            "a calendar needs every phase dated"
        )
    kind = None
    if unit is not None:
        if campaign is None:
            raise CampaignflowError(f"a calendar for unit {unit!r} needs the campaign that tracks it")
        if campaign.plan.id != plan.id:
            raise CampaignflowError(f"the campaign tracks plan {campaign.plan.id!r}, not {plan.id!r}")
        kind = campaign.record(unit).kind  # UnknownUnit for a unit that is not enrolled
    calendar = plan.workcalendar
    rows: list[PhaseRow] = []
    for phase in plan.phases:
        end = phase.end if unit is None or campaign is None else campaign.phase_end(unit, phase.id)
        due = _deadlines(plan, phase, phase.artifacts, unit, campaign)
        rows.append(PhaseRow(phase, phase.start, end, calendar.count_workdays(phase.start, end), due))
    duties = _deadlines(plan, None, plan.duties, unit, campaign)
    days = [r.start for r in rows] + [r.end for r in rows] + [d.due for r in rows for d in r.deadlines]
    days += [d.due for d in duties] + list(plan.span)
    first, last = min(days), max(days)
    workdays = calendar.count_workdays(first, last)  # meets every year in range, so each gets its note
    notes = sorted(
        (n for n in calendar.coverage_notes if first.year <= n.year <= last.year), key=lambda n: n.year
    )
    return CalendarView(plan, tuple(rows), duties, tuple(notes), first, last, workdays, unit, kind, today)


def _deadlines(
    plan: Plan,
    phase: Phase | None,
    artifacts: Iterable[Artifact],
    unit: str | None,
    campaign: Campaign | None,
) -> tuple[Deadline, ...]:
    if unit is None or campaign is None:
        return tuple(Deadline(a, phase, plan.due(phase, a)) for a in artifacts)
    return tuple(
        Deadline(a, phase, campaign.deadline_of(unit, a.id)) for a in artifacts if campaign.owes(unit, a.id)
    )


@overload
def render(
    plan: Plan,
    fmt: Literal["ics"],
    *,
    unit: str | None = ...,
    campaign: Campaign | None = ...,
    today: datetime.date | None = ...,
    alarm_days: int = ...,
) -> bytes: ...
@overload
def render(
    plan: Plan,
    fmt: Literal["html", "md", "json", "mermaid"],
    *,
    unit: str | None = ...,
    campaign: Campaign | None = ...,
    today: datetime.date | None = ...,
    alarm_days: int = ...,
) -> str: ...
@overload
def render(
    plan: Plan,
    fmt: str,
    *,
    unit: str | None = ...,
    campaign: Campaign | None = ...,
    today: datetime.date | None = ...,
    alarm_days: int = ...,
) -> str | bytes: ...
def render(
    plan: Plan,
    fmt: str,
    *,
    unit: str | None = None,
    campaign: Campaign | None = None,
    today: datetime.date | None = None,
    alarm_days: int = 3,
) -> str | bytes:
    """Render ``plan`` as ``fmt`` (one of :data:`FORMATS`): bytes for ``ics``, text otherwise.

    ``unit`` and ``campaign`` make a per-unit calendar (see :func:`build_view`); ``today`` marks
    the day in the HTML timeline, the Markdown and Mermaid output and the JSON; ``alarm_days`` is
    how many days before a deadline its ICS reminder rings (at 09:00; 0 rings on the day).
    """
    if fmt not in FORMATS:
        raise CampaignflowError(f"unknown calendar format {fmt!r} (choose from {', '.join(FORMATS)})")
    view = build_view(plan, unit=unit, campaign=campaign, today=today)
    return render_view(view, fmt, alarm_days=alarm_days)


def render_view(view: CalendarView, fmt: str, *, alarm_days: int = 3) -> str | bytes:
    """Render an already built view as ``fmt``: the dispatch behind :func:`render`.

    The CLI uses it to build the view once and also report its coverage notes.
    """
    if fmt not in FORMATS:
        raise CampaignflowError(f"unknown calendar format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "ics":
        return render_ics(view, alarm_days=alarm_days)
    if fmt == "html":
        return render_html(view)
    if fmt == "md":
        return render_markdown(view)
    if fmt == "json":
        return render_json(view)
    return render_mermaid(view)


# ---- ICS -----------------------------------------------------------------------------------------


def render_ics(view: CalendarView, *, alarm_days: int = 3) -> bytes:
    """An iCalendar file (RFC 5545), built with the ``icalendar`` library.

    One all-day VEVENT per phase (``DTEND`` is exclusive: the day after the last day) and one per
    deadline, with a DISPLAY alarm at 09:00 ``alarm_days`` days before. UIDs are derived from the
    plan id and the phase or artifact id (and the unit in a per-unit calendar), so importing a
    newer file updates the events instead of duplicating them.
    """
    if alarm_days < 0:
        raise CampaignflowError(f"alarm_days must be 0 or more, not {alarm_days}")
    plan = view.plan
    stamp = datetime.datetime.combine(plan.span[0], datetime.time(), BEIJING).astimezone(datetime.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//campaignflow//phase calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", view.title)
    cal.add("x-wr-calname", icalendar.vText(view.title))
    cal.add("x-wr-timezone", icalendar.vText("Asia/Shanghai"))
    about = _ics_about(view)
    cal.add("description", about)
    cal.add("x-wr-caldesc", icalendar.vText(about))  # X- values are not escaped unless typed
    for row in view.rows:
        cal.add_component(_phase_event(view, row, stamp))
    for deadline in view.deadlines:
        cal.add_component(_deadline_event(view, deadline, stamp, alarm_days))
    data: bytes = cal.to_ical()
    return data


def ics_uid(view: CalendarView, what: Literal["phase", "artifact"], ident: str) -> str:
    """A stable UID such as ``phase-rectify@youqu-liangpingyishu-2011.campaignflow``.

    A per-unit calendar adds a short hash of the unit's name, so it never overwrites the plan's
    calendar (or another unit's) when both are imported into one calendar app.
    """
    unit = ""
    if view.unit is not None:
        unit = ".u" + hashlib.sha256(view.unit.encode("utf-8")).hexdigest()[:12]
    return f"{what}-{ident}{unit}@{view.plan.id}.campaignflow"


def _ics_about(view: CalendarView) -> str:
    plan = view.plan
    lines = [f"{plan.issuer or ''}《{plan.title}》各阶段起止日期及应交材料截止日期。".lstrip()]
    if view.unit:
        lines.append(f"单位：{view.unit_text}，含该单位的延期和限期整改日期。")
    lines.append(f"活动时间：{_range(view.first, view.last)}，共{view.workdays}个工作日。")
    if plan.source:
        lines.append(f"依据：{plan.source}")
    lines += view.note_lines()
    return "\n".join(lines)


def _phase_event(view: CalendarView, row: PhaseRow, stamp: datetime.datetime) -> icalendar.Event:
    phase = row.phase
    lines = [f"时间：{phase.window_text}（{_range(row.start, row.end)}，{row.workdays}个工作日）"]
    if row.extended:
        lines.append(f"已延期：原定{view.day(phase.end)}结束，延至{view.day(row.end)}")
    lines.append(f"阶段：{STAGE_NAMES[phase.stage]}")
    if phase.goals:
        lines.append(f"目标：{phase.goals}")
    if row.deadlines:
        lines.append("应交材料：")
        lines += [
            f"{view.day(due)}：{'、'.join(view.describe(d) for d in group)}"
            for due, group in view.grouped(row.deadlines)
        ]
    lines += _year_notes(view, row.start, row.end)
    event = _event(ics_uid(view, "phase", phase.id), stamp, row.start, row.end)
    event.add("summary", phase.name)
    event.add("description", "\n".join(lines))
    event.add("categories", ["阶段", STAGE_NAMES[phase.stage]])
    return event


def _deadline_event(
    view: CalendarView, deadline: Deadline, stamp: datetime.datetime, alarm_days: int
) -> icalendar.Event:
    artifact = deadline.artifact
    label = view.label(deadline)
    lines = [f"截止日期：{view.day(deadline.due)}（{deadline.due.isoformat()}）"]
    lines.append(f"所属阶段：{deadline.phase.name if deadline.phase else '全程'}")
    lines.append(f"类别：{deadline.kind_name}")
    if artifact.owed_by and not view.unit:
        lines.append(f"应交单位：{'、'.join(artifact.owed_by)}")
    if deadline.period:
        lines.append(f"频次：{deadline.period}")
    if artifact.reviewer:
        lines.append(f"审核把关：{artifact.reviewer}")
    if artifact.submit_to:
        lines.append(f"报送：{artifact.submit_to}")
    if artifact.basis:
        lines.append(f"依据：{artifact.basis}")
    lines += _year_notes(view, deadline.due, deadline.due)
    event = _event(ics_uid(view, "artifact", artifact.id), stamp, deadline.due, deadline.due)
    event.add("summary", f"截止：{label}")
    event.add("description", "\n".join(lines))
    event.add("categories", ["截止", deadline.kind_name])
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{label}将于{view.day(deadline.due)}截止")
    alarm.add("trigger", datetime.timedelta(days=-alarm_days, hours=ALARM_HOUR))
    event.add_component(alarm)
    return event


def _event(uid: str, stamp: datetime.datetime, first: datetime.date, last: datetime.date) -> icalendar.Event:
    """An all-day event covering ``first``–``last`` inclusive: ``DTEND`` is the day after ``last``."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", last + DAY)
    event.add("transp", "TRANSPARENT")  # a phase or deadline does not make anyone busy
    return event


def _year_notes(view: CalendarView, first: datetime.date, last: datetime.date) -> list[str]:
    """The coverage notes for the years an event touches."""
    lines = view.note_lines()
    return [
        line for note, line in zip(view.notes, lines, strict=True) if first.year <= note.year <= last.year
    ]


def _range(first: datetime.date, last: datetime.date) -> str:
    return f"{first.isoformat()} 至 {last.isoformat()}"


# ---- Markdown ------------------------------------------------------------------------------------

_MD_SPECIAL: Final = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#~&"})


def _md(text: str) -> str:
    """Plan text made inert in Markdown: punctuation escaped, line breaks folded into spaces."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


def render_markdown(view: CalendarView) -> str:
    """A table to paste into a notice: 阶段 | 起止日期 | 工作日数 | 应交材料及截止日期.

    Deadlines of a phase are grouped by date (``9月10日:A、B``), one date per line (``<br>``).
    Campaign-long duties get a last row, 全程. Coverage notes follow as ``> 注:`` lines.
    """
    plan = view.plan
    lines = [f"# {_md(view.title)} — 工作日程", ""]
    if plan.issuer:
        lines.append(f"- 发文单位：{_md(plan.issuer)}")
    if view.unit:
        lines.append(f"- 单位：{_md(view.unit_text)}")
    lines.append(f"- 活动时间：{_range(view.first, view.last)}，共 {view.workdays} 个工作日")
    if plan.source:
        lines.append(f"- 依据：{_md(plan.source)}")
    if view.today:
        lines.append(f"- 今天：{view.today.isoformat()}，{_md(view.where(view.today))}")
    lines += ["", "| 阶段 | 起止日期 | 工作日数 | 应交材料及截止日期 |", "| --- | --- | --- | --- |"]
    for row in view.rows:
        when = f"{_md(row.phase.window_text)}<br>{_range(row.start, row.end)}"
        if row.extended:
            when += f"<br>（原定{view.day(row.phase.end)}结束，已延期）"
        lines.append(f"| {_md(row.phase.name)} | {when} | {row.workdays} | {_md_due(view, row.deadlines)} |")
    if view.duties:
        first, last = view.plan.span
        days = view.plan.workcalendar.count_workdays(first, last)
        lines.append(f"| 全程 | {_range(first, last)} | {days} | {_md_due(view, view.duties)} |")
    lines += [f"\n> 注：{_md(note)}" for note in view.note_lines()]
    return "\n".join(lines) + "\n"


def _md_due(view: CalendarView, deadlines: Sequence[Deadline]) -> str:
    if not deadlines:
        return "—"
    return "<br>".join(
        f"{view.day(due)}：{'、'.join(_md(view.describe(d)) for d in group)}"
        for due, group in view.grouped(deadlines)
    )


# ---- JSON ----------------------------------------------------------------------------------------


def render_json(view: CalendarView) -> str:
    """The view as JSON for other programs: inclusive ISO dates, the original phrases, working days.

    ``{"plan": {...}, "unit": null | {"name", "kind"}, "today": null | date, "phases": [{"id",
    "name", "stage", "start", "end", "plan_end", "text", "workdays", "deadlines": [{"artifact",
    "name", "kind", "due", "owed_by"}]}], "duties": [...], "notes": [{"year", "message"}]}``.
    ``plan_end`` differs from ``end`` only when the unit was granted an extension.
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
        lines.append(f"    {_mermaid(name)} :p_{row.phase.id}, {row.start.isoformat()}, {days}d")
        lines += [_milestone(view, d) for d in row.deadlines]
    if view.duties:
        lines.append("    section 全程")
        lines += [_milestone(view, d) for d in view.duties]
    if view.today:
        lines += ["    section 今天", f"    今天 :milestone, today, {view.today.isoformat()}, 1d"]
    return "\n".join(lines) + "\n"


def _milestone(view: CalendarView, deadline: Deadline) -> str:
    name = _mermaid(f"截止 {view.describe(deadline)}")
    return f"    {name} :milestone, a_{deadline.artifact.id}, {deadline.due.isoformat()}, 1d"
