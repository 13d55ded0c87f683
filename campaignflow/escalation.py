"""Escalation: a deterministic sweep that finds lagging units and climbs the plan's ladder (督查督办).

:func:`sweep` evaluates every rule of the plan for every unit on a given day (``as_of``; the library
never reads the clock) and returns one :class:`Escalation` per unit and rule whose cause stands or was
just cured. What it decides is recorded in the unit's history through
:meth:`Campaign.log <campaignflow.engine.Campaign.log>` — an ``escalated`` event when a rule first
applies or climbs a step, a ``resolved`` event when its cause is cured — so a sweep is

* **deterministic**: the result depends only on the history and ``as_of``;
* **idempotent**: a second sweep on the same day records nothing and reports every escalation as
  ``standing``;
* **monotone**: while a cause stands, a later day never lowers its step;
* **counted**: each rule counts for each unit how many times its cause arose (``occurrence``), which
  the ladder's ``occurrence`` and the ``repeated`` trigger read.

Causes come in two sorts. *Time* causes (``overdue``, ``phase_unfinished``) are judged on the unit's
current state against its own dates (限期整改 deadlines and 延期 extensions included): they stand while
the artifact is not in, or the unit has not left the phase, and are cured when it is, or when its date
moves. *Event* causes (``rejected``, ``score_below``, ``vote_share``, ``grade``, ``finding``,
``repeated``, and a vote whose respondent groups fall short of ``vote.min_share``) are facts of the
history: each matching event is an occurrence, and the cause stands until a later event of the same
sort supersedes it (a resubmission, a new score, a new vote, a new grade); findings and repeats stand.

Measures that change state (重做本阶段, 延期, 限期整改) are applied by the sweep, through the engine's
commands, only where the rule marks them ``automatic`` and only when their step is new; the rest are
proposed. After applying one, the sweep judges the unit again, so the state it leaves is one a
second sweep agrees with.

Per rule, everything that does not depend on the unit (due dates, cut-off dates, the step a cause of
a given age reaches) is computed once per sweep; units with no history the sweep cares about are
judged by a few comparisons, and only changes touch the store. :func:`board` gives every unit's
红黄绿 light. This module imports neither transitions nor sqlite3.
"""

from __future__ import annotations

import dataclasses
import datetime
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from campaignflow.dates import add_duration
from campaignflow.errors import CampaignflowError, ConcurrentUpdate, MoveNotAllowed
from campaignflow.history import Event, Evidence, UnitRecord, moment, paused_gc, shortfall
from campaignflow.plan import EFFECT_ACTIONS, Action, Artifact, Phase, Plan, Rule, Step

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = [
    "SWEEPER",
    "Board",
    "BoardRow",
    "Escalation",
    "Light",
    "PhaseCount",
    "Status",
    "as_of_day",
    "board",
    "close",
    "sweep",
]

Status = Literal["new", "standing", "resolved"]
Light = Literal["green", "yellow", "red"]
AsOf = datetime.date | datetime.datetime
Progress = Callable[[int, int], None]

#: Who the sweep records as the actor of what it logs and applies, unless told otherwise.
SWEEPER: Final = "自动督办"
STATUS_WORDS: Final[Mapping[str, str]] = {"new": "新", "standing": "持续", "resolved": "解除"}
LIGHT_WORDS: Final[Mapping[str, str]] = {"green": "绿", "yellow": "黄", "red": "红"}
#: How many times a unit is judged again after the sweep applied a measure to it.
_ROUNDS: Final = 4
_RETRIES: Final = 3
_PROGRESS_EVERY: Final = 1024
_TIME_KINDS: Final = ("overdue", "phase_unfinished")


