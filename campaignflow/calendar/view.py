"""The calendar view: one plan (or one unit's view of it) resolved into the dates every format draws.

:func:`build_view` computes a :class:`CalendarView` once: the plan's resolved windows and deadlines
(this package never reads a date phrase itself), working-day counts from the plan's
:class:`~campaignflow.workdays.WorkCalendar`, a note for each year outside the official holiday
tables, and the organisers' own dated steps (milestones). With a tracked ``campaign`` and a ``unit``,
the view shows that unit's extended phase ends and its own deadlines, and only what its kind owes.
The renderers (:mod:`~campaignflow.calendar.ics`, :mod:`~campaignflow.calendar.timeline`,
:mod:`~campaignflow.calendar.text`) only draw it, so the formats cannot disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from campaignflow.daterange import check_day
from campaignflow.errors import CampaignflowError
from campaignflow.periods import LAST, WEEKDAYS, occurrences, span_of
from campaignflow.plan import Artifact, Milestone, Phase, Plan
from campaignflow.workdays import CoverageNote

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = [
    "KIND_NAMES",
    "PERIOD_NAMES",
    "STAGE_NAMES",
    "CalendarView",
    "Deadline",
    "MilestoneRow",
    "PhaseRow",
    "build_view",
    "iso_range",
]

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


@dataclass(frozen=True)
class Deadline:
    """One artifact's due date as this calendar shows it (a unit's own date when the view is per unit)."""

    artifact: Artifact
    phase: Phase | None  # None: a campaign-long duty
    due: datetime.date
    occurrences: tuple[datetime.date, ...] = ()  # a recurring report on fixed days: every due day
    index: int = 0  # which of the occurrences this one is (0: the first)

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
        if recurring is None:
            return None
        if recurring.days:
            return day_words(recurring.every, recurring.days)
        return f"{PERIOD_NAMES[recurring.every]}{recurring.count}次"

    @property
    def particulars(self) -> list[tuple[str, str]]:
        """Who signs off, receives, holds and attends it, where it is published, as (label, text) pairs.

        E.g. ``[("审核把关", "活动督导组"), ("公示", "全体干部职工")]``; every format shows the same list.
        """
        a = self.artifact
        found = [
            ("审核把关", " → ".join(a.reviewers)),
            ("报送", a.submit_to or ""),
            ("台账", "逐项销号" if a.items else ""),
            ("组织", a.held_by or ""),
            ("参加", "、".join(a.attended_by)),
            ("公示", "、".join(a.publish)),
        ]
        return [(name, text) for name, text in found if text]


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
class MilestoneRow:
    """An organiser's own step (动员大会, 评选) as the calendar shows it, owed by no unit."""

    milestone: Milestone
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        """The step's name with who holds it: ``动员大会（局党委）``."""
        held = self.milestone.held_by
        return f"{self.milestone.name}（{held}）" if held else self.milestone.name


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
    milestones: tuple[MilestoneRow, ...] = ()

    @property
    def title(self) -> str:
        """The calendar's name: the plan title, and the unit's name in a per-unit view."""
        return f"{self.plan.title} — {self.unit}" if self.unit else self.plan.title

    @property
    def document(self) -> str:
        """The document the plan transcribes, as a reader cites it: 《title》 and its 文号 when known."""
        plan = self.plan
        return f"《{plan.title}》" + (f"（{plan.doc_number}）" if plan.doc_number else "")

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

    def due_lines(self, deadlines: Iterable[Deadline], escape: Callable[[str], str] = str) -> list[str]:
        """One line per due day: ``9月10日：自查自评报告（…）、公开承诺（…）``; ``escape`` each name."""
        return [
            f"{self.day(due)}：{'、'.join(escape(self.describe(d)) for d in group)}"
            for due, group in self.grouped(deadlines)
        ]

    def when(self, row: MilestoneRow) -> str:
        """A milestone's time as the plan words it: its own phrase, or the phase it happens in."""
        window = row.milestone.window
        return window.text if window is not None else self.plan.phase(row.milestone.phase or "").name

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
    if today is not None:
        check_day(today, "today")
    if plan.undated:
        raise CampaignflowError(plan.undated_reason("a calendar"))
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
    milestones = tuple(MilestoneRow(m, *plan.days(m)) for m in plan.milestones)
    days = [r.start for r in rows] + [r.end for r in rows] + [d.due for r in rows for d in r.deadlines]
    days += (
        [d.due for d in duties]
        + list(plan.span)
        + [m.start for m in milestones]
        + [m.end for m in milestones]
    )
    first, last = min(days), max(days)
    workdays = calendar.count_workdays(first, last)  # meets every year in range, so each gets its note
    notes = sorted(
        (n for n in calendar.coverage_notes if first.year <= n.year <= last.year), key=lambda n: n.year
    )
    return CalendarView(
        plan, tuple(rows), duties, tuple(notes), first, last, workdays, unit, kind, today, milestones
    )


def _deadlines(
    plan: Plan,
    phase: Phase | None,
    artifacts: Iterable[Artifact],
    unit: str | None,
    campaign: Campaign | None,
) -> tuple[Deadline, ...]:
    found: list[Deadline] = []
    for a in artifacts:
        if unit is not None and campaign is not None and not campaign.owes(unit, a.id):
            continue
        if a.recurring is not None and a.recurring.days:  # every period's deadline, each on its day
            days = occurrences(a.recurring, *span_of(plan, phase))
            found += [Deadline(a, phase, day, days, i) for i, day in enumerate(days)]
        elif unit is None or campaign is None:
            found.append(Deadline(a, phase, plan.due(phase, a)))
        else:
            found.append(Deadline(a, phase, campaign.deadline_of(unit, a.id)))
    return tuple(found)


def day_words(every: str, due: Iterable[int | str]) -> str:
    """The due days in words: ``每月10日、20日``, ``每周五``, ``每季度末``, ``每半月（15日、月末）``."""
    days = list(due)
    if every == "week":
        names = [d if isinstance(d, str) else WEEKDAYS[d - 1] for d in days]
        return "每" + "、".join(n.removeprefix("周") if i else n for i, n in enumerate(names))
    if every == "month":
        return "每月" + "、".join("月末" if d == LAST else f"{d}日" for d in days)
    if every == "half_month":
        return "每半月（15日、月末）"
    return f"{PERIOD_NAMES[every]}末"


def iso_range(first: datetime.date, last: datetime.date) -> str:
    """An inclusive date range as the ICS and Markdown output write it: ``2011-07-21 至 2011-08-31``."""
    return f"{first.isoformat()} 至 {last.isoformat()}"
