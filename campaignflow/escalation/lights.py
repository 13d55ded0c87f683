"""The 红黄绿 board: every unit's light on a day, and how many units of each phase show each light."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

from campaignflow.escalation.episodes import memory_of
from campaignflow.escalation.result import AsOf, as_of_day
from campaignflow.findings import open_terms
from campaignflow.gates import accepted, is_in, owes
from campaignflow.history import UnitRecord, paused_gc
from campaignflow.periods import occurrences, span_of, uncovered
from campaignflow.plan import Artifact, Phase, Plan

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = ["LIGHT_WORDS", "Board", "BoardRow", "Light", "PhaseCount", "board"]

Light = Literal["green", "yellow", "red"]
#: An artifact a unit kind owes, as the board checks it: spec, accepted statuses, plan due date,
#: its phase's position (-1 for a campaign-long duty), and a recurring report's due days (each period).
Owed = tuple[Artifact, frozenset[str] | None, datetime.date, int, tuple[datetime.date, ...]]
LIGHT_WORDS: Final[Mapping[str, str]] = {"green": "绿", "yellow": "黄", "red": "红"}


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One unit on the board: its phase, its light, and the deadline that decided the light."""

    unit: str
    kind: str
    phase: str
    light: Light
    due: datetime.date | None = None
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "unit": self.unit,
            "kind": self.kind,
            "phase": self.phase,
            "light": self.light,
            "due": self.due.isoformat() if self.due else None,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class PhaseCount:
    """How many units of a phase (or ``done``) show each light."""

    phase: str
    name: str
    green: int = 0
    yellow: int = 0
    red: int = 0

    @property
    def total(self) -> int:
        return self.green + self.yellow + self.red

    def as_dict(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "name": self.name,
            "green": self.green,
            "yellow": self.yellow,
            "red": self.red,
            "total": self.total,
        }


@dataclass(frozen=True, slots=True)
class Board:
    """Every unit's 红黄绿 light on ``as_of``, with counts per phase (``done`` last).

    Green: nothing it owes is due within ``warn_workdays`` working days; yellow: something is
    (or is due today); red: something is overdue. What a unit owes is every required, non-recurring
    artifact for its kind, plus any artifact an ``overdue`` rule watches for it, not yet in.
    """

    as_of: datetime.date
    warn_workdays: int
    rows: tuple[BoardRow, ...]
    phases: tuple[PhaseCount, ...]

    @property
    def totals(self) -> dict[str, int]:
        """Units per light over the whole campaign."""
        return {
            "green": sum(p.green for p in self.phases),
            "yellow": sum(p.yellow for p in self.phases),
            "red": sum(p.red for p in self.phases),
        }

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """Phase id → light → number of units."""
        return {p.phase: {"green": p.green, "yellow": p.yellow, "red": p.red} for p in self.phases}

    def light(self, unit: str) -> Light:
        """The light of one unit (KeyError if it is not on the board)."""
        for row in self.rows:
            if row.unit == unit:
                return row.light
        raise KeyError(unit)

    def as_dict(self) -> dict[str, Any]:
        """The board as JSON-ready data."""
        return {
            "as_of": self.as_of.isoformat(),
            "warn_workdays": self.warn_workdays,
            "totals": self.totals,
            "phases": [p.as_dict() for p in self.phases],
            "units": [r.as_dict() for r in self.rows],
        }