# ---- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Escalation:
    """One rule applying to one unit on the sweep's day: which step, what to do, why, and to whom.

    ``step`` is the 0-based index of the ladder step that is current; ``actions`` are the measures
    that all apply, ``one_of`` those the supervisor picks one of. ``due`` is the day the cause arose
    (for ``overdue``, the deadline that was missed). ``status`` is ``new`` (recorded by this sweep:
    the rule began to apply, or climbed a step), ``standing`` (recorded earlier and still in force)
    or ``resolved`` (the cause is cured; recorded by this sweep). ``applied`` lists the measures the
    sweep carried out itself (``重做本阶段→inspect``, ``延期2个月→2011-12-31``, ``限期整改→2012-12-24``);
    ``not_applied`` the automatic ones the engine refused, with its reason. ``occurrence`` is the
    number of times the cause has arisen for the unit.
    """

    unit: str
    rule: str
    rule_name: str
    step: int
    actions: tuple[str, ...]
    one_of: tuple[str, ...]
    reason: str
    due: datetime.date
    addressee: str
    status: Status
    applied: tuple[str, ...] = ()
    occurrence: int = 1
    not_applied: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The escalation as JSON-ready data (``due`` as an ISO date)."""
        return {
            "unit": self.unit,
            "rule": self.rule,
            "rule_name": self.rule_name,
            "step": self.step,
            "occurrence": self.occurrence,
            "actions": list(self.actions),
            "one_of": list(self.one_of),
            "reason": self.reason,
            "due": self.due.isoformat(),
            "addressee": self.addressee,
            "status": self.status,
            "applied": list(self.applied),
            "not_applied": list(self.not_applied),
        }

    @property
    def measures(self) -> str:
        """The measures in words: ``书面检查、重做本阶段`` plus ``（通报批评/诫勉谈话 选一）``."""
        text = "、".join(self.actions)
        if self.one_of:
            text += ("；" if text else "") + "/".join(self.one_of) + " 选一"
        return text or "—"

    def describe(self) -> str:
        """One line for people: ``[新] 办公室 自评报告逾期：自评报告逾期 6 个工作日 → 催办（办公室）``."""
        done = f"；已执行 {'、'.join(self.applied)}" if self.applied else ""
        return (
            f"[{STATUS_WORDS[self.status]}] {self.unit} {self.rule_name}：{self.reason} → "
            f"{self.measures}（{self.addressee}）{done}"
        )


# dataclass(frozen=True) sets each field through object.__setattr__: for Escalation's 13 fields that
# costs more than judging the unit does, and a sweep builds one per lagging unit. The slots' own
# descriptors set the same values about four times faster; the instance is not visible to anyone
# until __init__ returns, so it is just as frozen afterwards (assigning raises FrozenInstanceError).
(
    _set_unit, _set_rule, _set_rule_name, _set_step, _set_actions, _set_one_of, _set_reason, _set_due,
    _set_addressee, _set_status, _set_applied, _set_occurrence, _set_not_applied,
) = (Escalation.__dict__[f.name].__set__ for f in dataclasses.fields(Escalation))  # fmt: skip


def _init_escalation(  # noqa: PLR0917 - the signature dataclass would generate
    self: Escalation,
    unit: str,
    rule: str,
    rule_name: str,
    step: int,
    actions: tuple[str, ...],
    one_of: tuple[str, ...],
    reason: str,
    due: datetime.date,
    addressee: str,
    status: Status,
    applied: tuple[str, ...] = (),
    occurrence: int = 1,
    not_applied: tuple[str, ...] = (),
) -> None:
    _set_unit(self, unit)
    _set_rule(self, rule)
    _set_rule_name(self, rule_name)
    _set_step(self, step)
    _set_actions(self, actions)
    _set_one_of(self, one_of)
    _set_reason(self, reason)
    _set_due(self, due)
    _set_addressee(self, addressee)
    _set_status(self, status)
    _set_applied(self, applied)
    _set_occurrence(self, occurrence)
    _set_not_applied(self, not_applied)


_init_escalation.__qualname__ = "Escalation.__init__"
setattr(Escalation, "__init__", _init_escalation)  # noqa: B010 - mypy forbids assigning to a method


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


# ---- the plan's rules, compiled --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rung:
    """A ladder step as the sweep uses it."""

    index: int
    after: int
    occurrence: int
    actions: tuple[str, ...]
    one_of: tuple[str, ...]
    effects: tuple[Action, ...]  # automatic measures that change state
    to_head: tuple[bool, ...]  # per measure (actions then one_of): addressed to the unit's head

    @property
    def to_unit_only(self) -> bool:
        return not any(self.to_head)


class _Watch:
    """One rule compiled against its plan: what it watches, for which kinds, and its ladder.

    ``family`` names the events an event cause is made of (``doc`` for submitted/approved/rejected,
    ``scored``, ``voted``, ``graded``, ``finding``); ``None`` for time causes and ``repeated``.
    """

    def __init__(
        self, wid: str, name: str, kind: str, *, kinds: frozenset[str], rungs: tuple[_Rung, ...]
    ) -> None:
        self.id, self.name, self.kind, self.kinds, self.rungs = wid, name, kind, kinds, rungs
        self.artifact: Artifact | None = None
        self.phase: Phase | None = None  # the artifact's phase, or the phase watched
        self.grace = 0
        self.family: str | None = None
        self.options: tuple[str, ...] = ()
        self.over = 0.0
        self.mark = 0.0
        self.grades: frozenset[str] = frozenset()
        self.text: str | None = None
        self.severities: frozenset[str] = frozenset()
        self.target = ""
        self.times = 0
        self.min_share: Mapping[str, float] = {}
        self.accepted: frozenset[str] | None = None  # statuses that make the artifact count as in
        self.planned = datetime.date.min  # a time rule's date by the plan (no 限期整改, no 延期)

    def _dates(self, plan: Plan) -> None:
        if self.kind == "overdue":
            self.accepted = _accepted(self._artifact)
            self.planned = plan.due(self.phase, self._artifact)
        elif self.kind == "phase_unfinished":
            assert self.phase is not None
            self.planned = self.phase.end

    def idle(self, record: UnitRecord, track: _Track | None) -> bool:
        """A quick no: the rule has nothing to say about this unit now (no cause, nothing open)."""
        if track is not None and self.id in track.open:
            return False
        if self.family is not None:
            return track is None or self.id not in track.matches
        if self.kind == "repeated":
            return track is None or len(track.fired.get(self.target, ())) < self.times
        if self.kind == "overdue":
            items = record.items
            item = items.get(self._artifact.id) if items else None
            return _is_in(self._artifact, self.accepted, item)
        return False

    @classmethod
    def of_rule(cls, plan: Plan, rule: Rule) -> _Watch:
        """A rule of the plan."""
        kind = rule.when.kind
        trigger: Any = getattr(rule.when, kind)
        phase, artifact = _find(plan, trigger.artifact) if hasattr(trigger, "artifact") else (None, None)
        rungs = tuple(_rung(i, step) for i, step in enumerate(rule.ladder))
        watch = cls(rule.id, rule.name, kind, kinds=_kinds(plan, rule.applies_to, artifact), rungs=rungs)
        watch.phase, watch.artifact = phase, artifact
        if kind == "overdue":
            watch.grace = trigger.workdays
        elif kind == "phase_unfinished":
            watch.phase, watch.grace = plan.phase(trigger.phase), trigger.workdays
        elif kind == "vote_share":
            watch.family, watch.options, watch.over = "voted", tuple(trigger.options), trigger.over
        elif kind == "score_below":
            mark = trigger.mark if trigger.mark is not None else watch._artifact.pass_mark
            if mark is None:
                raise CampaignflowError(
                    f"rule {rule.id}: {trigger.artifact} has no pass_mark to compare with"
                )
            watch.family, watch.mark = "scored", mark
        elif kind == "grade":
            watch.family, watch.grades = "graded", frozenset(trigger.grades)
        elif kind == "rejected":
            watch.family, watch.text = "doc", trigger.reason
        elif kind == "finding":
            watch.family, watch.severities = "finding", frozenset(trigger.severity)
        elif kind == "repeated":
            watch.target, watch.times = trigger.rule, trigger.times
        else:  # pragma: no cover - the plan language has no other trigger
            raise CampaignflowError(f"rule {rule.id}: unknown trigger {kind!r}")
        watch._dates(plan)
        return watch

    @classmethod
    def of_vote(cls, plan: Plan, artifact: Artifact) -> _Watch:
        """The built-in check of a vote whose respondent groups fall short of ``vote.min_share``."""
        assert artifact.vote is not None
        rungs = (_Rung(0, 0, 1, (), (), (), ()),)
        name = f"{artifact.name}评议人员构成不足"
        watch = cls(
            f"{artifact.id}.min_share", name, "min_share", kinds=_kinds(plan, [], artifact), rungs=rungs
        )
        watch.phase, watch.artifact = _find(plan, artifact.id)
        watch.family, watch.min_share = "voted", artifact.vote.min_share
        return watch

    @property
    def _artifact(self) -> Artifact:
        if self.artifact is None:  # pragma: no cover - every artifact trigger names one
            raise CampaignflowError(f"rule {self.id} watches no artifact")
        return self.artifact

    def counts_beyond(self, occurrence: int) -> bool:
        """Whether a step needs more occurrences than this one (so this one must be counted)."""
        return any(rung.occurrence > occurrence for rung in self.rungs)

    def rung(self, occurrence: int, age: int) -> int:
        """The index of the highest step that applies to this occurrence at this age, or -1."""
        for rung in reversed(self.rungs):
            if occurrence >= rung.occurrence and age >= rung.after:
                return rung.index
        return -1

    def matches(self, event: Event) -> bool:
        """Whether an event of this watch's family is an occurrence of its cause."""
        payload = event.payload
        kind = self.kind
        if kind == "finding":
            return not self.severities or payload.get("severity") in self.severities
        if kind == "rejected":
            reason = payload.get("reason")
            return event.kind == "rejected" and (self.text is None or self.text in str(reason or ""))
        if kind == "score_below":
            score = payload.get("score")
            return isinstance(score, int | float) and score < self.mark
        if kind == "grade":
            return payload.get("grade") in self.grades
        votes, respondents = payload.get("votes"), payload.get("respondents")
        if kind == "vote_share":
            return isinstance(votes, Mapping) and _share(votes, self.options) > self.over
        if kind == "min_share":
            return isinstance(votes, Mapping) and bool(_short(respondents or {}, self.min_share))
        return False


