"""A unit's events while they are still in the store: the history of a record read from its stored state.

A campaign opened from a database answers whole-campaign questions from every unit's stored state
(:class:`~campaignflow.states.LazyLedger`); a record read that way holds an :class:`Unread` in place
of its events, which :attr:`UnitRecord.events <campaignflow.history.UnitRecord.events>` replaces by
the stored events the first time they are asked for. What a sweep or a command needs without them —
how many there are, when the latest happened, the events of a few kinds read ahead for every unit in
one query, those folded since — the stand-in answers itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Protocol

from campaignflow.errors import StoreError
from campaignflow.events import Event

__all__ = ["EventSource", "Unread"]


class Unread:
    """A unit's events while they are still in the store: a record read from its stored state.

    ``count`` events are stored (every one numbered ≤ the ledger's snapshot); ``tail`` holds the events
    folded into the record since; ``latest`` is when the latest-dated stored one happened (None:
    unknown); ``known`` the stored events of the kinds in ``kinds``, when a sweep read them ahead.
    ``source`` reads the stored ones (``history_of``) the first time the whole history is asked for.
    """

    __slots__ = ("count", "kinds", "known", "latest", "source", "tail")

    def __init__(self, source: EventSource, count: int, latest: datetime.datetime | None = None) -> None:
        self.source, self.count, self.latest = source, count, latest
        self.tail: list[Event] = []
        self.known: list[Event] = []
        self.kinds: Collection[str] = ()

    def append(self, event: Event) -> None:
        """A new event of the unit (folded into its record): kept until the stored ones are read."""
        self.tail.append(event)

    def read(self, unit: str) -> list[Event]:
        """Every event of ``unit``: the stored ones, then those folded since."""
        stored = self.source.history_of(unit)
        if len(stored) != self.count:
            raise StoreError(
                f"the file is inconsistent: unit {unit} is stored at version {self.count} but has "
                f"{len(stored)} event(s); 'campaignflow track verify' shows every difference "
                "(--repair mends the rows)"
            )
        return stored + self.tail

    def since(self, start: int, kinds: Collection[str]) -> list[Event] | None:
        """The events from the ``start``-th on, where they can be told without reading the store."""
        if start >= self.count:
            return self.tail[start - self.count :]
        if start == 0 and all(kind in self.kinds for kind in kinds):
            return self.known + self.tail if self.tail else self.known
        return None


class EventSource(Protocol):
    """Where an :class:`Unread` history reads its stored events."""

    def history_of(self, unit: str) -> list[Event]:
        """The stored events of ``unit`` up to the snapshot its record was read at, oldest first."""
