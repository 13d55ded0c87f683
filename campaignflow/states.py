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
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TypeGuard

from campaignflow.errors import StoreError
from campaignflow.history import Event, Ledger, UnitRecord, Unread, paused_gc
from campaignflow.statetext import Decodes, decode, encode, stored_latest
from campaignflow.store.protocol import Draft, Store, UnitStore

__all__ = ["LazyLedger", "append_folded", "decode", "encode", "fold_unit", "stored_latest"]


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
    """A ledger that reads units from a :class:`UnitStore` one at a time, and all of them only when asked.

    ``units`` holds the units read so far; :meth:`load_all` reads every unit's stored state in one
    query (a board, a sweep, a status count) and from then on the ledger is an ordinary one whose
    records read their events from the store only when asked (:class:`~campaignflow.history.Unread`).
    """

    #: more units than this without a stored state (a file upgraded from schema 1): fold everything
    FOLD_OVER = 64

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
        self.upto = 0  # the seq the stored states were read at (0: not read)
        self.read_ahead: frozenset[str] = frozenset()  # the kinds preload read for every Unread record
        found = store.unit("")  # campaign-level events belong to no unit: always folded at open
        for event in found.events if found else ():
            if event.seq <= self.seen:  # later ones are folded by catch_up
                self._fold(event)

    def load_all(self) -> None:
        """Read every unit's stored state in one query, once: the ledger then holds every unit.

        Units whose state was never stored are folded from their own events; when there are many,
        the whole history is folded instead (:meth:`fold_all`).
        """
        if self.complete:
            return
        upto, rows = self.store.snapshot()
        unstored = [row[0] for row in rows if row[3] is None]
        if len(unstored) > self.FOLD_OVER:
            self.fold_all()
            return
        cache = Decodes()
        read: dict[str, UnitRecord] = {}
        with paused_gc():
            for name, kind, version, state in rows:
                if state is None:
                    stored = self.store.unit(name)
                    events = [e for e in stored.events if e.seq <= upto] if stored else []
                    record = fold_unit(name, events, self.first, self.kinds, self.states)
                else:
                    record = decode(name, kind, version, state, Unread(self, version), cache=cache)
                read[name] = self._checked(record)
        found = self.store.unit("")  # campaign-level events committed since the ledger last looked
        for event in found.events if found else ():
            if self.seen < event.seq <= upto and event.seq not in self.ahead:
                self._fold(event)
        self.units.clear()
        self.units.update(read)
        self.upto = upto
        self.seen, self.ahead, self.complete = upto, {seq for seq in self.ahead if seq > upto}, True

    def fold_all(self) -> None:
        """Fold the whole history: the ledger then holds every unit with all its events."""
        self.units.clear()
        self.campaign_events.clear()
        self.seen, self.ahead, self.complete, self.upto = 0, set(), True, 0
        super().catch_up(self.store.events(0))

    def preload(self, kinds: Collection[str]) -> None:
        """Read ahead, in one query, the stored events of ``kinds`` of every unit read from its state.

        A sweep folds those of every unit; without this it would read each unit's history on its own.
        Records whose time order is unknown (states written before it was kept) make it fold everything.
        """
        wanted = frozenset(kinds)
        if not self.complete or not self.upto or wanted <= self.read_ahead:
            return
        unread = {name: found for name, r in self.units.items() if (found := r.unread()) is not None}
        if sum(found.latest is None for found in unread.values()) > self.FOLD_OVER:
            self.fold_all()
            return
        wanted |= self.read_ahead
        for found in unread.values():
            found.known, found.kinds = [], wanted
        for event in self.store.events_of(wanted, self.upto):
            found = unread.get(event.unit)
            if found is not None:
                found.known.append(event)
        self.read_ahead = wanted

    def history_of(self, unit: str) -> list[Event]:
        """The stored events of ``unit`` up to the snapshot its state was read at (for :class:`Unread`)."""
        stored = self.store.unit(unit)
        return [e for e in stored.events if e.seq <= self.upto] if stored is not None else []

    def events(self) -> list[Event]:
        """Every folded event in ``seq`` order; with units not read yet, read from the store at once."""
        if not self.upto:
            return super().events()
        ahead = self.ahead
        return [e for e in self.store.events(0) if e.seq <= self.seen or e.seq in ahead]

    def events_naming(self, keys: Collection[str]) -> list[Event]:
        """The folded events whose payload may have one of ``keys`` (a superset), in ``seq`` order."""
        if not self.upto:
            return self.events()
        ahead = self.ahead
        return [e for e in self.store.events_naming(keys) if e.seq <= self.seen or e.seq in ahead]

    def record(self, unit: str) -> UnitRecord:
        found = self.units.get(unit)
        if found is None and not self.complete:
            found = self.fetch(unit)
        return found if found is not None else super().record(unit)

    def fetch(self, unit: str) -> UnitRecord | None:
        """Read ``unit`` from the store into :attr:`units` (None: not enrolled)."""
        if not unit or unit in self.units or self.complete:
            return self.units.get(unit)
        stored = self.store.unit(unit)
        if stored is None:
            return None
        if stored.state is None:
            record = fold_unit(unit, stored.events, self.first, self.kinds, self.states)
        else:
            record = decode(unit, stored.kind, stored.version, stored.state, stored.events)
        if record.version != len(record.events):
            raise StoreError(
                f"the file is inconsistent: unit {unit} is stored at version {record.version} but has "
                f"{len(record.events)} event(s); 'campaignflow track verify' shows every difference "
                "(--repair mends the rows)"
            )
        self.units[unit] = record = self._checked(record)
        return record

    def _checked(self, record: UnitRecord) -> UnitRecord:
        """``record``, refused when its stored state names what the plan does not have."""
        if record.phase not in self.states:
            raise StoreError(
                f"the stored state of unit {record.name} is damaged (unknown phase {record.phase!r}); "
                "'campaignflow track verify' shows every difference from the history "
                "(--repair mends the rows)"
            )
        if self.artifacts and (record.items or record.deadlines):
            named = (*(record.items or ()), *(record.deadlines or ()))
            unknown = [a for a in named if a not in self.artifacts]
            if unknown:
                raise StoreError(
                    f"unit {record.name}: its history names {unknown[0]!r}, which the plan stored in the "
                    "file no longer has: the history does not add up with this plan"
                )
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
        for record, event in zip(records, events, strict=True):
            ledger.committed(record, event)
        states = {}
        for record in {id(record): record for record in records}.values():  # each unit's state once
            if (
                record.items is None
                and record.ends is None
                and record.deadlines is None
                and record.findings is None
                and record.designated is None
            ):
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
