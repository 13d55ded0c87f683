"""What every campaign command stands on: the unit records, the roster, and the one commit path.

:class:`Tracking` is the base of :class:`~campaignflow.engine.Campaign`: it builds the records from
the store (:meth:`Tracking._load`), finds one unit's record, and commits an event — authority and
time order checked (:mod:`campaignflow.authority`), recorded text checked
(:func:`~campaignflow.safetext.checked_drafts`), then appended and folded
(:func:`~campaignflow.states.append_folded`). The commands themselves live in
:mod:`campaignflow.recording` and :mod:`campaignflow.engine`, the questions in
:mod:`campaignflow.reading`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from campaignflow.authority import Authority, Mode
from campaignflow.errors import CampaignflowError
from campaignflow.gates import Gates
from campaignflow.history import Event, Ledger, UnitRecord, moment
from campaignflow.plan import Artifact, Plan
from campaignflow.safetext import checked_drafts
from campaignflow.states import LazyLedger, append_folded
from campaignflow.store import Draft, Store, UnitStore

Moment = datetime.datetime | datetime.date
Payload = Mapping[str, Any]


class Tracking:
    """A campaign's state and commit path; :class:`~campaignflow.engine.Campaign` sets it up."""

    _plan: Plan
    _store: Store
    _gates: Gates
    _fallback: Mode | None  # the mode of a database made before modes were stored
    _authority: Authority
    _ledger: Ledger
    _units: dict[str, UnitRecord]
    _lazy: bool  # the store keeps unit states (a :class:`~campaignflow.store.UnitStore`)

    def _load(self) -> None:
        """Build every unit's state (and the roster) from the store's history — on a durable store,
        one unit when asked; campaign-level events are always folded."""
        gates, store = self._gates, self._store
        authority = self._authority = Authority(self._plan)
        if isinstance(store, UnitStore):
            self._ledger = LazyLedger(
                store, gates.first, gates.enrolled, gates.states, general=authority.fold
            )
            self._ledger.artifacts = gates.artifacts  # history naming another artifact is a StoreError
        else:
            self._ledger = Ledger(gates.first, gates.enrolled, gates.states, authority.fold)
            self._ledger.artifacts = gates.artifacts
            self.refresh()
        self._units = self._ledger.units
        if authority.mode is None:
            authority.mode = self._fallback

    def _all(self) -> dict[str, UnitRecord]:
        """Every unit's record: a question about the whole campaign first folds its whole history."""
        ledger = self._ledger
        if isinstance(ledger, LazyLedger) and not ledger.complete:
            ledger.load_all()
        return self._units

    def record(self, unit: str) -> UnitRecord:
        """The live record of ``unit`` — read it, never write it (raises UnknownUnit)."""
        return self._ledger.record(unit)

    def refresh(self) -> int:
        """Apply the events other writers committed since this campaign last looked; returns how many."""
        return self._ledger.catch_up(self._store.events(self._ledger.seen))

    def _moment(self, at: Moment) -> tuple[datetime.datetime, datetime.date]:
        """``at`` normalised (:func:`~campaignflow.history.moment`), and its date."""
        when = moment(at)
        return when, when.date()

    def _owed(
        self,
        unit: str,
        artifact: str,
        kinds: tuple[str, ...],
        at: Moment | None = None,
        *,
        reached: bool = True,
    ) -> tuple[UnitRecord, Artifact]:
        """The unit and artifact of a command, refused unless the unit owes it and has reached its phase
        (or that phase has opened by ``at``: a later phase's materials are accepted early)."""
        record = self.record(unit)
        day = None if at is None else self._moment(at)[1]
        return record, self._gates.owed(record, artifact, kinds, reached=reached, day=day)

    def _probe(self, units: Iterable[tuple[str, str]]) -> Iterable[tuple[str, str]]:
        """Before enrolling on a durable store, read the units named (or, for many, all of them).

        A unit already enrolled must be refused as such, not found out by the store at commit.
        """
        ledger = self._ledger
        if not isinstance(ledger, LazyLedger) or ledger.complete:
            return units
        listed = list(units)
        if len(listed) > 64:
            self._all()
            return listed
        for entry in listed:
            name = entry[0] if isinstance(entry, tuple) and entry else None
            if isinstance(name, str) and name:
                ledger.fetch(name)
        return listed

    def _append(
        self, expected: Iterable[tuple[str, int]], drafts: Iterable[Draft], records: Sequence[UnitRecord]
    ) -> list[Event]:
        """Commit drafts for ``records`` and fold the events into them (states.append_folded)."""
        checked = checked_drafts(drafts)  # no control character reaches the history, from any command
        return append_folded(self._store, self._ledger, expected, checked, records, reload=self._load)

    def _general(self, kind: str, at: Moment, by: str, payload: Payload) -> Event:
        """Commit a campaign-level event (unit ``""``: the roster, the authority mode, the delivery log)."""
        draft = ("", kind, self._moment(at)[0], text_arg(by, "by"), payload)
        (event,) = self._store.append((), checked_drafts((draft,)), seen=self._ledger.seen)
        self._ledger.committed_general(event)
        return event

    def _commit(
        self, record: UnitRecord, kind: str, at: Moment, by: str, payload: Payload, *, undo: str = "",
        late: str = "", plain: bool = False,
    ) -> Event:  # fmt: skip
        """Commit one event and fold it into ``record``; if authority or the store refuses, undo the
        machine's move.

        ``plain`` (an advance): ``at`` is already :func:`~campaignflow.history.moment`'s and ``payload``
        holds only the plan's phase ids, which its validation limited to ``[a-z0-9_]``, so only ``by``
        needs the safe-text check.
        """
        when = at if plain and type(at) is datetime.datetime else moment(at)
        if not isinstance(by, str):
            raise CampaignflowError(f"by must be text, not {by!r}")
        late = late or self._authority.backdate
        try:
            if late or self._authority.mode is not None:
                given = payload
                payload = self._authority.admit(record, kind, when, by, payload, backdated=late)
                plain = plain and payload is given
            # one event: _append's work without its generality (a command is most of what a campaign does)
            drafts = ((record.name, kind, when, by, payload),)
            if not (plain and by.isprintable()):  # a plain payload needs no check; by may
                checked_drafts(drafts)  # the safe-text check (raises, naming the character)
            expected = ((record.name, record.version),)
            ledger = self._ledger
            if self._lazy:  # a store keeping unit states folds inside its transaction
                (event,) = append_folded(self._store, ledger, expected, drafts, (record,), reload=self._load)
            else:
                (event,) = self._store.append(expected, drafts, seen=ledger.seen)
                ledger.committed(record, event)
        except BaseException:
            if undo and record.version == len(record.events):  # not folded: refused
                record.phase = undo
            raise
        return event


def text_arg(value: object, what: str, *, required: bool = False) -> str:
    """``value`` if it is text (non-empty when ``required``), else a CampaignflowError naming ``what``."""
    if not isinstance(value, str) or (required and not value.strip()):
        raise CampaignflowError(f"{what} must be {'non-empty ' if required else ''}text, not {value!r}")
    return value
