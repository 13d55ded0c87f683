"""What a campaign's history says about escalation, folded once and kept up to date between sweeps.

Events are append-only, so for each unit the fold remembers how many of its events it has read and
a sweep folds only what is new. Units whose history holds nothing the sweep needs get no
:class:`Track` at all — at 100,000 units that is most of them.
"""

from __future__ import annotations

import datetime
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from campaignflow.escalation.watches import Watch, ordered
from campaignflow.history import Event, UnitRecord
from campaignflow.plan import Plan

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = ["Memory", "Open", "Track", "forget", "memory_of"]


@dataclass(frozen=True, slots=True)
class Open:
    """An episode recorded by an ``escalated`` event and not yet ``resolved``."""

    occurrence: int
    step: int
    cause: str
    due: datetime.date
    reason: str


class Track:
    """What one unit's history holds that the sweep needs; only units with such history have one."""

    __slots__ = ("closed", "fired", "folded", "latest", "matches", "open", "override", "peak", "shared")

    def __init__(self) -> None:
        self.folded = 0  # how many of the unit's events are folded in
        self.open: dict[str, Open] = {}
        self.peak: dict[str, int] = {}  # rule → highest occurrence recorded
        self.fired: dict[str, dict[int, datetime.date]] = {}  # rule → occurrence → day first recorded
        self.matches: dict[str, tuple[int, Event]] = {}  # event rule → (occurrences, latest match)
        self.latest: dict[tuple[str, str], int] = {}  # (family, artifact) → seq of the latest event
        self.override = False  # has its own deadlines or extended phases
        self.closed: set[tuple[str, str]] = set()  # (rule, cause) closed by a supervisor (销号)
        #: held by several units alike (see twins.py): copied before anything is folded into it
        self.shared = False

    def copy(self) -> Track:
        """A track with the same contents and containers of its own (episodes are immutable)."""
        other = Track.__new__(Track)
        other.folded, other.override, other.shared = self.folded, self.override, False
        other.open, other.peak, other.matches = dict(self.open), dict(self.peak), dict(self.matches)
        other.fired = {rule: dict(days) for rule, days in self.fired.items()}
        other.latest, other.closed = dict(self.latest), set(self.closed)
        return other


_FAMILY: Final = {
    "submitted": "doc",
    "approved": "doc",
    "rejected": "doc",
    "scored": "scored",
    "voted": "voted",
    "graded": "graded",
    "finding": "finding",
}


class Memory:
    """The folded history of one campaign, kept between sweeps (events are append-only).

    For each unit it remembers how many of its events were folded; a sweep folds only what is new.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        rules = [Watch.of_rule(plan, rule) for rule in plan.rules]
        votes = [a for _, a in plan.artifacts() if a.vote is not None and a.vote.min_share]
        shares = [Watch.of_vote(plan, a) for a in votes]
        self.watches = ordered(rules + shares)
        self.by_id = {w.id: w for w in self.watches}
        self.listeners: dict[tuple[str, str | None], list[Watch]] = {}
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
        self.states: list[Track | int] = []
        self._where: dict[str, int] | None = None

    def sync(self, campaign: Campaign) -> list[UnitRecord]:
        """The campaign's records in enrolment order, lined up with what was folded before."""
        records = list(campaign.records())
        campaign.preload(self.relevant)  # units read from their stored states: one query, not one each
        known = len(self.records)
        if len(records) < known or records[:known] != self.records:  # compared by identity
            known, self.states = 0, []  # the engine only appends units; anything else: fold again
        self.states += [0] * (len(records) - known)
        self.records, self._where = records, None
        return records

    def at(self, position: int, record: UnitRecord) -> Track | None:
        """The track of the unit at ``position``, every event folded in (None: nothing the sweep needs).

        A record's ``version`` is its number of events, so comparing it tells whether any are new.
        """
        known = self.states[position]
        if isinstance(known, int):
            return self.fold(position, record, None, known) if known != record.version else None
        return self.fold(position, record, known, known.folded) if known.folded != record.version else known

    def track(self, campaign: Campaign, record: UnitRecord) -> Track | None:
        """The same for a unit found by name, outside a sweep's walk."""
        if self._where is None or record.name not in self._where:
            self.sync(campaign)
            self._where = {r.name: i for i, r in enumerate(self.records)}
        return self.at(self._where[record.name], record)

    def fold(self, position: int, record: UnitRecord, track: Track | None, start: int) -> Track | None:
        """Fold the unit's events from ``start`` on; returns its track."""
        relevant = self.relevant
        if track is not None and track.shared:
            track = track.copy()  # this unit's own from now on
        for event in record.since(start, relevant):  # of a unit read from its state, those read ahead
            if event.kind in relevant:
                track = self._fold(track, event)
        if track is None:
            self.states[position] = record.version
        else:
            track.folded = record.version
            self.states[position] = track
        return track

    def fold_event(self, track: Track | None, event: Event) -> Track | None:
        """Fold one relevant event into ``track`` (None: the unit has none yet); returns the track (a
        copy of a shared one)."""
        return self._fold(track.copy() if track is not None and track.shared else track, event)

    def _fold(self, track: Track | None, event: Event) -> Track | None:
        kind, payload = event.kind, event.payload
        if kind in ("escalated", "resolved"):
            rule, occurrence, cause = payload.get("rule"), payload.get("occurrence"), payload.get("cause")
            if not isinstance(rule, str) or not isinstance(occurrence, int) or not isinstance(cause, str):
                return track  # an entry the sweep did not write: not ours to interpret
            track = track or Track()
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
            track.open[rule] = Open(occurrence, step, cause, day, reason)
            track.peak[rule] = max(track.peak.get(rule, 0), occurrence)
            if step >= 0:  # -1: observed, no measure yet — the rule has not fired
                track.fired.setdefault(rule, {}).setdefault(occurrence, event.at.date())
            return track
        if kind in ("deadline_set", "extended"):
            track = track or Track()
            track.override = True
            return track
        family = _FAMILY[kind]
        artifact = payload.get("artifact") if family != "finding" else None
        watchers = self.listeners.get((family, artifact if isinstance(artifact, str) else None), ())
        hits = [w for w in watchers if w.matches(event)]
        if hits and track is None:
            track = Track()
        if track is not None and isinstance(artifact, str):
            track.latest[family, artifact] = event.seq
        for watch in hits:
            assert track is not None
            count = track.matches.get(watch.id, (0, event))[0]
            track.matches[watch.id] = (count + 1, event)
        return track


_MEMORIES: weakref.WeakKeyDictionary[Campaign, Memory] = weakref.WeakKeyDictionary()


def memory_of(campaign: Campaign) -> Memory:
    """The folded history of ``campaign``, kept for as long as the campaign lives."""
    memory = _MEMORIES.get(campaign)
    if memory is None or memory.plan is not campaign.plan:
        memory = _MEMORIES[campaign] = Memory(campaign.plan)
    return memory


def forget(campaign: Campaign) -> None:
    """Drop what was folded for ``campaign``: the next sweep folds its whole history again."""
    _MEMORIES.pop(campaign, None)
