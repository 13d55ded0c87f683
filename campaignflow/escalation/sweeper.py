"""The sweep: judge every rule for every unit on one day, record what changed, apply automatic measures.

See :mod:`campaignflow.escalation` for what a sweep promises (deterministic, idempotent, monotone).
Units whose history holds nothing the sweep needs are judged on a fast path: only the time rules
that apply by the plan's own dates can concern them, and a few comparisons settle it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from campaignflow.errors import CampaignflowError, ConcurrentUpdate, MoveNotAllowed
from campaignflow.escalation.causes import Cause, Causes
from campaignflow.escalation.episodes import Open, Track, memory_of
from campaignflow.escalation.measures import apply
from campaignflow.escalation.recorder import Recorder
from campaignflow.escalation.result import SWEEPER, AsOf, Escalation, Progress, Status, as_of_day
from campaignflow.escalation.twins import Twins
from campaignflow.escalation.watches import TIME_KINDS, Rung, Watch
from campaignflow.gates import is_in
from campaignflow.history import UnitRecord, moment, paused_gc
from campaignflow.plan import Artifact

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = ["Sweep", "sweep"]

#: How many times a unit is judged again after the sweep applied a measure to it.
_ROUNDS: Final = 4
_RETRIES: Final = 3
_PROGRESS_EVERY: Final = 1024
#: Whether a sweep commits what it logs per chunk of units in one append (False: one command each,
#: the path the tests compare it with).
_BULK = True


@dataclass(frozen=True, slots=True)
class Hot:
    """The time rules that apply by their plan dates today, for one unit kind: checked on every unit."""

    overdue: tuple[tuple[str, Artifact, frozenset[str] | None], ...]
    phase_limit: int  # the unit is judged if its phase position is at most this (-1: never)


class Sweep:
    """One sweep: the day, the campaign, what the sweep checks on every unit, and what it records."""

    def __init__(self, campaign: Campaign, as_of: AsOf, by: str, *, bulk: bool = False) -> None:
        self.campaign = campaign
        self.plan = plan = campaign.plan
        self.at = as_of
        self.day = as_of_day(as_of)
        self.by = by
        self.calendar = plan.workcalendar
        self.memory = memory_of(campaign)
        self.causes = Causes(campaign, self.day, self.memory)
        self.positions = self.causes.positions
        self.extendable = list(plan.moves.extend)
        self.heads = {k.name: k.head for k in plan.unit_kinds}
        self.position = 0  # of the unit being judged, in the campaign's enrolment order
        self.by_kind = {
            kind.name: tuple(w for w in self.memory.watches if kind.name in w.kinds)
            for kind in plan.unit_kinds
        }
        self.hot = {kind: self._hot(watches) for kind, watches in self.by_kind.items()}
        self.terms = any(w.kind == "term_missed" for w in self.memory.watches)
        #: what the sweep logs: with ``bulk``, kept and committed per chunk of units in one append
        self.recorder = Recorder(campaign, self.memory, as_of, moment(as_of), by, bulk=bulk)
        self.track: Track | None = None  # the track of the unit being judged, after it logged
        self.twins = Twins(self) if bulk else None

    def _hot(self, watches: Iterable[Watch]) -> Hot:
        overdue = []
        limit = -1
        for watch in watches:
            if watch.kind not in TIME_KINDS:
                continue
            cutoff = self.causes.cutoff(watch.planned, watch.grace)
            if self.day <= cutoff or watch.rung(1, self.causes.age(cutoff)) < 0:
                continue  # nobody with the plan's dates can meet this rule today
            if watch.kind == "overdue":
                overdue.append((watch.spec.id, watch.spec, watch.accepted))
            else:
                assert watch.phase is not None
                limit = max(limit, self.positions[watch.phase.id])
        return Hot(tuple(overdue), limit)

    # -- the run

    def run(self, progress: Progress | None) -> list[Escalation]:
        """Judge every unit; units without history the sweep needs take a few comparisons each."""
        self.campaign.refresh()
        records = self.memory.sync(self.campaign)
        out: list[Escalation] = []
        total = len(records)
        for begin in range(0, total, _PROGRESS_EVERY):
            end = min(begin + _PROGRESS_EVERY, total)
            for attempt in range(_RETRIES):
                try:
                    with self.campaign.batch():  # one append, and on SQLite one commit, per chunk
                        found = self._chunk(records, begin, end)
                        self.recorder.flush()
                    break
                except ConcurrentUpdate:  # another writer changed a unit of the chunk: judge it again
                    self.recorder.drop()
                    if attempt == _RETRIES - 1:
                        raise
                    self.campaign.refresh()  # the batch reloaded the campaign from the store
                    records = self.memory.sync(self.campaign)
            out += found
            if progress is not None:
                progress(end, total)
        if progress is not None and not total:
            progress(0, 0)
        return out

    def _chunk(self, records: list[UnitRecord], begin: int, end: int) -> list[Escalation]:
        """Judge the units at positions ``begin`` to ``end``."""
        memory, hot, positions = self.memory, self.hot, self.positions
        states, at = memory.states, memory.at
        beyond = len(positions)
        terms, twins = self.terms, self.twins
        out: list[Escalation] = []
        chunk = zip(range(begin, end), records[begin:end], states[begin:end], strict=True)
        for position, record, known in chunk:
            track: Track | None
            if isinstance(known, int):
                track = at(position, record) if known != record.version else None
            else:
                track = at(position, record) if known.folded != record.version else known
            if track is None and not (terms and record.findings):  # the fast path: only the time rules
                # due by the plan's dates can apply (a 限期整改 term on a finding is the unit's own date)
                probe = hot.get(record.kind)
                if probe is None:
                    continue
                items = record.items
                for aid, spec, accepted in probe.overdue:
                    item = items.get(aid) if items else None
                    if item is None or not (  # is_in, inlined: this runs for every unit
                        item.status in accepted if accepted is not None else is_in(spec, None, item)
                    ):
                        break
                else:
                    if probe.phase_limit < 0 or positions.get(record.phase, beyond) > probe.phase_limit:
                        continue
            self.position = position
            if track is None and twins is not None and not (terms and record.findings):
                situation = twins.situation(record)
                if situation is not None:  # judged as the first unit in its situation was
                    out += twins.judge(situation, position, record)
                    continue
            out += self.unit(record, track)
        return out

    def unit(self, record: UnitRecord, track: Track | None) -> list[Escalation]:
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

    def _unit(self, record: UnitRecord, track: Track | None) -> list[Escalation]:
        """Judge every rule for one unit; after a measure changed its state, judge it again.

        A few rounds at most, until nothing changes; what a later round finds new or resolved
        replaces what an earlier one found standing.
        """
        found, track = self._round(record, track)
        entries = [entry for _, entry, _ in found]
        if not any(acted for _, _, acted in found):
            return entries
        where = {entry.rule: i for i, entry in enumerate(entries)}
        for _ in range(_ROUNDS - 1):
            found, track = self._round(record, track)
            changed = False
            for watch, entry, acted in found:
                if entry.status == "standing":
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

    def _round(
        self, record: UnitRecord, track: Track | None
    ) -> tuple[list[tuple[Watch, Escalation, bool]], Track | None]:
        """Judge each rule once: what it found and whether it changed state; and the unit's track after."""
        found = []
        recorder = self.recorder
        for watch in self.by_kind.get(record.kind, ()):
            if watch.idle(record, track):
                continue
            version, logged = record.version, recorder.logged
            entry, acted = self.judge(record, watch, track)
            if record.version != version:
                track = self.memory.at(self.position, record)  # it committed an event
            elif recorder.logged != logged:
                track = self.track  # what it logged is pending, folded into the track already
            if entry is not None:
                found.append((watch, entry, acted))
        return found, track

    def judge(self, record: UnitRecord, watch: Watch, track: Track | None) -> tuple[Escalation | None, bool]:
        """Decide one rule for one unit: new, standing, resolved, or nothing; and whether state changed."""
        cause = self.causes.cause(record, watch, track)
        opened = track.open.get(watch.id) if track is not None else None
        if cause is None:
            if opened is None:
                return None, False
            return self.resolve(record, watch, opened, self.causes.cured(record, watch)), False
        same = opened is not None and opened.cause == cause.key
        if opened is not None and same:
            occurrence = opened.occurrence
        elif cause.occurrence is not None:
            occurrence = cause.occurrence
        else:
            occurrence = (track.peak.get(watch.id, 0) if track is not None else 0) + 1
        step = watch.rung(occurrence, self.causes.age(cause.start))
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

    def addressee(self, record: UnitRecord, rung: Rung) -> str:
        if rung.to_unit_only:
            return record.name
        head = f"{record.name}{self.heads.get(record.kind, '负责人')}"
        names = [head if to_head else record.name for to_head in rung.to_head]
        return "、".join(dict.fromkeys(names))

    def entry(
        self,
        record: UnitRecord,
        watch: Watch,
        cause: Cause,
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
            rung.held_by,
        )

    def escalate(
        self, record: UnitRecord, watch: Watch, step: int, occurrence: int, cause: Cause
    ) -> tuple[Escalation, bool]:
        """Record a new escalation, applying its step's automatic measures first."""
        applied: list[str] = []
        refused: list[str] = []
        effects = watch.rungs[step].effects
        if effects:
            self.recorder.flush()  # what is pending goes first, as the per-command path ordered it
        for action in effects:
            try:
                applied.append(apply(self, record, watch, action, cause))
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
        self._escalated(record, watch, cause, entry)
        return entry, bool(applied)

    def resolve(
        self, record: UnitRecord, watch: Watch, opened: Open, why: str, *, closed: bool = False
    ) -> Escalation | None:
        """Record that an episode's cause is cured, or ``closed`` by a supervisor (销号); an episode only
        observed is not reported."""
        step = min(opened.step, len(watch.rungs) - 1)
        payload: dict[str, Any] = {
            "rule": watch.id,
            "step": step,
            "occurrence": opened.occurrence,
            "cause": opened.cause,
            "reason": why,
        }
        if closed:
            payload["closed"] = True
        self._log(record, "resolved", payload)
        if step < 0:
            return None
        cause = Cause(opened.cause, opened.due, opened.due, why)
        return self.entry(record, watch, cause, step=step, occurrence=opened.occurrence, status="resolved")

    def observe(self, record: UnitRecord, watch: Watch, occurrence: int, cause: Cause) -> None:
        """Record a time cause no step applies to yet (step -1), so that the next one is counted as such.

        Only where the ladder has a step for a later occurrence: without the record, the first lateness
        would leave no trace and "the second time" would never come. It is not reported.
        """
        self._escalated(record, watch, cause, None, occurrence=occurrence)

    def _escalated(
        self, record: UnitRecord, watch: Watch, cause: Cause, entry: Escalation | None, *, occurrence: int = 0
    ) -> None:
        """Log an ``escalated`` event: ``entry``'s step and measures, or (None) an observation at step -1."""
        payload = {
            "rule": watch.id,
            "name": watch.name,
            "step": entry.step if entry else -1,
            "occurrence": entry.occurrence if entry else occurrence,
            "cause": cause.key,
            "due": cause.due.isoformat(),
            "reason": cause.reason,
            "actions": list(entry.actions) if entry else [],
            "one_of": list(entry.one_of) if entry else [],
            "addressee": entry.addressee if entry else record.name,
            "applied": list(entry.applied) if entry else [],
            "not_applied": list(entry.not_applied) if entry else [],
        }
        self._log(record, "escalated", payload)

    def _log(self, record: UnitRecord, kind: str, payload: dict[str, Any]) -> None:
        """Log an event of the unit being judged (pending until its chunk is committed, in bulk)."""
        track = self.recorder.log(self.position, record, kind, payload)
        if track is not None:
            self.track = track


