"""A unit's current state as stored text, and a ledger that loads units only when they are asked for.

A durable store keeps, beside each unit's events, the state they add up to (written in the same
transaction as the event), so a command on one unit reads that unit's row and events instead of
folding the whole campaign. :func:`encode` and :func:`decode` turn a
:class:`~campaignflow.history.UnitRecord` into JSON text and back; a unit whose state was never
stored (a file upgraded from schema 1) is rebuilt by folding its own events, which is exactly what
a replay does. :class:`LazyLedger` is the :class:`~campaignflow.history.Ledger` of a campaign on a
durable store: it folds everything only when a whole-campaign question is asked.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, TypeGuard

from campaignflow.errors import StoreError
from campaignflow.history import Event, Evidence, Ledger, UnitRecord, parse_time
from campaignflow.store.protocol import Draft, Store, UnitStore

_TIMES = ("at",)
_EVIDENCE = tuple(sorted(Evidence.__slots__))


def encode(record: UnitRecord) -> str:
    """The state of ``record`` (everything its events determine but its kind and version) as JSON text."""
    found: dict[str, Any] = {"phase": record.phase, "entered": record.entered.isoformat()}
    if record.items:
        found["items"] = {name: _evidence(item) for name, item in record.items.items()}
    if record.ends:
        found["ends"] = {phase: day.isoformat() for phase, day in record.ends.items()}
    if record.deadlines:
        found["deadlines"] = {artifact: day.isoformat() for artifact, day in record.deadlines.items()}
    if record.designated:  # the stored row keeps the kind it was enrolled as
        found["kind"] = record.kind
        found["designated"] = [record.designated[0], record.designated[1].isoformat()]
    if record.findings:
        found["findings"] = {
            str(seq): [due.isoformat() if due else None, closed]
            for seq, (due, closed) in record.findings.items()
        }
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))


def _evidence(item: Evidence) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in _EVIDENCE:
        value = getattr(item, name)
        if value is None or (name == "count" and value == 0):
            continue
        if name == "periods":  # due day → when handed in
            found[name] = {day: when.isoformat() for day, when in value.items()}
        else:
            found[name] = value.isoformat() if name in _TIMES else value
    return found


def decode(name: str, kind: str, version: int, text: str, events: list[Event]) -> UnitRecord:
    """The record a stored state stands for, with ``events`` as its history."""
    try:
        found = json.loads(text)
        record = UnitRecord(name, kind, found["phase"], parse_time(found["entered"]))
        if "items" in found:
            record.items = {artifact: _item(values) for artifact, values in found["items"].items()}
        if "ends" in found:
            record.ends = {p: datetime.date.fromisoformat(d) for p, d in found["ends"].items()}
        if "deadlines" in found:
            record.deadlines = {a: datetime.date.fromisoformat(d) for a, d in found["deadlines"].items()}
        if "designated" in found:
            record.kind = found["kind"]
            record.designated = (found["designated"][0], parse_time(found["designated"][1]))
        if "findings" in found:
            record.findings = {
                int(seq): (datetime.date.fromisoformat(due) if due else None, bool(closed))
                for seq, (due, closed) in found["findings"].items()
            }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreError(
            f"the stored state of unit {name} is damaged ({exc}); 'campaignflow track verify' shows every "
            "difference from the history"
        ) from None
    record.version, record.events = version, events
    return record


def _item(values: dict[str, Any]) -> Evidence:
    item = Evidence()
    for name, value in values.items():
        if name not in _EVIDENCE:
            raise ValueError(f"unknown evidence field {name!r}")
        if name == "periods":
            setattr(item, name, {day: parse_time(when) for day, when in value.items()})
        else:
            setattr(item, name, parse_time(value) if name in _TIMES else value)
    item.still_open = sum(not closed for closed in (item.entries or {}).values())  # a count, kept in step
    return item


def fold_unit(
    name: str, events: Iterable[Event], first: str, kinds: Collection[str], states: Collection[str]
) -> UnitRecord:
    """Rebuild one unit by folding its own events, as a replay would (its state was never stored)."""
    ledger = Ledger(first, kinds, states)
    for event in events:
        ledger._fold(event)
    record = ledger.units.get(name)
    if record is None:
        raise StoreError(f"unit {name}: its stored events do not begin with its enrolment")
    return record


class LazyLedger(Ledger):
    """A ledger that reads units from a :class:`UnitStore` one at a time, and everything only when asked.

    ``units`` holds the units read so far; :meth:`load_all` folds the whole history (a sweep, a
    board, a status count) and from then on the ledger is an ordinary one.
    """

    def __init__(
        self,
        store: UnitStore,
        first: str,
        kinds: Collection[str],
        states: Collection[str],
        general: Callable[[Event], None] | None = None,
    ) -> None:
        super().__init__(first, kinds, states, general)
        self.store, self.complete = store, False
        self.seen = store.last_seq()
        found = store.unit("")  # campaign-level events belong to no unit: always folded at open
        for event in found.events if found else ():
            if event.seq <= self.seen:  # later ones are folded by catch_up
                self._fold(event)

    def load_all(self) -> None:
        """Fold the whole history, once: the ledger then holds every unit, as an ordinary one does."""
        if self.complete:
            return
        self.units.clear()
        self.campaign_events.clear()
        self.seen, self.ahead, self.complete = 0, set(), True
        super().catch_up(self.store.events(0))

    def record(self, unit: str) -> UnitRecord:
        found = self.units.get(unit)
        if found is None and not self.complete:
            found = self.fetch(unit)
        return found if found is not None else super().record(unit)

    def fetch(self, unit: str) -> UnitRecord | None:
        """Read ``unit`` from the store into :attr:`units` (None: not enrolled)."""
        if not unit or unit in self.units:
            return self.units.get(unit)
        stored = self.store.unit(unit)
        if stored is None:
            return None
        if stored.state is None:
            record = fold_unit(unit, stored.events, self.first, self.kinds, self.states)
        else:
            record = decode(unit, stored.kind, stored.version, stored.state, stored.events)
        if record.phase not in self.states:
            raise StoreError(
                f"the stored state of unit {unit} is damaged (unknown phase {record.phase!r}); "
                "'campaignflow track verify' shows every difference from the history"
            )
        unknown = [a for a in (*(record.items or ()), *(record.deadlines or ())) if a not in self.artifacts]
        if self.artifacts and unknown:
            raise StoreError(
                f"unit {unit}: its history names {unknown[0]!r}, which the plan stored in the file no "
                "longer has: the history does not add up with this plan"
            )
        if record.version != len(record.events):
            raise StoreError(
                f"the file is inconsistent: unit {unit} is stored at version {record.version} but has "
                f"{len(record.events)} event(s); 'campaignflow track verify' shows every difference"
            )
        self.units[unit] = record
        return record

    def catch_up(self, events: Iterable[Event]) -> int:
        """Fold new events of the units already read; returns how many events are new (all units)."""
        if self.complete:
            return super().catch_up(events)
        folded = 0
        for event in events:
            if event.seq in self.ahead:
                self.ahead.discard(event.seq)
            else:
                if event.unit == "" or self._behind(event):
                    self._fold(event)
                folded += 1  # a unit not read yet is read fresh, this event included, when asked for
            self.seen = event.seq
        return folded

    def _behind(self, event: Event) -> bool:
        """Whether ``event`` is news to a unit already read (one read later may hold it already)."""
        record = self.units.get(event.unit)
        return record is not None and (not record.events or record.events[-1].seq < event.seq)


_KEEPS_STATES: dict[type, bool] = {}


def _keeps_states(store: Store) -> TypeGuard[UnitStore]:
    """``isinstance(store, UnitStore)``, remembered per store class: a runtime-checkable protocol's
    isinstance walks every attribute of the protocol (several µs), and this runs on every command."""
    found = _KEEPS_STATES.get(type(store))
    if found is None:
        found = _KEEPS_STATES[type(store)] = isinstance(store, UnitStore)
    return found


def append_folded(
    store: Store,
    ledger: Ledger,
    expected: Iterable[tuple[str, int]],
    drafts: Iterable[Draft],
    records: Sequence[UnitRecord],
    *,
    reload: Callable[[], None],
) -> list[Event]:
    """Commit drafts for ``records`` and fold the events into them, one event per record.

    On a :class:`UnitStore` the records are folded inside the store's transaction and their new
    states written with the events; if the commit then fails, ``reload`` rebuilds the campaign.
    """
    if not _keeps_states(store):
        made = store.append(expected, drafts, seen=ledger.seen)
        for record, event in zip(records, made, strict=True):
            ledger.committed(record, event)
        return made
    folded = False
    fresh: dict[tuple[str, datetime.datetime], str] = {}

    def fold(events: list[Event]) -> dict[str, str]:
        nonlocal folded
        folded = True
        states = {}
        for record, event in zip(records, events, strict=True):
            ledger.committed(record, event)
            if record.items is None and record.ends is None and record.deadlines is None:
                key = (record.phase, record.entered)  # a bulk enrolment: the same state for all
                text = fresh.get(key)
                if text is None:
                    text = fresh[key] = encode(record)
                states[record.name] = text
            else:
                states[record.name] = encode(record)
        return states

    try:
        made = store.append(expected, drafts, seen=ledger.seen, fold=fold)
    except BaseException:
        if folded:
            reload()
        raise
    if not folded:  # a store that keeps no states
        fold(made)
    return made
