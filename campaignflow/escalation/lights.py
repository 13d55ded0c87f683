"""The 红黄绿 board: every unit's light on a day, and how many units of each phase show each light."""

from __future__ import annotations

import datetime
import functools
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Final, Literal

from campaignflow.escalation.episodes import memory_of
from campaignflow.escalation.result import AsOf, as_of_day
from campaignflow.findings import open_terms
from campaignflow.gates import accepted, missing, owes
from campaignflow.history import Evidence, UnitRecord, paused_gc
from campaignflow.periods import occurrences, span_of, uncovered
from campaignflow.plan import Artifact, Phase, Plan

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = ["LIGHT_WORDS", "Board", "BoardRow", "Light", "PhaseCount", "board"]

Light = Literal["green", "yellow", "red"]
#: An artifact a unit kind owes, as the board checks it: spec, accepted statuses, plan due date,
#: its phase's position (-1 for a campaign-long duty), a recurring report's due days (each period),
#: and the phase whose end (extensions included) is its due date, if it has no deadline of its own.
Owed = tuple[Artifact, frozenset[str] | None, datetime.date, int, tuple[datetime.date, ...], str | None]
#: What a unit's light depends on when it has no finding: its kind, its phase, how each thing it
#: handed in stands (:func:`_standing_of`), and its own deadlines and phase ends (None: it has none).
Standing = tuple[
    str,
    str,
    tuple[tuple[str, object], ...],
    tuple[tuple[tuple[str, datetime.date], ...], tuple[tuple[str, datetime.date], ...]] | None,
]
#: How a handed-in artifact stands, by artifact id, where its status alone does not say (:func:`_judges`).
Judges = dict[str, Callable[[Evidence], object]]
#: Each unit's standing (its number, -1 for none), with the record and version it was worked out from.
Known = dict[str, tuple[UnitRecord, int, int]]
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
    _index: dict[str, BoardRow] | None = field(default=None, init=False, repr=False, compare=False)

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
        return self.row(unit).light

    def row(self, unit: str) -> BoardRow:
        """The row of one unit (KeyError if it is not on the board); rows are indexed by name once."""
        index = self._index
        if index is None:
            index = {row.unit: row for row in self.rows}
            object.__setattr__(self, "_index", index)  # a cache: the board itself stays frozen
        return index[unit]

    def as_dict(self) -> dict[str, Any]:
        """The board as JSON-ready data."""
        return {
            "as_of": self.as_of.isoformat(),
            "warn_workdays": self.warn_workdays,
            "totals": self.totals,
            "phases": [p.as_dict() for p in self.phases],
            "units": [r.as_dict() for r in self.rows],
        }


def board(campaign: Campaign, as_of: AsOf, *, records: Iterable[UnitRecord] | None = None) -> Board:
    """Every unit's 红黄绿 light on ``as_of`` and the counts per phase; reads, never records.

    ``records`` (some of ``campaign.records()``) limits the board to those units: an app that keeps
    a board updates it with the rows of the units that changed since, not all of them.
    """
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
            (spec, accepted(spec), plan.due(phase, spec), order[phase.id] if phase else -1, days, ends_with)
            for phase, spec in plan.artifacts()
            for days in [_due_days(plan, phase, spec)]
            for ends_with in [phase.id if phase is not None and spec.deadline is None else None]
            if owes(kind, spec)
            and ((spec.required and (spec.recurring is None or days)) or spec.id in watched[kind])
        ]
    # A unit on the plan's own dates can be late or near only for what the plan makes due before the
    # horizon: it is checked against those alone (a recurring report from its first period on).
    soon = {kind: [o for o in found if (o[4][0] if o[4] else o[2]) < horizon] for kind, found in owed.items()}
    names = {p.id: p.name for p in plan.phases}
    tally: dict[str, dict[str, int]] = {pid: {"green": 0, "yellow": 0, "red": 0} for pid in [*names, "done"]}
    rows = []
    words = _Words(plan, day)
    beyond = len(plan.phases)
    judges, known, ids = _known(campaign)
    # Units standing alike get the same light, due day and reason: each standing is judged once.
    seen: dict[int, tuple[Light, datetime.date | None, str]] = {}
    with paused_gc():  # a row per unit, no reference cycles
        for record in campaign.records() if records is None else records:
            name, kind, phase = record.name, record.kind, record.phase
            entry = known.get(name)
            if entry is not None and entry[0] is record and entry[1] == record.version:
                standing = entry[2]
            else:
                standing = _standing_of(record, judges, ids)
                known[name] = (record, record.version, standing)
            found = seen.get(standing)
            if found is not None:
                row = _row(name, kind, phase, found)
            else:
                own = record.deadlines is not None or record.ends is not None
                checked = (owed if own else soon).get(kind, [])
                here = order.get(phase, beyond)
                row = _board_row(record, checked, horizon, own=own, here=here, words=words)
                if standing >= 0:
                    seen[standing] = (row.light, row.due, row.reason)
            rows.append(row)
            count = tally.get(phase)
            if count is None:
                count = tally[phase] = {"green": 0, "yellow": 0, "red": 0}
            count[row.light] += 1
    phases = tuple(PhaseCount(pid, names.get(pid, "已完成"), **counts) for pid, counts in tally.items())
    return Board(day, warn, tuple(rows), phases)