def sweep(
    campaign: Campaign,
    as_of: AsOf,
    *,
    by: str = SWEEPER,
    progress: Progress | None = None,
    advance: bool | None = None,
) -> list[Escalation]:
    """Evaluate every rule for every unit on ``as_of`` and record what changed; see the module docs.

    Returns the escalations that are new, standing or resolved, by unit (enrolment order) and rule
    (plan order, a ``repeated`` rule after the rule it counts). ``as_of`` is a date, or a datetime
    whose Asia/Shanghai date is used; events are recorded ``at=as_of`` by ``by``. ``progress`` is
    called as ``progress(done, total)`` every 1,024 units and at the end. With ``advance`` (default:
    the plan's ``moves.advance`` is ``when_ready``), every ready unit is first moved on
    (:meth:`Campaign.advance_ready <campaignflow.engine.Campaign.advance_ready>`), so that nobody is
    escalated for a phase it has finished while the next one has opened.
    """
    if not isinstance(by, str):
        raise CampaignflowError(f"by must be text, not {by!r}")
    campaign.refresh()
    campaign.authority.sweepable(campaign.records(), moment(as_of))  # its events follow the time order
    if advance is None:
        advance = campaign.plan.moves.advance == "when_ready"
    if advance:
        with campaign.authority.automatic():  # the plan's own move (when_ready), not role-checked
            campaign.advance_ready(at=as_of, by=by)
    with paused_gc():  # a sweep makes no reference cycles; full collections would rescan every record
        return Sweep(campaign, as_of, by, bulk=_BULK).run(progress)