def _find(plan: Plan, artifact: str) -> tuple[Phase | None, Artifact]:
    for phase, spec in plan.artifacts():
        if spec.id == artifact:
            return phase, spec
    raise CampaignflowError(f"unknown artifact {artifact!r}")


def _kinds(plan: Plan, applies_to: Sequence[str], artifact: Artifact | None) -> frozenset[str]:
    kinds = {k.name for k in plan.unit_kinds}
    if applies_to:
        kinds &= set(applies_to)
    if artifact is not None and artifact.owed_by:
        kinds &= set(artifact.owed_by)
    return frozenset(kinds)


def _rung(index: int, step: Step) -> _Rung:
    measures = [*step.actions, *step.one_of]
    return _Rung(
        index,
        step.after_workdays,
        step.occurrence,
        tuple(a.action for a in step.actions),
        tuple(a.action for a in step.one_of),
        tuple(a for a in step.actions if a.automatic and a.action in EFFECT_ACTIONS),
        tuple(a.to == "head" for a in measures),
    )


def _ordered(watches: list[_Watch]) -> list[_Watch]:
    """Plan order, except that a ``repeated`` rule comes after the rule it counts (cycles keep plan order)."""
    by_id = {w.id: w for w in watches}
    done: dict[str, _Watch] = {}

    def visit(watch: _Watch, path: tuple[str, ...]) -> None:
        if watch.id in done or watch.id in path:
            return
        target = by_id.get(watch.target) if watch.kind == "repeated" else None
        if target is not None:
            visit(target, (*path, watch.id))
        done[watch.id] = watch

    for watch in watches:
        visit(watch, ())
    return list(done.values())


# ---- what the history says, folded once and kept up to date ---------------------------------------


@dataclass(frozen=True, slots=True)
class _Open:
    """An episode recorded by an ``escalated`` event and not yet ``resolved``."""

    occurrence: int
    step: int
    cause: str
    due: datetime.date
    reason: str


class _Track:
    """What one unit's history holds that the sweep needs; only units with such history have one."""

    __slots__ = ("closed", "fired", "folded", "latest", "matches", "open", "override", "peak")

    def __init__(self) -> None:
        self.folded = 0  # how many of the unit's events are folded in
        self.open: dict[str, _Open] = {}
        self.peak: dict[str, int] = {}  # rule → highest occurrence recorded
        self.fired: dict[str, dict[int, datetime.date]] = {}  # rule → occurrence → day first recorded
        self.matches: dict[str, tuple[int, Event]] = {}  # event rule → (occurrences, latest match)
        self.latest: dict[tuple[str, str], int] = {}  # (family, artifact) → seq of the latest event
        self.override = False  # has its own deadlines or extended phases
        self.closed: set[tuple[str, str]] = set()  # (rule, cause) closed by a supervisor (销号)


_FAMILY: Final = {
    "submitted": "doc",
    "approved": "doc",
    "rejected": "doc",
    "scored": "scored",
    "voted": "voted",
    "graded": "graded",
    "finding": "finding",
}