def board(campaign: Campaign, as_of: AsOf) -> Board:
    """Every unit's 红黄绿 light on ``as_of`` and the counts per phase; reads, never records."""
    day = as_of_day(as_of)
    plan = campaign.plan
    calendar = plan.workcalendar
    warn = plan.calendar.warn_workdays
    horizon = calendar.add_workdays(day, warn + 1)
    watched: dict[str, set[str]] = {k.name: set() for k in plan.unit_kinds}
    for watch in memory_of(campaign).watches:
        if watch.kind == "overdue":
            for kind in watch.kinds:
                watched[kind].add(watch.spec.id)
    owed: dict[str, list[Owed]] = {}
    order = {p.id: i for i, p in enumerate(plan.phases)}
    for unit_kind in plan.unit_kinds:
        kind = unit_kind.name
        owed[kind] = [
            (spec, accepted(spec), plan.due(phase, spec), order[phase.id] if phase else -1, days)
            for phase, spec in plan.artifacts()
            for days in [_due_days(plan, phase, spec)]
            if owes(kind, spec)
            and ((spec.required and (spec.recurring is None or days)) or spec.id in watched[kind])
        ]
    names = {p.id: p.name for p in plan.phases}
    tally: dict[str, dict[str, int]] = {pid: {"green": 0, "yellow": 0, "red": 0} for pid in [*names, "done"]}
    rows = []
    with paused_gc():  # a row per unit, no reference cycles
        for record in campaign.records():
            row = _board_row(campaign, record, owed.get(record.kind, []), day, horizon)
            rows.append(row)
            tally.setdefault(record.phase, {"green": 0, "yellow": 0, "red": 0})[row.light] += 1
    phases = tuple(PhaseCount(pid, names.get(pid, "已完成"), **counts) for pid, counts in tally.items())
    return Board(day, warn, tuple(rows), phases)


def _due_days(plan: Plan, phase: Phase | None, spec: Artifact) -> tuple[datetime.date, ...]:
    rec = spec.recurring
    return occurrences(rec, *span_of(plan, phase)) if rec is not None and rec.days else ()


def _board_row(
    campaign: Campaign,
    record: UnitRecord,
    owed: Iterable[Owed],
    day: datetime.date,
    horizon: datetime.date,
) -> BoardRow:
    items = record.items
    own = record.deadlines is not None or record.ends is not None
    plan = campaign.plan
    here = next((i for i, p in enumerate(plan.phases) if p.id == record.phase), len(plan.phases))
    late: list[tuple[datetime.date, Artifact | None]] = []  # None: a finding's 限期整改 term
    late += [(due, None) for due, _ in open_terms(record) if due < day]
    ahead: list[tuple[datetime.date, Artifact]] = []  # late, of a phase the unit has not reached
    near: list[tuple[datetime.date, Artifact]] = []
    for spec, statuses, by_plan, position, days in owed:
        item = items.get(spec.id) if items else None
        planned = by_plan
        if days:  # a recurring report on fixed days: its earliest period not handed in
            first = uncovered(days, item.periods if item else None)
            if first is None:
                continue
            planned = first
        elif is_in(spec, statuses, item):
            continue
        due = campaign.deadline_of(record.name, spec.id) if own else planned
        if due < day:
            (ahead if position > here else late).append((due, spec))
        elif due < horizon:
            near.append((due, spec))
    calendar = plan.workcalendar
    behind = ""
    if ahead:  # the real cause: the unit is still in an earlier phase while a later one has opened
        following = plan.phases[here + 1]
        start = following.start
        behind = f"仍处于{plan.phases[here].name}，{following.name}已于{start.month}月{start.day}日开始"
    if late:
        due, found = min(late, key=lambda pair: pair[0])
        more = f"等 {len(late)} 项" if len(late) > 1 else ""
        name = found.name if found is not None else "督查发现问题限期整改"
        reason = f"{name}{more}逾期 {calendar.workdays_between(due, day)} 个工作日"
        reason += f"；{behind}" if behind else ""
        return BoardRow(record.name, record.kind, record.phase, "red", due, reason)
    if ahead:
        due = min(due for due, _ in ahead)
        return BoardRow(record.name, record.kind, record.phase, "red", due, behind)
    if near:
        due, spec = min(near, key=lambda pair: pair[0])
        left = calendar.workdays_between(day, due)
        if due == day:
            when = "今日到期"
        elif left:
            when = f"{due.month}月{due.day}日到期，还有 {left} 个工作日"
        else:  # due on a holiday or weekend: no working day is left after today
            when = f"{due.month}月{due.day}日到期，今日是最后一个工作日"
        return BoardRow(record.name, record.kind, record.phase, "yellow", due, f"{spec.name}{when}")
    return BoardRow(record.name, record.kind, record.phase, "green")
