"""History kept in a Python list: the store of ``Campaign(plan)`` and of replays."""

from __future__ import annotations

import bisect
import contextlib
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator

from campaignflow.errors import ConcurrentUpdate, StoreError
from campaignflow.history import Event
from campaignflow.store.protocol import Draft, Expected


class _History:
    """What the writers sharing a :class:`MemoryStore` share: the plan, the events, the numbering."""

    __slots__ = ("events", "plan", "seq", "versions")

    def __init__(self, events: list[Event]) -> None:
        self.events = events
        self.versions: dict[str, int] | None = None
        self.plan: tuple[str, str] | None = None
        self.seq = events[-1].seq if events else 0


class MemoryStore:
    """History in a Python list: fast, and gone when the process ends.

    Several campaigns may share one store (writers in one process): each ``Campaign`` given a
    MemoryStore writes through its own :meth:`writer`, so a failed ``batch()`` takes back only
    that writer's events — never another's acknowledged ones — and numbers are never reused.
    Per-unit versions are only needed when a writer is behind — another one appended since it
    last read — so the table of them is built from the history the first time that happens, and
    kept up to date from then on; a store with one writer never builds it.
    """

    def __init__(self, events: Iterable[Event] = ()) -> None:
        """Start empty, or holding ``events`` (already numbered, in ``seq`` order)."""
        kept = list(events)
        if any(a.seq >= b.seq for a, b in itertools.pairwise(kept)):
            raise StoreError("events must be in increasing seq order")
        self._history = _History(kept)
        self._open: list[list[Event]] = []  # this writer's open transactions, each with its events

    def writer(self) -> MemoryStore:
        """Another handle on the same history, with transactions of its own (one per campaign)."""
        handle = MemoryStore.__new__(MemoryStore)
        handle._history, handle._open = self._history, []
        return handle

    def plan_text(self) -> str | None:
        plan = self._history.plan
        return plan[1] if plan else None

    def plan_id(self) -> str | None:
        plan = self._history.plan
        return plan[0] if plan else None

    def set_plan(self, plan_id: str, text: str) -> None:
        self._history.plan = (plan_id, text)

    def events(self, after: int = 0) -> Iterator[Event]:
        events = self._history.events
        return iter(events[bisect.bisect_right(events, after, key=_seq) :])

    def append(self, expected: Expected, drafts: Iterable[Draft], *, seen: int | None = None) -> list[Event]:
        history = self._history
        versions = history.versions
        if seen is None or seen != history.seq:
            if versions is None:
                versions = history.versions = dict(Counter(event.unit for event in history.events))
            for unit, version in expected:
                found = versions.get(unit, 0)
                if found != version:
                    raise ConcurrentUpdate(unit, version, found)
        seq = history.seq
        if type(drafts) is tuple and len(drafts) == 1:  # every command but enroll_many: keep it short
            event = _tuple_new(Event, (*drafts[0], seq + 1))
            made = [event]
            history.events.append(event)
            history.seq = seq + 1
            if versions is not None:
                versions[event.unit] = versions.get(event.unit, 0) + 1
            if self._open:
                self._open[-1].append(event)
            return made
        made = [_tuple_new(Event, (*draft, seq := seq + 1)) for draft in drafts]
        if versions is not None:
            for event in made:
                versions[event.unit] = versions.get(event.unit, 0) + 1
        history.events += made
        history.seq = seq
        if self._open:
            self._open[-1] += made
        return made

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """On an error, take back the events this writer appended inside; other writers' stay.

        Appends themselves never half-write. Numbering goes on after the last event kept, so a
        ``seq`` another writer was given is never given again.
        """
        mine: list[Event] = []
        base = self._history.seq
        self._open.append(mine)
        try:
            yield
        except BaseException:
            self._open.pop()
            if mine:
                history = self._history
                gone = {event.seq for event in mine}
                history.events = [event for event in history.events if event.seq not in gone]
                history.seq = max(base, history.events[-1].seq if history.events else 0)
                history.versions = None  # the table is rebuilt when next needed
            raise
        else:
            self._open.pop()
            if self._open:
                self._open[-1] += mine  # an outer transaction that fails takes these back too

    def close(self) -> None:
        """Nothing to release."""


_tuple_new = tuple.__new__


def _seq(event: Event) -> int:
    return event.seq
