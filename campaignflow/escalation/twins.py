"""Units a sweep judges alike: judged once, the others given the same verdict under their own names.

A unit with no history the sweep needs (no :class:`~campaignflow.escalation.episodes.Track`) is
judged on its kind, its phase and whether each artifact an ``overdue`` rule watches is in — nothing
else of it reaches a rule that day (its number of events, which its track counts, is part of its
situation too). On the day every unit is late, 100,000 units share a handful of
such situations. The first unit of a situation is judged in full; if that changed nothing through
an engine command (no automatic measure) and its name appears only where the sweep puts it (the
addressee), what it logged and reported is kept as a :class:`Verdict`, and every later unit in the
same situation gets it again: the same events (each payload a shared template with the unit's own
addressee), the same escalations and the same track — one object, shared until it changes (see
:class:`~campaignflow.escalation.episodes.Track`). Anything else is judged in full.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from campaignflow.escalation.episodes import Track
from campaignflow.escalation.result import Escalation
from campaignflow.escalation.watches import Rung, Watch
from campaignflow.history import UnitRecord

if TYPE_CHECKING:
    from campaignflow.escalation.sweeper import Sweep

__all__ = ["Situation", "Twins", "Verdict"]

Situation = tuple[Any, ...]
_UNIT: Final = None  # the addressee is the unit itself


@dataclass(frozen=True, slots=True)
class Verdict:
    """What judging one unit of a situation logged and reported, with the unit's name taken out."""

    logs: tuple[tuple[str, Mapping[str, Any], int], ...]  # kind, template, its addressee (an index)
    entries: tuple[tuple[Escalation, int], ...]  # and its addressee (an index in rungs)
    #: whom it addresses: None the unit itself, a text the unit's name with that added (its head),
    #: a rung that rung's addressee for the unit
    rungs: tuple[Rung | str | None, ...]
    track: Track | None  # shared by the units it is given to; its events counted as folded


