"""The questions a campaign answers about its units: phase, evidence, deadlines, whether one may advance.

:class:`Reading` is a base of :class:`~campaignflow.engine.Campaign`; nothing here records anything.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from campaignflow import periods as cycles
from campaignflow.authority import FLAGS, Authority
from campaignflow.authority import flagged as flagged_in
from campaignflow.gates import Verdict, gap, owes
from campaignflow.history import Event, Evidence, UnitRecord
from campaignflow.plan import Plan
from campaignflow.states import LazyLedger
from campaignflow.store import Store
from campaignflow.tracking import Moment, Tracking


class Reading(Tracking):
    """Read-only questions about the plan, the units and their history (see :class:`Campaign`)."""

    @property
    def plan(self) -> Plan:
        """The plan this campaign runs."""
        return self._plan

    @property
    def authority(self) -> Authority:
        """Who may do what here: ``.mode`` (enforce, record or None) and ``.roster`` (read-only)."""
        return self._authority

    @property
    def store(self) -> Store:
        """Where the history is kept (read it; write through the commands)."""
        return self._store

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, unit: object) -> bool:
        if unit in self._units:
            return True
        ledger = self._ledger
        if isinstance(ledger, LazyLedger) and isinstance(unit, str):
            return ledger.fetch(unit) is not None
        return False

    def records(self) -> Iterator[UnitRecord]:
        """Every unit's live record in enrolment order (read-only; for sweeps over many units)."""
        return iter(self._all().values())

    def phase_of(self, unit: str) -> str:
        """The id of the phase ``unit`` is in, or ``"done"`` after the last phase."""
        return self.record(unit).phase

    def units(self, phase: str | None = None) -> list[str]:
        """Enrolled units in enrolment order; only those in ``phase`` (an id or ``"done"``) if given."""
        if phase is None:
            return list(self._all())
        self._gates.state(phase)
        return [r.name for r in self._all().values() if r.phase == phase]

    def preload(self, kinds: Iterable[str]) -> None:
        """Read ahead, in one query, the events of ``kinds`` of every unit (for a sweep over all of them:
        a campaign opened from a database reads a unit's history only when asked, one unit at a time)."""
        self._all()
        if isinstance(self._ledger, LazyLedger):
            self._ledger.preload(frozenset(kinds))

    def history(self, unit: str) -> list[Event]:
        """Every event of ``unit``, oldest first."""
        return list(self.record(unit).events)

    def events(self) -> list[Event]:
        """Every event of the campaign in ``seq`` order."""
        self._all()
        return self._ledger.events()

    def flagged(self) -> list[Event]:
        """The events recorded without authority or out of time order (record mode), in ``seq`` order."""
        self._all()
        ledger = self._ledger
        events = ledger.events_naming(FLAGS) if isinstance(ledger, LazyLedger) else ledger.events()
        return flagged_in(events)

    def evidence(self, unit: str, artifact: str) -> Evidence | None:
        """What ``unit`` has handed in for ``artifact`` (None: nothing yet)."""
        self._gates.artifact(artifact)
        return (self.record(unit).items or {}).get(artifact)

    def owes(self, unit: str, artifact: str) -> bool:
        """Whether the plan asks ``unit``'s kind for ``artifact``."""
        return owes(self.record(unit).kind, self._gates.artifact(artifact)[1])

    def is_in(self, unit: str, artifact: str) -> bool:
        """Whether ``artifact`` counts as in for ``unit``, by the same rule that gates advancing."""
        return gap(self._gates.artifact(artifact)[1], self.record(unit).items) is None

    def phase_end(self, unit: str, phase: str) -> datetime.date:
        """The last day of ``phase`` for ``unit``: the plan's end, or the unit's extended end."""
        end = self._gates.phase(phase).end
        ends = self.record(unit).ends
        return ends.get(phase, end) if ends else end

    def deadline_of(self, unit: str, artifact: str) -> datetime.date:
        """When ``artifact`` is due from ``unit``: its 限期整改 date if one was set, else the plan's.

        An artifact without a deadline of its own is due at its phase's end, extensions included.
        """
        phase, spec = self._gates.artifact(artifact)
        record = self.record(unit)
        if record.deadlines and artifact in record.deadlines:
            return record.deadlines[artifact]
        days = self._gates.due_days.get(artifact)
        if days:  # a recurring report on fixed days: the earliest period not handed in (else the last)
            item = (record.items or {}).get(artifact)
            return cycles.uncovered(days, item.periods if item else None) or days[-1]
        if spec.deadline is None and phase is not None:
            return self.phase_end(unit, phase.id)
        return self._plan.due(phase, spec)

    def periods(self, unit: str, artifact: str) -> list[cycles.Occurrence]:
        """Each period's deadline of a recurring report on fixed days, with when ``unit`` handed in for it."""
        self._gates.artifact(artifact)
        item = (self.record(unit).items or {}).get(artifact)
        found = item.periods if item else None
        return [
            cycles.Occurrence(d, cycles.covered(found, d)) for d in self._gates.due_days.get(artifact, ())
        ]

    def can_advance(self, unit: str, *, at: Moment) -> Verdict:
        """Whether ``unit`` may advance at ``at``; if not, the missing artifacts and the reason."""
        return self._gates.verdict(self.record(unit), self._moment(at)[1])

    def snapshot(self) -> dict[str, tuple[Any, ...]]:
        """Every unit's state as plain values, to compare two campaigns (e.g. live and replayed)."""
        self._all()
        return self._ledger.snapshot()
