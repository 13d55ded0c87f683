"""What the SQLite and PostgreSQL stores do alike: reading the plan, and preparing a batch's rows.

Both keep the same three tables (campaigns, units, events) and write a batch the same way: number
the drafts after the campaign's last ``seq``, check the version each unit was read at, insert the
event rows, count each unit's new events and note where each new unit was enrolled, and write each
new unit's row once, with its final version and state (units already stored are updated). The SQL that
does it differs (placeholders, ``COPY``, row locks), so each store keeps its statements and calls
these for the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from campaignflow.errors import CampaignflowError, ConcurrentUpdate, StoreError
from campaignflow.history import Event
from campaignflow.store.protocol import Draft

_tuple_new = tuple.__new__


class PlanReader:
    """``plan_text`` and ``plan_id`` from the store's ``_plan()``: ``(plan_id, text)`` or None; and the
    campaign a store object works on when none is named."""

    def _plan(self) -> tuple[str, str] | None:
        raise NotImplementedError

    def campaigns(self) -> dict[str, str]:
        raise NotImplementedError

    def _chosen(self, campaign: str | None) -> str | None:
        """``campaign``, or (None) the database's only campaign, if it holds exactly one."""
        if campaign is not None:
            return campaign
        found = self.campaigns()
        return next(iter(found)) if len(found) == 1 else None

    def plan_text(self) -> str | None:
        found = self._plan()
        return None if found is None else found[1]

    def plan_id(self) -> str | None:
        found = self._plan()
        return None if found is None else found[0]


def numbered(drafts: Iterable[Draft], seq: int) -> list[Event]:
    """The drafts as events numbered after ``seq``."""
    return [_tuple_new(Event, (*draft, seq := seq + 1)) for draft in drafts]


def event_rows(campaign: str, made: Iterable[Event]) -> list[tuple[Any, ...]]:
    """The events table's rows of ``made``: ``(campaign, seq, unit, kind, at, by, payload)``."""
    made = list(made)
    stamps = {at: at.isoformat() for at in {e.at for e in made}}  # a batch's events share a few times
    return [(campaign, e.seq, e.unit, e.kind, stamps[e.at], e.by, _encode(e.payload)) for e in made]


def unit_writes(
    campaign: str,
    based: Mapping[str, int],
    counts: Mapping[str, int],
    enrolled: Mapping[str, tuple[str, int]],
    states: Mapping[str, str],
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The units table's writes for a batch: the rows to insert, ``(campaign, name, kind, version, pos,
    state)``, one per new unit (read at version 0 in ``based``), each written once with the version its
    events in the batch make and its state; and the updates ``(added, state, campaign, name)`` of the
    stored units the batch changed."""
    rows = []
    for unit, version in based.items():
        if version == 0:
            kind, pos = enrolled.get(unit, ("", 0))
            rows.append((campaign, unit, kind, counts.get(unit, 0), pos, states.get(unit)))
    changed = [(n, states.get(unit), campaign, unit) for unit, n in counts.items() if based.get(unit) != 0]
    return rows, changed


#: json.dumps(…, ensure_ascii=False) builds an encoder per call; one kept encoder writes the same text
_encode = json.JSONEncoder(ensure_ascii=False).encode


def tally(made: Iterable[Event], where: str) -> tuple[dict[str, int], dict[str, tuple[str, int]]]:
    """How many new events each unit has, and each unit enrolled here: its kind and its position (seq).

    A unit enrolled twice in one batch is refused (a StoreError naming ``where``).
    """
    counts: dict[str, int] = {}
    enrolled: dict[str, tuple[str, int]] = {}
    for event in made:
        if event.unit:
            counts[event.unit] = counts.get(event.unit, 0) + 1
            if event.kind == "enrolled":
                if event.unit in enrolled:
                    raise StoreError(f"{where}: a unit name appears twice in one batch")
                enrolled[event.unit] = (str(event.payload.get("kind", "")), event.seq)
    return counts, enrolled


class Where(NamedTuple):
    """A store in messages: its ``name`` (a path, or a URL without its password) and what it is."""

    name: str
    place: str = "file"  # or "database"


def stale(unit: str, based: int, found: int, stored: int, where: Where) -> CampaignflowError:
    """The error for a write based on version ``based`` of ``unit``, stored at ``found`` with ``stored``
    events: another writer's update (ConcurrentUpdate), or a store that contradicts itself.

    Another writer moves a unit's version and its events together; a ``units`` row out of step with
    the events (a hand edit, a restore of one table) would make every retry fail the same way, so it
    is reported as an inconsistent file or database instead.
    """
    if stored != found:
        return StoreError(
            f"{where.name}: the {where.place} is inconsistent: unit {unit} is stored at version {found} but "
            f"has {stored} event(s); 'campaignflow track verify {where.name}' shows every difference "
            "(--repair mends the rows)"
        )
    return ConcurrentUpdate(unit, based, found)


def check_versions(
    based: Mapping[str, int], found: Mapping[str, int], count: Callable[[str], int], where: Where
) -> None:
    """Raise when a unit's stored version differs from the one the write was based on (see :func:`stale`);
    ``count(unit)`` counts the unit's stored events, asked only then."""
    for unit, version in based.items():
        stored = found.get(unit, 0)
        if stored != version:
            raise stale(unit, version, stored, count(unit), where)