class _Memory:
    """The folded history of one campaign, kept between sweeps (events are append-only).

    For each unit it remembers how many of its events were folded; a sweep folds only what is new.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        rules = [_Watch.of_rule(plan, rule) for rule in plan.rules]
        votes = [a for _, a in plan.artifacts() if a.vote is not None and a.vote.min_share]
        shares = [_Watch.of_vote(plan, a) for a in votes]
        self.watches = _ordered(rules + shares)
        self.by_id = {w.id: w for w in self.watches}
        self.listeners: dict[tuple[str, str | None], list[_Watch]] = {}
        for watch in self.watches:
            if watch.family is not None:
                key = (watch.family, watch.artifact.id if watch.artifact is not None else None)
                self.listeners.setdefault(key, []).append(watch)
        self.relevant = {"escalated", "resolved", "deadline_set", "extended"} | {
            kind for kind, family in _FAMILY.items() if any(key[0] == family for key in self.listeners)
        }
        #: the campaign's records in enrolment order when last seen, and for each its track or (no
        #: history the sweep needs) how many of its events are folded in: a list, not a dict by name,
        #: because the sweep walks them in that order and a list costs a third of the time and memory
        self.records: list[UnitRecord] = []
        self.states: list[_Track | int] = []
        self._where: dict[str, int] | None = None

    def sync(self, campaign: Campaign) -> list[UnitRecord]:
        """The campaign's records in enrolment order, lined up with what was folded before."""
        records = list(campaign.records())
        known = len(self.records)
        if len(records) < known or records[:known] != self.records:  # compared by identity
            known, self.states = 0, []  # the engine only appends units; anything else: fold again
        self.states += [0] * (len(records) - known)
        self.records, self._where = records, None
        return records

    def at(self, position: int, record: UnitRecord) -> _Track | None:
        """The track of the unit at ``position``, every event folded in (None: nothing the sweep needs).

        A record's ``version`` is its number of events, so comparing it tells whether any are new.
        """
        known = self.states[position]
        if isinstance(known, int):
            return self.fold(position, record, None, known) if known != record.version else None
        return self.fold(position, record, known, known.folded) if known.folded != record.version else known

    def track(self, campaign: Campaign, record: UnitRecord) -> _Track | None:
        """The same for a unit found by name, outside a sweep's walk."""
        if self._where is None or record.name not in self._where:
            self.sync(campaign)
            self._where = {r.name: i for i, r in enumerate(self.records)}
        return self.at(self._where[record.name], record)

    def fold(self, position: int, record: UnitRecord, track: _Track | None, start: int) -> _Track | None:
        """Fold the unit's events from ``start`` on; returns its track."""
        events = record.events
        relevant = self.relevant
        for i in range(start, len(events)):
            event = events[i]
            if event.kind in relevant:
                track = self._fold(track, event)
        if track is None:
            self.states[position] = len(events)
        else:
            track.folded = len(events)
            self.states[position] = track
        return track

    def _fold(self, track: _Track | None, event: Event) -> _Track | None:
        kind, payload = event.kind, event.payload
        if kind in ("escalated", "resolved"):
            rule, occurrence, cause = payload.get("rule"), payload.get("occurrence"), payload.get("cause")
            if not isinstance(rule, str) or not isinstance(occurrence, int) or not isinstance(cause, str):
                return track  # an entry the sweep did not write: not ours to interpret
            track = track or _Track()
            if kind == "resolved":
                found = track.open.get(rule)
                if found is not None and found.cause == cause:
                    del track.open[rule]
                if payload.get("closed") is True:
                    track.closed.add((rule, cause))
                return track
            step, due = payload.get("step"), payload.get("due")
            day = datetime.date.fromisoformat(due) if isinstance(due, str) else event.at.date()
            reason = str(payload.get("reason", ""))
            step = step if isinstance(step, int) else 0
            track.open[rule] = _Open(occurrence, step, cause, day, reason)
            track.peak[rule] = max(track.peak.get(rule, 0), occurrence)
            if step >= 0:  # -1: observed, no measure yet — the rule has not fired
                track.fired.setdefault(rule, {}).setdefault(occurrence, event.at.date())
            return track
        if kind in ("deadline_set", "extended"):
            track = track or _Track()
            track.override = True
            return track
        family = _FAMILY[kind]
        artifact = payload.get("artifact") if family != "finding" else None
        watchers = self.listeners.get((family, artifact if isinstance(artifact, str) else None), ())
        hits = [w for w in watchers if w.matches(event)]
        if hits and track is None:
            track = _Track()
        if track is not None and isinstance(artifact, str):
            track.latest[family, artifact] = event.seq
        for watch in hits:
            assert track is not None
            count = track.matches.get(watch.id, (0, event))[0]
            track.matches[watch.id] = (count + 1, event)
        return track


_MEMORIES: weakref.WeakKeyDictionary[Campaign, _Memory] = weakref.WeakKeyDictionary()


def _memory(campaign: Campaign) -> _Memory:
    memory = _MEMORIES.get(campaign)
    if memory is None or memory.plan is not campaign.plan:
        memory = _MEMORIES[campaign] = _Memory(campaign.plan)
    return memory


# ---- causes ----------------------------------------------------------------------------------------


class _Cause(NamedTuple):
    """Why a rule applies to a unit now.

    ``key`` tells one episode from the next (a new key is a new occurrence); ``due`` is the day shown
    as the escalation's ``due``; ``start`` the day its age (in working days) is counted from;
    ``occurrence`` is None for time causes, numbered from the recorded episodes instead.
    """

    key: str
    due: datetime.date
    start: datetime.date
    reason: str
    occurrence: int | None = None


_UNKNOWN: Final = _Cause("", datetime.date.min, datetime.date.min, "")  # not computed yet


def as_of_day(as_of: AsOf) -> datetime.date:
    """The day a sweep or board judges: a date itself, a datetime's date in Asia/Shanghai.

    A naive datetime is read as Shanghai wall time, as everywhere in campaignflow.
    """
    if isinstance(as_of, datetime.datetime):
        return moment(as_of).date()
    if isinstance(as_of, datetime.date):
        return as_of
    raise CampaignflowError(f"as_of must be a date or a datetime, not {type(as_of).__name__}")


def _accepted(spec: Artifact) -> frozenset[str] | None:
    """The statuses that make a document or meeting count as in (None: ask ``shortfall``)."""
    if spec.kind in ("document", "meeting"):
        return frozenset({"approved"} if spec.reviewer else {"submitted", "approved"})
    return None


def _is_in(spec: Artifact, accepted: frozenset[str] | None, item: Evidence | None) -> bool:
    """Whether the evidence makes the artifact count as in, by the rule that gates advancing."""
    if item is None:
        return False
    if accepted is not None:
        return item.status in accepted
    return shortfall(item, spec.kind, spec.reviewer, spec.vote.min_share if spec.vote else {}) is None


def _share(votes: Mapping[str, Any], options: Sequence[str]) -> float:
    total = sum(n for n in votes.values() if isinstance(n, int))
    if total <= 0:
        return 0.0
    return sum(n for o in options if isinstance(n := votes.get(o, 0), int)) / total


def _short(
    respondents: Mapping[str, Any], min_share: Mapping[str, float]
) -> list[tuple[str, int, int, float]]:
    """Respondent groups below their minimum share: (group, count, total, minimum)."""
    total = sum(n for n in respondents.values() if isinstance(n, int))
    found = []
    for group, minimum in min_share.items():
        count = respondents.get(group, 0)
        count = count if isinstance(count, int) else 0
        if not total or count / total < minimum:
            found.append((group, count, total, minimum))
    return found


