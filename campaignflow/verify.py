"""Check a durable store's per-unit states against what replaying the campaign's events gives.

The states are a shortcut (a command reads one unit's row instead of folding the history); the
events stay the truth. :func:`verify` replays them in memory and compares every stored row, so a
store whose states drifted — a bug, or a hand-edited database — is found, unit by unit.
"""

from __future__ import annotations

from typing import NamedTuple

from campaignflow.engine import Campaign
from campaignflow.errors import StoreError
from campaignflow.states import decode, stored_latest
from campaignflow.store import UnitStore


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
