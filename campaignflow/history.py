"""The history of a campaign: what its append-only events add up to, unit by unit.

Events (:mod:`campaignflow.events`, where each kind's payload is listed) are facts: the current state
of every unit is what you get by applying them in ``seq`` order, which is how a campaign reopens from
its store and how :meth:`Campaign.replay <campaignflow.engine.Campaign.replay>` rebuilds it.

:class:`UnitRecord` (with its :class:`~campaignflow.evidence.Evidence` per artifact) holds what the
events add up to for one unit, and :func:`apply` is the one function that folds an event into a
record — used both live and on replay, so the two cannot drift apart; a :class:`Ledger` keeps every
unit's record and knows which events it has folded. This module knows nothing of plans, stores or
transitions; the names of :mod:`campaignflow.events` and :mod:`campaignflow.evidence` are re-exported
here, where callers have always found them.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

from campaignflow.errors import StoreError, UnknownUnit
from campaignflow.events import (
    ARTIFACT_KINDS,
    CAMPAIGN_KINDS,
    EVENT_KINDS,
    LOG_KINDS,
    SHANGHAI,
    Event,
    check_json,
    counts,
    moment,
    parse_time,
    stored_event,
)
from campaignflow.evidence import Evidence, short_groups, shortfall
from campaignflow.unread import Unread

__all__ = [
    "ARTIFACT_KINDS",
    "CAMPAIGN_KINDS",
    "EVENT_KINDS",
    "LOG_KINDS",
    "SHANGHAI",
    "Event",
    "Evidence",
    "Ledger",
    "UnitRecord",
    "Unread",
    "apply",
    "check_json",
    "counts",
    "moment",
    "parse_time",
    "paused_gc",
    "short_groups",
    "shortfall",
    "stored_event",
]


class UnitRecord:
    """One enrolled unit: a plain slots record, the model the state machine moves (never registered).

    Fields an app or the escalation sweep may read (never write; commands go through the
    ``Campaign``): ``name``, ``kind``; ``phase`` (a phase id, or ``"done"``); ``version`` (the
    number of events, the optimistic-lock version; 0 while its enrolment is not committed yet);
    ``entered`` (when the unit entered its phase); ``items`` (artifact id → :class:`Evidence`, None
    until the first evidence); ``ends`` (phase id → extended end date, None until an extension);
    ``deadlines`` (artifact id → per-unit deadline set by 限期整改, None until one is set);
    ``designated`` (the kind before its last change of kind, and when; None if never changed);
    ``findings`` (the seq of each finding → its 限期整改 term or None, and whether it is closed 销号);
    ``events`` (this unit's history, oldest first; of a record read from its stored state, read from
    the store when first asked for — :class:`Unread`).
    """

    __slots__ = (
        "_events", "deadlines", "designated", "ends", "entered", "findings", "items", "kind", "name", "phase",
        "version",
    )  # fmt: skip

    def __init__(self, name: str, kind: str, phase: str, entered: datetime.datetime) -> None:
        self.name = name
        self.kind = kind
        self.phase = phase
        self.version = 0
        self.entered = entered
        self.items: dict[str, Evidence] | None = None
        self.ends: dict[str, datetime.date] | None = None
        self.deadlines: dict[str, datetime.date] | None = None
        self.findings: dict[int, tuple[datetime.date | None, bool]] | None = None
        self.designated: tuple[str, datetime.datetime] | None = None  # (kind before, since when)
        self._events: list[Event] | Unread = []

    @property
    def events(self) -> list[Event]:
        """This unit's events, oldest first (a record read from its stored state reads them now)."""
        found = self._events
        if isinstance(found, Unread):
            found = self._events = found.read(self.name)
        return found

    @events.setter
    def events(self, events: list[Event] | Unread) -> None:
        self._events = events

    def unread(self) -> Unread | None:
        """The stand-in for this unit's events while they are still in the store (None: they are read)."""
        found = self._events
        return found if isinstance(found, Unread) else None

    def since(self, start: int, kinds: Collection[str]) -> Sequence[Event]:
        """This unit's events from the ``start``-th on, oldest first; where they are still in the store
        and were read ahead (:meth:`Unread.known`), only those of ``kinds`` (and maybe others)."""
        found = self._events
        if isinstance(found, Unread):
            ahead = found.since(start, kinds)
            if ahead is not None:
                return ahead
            found = self.events
        return found if start == 0 else found[start:]

    def latest(self) -> datetime.datetime | None:
        """When the latest-dated of this unit's events happened (None: it has none)."""
        found = self._events
        if isinstance(found, Unread) and found.latest is not None:
            return max(found.latest, *(e.at for e in found.tail)) if found.tail else found.latest
        events = self.events
        if not events:
            return None
        return events[-1].at if len(events) == 1 else max(e.at for e in events)

    def evidence(self, artifact: str) -> Evidence:
        """The evidence for ``artifact``, created empty on first use."""
        items = self.items
        if items is None:
            items = self.items = {}
        found = items.get(artifact)
        if found is None:
            found = items[artifact] = Evidence()
        return found

    def state(self) -> tuple[Any, ...]:
        """Everything the events determine, as plain values (history excluded)."""
        items = {k: v.state() for k, v in (self.items or {}).items()}
        return (
            self.kind,
            self.phase,
            self.version,
            self.entered,
            items,
            self.ends or {},
            self.deadlines or {},
            self.findings or {},
            self.designated,
        )


