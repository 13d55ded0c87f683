"""A unit's current state as stored text: :func:`encode` and :func:`decode`.

A durable store keeps, beside each unit's events, the state they add up to (written in the same
transaction as the event) as compact JSON: the phase and when it was entered, the evidence handed
in, extended ends, own deadlines, the change of kind, findings, and when the latest-dated event
happened (what the time-order check needs without reading the events). Decoding many states at once
(:class:`~campaignflow.states.LazyLedger` reading a whole campaign) parses each distinct text once:
units enrolled or handed in together share theirs.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from campaignflow.errors import StoreError
from campaignflow.history import Event, Evidence, UnitRecord, Unread, parse_time

_TIMES = ("at",)
_EVIDENCE = tuple(sorted(Evidence.__slots__))
_DEFAULTS = tuple(getattr(Evidence(), name) for name in _EVIDENCE)
assert _EVIDENCE == (  # the order _item assigns them in
    "at", "count", "entries", "grade", "level", "periods", "reason", "respondents", "score", "status",
    "still_open", "votes",
), "Evidence has new fields: encode, decode and _item must know them"  # fmt: skip
_new_evidence = object.__new__


def encode(record: UnitRecord) -> str:
    """The state of ``record`` (everything its events determine but its kind and version) as JSON text."""
    found: dict[str, Any] = {"phase": record.phase, "entered": record.entered.isoformat()}
    latest = record.latest()
    if latest is not None:  # what the time-order check needs, without reading the events
        found["latest"] = latest.isoformat()
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


class Decoded:
    """One state text, parsed: :meth:`record` makes a unit's record of it (shared parts read-only)."""

    __slots__ = ("deadlines", "designated", "ends", "entered", "findings", "items", "kind", "latest", "phase")

    def __init__(self, text: str, times: dict[str, datetime.datetime]) -> None:
        found = json.loads(text)
        self.phase: str = found["phase"]
        if not isinstance(self.phase, str):
            raise TypeError(f"phase {self.phase!r} is not text")
        self.entered = parse_time(found["entered"], times)
        self.latest = parse_time(found["latest"], times) if "latest" in found else None
        self.items = tuple((a, _values(v, times)) for a, v in found.get("items", {}).items())
        self.ends = {p: datetime.date.fromisoformat(d) for p, d in found.get("ends", {}).items()}
        self.deadlines = {a: datetime.date.fromisoformat(d) for a, d in found.get("deadlines", {}).items()}
        self.kind: str | None = found["kind"] if "designated" in found else None
        self.designated = (
            (found["designated"][0], parse_time(found["designated"][1], times)) if self.kind else None
        )
        self.findings = {
            int(seq): (datetime.date.fromisoformat(due) if due else None, bool(closed))
            for seq, (due, closed) in found.get("findings", {}).items()
        }

    def record(self, name: str, kind: str) -> UnitRecord:
        """A new record of this state for unit ``name`` (enrolled as ``kind``); nothing mutable is shared."""
        record = UnitRecord(name, self.kind or kind, self.phase, self.entered)
        if self.items:
            record.items = {artifact: _item(values) for artifact, values in self.items}
        if self.ends:
            record.ends = dict(self.ends)
        if self.deadlines:
            record.deadlines = dict(self.deadlines)
        if self.findings:
            record.findings = dict(self.findings)
        record.designated = self.designated
        return record


def _values(values: dict[str, Any], times: dict[str, datetime.datetime]) -> tuple[Any, ...]:
    """An evidence's stored fields, in slot order (absent ones at their default)."""
    unknown = [name for name in values if name not in _EVIDENCE]
    if unknown:
        raise ValueError(f"unknown evidence field {unknown[0]!r}")
    found = list(_DEFAULTS)
    for i, name in enumerate(_EVIDENCE):
        if name not in values:
            continue
        value = values[name]
        if name == "periods":
            value = {day: parse_time(when, times) for day, when in value.items()}
        elif name in _TIMES:
            value = parse_time(value, times)
        found[i] = value
    entries = found[_EVIDENCE.index("entries")]
    found[_EVIDENCE.index("still_open")] = sum(not closed for closed in (entries or {}).values())
    return tuple(found)


def _item(values: tuple[Any, ...]) -> Evidence:
    item = _new_evidence(Evidence)
    (
        item.at, item.count, item.entries, item.grade, item.level, item.periods, item.reason,
        item.respondents, item.score, item.status, item.still_open, item.votes,
    ) = values  # fmt: skip
    if item.entries is not None:  # a ledger's entries and a report's periods change as events are folded
        item.entries = dict(item.entries)
    if item.periods is not None:
        item.periods = dict(item.periods)
    return item


class Decodes(dict[str, Decoded]):
    """The texts (text → :class:`Decoded`) and timestamps one bulk read has parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.times: dict[str, datetime.datetime] = {}


def decode(
    name: str,
    kind: str,
    version: int,
    text: str,
    events: list[Event] | Unread,
    *,
    cache: Decodes | None = None,
) -> UnitRecord:
    """The record a stored state stands for, with ``events`` as its history (or its stand-in).

    ``cache`` lets a bulk read parse each distinct text (and timestamp) once.
    """
    times = cache.times if cache is not None else {}
    try:
        found = cache.get(text) if cache is not None else None
        if found is None:
            found = Decoded(text, times)
            if cache is not None:
                cache[text] = found
        record = found.record(name, kind)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreError(
            f"the stored state of unit {name} is damaged ({exc}); 'campaignflow track verify' shows every "
            "difference from the history (--repair mends the rows)"
        ) from None
    if isinstance(events, Unread):
        events.latest = found.latest
    record.version, record.events = version, events
    return record


def stored_latest(name: str, text: str) -> datetime.datetime | None:
    """The time of the latest-dated event unit ``name``'s stored state names (None: written without it)."""
    try:
        found = json.loads(text).get("latest")
        return None if found is None else parse_time(found)
    except (TypeError, ValueError, AttributeError) as exc:
        raise StoreError(f"the stored state of unit {name} is damaged ({exc})") from None