def _due_days(plan: Plan, phase: Phase | None, spec: Artifact) -> tuple[datetime.date, ...]:
    rec = spec.recurring
    return occurrences(rec, *span_of(plan, phase)) if rec is not None and rec.days else ()


def _judges(plan: Plan) -> Judges:
    """How a handed-in artifact stands, for those whose status alone does not say whether it is in:
    a recurring report on fixed days (its earliest period not handed in), a ledger, a test, a vote."""
    found: Judges = {}
    for phase, spec in plan.artifacts():
        days = _due_days(plan, phase, spec)
        if days:
            found[spec.id] = functools.partial(_first_uncovered, days)
        elif accepted(spec) is None:
            found[spec.id] = functools.partial(_counts_in, spec)
    return found


def _first_uncovered(days: tuple[datetime.date, ...], item: Evidence) -> datetime.date | None:
    return uncovered(days, item.periods)


def _counts_in(spec: Artifact, item: Evidence) -> bool:
    return missing(spec, item) is None


def _standing_of(record: UnitRecord, judges: Judges, ids: dict[Standing, int]) -> int:
    """The number of what ``record``'s light depends on, whatever the day, among ``ids`` (equal
    standings, equal numbers); -1 for a unit with a finding, which is judged alone."""
    if record.findings:
        return -1
    items, deadlines, ends = record.items, record.deadlines, record.ends
    own = (_dates(deadlines), _dates(ends)) if deadlines is not None or ends is not None else None
    standing = (
        tuple(
            [
                (aid, item.status if judge is None else judge(item))
                for aid, item in items.items()
                for judge in [judges.get(aid)]
            ]
        )
        if items
        else ()
    )
    key = (record.kind, record.phase, standing, own)
    found = ids.get(key)
    if found is None:
        found = ids[key] = len(ids)
    return found


_KNOWN: weakref.WeakKeyDictionary[Campaign, tuple[Plan, Judges, Known, dict[Standing, int]]] = (
    weakref.WeakKeyDictionary()
)


def _known(campaign: Campaign) -> tuple[Judges, Known, dict[Standing, int]]:
    """The judges of ``campaign``'s plan, each unit's standing worked out so far and the standings
    numbered, kept while the campaign lives: a unit's standing holds until its record changes (a new
    version, or a record rebuilt from the store), so a board of another day works out only the
    standings of units that changed since, and compares numbers, not tuples."""
    found = _KNOWN.get(campaign)
    if found is None or found[0] is not campaign.plan:
        found = _KNOWN[campaign] = (campaign.plan, _judges(campaign.plan), {}, {})
    return found[1], found[2], found[3]


def _dates(found: Mapping[str, datetime.date] | None) -> tuple[tuple[str, datetime.date], ...]:
    return tuple(found.items()) if found else ()


_NEW: Final = object.__new__
_SETTERS: Final = tuple(getattr(BoardRow, f.name).__set__ for f in fields(BoardRow))


def _row(unit: str, kind: str, phase: str, decided: tuple[Light, datetime.date | None, str]) -> BoardRow:
    """``BoardRow(unit, kind, phase, *decided)`` at half the cost: a frozen dataclass's ``__init__``
    sets each field through ``object.__setattr__``, and a board makes a row per unit."""
    light, due, reason = decided
    row: BoardRow = _NEW(BoardRow)
    set_unit, set_kind, set_phase, set_light, set_due, set_reason = _SETTERS
    set_unit(row, unit)
    set_kind(row, kind)
    set_phase(row, phase)
    set_light(row, light)
    set_due(row, due)
    set_reason(row, reason)
    return row