def apply(record: UnitRecord, event: Event) -> None:
    """Fold one event into its unit's record: the single definition of what each kind of event means.

    Raises KeyError/TypeError/ValueError on a malformed payload; the engine reports those as a
    damaged history.
    """
    kind = event.kind
    if kind in {"escalated", "resolved"}:  # the sweep's log: history only (a day's bulk of events)
        record.version += 1
        record._events.append(event)  # as below: a record read from its stored state keeps them apart
        return
    payload = event.payload
    if kind == "enrolled":  # a unit's first event: its record was just made from it
        record.version = 1
        record.events = [event]
        return
    if kind in ("advanced", "sent_back"):
        record.phase = payload["to"]
        record.entered = event.at
        if kind == "sent_back" and record.items:
            for artifact in payload["reset"]:
                record.items.pop(artifact, None)
    elif kind in ("submitted", "approved", "rejected"):
        _review(record.evidence(payload["artifact"]), event)
    elif kind in ("scored", "voted"):
        item = record.evidence(payload["artifact"])
        item.status = "recorded"
        item.at = event.at
        item.count += 1
        if kind == "scored":
            item.score = payload["score"]
        else:
            item.votes = payload["votes"]
            item.respondents = payload["respondents"]
    elif kind == "graded":
        record.evidence(payload["artifact"]).grade = payload["grade"]
    elif kind in ("item_added", "item_closed"):
        _entry(record.evidence(payload["artifact"]), payload["item"], closed=kind == "item_closed")
    elif kind == "extended":
        if record.ends is None:
            record.ends = {}
        record.ends[payload["phase"]] = datetime.date.fromisoformat(payload["end"])
    elif kind == "deadline_set":
        if record.deadlines is None:
            record.deadlines = {}
        record.deadlines[payload["artifact"]] = datetime.date.fromisoformat(payload["due"])
    elif kind in ("finding", "finding_closed"):
        _finding(record, event)
    elif kind == "designated":
        record.designated = (payload["from"], event.at)
        record.kind = payload["kind"]
    elif kind not in ("escalated", "resolved"):
        raise ValueError(f"unknown event kind {kind!r}")
    record.version += 1
    record._events.append(event)  # a record read from its stored state keeps the new ones apart


def _finding(record: UnitRecord, event: Event) -> None:
    """Fold a finding (with its term, if any) or its closing (销号)."""
    if record.findings is None:
        record.findings = {}
    payload = event.payload
    if event.kind == "finding":
        due = payload.get("due")
        record.findings[event.seq] = (datetime.date.fromisoformat(due) if due else None, False)
    else:
        seq = payload["finding"]
        record.findings[seq] = (record.findings[seq][0], True)


def _review(item: Evidence, event: Event) -> None:
    """Fold a submission, an approval (one level of a chain, or the only one) or a rejection."""
    kind, payload = event.kind, event.payload
    item.status = kind
    item.at = event.at
    if kind == "approved":
        item.level = payload.get("level", 1)
        if item.level < payload.get("of", 1):
            item.status = "submitted"  # the next level of the chain reviews it
        return
    item.level = 0
    if kind == "submitted":
        item.count += 1
        period = payload.get("period")
        if period is not None:
            if item.periods is None:
                item.periods = {}
            item.periods.setdefault(period, event.at)
    else:
        item.reason = payload["reason"]


def _entry(item: Evidence, name: str, *, closed: bool) -> None:
    """Add (reopen) or close a ledger item, keeping the count of open ones."""
    if item.entries is None:
        item.entries = {}
    was = item.entries.get(name)  # None: new, False: open, True: closed
    item.entries[name] = closed
    if closed and was is False:
        item.still_open -= 1
    elif not closed and was is not False:
        item.still_open += 1