def _percent_pair(value: float, limit: float) -> tuple[str, str]:
    """Both shares as percentages, with as many decimals as it takes to tell them apart."""
    for digits in range(4):
        a, b = f"{value * 100:.{digits}f}%", f"{limit * 100:.{digits}f}%"
        if a != b:
            return a, b
    return a, b


def _quoted(options: Sequence[str]) -> str:
    marks = [f"“{o}”" for o in options]
    return marks[0] if len(marks) == 1 else "、".join(marks[:-1]) + "和" + marks[-1]


def _number(value: float) -> str:
    return f"{value:g}"


# ---- the sweep -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hot:
    """The time rules that apply by their plan dates today, for one unit kind: checked on every unit."""

    overdue: tuple[tuple[str, Artifact, frozenset[str] | None], ...]
    phase_limit: int  # the unit is judged if its phase position is at most this (-1: never)


class _Sweep:
    """One sweep: the day, the campaign, and the per-rule figures computed once for that day."""

    def __init__(self, campaign: Campaign, as_of: AsOf, by: str) -> None:
        self.campaign = campaign
        self.plan = plan = campaign.plan
        self.at = as_of
        self.day = as_of_day(as_of)
        self.by = by
        self.calendar = plan.workcalendar
        self.memory = _memory(campaign)
        self.positions = {p.id: i for i, p in enumerate(plan.phases)}
        self.extendable = list(plan.moves.extend)
        self.heads = {k.name: k.head for k in plan.unit_kinds}
        self._cutoffs: dict[tuple[datetime.date, int], datetime.date] = {}
        self._ages: dict[datetime.date, int] = {}
        self._causes: dict[tuple[str, datetime.date], _Cause | None] = {}
        self.position = 0  # of the unit being judged, in the campaign's enrolment order
        self.by_kind = {
            kind.name: tuple(w for w in self.memory.watches if kind.name in w.kinds)
            for kind in plan.unit_kinds
        }
        self.hot = {kind: self._hot(watches) for kind, watches in self.by_kind.items()}

    # -- per-day figures

    def cutoff(self, due: datetime.date, grace: int) -> datetime.date:
        """The last day before a cause with this due date and grace arises: ``add_workdays(due, grace)``."""
        key = (due, grace)
        found = self._cutoffs.get(key)
        if found is None:
            found = self._cutoffs[key] = self.calendar.add_workdays(due, grace)
        return found

    def age(self, start: datetime.date) -> int:
        """Working days from ``start`` to the sweep's day (0 for a start on or after it)."""
        found = self._ages.get(start)
        if found is None:
            found = self._ages[start] = max(0, self.calendar.workdays_between(start, self.day))
        return found

    def _hot(self, watches: Iterable[_Watch]) -> _Hot:
        overdue = []
        limit = -1
        for watch in watches:
            if watch.kind not in _TIME_KINDS:
                continue
            cutoff = self.cutoff(watch.planned, watch.grace)
            if self.day <= cutoff or watch.rung(1, self.age(cutoff)) < 0:
                continue  # nobody with the plan's dates can meet this rule today
            if watch.kind == "overdue":
                overdue.append((watch._artifact.id, watch._artifact, watch.accepted))
            else:
                assert watch.phase is not None
                limit = max(limit, self.positions[watch.phase.id])
        return _Hot(tuple(overdue), limit)

    # -- the run

    def run(self, progress: Progress | None) -> list[Escalation]:
        """Judge every unit; units without history the sweep needs take a few comparisons each."""
        self.campaign.refresh()
        memory, hot, positions = self.memory, self.hot, self.positions
        records = memory.sync(self.campaign)
        states, at = memory.states, memory.at
        out: list[Escalation] = []
        total = len(records)
        beyond = len(positions)
        for begin in range(0, total, _PROGRESS_EVERY):
            end = min(begin + _PROGRESS_EVERY, total)
            for position, record, known in zip(
                range(begin, end), records[begin:end], states[begin:end], strict=True
            ):
                track: _Track | None
                if isinstance(known, int):
                    track = at(position, record) if known != record.version else None
                else:
                    track = at(position, record) if known.folded != record.version else known
                if track is None:  # the fast path: only the time rules due by the plan's dates can apply
                    probe = hot.get(record.kind)
                    if probe is None:
                        continue
                    items = record.items
                    for aid, spec, accepted in probe.overdue:
                        item = items.get(aid) if items else None
                        if item is None or not (
                            item.status in accepted if accepted is not None else _is_in(spec, None, item)
                        ):
                            break
                    else:
                        if probe.phase_limit < 0 or positions.get(record.phase, beyond) > probe.phase_limit:
                            continue
                self.position = position
                out += self.unit(record, track)
            if progress is not None:
                progress(end, total)
        if progress is not None and not total:
            progress(0, 0)
        return out

    def unit(self, record: UnitRecord, track: _Track | None) -> list[Escalation]:
        """Judge one unit, retrying on a concurrent update by another writer."""
        try:
            return self._unit(record, track)
        except ConcurrentUpdate:
            for attempt in range(1, _RETRIES):
                self.campaign.refresh()
                record = self.campaign.record(record.name)
                try:
                    return self._unit(record, self.memory.at(self.position, record))
                except ConcurrentUpdate:
                    if attempt == _RETRIES - 1:
                        raise
            raise

    def _unit(self, record: UnitRecord, track: _Track | None) -> list[Escalation]:
        """Judge every rule for one unit; after a measure changed its state, judge it again."""
        entries: list[Escalation] = []
        changed = False
        for watch in self.by_kind.get(record.kind, ()):
            if watch.idle(record, track):
                continue
            version = record.version
            entry, acted = self.judge(record, watch, track)
            if record.version != version:
                track = self.memory.at(self.position, record)  # it logged an event
            if entry is not None:
                changed = changed or acted
                entries.append(entry)
        return self._again(record, track, entries) if changed else entries

    def _again(self, record: UnitRecord, track: _Track | None, entries: list[Escalation]) -> list[Escalation]:
        """Judge a unit again after a measure changed its state, until nothing changes (a few rounds).

        What a later round finds new or resolved replaces what the first round found standing.
        """
        where = {entry.rule: i for i, entry in enumerate(entries)}
        for _ in range(_ROUNDS - 1):
            changed = False
            for watch in self.by_kind.get(record.kind, ()):
                if watch.idle(record, track):
                    continue
                version = record.version
                entry, acted = self.judge(record, watch, track)
                if record.version != version:
                    track = self.memory.at(self.position, record)
                if entry is None or entry.status == "standing":
                    continue
                changed = changed or acted
                at = where.get(watch.id)
                if at is not None and entries[at].status == "standing":
                    entries[at] = entry
                else:
                    where[watch.id] = len(entries)
                    entries.append(entry)
            if not changed:
                break
        return entries

    def judge(
        self, record: UnitRecord, watch: _Watch, track: _Track | None
    ) -> tuple[Escalation | None, bool]:
        """Decide one rule for one unit: new, standing, resolved, or nothing; and whether state changed."""
        cause = self.cause(record, watch, track)
        opened = track.open.get(watch.id) if track is not None else None
        if cause is None:
            if opened is None:
                return None, False
            return self.resolve(record, watch, opened, self.cured(record, watch)), False
        same = opened is not None and opened.cause == cause.key
        if opened is not None and same:
            occurrence = opened.occurrence
        elif cause.occurrence is not None:
            occurrence = cause.occurrence
        else:
            occurrence = (track.peak.get(watch.id, 0) if track is not None else 0) + 1
        step = watch.rung(occurrence, self.age(cause.start))
        if opened is not None and same:
            step = min(max(step, opened.step), len(watch.rungs) - 1)  # monotone while the cause stands
            if step == opened.step:
                if step < 0:
                    return None, False  # observed, no step applies yet
                return self.entry(
                    record, watch, cause, step=step, occurrence=occurrence, status="standing"
                ), False
        elif step < 0:  # the cause is there, but no step applies to it yet
            resolved = self.resolve(record, watch, opened, "原因已变化") if opened is not None else None
            if cause.occurrence is None and watch.counts_beyond(occurrence):
                self.observe(record, watch, occurrence, cause)
            return resolved, False
        return self.escalate(record, watch, step, occurrence, cause)

    def cause(self, record: UnitRecord, watch: _Watch, track: _Track | None) -> _Cause | None:
        """Whether the rule's cause stands for the unit today, and in what words."""
        kind = watch.kind
        if kind == "overdue":
            return self._overdue(record, watch, track)
        if kind == "phase_unfinished":
            return self._unfinished(record, watch, track)
        if track is None:
            return None
        if kind == "repeated":
            fired = track.fired.get(watch.target)
            if not fired or len(fired) < watch.times:
                return None
            count = len(fired)
            target = self.memory.by_id.get(watch.target)
            name = target.name if target is not None else watch.target
            day = max(fired.values())  # when the latest firing was recorded
            if (watch.id, str(count)) in track.closed:
                return None
            reason = f"“{name}”已发生 {count} 次"
            return _Cause(str(count), day, day, reason, count - watch.times + 1)
        found = track.matches.get(watch.id)
        if found is None or (watch.id, str(found[1].seq)) in track.closed:
            return None
        count, event = found
        if watch.family != "finding":
            assert watch.artifact is not None
            if track.latest.get((watch.family or "", watch.artifact.id)) != event.seq:
                return None  # superseded by a later event of the same sort
        day = event.at.date()
        reason = self._event_reason(watch, event)
        if count > 1:
            reason += f"（第 {count} 次）"
        return _Cause(str(event.seq), day, day, reason, count)

    def _event_reason(self, watch: _Watch, event: Event) -> str:
        payload = event.payload
        kind = watch.kind
        name = watch.artifact.name if watch.artifact is not None else ""
        if kind == "finding":
            note = str(payload.get("note") or "")
            return f"督查发现：{payload.get('severity')}" + (f"（{note}）" if note else "")
        if kind == "rejected":
            return f"{name}被退回：{payload.get('reason')}"
        if kind == "score_below":
            return f"{name}成绩 {_number(payload['score'])} 分，低于 {_number(watch.mark)} 分"
        if kind == "grade":
            return f"{name}评为“{payload.get('grade')}”"
        if kind == "vote_share":
            share, over = _percent_pair(_share(payload["votes"], watch.options), watch.over)
            return f"{_quoted(watch.options)}票占 {share}，超过 {over}"
        short = _short(payload.get("respondents") or {}, watch.min_share)
        parts = []
        for group, count, total, minimum in short:
            share, limit = _percent_pair(count / total if total else 0.0, minimum)
            parts.append(f"{group}占评议人员 {share}（{count}/{total}），不足 {limit}")
        return f"{name}：" + "；".join(parts)

    def _overdue(self, record: UnitRecord, watch: _Watch, track: _Track | None) -> _Cause | None:
        spec = watch._artifact
        items = record.items
        if _is_in(spec, watch.accepted, items.get(spec.id) if items else None):
            return None
        due = self.campaign.deadline_of(record.name, spec.id) if track and track.override else watch.planned
        return self._late(watch, due, track)

    def _unfinished(self, record: UnitRecord, watch: _Watch, track: _Track | None) -> _Cause | None:
        phase = watch.phase
        assert phase is not None
        if self.positions.get(record.phase, len(self.positions)) > self.positions[phase.id]:
            return None
        end = self.campaign.phase_end(record.name, phase.id) if track and track.override else watch.planned
        return self._late(watch, end, track)

    def _late(self, watch: _Watch, due: datetime.date, track: _Track | None) -> _Cause | None:
        """The time cause of a rule with this due date today (shared by every unit with that date)."""
        key = (watch.id, due)
        cause = self._causes.get(key, _UNKNOWN)
        if cause is _UNKNOWN:
            cutoff = self.cutoff(due, watch.grace)
            cause = None
            if self.day > cutoff:
                late = self.calendar.workdays_between(due, self.day)
                if watch.kind == "overdue":
                    reason = f"{watch._artifact.name}逾期 {late} 个工作日"
                else:
                    assert watch.phase is not None
                    reason = f"{watch.phase.name}逾期 {late} 个工作日未完成"
                cause = _Cause(due.isoformat(), due, cutoff, reason)
            self._causes[key] = cause
        if cause is None:
            return self._recorded(watch, track, due, self.cutoff(due, watch.grace))
        return cause

    def _recorded(
        self, watch: _Watch, track: _Track | None, due: datetime.date, cutoff: datetime.date
    ) -> _Cause | None:
        """A time cause judged on a day before it arose: it stands if a sweep of a later day recorded it.

        Lateness once recorded is cured by handing in, moving on or a new date — not by looking at an
        earlier day — so sweeping days out of order never resolves what a later day established.
        """
        opened = track.open.get(watch.id) if track is not None else None
        if opened is None or opened.cause != due.isoformat():
            return None
        return _Cause(opened.cause, due, cutoff, opened.reason)

    def cured(self, record: UnitRecord, watch: _Watch) -> str:
        """Why a cause no longer stands, in words."""
        name = watch.artifact.name if watch.artifact is not None else ""
        if watch.kind == "overdue":
            spec = watch._artifact
            items = record.items
            if _is_in(spec, watch.accepted, items.get(spec.id) if items else None):
                return f"{name}已到位"
            return f"{name}期限调整为 {self.campaign.deadline_of(record.name, spec.id).isoformat()}"
        if watch.kind == "phase_unfinished":
            assert watch.phase is not None
            if self.positions.get(record.phase, len(self.positions)) > self.positions[watch.phase.id]:
                return f"已完成{watch.phase.name}"
            return (
                f"{watch.phase.name}延至 {self.campaign.phase_end(record.name, watch.phase.id).isoformat()}"
            )
        return {
            "rejected": f"{name}已重新提交",
            "score_below": f"{name}已重新记录成绩",
            "vote_share": f"{name}已重新评议",
            "min_share": f"{name}已重新评议",
            "grade": f"{name}已重新评定",
        }.get(watch.kind, "原因已消除")

    # -- recording

    def addressee(self, record: UnitRecord, rung: _Rung) -> str:
        if rung.to_unit_only:
            return record.name
        head = f"{record.name}{self.heads.get(record.kind, '负责人')}"
        names = [head if to_head else record.name for to_head in rung.to_head] or [record.name]
        return "、".join(dict.fromkeys(names))

    def entry(
        self,
        record: UnitRecord,
        watch: _Watch,
        cause: _Cause,
        *,
        step: int,
        occurrence: int,
        status: Status,
        applied: tuple[str, ...] = (),
        not_applied: tuple[str, ...] = (),
    ) -> Escalation:
        rung = watch.rungs[step]
        return Escalation(
            record.name,
            watch.id,
            watch.name,
            step,
            rung.actions,
            rung.one_of,
            cause.reason,
            cause.due,
            self.addressee(record, rung),
            status,
            applied,
            occurrence,
            not_applied,
        )

    def escalate(
        self, record: UnitRecord, watch: _Watch, step: int, occurrence: int, cause: _Cause
    ) -> tuple[Escalation, bool]:
        """Record a new escalation, applying its step's automatic measures first."""
        applied: list[str] = []
        refused: list[str] = []
        for action in watch.rungs[step].effects:
            try:
                applied.append(self.apply(record, watch, action, cause))
            except MoveNotAllowed as exc:
                refused.append(f"{action.action}：{exc.reason}")
        record = self.campaign.record(record.name)
        entry = self.entry(
            record,
            watch,
            cause,
            step=step,
            occurrence=occurrence,
            status="new",
            applied=tuple(applied),
            not_applied=tuple(refused),
        )
        self.campaign.log(
            record.name,
            "escalated",
            at=self.at,
            by=self.by,
            rule=watch.id,
            name=watch.name,
            step=step,
            occurrence=occurrence,
            cause=cause.key,
            due=cause.due.isoformat(),
            reason=cause.reason,
            actions=list(entry.actions),
            one_of=list(entry.one_of),
            addressee=entry.addressee,
            applied=applied,
            not_applied=refused,
        )
        return entry, bool(applied)

    def resolve(self, record: UnitRecord, watch: _Watch, opened: _Open, why: str) -> Escalation | None:
        """Record that an episode's cause is cured (an episode only observed is not reported)."""
        step = min(opened.step, len(watch.rungs) - 1)
        self.campaign.log(
            record.name,
            "resolved",
            at=self.at,
            by=self.by,
            rule=watch.id,
            step=step,
            occurrence=opened.occurrence,
            cause=opened.cause,
            reason=why,
        )
        if step < 0:
            return None
        cause = _Cause(opened.cause, opened.due, opened.due, why)
        return self.entry(record, watch, cause, step=step, occurrence=opened.occurrence, status="resolved")

    def observe(self, record: UnitRecord, watch: _Watch, occurrence: int, cause: _Cause) -> None:
        """Record a time cause no step applies to yet (step -1), so that the next one is counted as such.

        Only where the ladder has a step for a later occurrence: without the record, the first lateness
        would leave no trace and "the second time" would never come. It is not reported.
        """
        self.campaign.log(
            record.name,
            "escalated",
            at=self.at,
            by=self.by,
            rule=watch.id,
            name=watch.name,
            step=-1,
            occurrence=occurrence,
            cause=cause.key,
            due=cause.due.isoformat(),
            reason=cause.reason,
            actions=[],
            one_of=[],
            addressee=record.name,
            applied=[],
            not_applied=[],
        )

    def apply(self, record: UnitRecord, watch: _Watch, action: Action, cause: _Cause) -> str:
        """Carry out one automatic measure through the engine; returns what was done, in words."""
        reason = f"{watch.name}：{cause.reason}"
        name = action.action
        if name == "重做本阶段":
            assert action.phase is not None
            self.campaign.send_back(record.name, to=action.phase, at=self.at, reason=reason, by=self.by)
            return f"重做本阶段→{action.phase}"
        if name == "延期":
            assert action.by is not None
            phase = action.phase or self._extendable(record)
            event = self.campaign.extend(
                record.name, phase=phase, by=action.by, at=self.at, actor=self.by, reason=reason
            )
            return f"延期{action.by.text}→{event.payload['end']}"
        assert name == "限期整改" and action.within is not None
        artifact = self._artifact_of(watch)
        if artifact is None:
            raise MoveNotAllowed(record.name, "规则未指明材料，请督办人员指定整改事项")
        due = add_duration(self.day, action.within, self.calendar)
        self.campaign.set_deadline(record.name, artifact, due=due, at=self.at, by=self.by, reason=reason)
        return f"限期整改→{due.isoformat()}"

    def _extendable(self, record: UnitRecord) -> str:
        """The phase a 延期 without a phase extends: the unit's own, else the next one it has not left."""
        if record.phase in self.extendable:
            return record.phase
        here = self.positions.get(record.phase, len(self.positions))
        for phase in self.extendable:
            if self.positions.get(phase, -1) >= here:
                return phase
        raise MoveNotAllowed(record.name, "没有可延期的阶段")

    def _artifact_of(self, watch: _Watch) -> str | None:
        """The artifact a 限期整改 sets a deadline for: the rule's, or the counted rule's for ``repeated``."""
        if watch.artifact is not None:
            return watch.artifact.id
        target = self.memory.by_id.get(watch.target) if watch.kind == "repeated" else None
        return target.artifact.id if target is not None and target.artifact is not None else None