def _board_row(
    record: UnitRecord,
    owed: Iterable[Owed],
    horizon: datetime.date,
    *,
    own: bool,
    here: int,
    words: _Words,
) -> BoardRow:
    """One unit's row; ``own``: it has dates of its own; ``here``: its phase's position."""
    items = record.items
    day = words.day
    late: list[tuple[datetime.date, Artifact | None]] = []  # None: a finding's 限期整改 term
    if record.findings:
        late += [(due, None) for due, _ in open_terms(record) if due < day]
    ahead: list[tuple[datetime.date, Artifact]] = []  # late, of a phase the unit has not reached
    near: list[tuple[datetime.date, Artifact]] = []
    deadlines, ends = record.deadlines, record.ends
    for spec, statuses, by_plan, position, days, ends_with in owed:
        item = items.get(spec.id) if items else None
        planned = by_plan
        if days:  # a recurring report on fixed days: its earliest period not handed in
            first = uncovered(days, item.periods if item else None)
            if first is None:
                continue
            planned = first
        elif item is not None and (  # is_in, inlined: this runs for every unit and artifact
            item.status in statuses if statuses is not None else missing(spec, item) is None
        ):
            continue
        due = planned  # Campaign.deadline_of, inlined: a 限期整改 date, else the phase's own end
        if own:
            if deadlines and spec.id in deadlines:
                due = deadlines[spec.id]
            elif ends and ends_with is not None and not days:
                due = ends.get(ends_with, planned)
        if due < day:
            (ahead if position > here else late).append((due, spec))
        elif due < horizon:
            near.append((due, spec))
    name, kind, phase = record.name, record.kind, record.phase
    if late:
        due, worst = min(late, key=lambda pair: pair[0])
        reason = words.late(worst, due, len(late), here if ahead else -1)
        return BoardRow(name, kind, phase, "red", due, reason)
    if ahead:
        return BoardRow(name, kind, phase, "red", min(due for due, _ in ahead), words.behind(here))
    if near:
        due, spec = min(near, key=lambda pair: pair[0])
        return BoardRow(name, kind, phase, "yellow", due, words.near(spec, due))
    return BoardRow(name, kind, phase, "green")


class _Words:
    """The reasons of the board's rows, each said once and shared by every unit late the same way."""

    def __init__(self, plan: Plan, day: datetime.date) -> None:
        self.plan, self.day, self.calendar = plan, day, plan.workcalendar
        self.said: dict[tuple[object, ...], str] = {}

    def behind(self, here: int) -> str:
        """The real cause of lateness in a later phase: the unit is still in an earlier one."""
        found = self.said.get(("behind", here))
        if found is None:
            following = self.plan.phases[here + 1]
            start = following.start
            found = self.said["behind", here] = (
                f"仍处于{self.plan.phases[here].name}，{following.name}已于{start.month}月{start.day}日开始"
            )
        return found

    def late(self, spec: Artifact | None, due: datetime.date, count: int, behind: int) -> str:
        """``spec`` (None: a finding's 限期整改 term; and ``count - 1`` more) overdue since ``due``;
        ``behind``: the phase the unit is still in while a later one has opened, or -1."""
        what = spec.name if spec is not None else "督查发现问题限期整改"
        key = ("late", what, due, count, behind)
        found = self.said.get(key)
        if found is None:
            more = f"等 {count} 项" if count > 1 else ""
            found = f"{what}{more}逾期 {self.calendar.workdays_between(due, self.day)} 个工作日"
            found = self.said[key] = found + (f"；{self.behind(behind)}" if behind >= 0 else "")
        return found

    def near(self, spec: Artifact, due: datetime.date) -> str:
        """``spec`` due on ``due``, within the warning days."""
        key = ("near", spec.name, due)
        found = self.said.get(key)
        if found is None:
            day = self.day
            left = self.calendar.workdays_between(day, due)
            if due == day:
                when = "今日到期"
            elif left:
                when = f"{due.month}月{due.day}日到期，还有 {left} 个工作日"
            else:  # due on a holiday or weekend: no working day is left after today
                when = f"{due.month}月{due.day}日到期，今日是最后一个工作日"
            found = self.said[key] = f"{spec.name}{when}"
        return found
