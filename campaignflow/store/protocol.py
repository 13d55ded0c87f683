"""The :class:`Store` interface every backend implements, and the shapes it trades in.

A store keeps the plan's YAML text and the append-only events, and guards every unit with an
optimistic version (the number of events the unit has): a write names the version it was based
on, and a stale one raises :class:`~campaignflow.errors.ConcurrentUpdate` instead of losing the
other writer's update. The engine owns the state machine; a store only keeps facts.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from typing import Any, NamedTuple, Protocol, runtime_checkable

from campaignflow.errors import StoreError
from campaignflow.history import Event
from campaignflow.plan import Plan

#: ``(unit, kind, at, by, payload)``: an event before the store numbers it.
Draft = tuple[str, str, datetime.datetime, str, Mapping[str, Any]]
#: ``(unit, version)``: the version a write is based on (0: the unit is being enrolled).
Expected = Iterable[tuple[str, int]]
#: Called by a store inside its transaction with the numbered events; returns each unit's new state.
Fold = Callable[[list[Event]], Mapping[str, str]]


class Rewrite(NamedTuple):
    """A unit row as its events give it, to write where the stored version is still ``was``."""

    name: str
    kind: str
    version: int
    state: str
    was: int


class Store(Protocol):
    """What the engine needs from a place that keeps history."""

    def plan_text(self) -> str | None:
        """The YAML text of the tracked plan, or None for a store never used."""

    def set_plan(self, plan_id: str, text: str) -> None:
        """Record the plan this store tracks (at first use, and when the app passes a revised plan)."""

    def plan_id(self) -> str | None:
        """The id of the tracked plan, or None for a store never used."""

    def events(self, after: int = 0) -> Iterator[Event]:
        """Every event with ``seq > after``, in ``seq`` order."""

    def append(self, expected: Expected, drafts: Iterable[Draft], *, seen: int | None = None) -> list[Event]:
        """Commit ``drafts`` atomically and return them numbered (each argument is iterated at most once).

        ``expected`` pairs each unit written with the version the caller based the write on (0 for
        a unit being enrolled); a mismatch raises ConcurrentUpdate and writes nothing. ``seen`` is
        the last ``seq`` the caller has read, if it has read every event up to there: when nothing
        was appended since, no version it based the write on can be stale, and a store may skip
        the per-unit check.
        """

    def transaction(self) -> AbstractContextManager[None]:
        """Group the appends made inside into one commit: all of them are kept, or (on an error) none.

        Transactions nest; an append that fails inside one (a ConcurrentUpdate the caller catches)
        leaves the others standing.
        """

    def close(self) -> None:
        """Release the store's resources; the object is unusable afterwards."""


class StoredUnit(NamedTuple):
    """One unit as a durable store keeps it: its row (state text, None if never stored) and its events."""

    kind: str
    version: int
    state: str | None
    events: list[Event]


@runtime_checkable
class UnitStore(Store, Protocol):
    """A store that keeps per-unit state beside the events and can read one unit alone.

    Its ``append`` also takes ``fold=``: a :data:`Fold` it calls inside the transaction, writing
    the states it returns with the events.
    """

    campaign: str | None

    def campaigns(self) -> dict[str, str]:
        """Every campaign the database holds: its id and its plan's id."""

    def append(
        self,
        expected: Expected,
        drafts: Iterable[Draft],
        *,
        seen: int | None = None,
        fold: Fold | None = None,
    ) -> list[Event]:
        """As :meth:`Store.append`, writing the states ``fold`` returns in the same transaction."""

    def last_seq(self) -> int:
        """The highest ``seq`` of the campaign (0: no events yet)."""

    def unit(self, name: str) -> StoredUnit | None:
        """The stored row and events of unit ``name`` (``""``: the campaign-level events), or None."""

    def states(self) -> Iterable[tuple[str, str, int, str | None]]:
        """Every unit's ``(name, kind, version, state)`` row, in enrolment order."""

    def snapshot(self) -> tuple[int, list[tuple[str, str, int, str | None]]]:
        """The campaign's last ``seq`` and every unit's row as of it (one read), in enrolment order."""

    def events_of(self, kinds: Collection[str], upto: int) -> Iterator[Event]:
        """Every event of one of ``kinds`` with ``seq <= upto``, in ``seq`` order (one query)."""

    def events_naming(self, keys: Collection[str]) -> Iterator[Event]:
        """Every event whose payload may have one of ``keys`` (and maybe others: check), in ``seq`` order."""

    def rewrite(self, rows: Iterable[Rewrite]) -> int:
        """Set each row's unit to its ``kind``, ``version`` and ``state`` where the stored version is still
        ``was`` (a unit another writer moved meanwhile is left alone), in one transaction; how many
        were written. Events are untouched: this mends the rows they imply (``track verify --repair``)."""


def plan_source(plan: Plan) -> str:
    """The YAML text ``plan`` was loaded from, to keep with its history in a file."""
    if not plan.text:
        raise StoreError(
            f"cannot store plan {plan.id!r}: its YAML text is unknown (load it with load_plan or parse_plan)"
        )
    return plan.text
