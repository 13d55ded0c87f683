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


class MemoryStore:
    """History in a Python list: fast, and gone when the process ends.

    Several campaigns may share one store (writers in one process). Per-unit versions are only
    needed when a writer is behind — another one appended since it last read — so the table of
    them is built from the history the first time that happens, and kept up to date from then on;
    a store with one writer never builds it.
    """

    def __init__(self, events: Iterable[Event] = ()) -> None:
        """Start empty, or holding ``events`` (already numbered, in ``seq`` order)."""
        self._events: list[Event] = list(events)
        if any(a.seq >= b.seq for a, b in itertools.pairwise(self._events)):
            raise StoreError("events must be in increasing seq order")
        self._versions: dict[str, int] | None = None
        self._plan: tuple[str, str] | None = None
        self._seq = self._events[-1].seq if self._events else 0

    def plan_text(self) -> str | None:
        return self._plan[1] if self._plan else None

    def plan_id(self) -> str | None:
        return self._plan[0] if self._plan else None

    def set_plan(self, plan_id: str, text: str) -> None:
        self._plan = (plan_id, text)

    def events(self, after: int = 0) -> Iterator[Event]:
        return iter(self._events[bisect.bisect_right(self._events, after, key=_seq) :])

    def append(self, expected: Expected, drafts: Iterable[Draft], *, seen: int | None = None) -> list[Event]:
        versions = self._versions
        if seen is None or seen != self._seq:
            if versions is None:
                versions = self._versions = dict(Counter(event.unit for event in self._events))
            for unit, version in expected:
                found = versions.get(unit, 0)
                if found != version:
                    raise ConcurrentUpdate(unit, version, found)
        seq = self._seq
        if type(drafts) is tuple and len(drafts) == 1:  # every command but enroll_many: keep it short
            made = [_tuple_new(Event, (*drafts[0], seq + 1))]
        else:
            made = [_tuple_new(Event, (*draft, seq := seq + 1)) for draft in drafts]
        if versions is not None:
            for event in made:
                versions[event.unit] = versions.get(event.unit, 0) + 1
        self._events += made
        self._seq = made[-1].seq if made else seq
        return made

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """On an error, forget what was appended inside (appends themselves never half-write)."""
        kept, seq = len(self._events), self._seq
        try:
            yield
        except BaseException:
            if len(self._events) > kept:
                del self._events[kept:]
                self._seq, self._versions = seq, None  # the table is rebuilt when next needed
            raise

    def close(self) -> None:
        """Nothing to release."""


_tuple_new = tuple.__new__


def _seq(event: Event) -> int:
    return event.seq
