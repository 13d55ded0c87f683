"""What a sweep records, kept until the units it judged are committed together in one store append.

On the day every unit is late a sweep records an ``escalated`` event for each of them; one engine
command per event (:meth:`Campaign.log <campaignflow.engine.Campaign.log>`) cost most of such a
sweep. A :class:`Recorder` keeps the events of a chunk of units instead and commits them with
:meth:`Campaign.log_many <campaignflow.engine.Campaign.log_many>` — the same checks, authority and
time order, one append, all kept or none. Meanwhile each event is folded into its unit's track at
once, so the rules judged after it (a ``repeated`` rule counting it) see it as they would have; the
track's count of folded events moves on when the event is committed. Before the sweep applies a
measure through an engine command it flushes, so events keep the order the per-command path gave.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from campaignflow.escalation.episodes import Memory, Track
from campaignflow.escalation.result import AsOf
from campaignflow.history import Event, UnitRecord
from campaignflow.logbatch import NO_FILL, Entry

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = ["Recorder"]

_tuple_new = tuple.__new__


class Recorder:
    """The events a sweep logs: committed one by one (``bulk=False``), or kept until :meth:`flush`."""

    def __init__(
        self, campaign: Campaign, memory: Memory, at: AsOf, when: datetime.datetime, by: str, *,
        bulk: bool,
    ) -> None:  # fmt: skip
        self.campaign, self.memory, self.at, self.when, self.by = campaign, memory, at, when, by
        self.bulk = bulk
        self.pending: list[Entry] = []
        self.ahead: dict[int, int] = {}  # position of a unit → how many of its events are pending
        self.logged = 0  # events logged so far (committed or pending)

    def log(self, position: int, record: UnitRecord, kind: str, payload: dict[str, Any]) -> Track | None:
        """Log an event of the unit at ``position``; returns its track with the event folded in
        (None when it was committed at once: the unit's record has it, fold it from there)."""
        self.logged += 1
        if not self.bulk:
            self.campaign.log(record.name, kind, at=self.at, by=self.by, **payload)
            return None
        self.pending.append((record.name, kind, payload, NO_FILL))
        self.ahead[position] = self.ahead.get(position, 0) + 1
        states = self.memory.states
        known = states[position]
        event = _tuple_new(Event, (record.name, kind, self.when, self.by, payload, 0))  # not numbered yet
        track = self.memory.fold_event(known if isinstance(known, Track) else None, event)
        assert track is not None  # the sweep's own entries always make a track
        if isinstance(known, int):
            track.folded = known
        states[position] = track
        return track

    def flush(self) -> None:
        """Commit what is pending in one append; the tracks then count the committed events as folded."""
        if not self.pending:
            return
        pending, ahead = self.pending, self.ahead
        self.pending, self.ahead = [], {}
        self.campaign.log_many(pending, at=self.at, by=self.by)
        states = self.memory.states
        for position, count in ahead.items():
            track = states[position]
            assert isinstance(track, Track)
            track.folded += count

    def drop(self) -> None:
        """Forget what is pending (its chunk failed and is judged again)."""
        self.pending, self.ahead = [], {}