def sweep(
    campaign: Campaign, as_of: AsOf, *, by: str = SWEEPER, progress: Progress | None = None
) -> list[Escalation]:
    """Evaluate every rule for every unit on ``as_of`` and record what changed; see the module docs.

    Returns the escalations that are new, standing or resolved, by unit (enrolment order) and rule
    (plan order, a ``repeated`` rule after the rule it counts). ``as_of`` is a date, or a datetime
    whose Asia/Shanghai date is used; events are recorded ``at=as_of`` by ``by``. ``progress`` is
    called as ``progress(done, total)`` every 1,024 units and at the end.
    """
    if not isinstance(by, str):
        raise CampaignflowError(f"by must be text, not {by!r}")
    with paused_gc():  # a sweep makes no reference cycles; full collections would rescan every record
        return _Sweep(campaign, as_of, by).run(progress)


def close(
    campaign: Campaign, unit: str, rule: str, *, at: AsOf, by: str = "", reason: str = "措施已落实"
) -> Escalation:
    """Close (销号) the standing escalation of ``rule`` for ``unit`` once its measures are carried out.

    Only escalations with an event cause can be closed — a finding, a rejection, a score, a grade, a
    vote, a repeat — since those stand until a later event supersedes them, and a finding never is;
    the closed cause is not escalated again, but a new occurrence is. Time causes (``overdue``,
    ``phase_unfinished``) end when the unit hands in or moves on, and cannot be closed. Records a
    ``resolved`` event marked ``closed``; raises MoveNotAllowed when nothing of ``rule`` stands.
    """
    memory = _memory(campaign)
    watch = memory.by_id.get(rule)
    if watch is None:
        raise CampaignflowError(f"unknown rule {rule!r} (the plan has: {', '.join(memory.by_id)})")
    if watch.kind in _TIME_KINDS:
        raise CampaignflowError(
            f"rule {rule} ({watch.name}) watches a date: it ends when the unit hands in or moves on, "
            "not by closing"
        )
    campaign.refresh()
    record = campaign.record(unit)
    track = memory.track(campaign, record)
    opened = track.open.get(rule) if track is not None else None
    if opened is None or opened.step < 0:
        raise MoveNotAllowed(unit, f"{watch.name} ({rule}): nothing stands to close")
    step = min(opened.step, len(watch.rungs) - 1)
    campaign.log(
        unit,
        "resolved",
        at=at,
        by=by,
        rule=rule,
        step=step,
        occurrence=opened.occurrence,
        cause=opened.cause,
        reason=reason,
        closed=True,
    )
    memory.track(campaign, record)
    cause = _Cause(opened.cause, opened.due, opened.due, reason)
    return _Sweep(campaign, at, by).entry(
        record, watch, cause, step=step, occurrence=opened.occurrence, status="resolved"
    )