class Twins:
    """The verdicts of one sweep, by situation; :meth:`situation` says whether a unit has one."""

    def __init__(self, sweep: Sweep) -> None:
        self.sweep = sweep
        self.verdicts: dict[Situation, Verdict | None] = {}
        by_id = sweep.memory.by_id
        self.rules = by_id
        #: per unit kind, the overdue rules whose artifacts the situation names; None: no verdicts for
        #: the kind (a recurring report on fixed days is judged per period)
        self.watched: dict[str, tuple[Watch, ...] | None] = {}
        for kind, watches in sweep.by_kind.items():
            overdue = tuple(w for w in watches if w.kind == "overdue")
            self.watched[kind] = None if any(w.days for w in overdue) else overdue

    def situation(self, record: UnitRecord) -> Situation | None:
        """What judging ``record`` (a unit without a track) depends on; None: judge it in full."""
        watched = self.watched.get(record.kind)
        if watched is None or record.deadlines or record.ends:
            return None
        if not record.items:  # nothing handed in: the same for every such unit of the kind and phase
            return (record.kind, record.phase, record.version)
        return (record.kind, record.phase, record.version, *[w.handed_in(record) for w in watched])

    def judge(self, situation: Situation, position: int, record: UnitRecord) -> list[Escalation]:
        """Judge ``record`` as the sweep would: by the verdict of its situation, or in full (keeping a
        verdict for the units after it when one can be kept)."""
        if situation not in self.verdicts:
            return self._first(situation, position, record)
        verdict = self.verdicts[situation]
        if verdict is None:
            return self.sweep.unit(record, None)
        return self._again(verdict, position, record)

    def _first(self, situation: Situation, position: int, record: UnitRecord) -> list[Escalation]:
        sweep = self.sweep
        recorder = sweep.recorder
        version, logged, pending = record.version, recorder.logged, len(recorder.pending)
        found = sweep.unit(record, None)
        made = recorder.pending[pending:]
        kept = None
        if record.version == version and recorder.logged - logged == len(made):  # no measure, all pending
            kept = self._verdict(record, position, [(kind, payload) for _, kind, payload, _ in made], found)
        self.verdicts[situation] = kept
        return found

    def _verdict(
        self,
        record: UnitRecord,
        position: int,
        made: list[tuple[str, Mapping[str, Any]]],
        found: list[Escalation],
    ) -> Verdict | None:
        """The verdict of ``record``'s judging, or None when its name appears elsewhere than as an
        addressee, or an automatic measure was due (judged in full each time)."""
        name = record.name
        if any(_names(payload, name, "addressee") for _, payload in made) or any(
            name in entry.reason or entry.applied or entry.not_applied for entry in found
        ):
            return None
        rungs: list[Rung | str | None] = []
        try:
            logs = tuple(
                (kind, payload, self._index(rungs, record, payload.get("addressee"), payload.get("rule"),
                                            payload.get("step")))
                for kind, payload in made
            )  # fmt: skip
            entries = tuple(
                (entry, self._index(rungs, record, entry.addressee, entry.rule, entry.step))
                for entry in found
            )
        except ValueError:
            return None
        track = self.sweep.memory.states[position]
        shared = None
        if isinstance(track, Track):  # one track for all the later units, as it is once committed
            shared = track.copy()
            shared.folded, shared.shared = record.version + len(logs), True
        return Verdict(logs, entries, tuple(rungs), shared)

    def _index(
        self,
        rungs: list[Rung | str | None],
        record: UnitRecord,
        addressee: object,
        rule: object,
        step: object,
    ) -> int:
        """Where in ``rungs`` the form is of ``addressee`` for ``record`` (see :attr:`Verdict.rungs`),
        added if new; ValueError when it is no rung's addressee (no verdict can be kept)."""
        form: Rung | str | None = _UNIT
        if addressee != record.name:
            watch = self.rules.get(rule) if isinstance(rule, str) else None
            if watch is None or not isinstance(step, int) or not 0 <= step < len(watch.rungs):
                raise ValueError(addressee)
            rung = watch.rungs[step]
            if self.sweep.addressee(record, rung) != addressee:
                raise ValueError(addressee)
            head = self.sweep.heads.get(record.kind, "负责人")
            form = head if addressee == record.name + head else rung  # to its head alone: a suffix
        for i, known in enumerate(rungs):
            if known is form or (type(form) is str and known == form):
                return i
        rungs.append(form)
        return len(rungs) - 1

    def _again(self, verdict: Verdict, position: int, record: UnitRecord) -> list[Escalation]:
        """Give ``record`` the verdict: its events pending, its track, its escalations."""
        sweep, name = self.sweep, record.name
        addressees = [_addressee(sweep, record, form) for form in verdict.rungs]
        recorder = sweep.recorder
        pending = recorder.pending
        for kind, template, to in verdict.logs:
            pending.append((name, kind, template, {"addressee": addressees[to]}))
        recorder.logged += len(verdict.logs)
        if verdict.track is not None:  # shared (copied when it next changes), counting these events in
            sweep.memory.states[position] = verdict.track
        return [
            Escalation(
                name, e.rule, e.rule_name, e.step, e.actions, e.one_of, e.reason, e.due, addressees[to],
                e.status, e.applied, e.occurrence, e.not_applied, e.held_by,
            )
            for e, to in verdict.entries
        ]  # fmt: skip


def _addressee(sweep: Sweep, record: UnitRecord, form: Rung | str | None) -> str:
    """The addressee of ``form`` (see :attr:`Verdict.rungs`) for ``record``."""
    if form is None:
        return record.name
    if isinstance(form, str):
        return record.name + form
    return sweep.addressee(record, form)


def _names(payload: Mapping[str, Any], name: str, own: str) -> bool:
    """Whether ``name`` appears in ``payload`` anywhere but under the key ``own``."""
    for key, value in payload.items():
        if key == own:
            continue
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and name in text for text in texts):
            return True
    return False
