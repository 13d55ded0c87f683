"""Check a durable store's per-unit states against what replaying the campaign's events gives.

The states are a shortcut (a command reads one unit's row instead of folding the history); the
events stay the truth. :func:`verify` replays them in memory and compares every stored row, so a
store whose states drifted — a bug, or a hand-edited database — is found, unit by unit; :func:`repair`
writes the rows the events give, which also brings the rows of older files up to date (a row with no
state, or none of the latest time a command's time-order check and a sweep read).
"""

from __future__ import annotations

from typing import NamedTuple

from campaignflow.engine import Campaign
from campaignflow.errors import StoreError
from campaignflow.states import decode, encode, stored_latest
from campaignflow.store import Rewrite, UnitStore


class Repaired(NamedTuple):
    """What :func:`repair` did: how many unit rows it rewrote, and what a rewrite cannot mend."""

    rewritten: int
    left: list[str]


class Verified(NamedTuple):
    """What :func:`verify` found: how many units, how many with a stored state, and every mismatch."""

    units: int
    stored: int
    problems: list[str]


def verify(campaign: Campaign) -> Verified:
    """Replay ``campaign``'s events and compare each unit's stored state and version with the result.

    A unit without a stored state (a file upgraded from schema 1, not written since) is rebuilt
    from its events when read, so it counts as unstored, not as a problem.
    """
    store = campaign.store
    replayed = Campaign.replay(campaign.plan, store.events())
    if not isinstance(store, UnitStore):
        return Verified(len(replayed), 0, [])
    problems: list[str] = []
    seen: set[str] = set()
    stored = 0
    for name, kind, version, state in store.states():
        seen.add(name)
        if name not in replayed:
            problems.append(f"{name}: has a stored row but no event enrols it")
            continue
        record = replayed.record(name)
        enrolled = record.events[0].payload.get("kind")  # the row keeps the kind enrolled as
        if (kind, version) != (enrolled, record.version):
            problems.append(
                f"{name}: stored as {kind} version {version}, the events give {enrolled} "
                f"version {record.version}"
            )
            continue
        if state is None:
            continue
        stored += 1
        try:
            found = decode(name, kind, version, state, []).state()
            latest = stored_latest(name, state)
        except StoreError as damaged:
            problems.append(f"{name}: {damaged}")
            continue
        if found != record.state():
            problems.append(f"{name}: the stored state differs from the replayed one ({state})")
        elif latest is not None and latest != record.latest():
            problems.append(
                f"{name}: its stored latest time ({latest.isoformat()}) is not that of its latest event "
                f"({record.latest()})"
            )
    problems += [f"{name}: enrolled by its events but has no stored row" for name in replayed.units()
                 if name not in seen]  # fmt: skip
    return Verified(len(replayed), stored, problems)


def repair(campaign: Campaign) -> Repaired:
    """Rewrite every stored unit row that is not what replaying the events gives — its state, kind or
    version, or an older file's row without a state or without its latest time — in one transaction.

    The events are not touched. A unit another writer moves meanwhile keeps its row (it was just
    written from its events); what a rewrite cannot mend, a row no event enrols or a unit without a
    row, is returned with verify's words. Reopen the campaign afterwards: its open object still holds
    what it read before.
    """
    store = campaign.store
    if not isinstance(store, UnitStore):
        return Repaired(0, [])
    replayed = Campaign.replay(campaign.plan, store.events())
    rows: list[Rewrite] = []
    for name, kind, version, state in store.states():
        if name not in replayed:
            continue
        record = replayed.record(name)
        row = Rewrite(
            name, str(record.events[0].payload.get("kind")), record.version, encode(record), version
        )
        if (kind, version, state) != (row.kind, row.version, row.state):
            rows.append(row)
    rewritten = store.rewrite(rows) if rows else 0
    return Repaired(rewritten, verify(campaign).problems)