# ---- the board -------------------------------------------------------------------------------------


def board(campaign: Campaign, as_of: AsOf) -> Board:
    """Every unit's 红黄绿 light on ``as_of`` and the counts per phase; reads, never records."""
    day = as_of_day(as_of)
    plan = campaign.plan
    calendar = plan.workcalendar
    warn = plan.calendar.warn_workdays
    horizon = calendar.add_workdays(day, warn + 1)
    watched: dict[str, set[str]] = {k.name: set() for k in plan.unit_kinds}
    for watch in _memory(campaign).watches:
        if watch.kind == "overdue":
            for kind in watch.kinds:
                watched[kind].add(watch._artifact.id)
    owed: dict[str, list[tuple[Artifact, frozenset[str] | None, datetime.date]]] = {}
    for unit_kind in plan.unit_kinds:
        kind = unit_kind.name
        owed[kind] = [
            (spec, _accepted(spec), plan.due(phase, spec))
            for phase, spec in plan.artifacts()
            if (not spec.owed_by or kind in spec.owed_by)
            and ((spec.required and spec.recurring is None) or spec.id in watched[kind])
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


def _board_row(
    campaign: Campaign,
    record: UnitRecord,
    owed: Iterable[tuple[Artifact, frozenset[str] | None, datetime.date]],
    day: datetime.date,
    horizon: datetime.date,
) -> BoardRow:
    items = record.items
    own = record.deadlines is not None or record.ends is not None
    late: list[tuple[datetime.date, Artifact]] = []
    near: list[tuple[datetime.date, Artifact]] = []
    for spec, accepted, planned in owed:
        if _is_in(spec, accepted, items.get(spec.id) if items else None):
            continue
        due = campaign.deadline_of(record.name, spec.id) if own else planned
        if due < day:
            late.append((due, spec))
        elif due < horizon:
            near.append((due, spec))
    calendar = campaign.plan.workcalendar
    if late:
        due, spec = min(late, key=lambda pair: pair[0])
        more = f"等 {len(late)} 项" if len(late) > 1 else ""
        reason = f"{spec.name}{more}逾期 {calendar.workdays_between(due, day)} 个工作日"
        return BoardRow(record.name, record.kind, record.phase, "red", due, reason)
    if near:
        due, spec = min(near, key=lambda pair: pair[0])
        left = calendar.workdays_between(day, due)
        when = "今日到期" if due == day else f"{due.month}月{due.day}日到期，还有 {left} 个工作日"
        return BoardRow(record.name, record.kind, record.phase, "yellow", due, f"{spec.name}{when}")
    return BoardRow(record.name, record.kind, record.phase, "green")