class Ledger:
    """The state a campaign's events add up to: one :class:`UnitRecord` per unit, in enrolment order.

    Events are folded in ``seq`` order. ``seen`` is the number up to which every event is folded;
    ``ahead`` holds numbers folded past a gap — this writer's own events, committed after other
    writers' events it has not fetched yet — so that :meth:`catch_up` folds exactly what is missing.
    """

    #: The plan's artifact ids, when the owner sets them: an event about another one does not apply.
    artifacts: Collection[str] = ()

    def __init__(
        self,
        first: str,
        kinds: Collection[str],
        states: Collection[str],
        general: Callable[[Event], None] | None = None,
    ) -> None:
        self.units: dict[str, UnitRecord] = {}
        self.first, self.kinds, self.states = first, kinds, states
        self.seen = 0
        self.ahead: set[int] = set()
        #: events about the campaign rather than one unit (their ``unit`` is ``""``), in ``seq`` order;
        #: ``general`` (the roster) folds each of them
        self.campaign_events: list[Event] = []
        self._general = general

    def record(self, unit: str) -> UnitRecord:
        """The record of ``unit``; UnknownUnit if it is not enrolled."""
        found = self.units.get(unit)
        if found is None:
            raise UnknownUnit(unit)
        return found

    def committed(self, record: UnitRecord, event: Event) -> None:
        """Fold an event this writer has just validated and committed into its unit's record.

        For an enrolment, ``record`` is the new record the writer put in :attr:`units` (in phase
        :attr:`first`, at version 0) while it checked the batch.
        """
        apply(record, event)
        if event.seq == self.seen + 1 and not self.ahead:
            self.seen = event.seq
        else:
            self.ahead.add(event.seq)

    def catch_up(self, events: Iterable[Event]) -> int:
        """Fold events read back from a store, checking that they add up; returns how many were new."""
        folded = 0
        with paused_gc():
            for event in events:
                if event.seq in self.ahead:
                    self.ahead.discard(event.seq)
                else:
                    self._fold(event)
                    folded += 1
                self.seen = event.seq
        return folded

    def committed_general(self, event: Event) -> None:
        """Fold a campaign-level event this writer has just validated and committed."""
        self._fold(event)
        if event.seq == self.seen + 1 and not self.ahead:
            self.seen = event.seq
        else:
            self.ahead.add(event.seq)

    def _fold(self, event: Event) -> None:
        if not event.unit:
            if self._general is not None:
                try:
                    self._general(event)
                except (KeyError, TypeError, ValueError) as exc:
                    raise StoreError(
                        f"history event {event.seq} ({event.kind}) does not apply: {exc}"
                    ) from None
            self.campaign_events.append(event)
            return
        try:
            payload = event.payload
            if event.kind == "enrolled":
                if event.unit in self.units or payload["kind"] not in self.kinds:
                    raise ValueError(f"enrolled twice or of an unknown unit kind {payload['kind']!r}")
                record = self.units[event.unit] = UnitRecord(
                    event.unit, payload["kind"], self.first, event.at
                )
            else:
                record = self.units[event.unit]
                if event.kind in ("advanced", "sent_back") and payload["to"] not in self.states:
                    raise ValueError(f"unknown phase {payload['to']!r}")
                if event.kind == "designated" and payload["kind"] not in self.kinds:
                    raise ValueError(f"unknown unit kind {payload['kind']!r}")
                if (
                    event.kind in ARTIFACT_KINDS
                    and self.artifacts
                    and payload["artifact"] not in self.artifacts
                ):
                    raise ValueError(f"the plan has no artifact {payload['artifact']!r}")
            apply(record, event)
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(
                f"history event {event.seq} ({event.kind}, {event.unit}) does not apply: {exc}"
            ) from None

    def snapshot(self) -> dict[str, tuple[Any, ...]]:
        """Every unit's state as plain values, to compare two campaigns (e.g. live and replayed)."""
        return {name: record.state() for name, record in self.units.items()}

    def events(self) -> list[Event]:
        """Every folded event in ``seq`` order."""
        found = [e for r in self.units.values() for e in r.events]
        return sorted(found + self.campaign_events, key=lambda e: e.seq)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause CPython's cycle collector while many records are built at once (bulk enrolment, loading).

    Records form no reference cycles, but every full collection rescans the growing heap, which
    makes bulk work superlinear; reference counting frees everything as usual meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
