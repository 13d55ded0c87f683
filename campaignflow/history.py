"""The history of a campaign: append-only events, one per act on one unit (留痕).

Every command on a :class:`~campaignflow.engine.Campaign` that changes anything records exactly
one :class:`Event` (``enroll_many`` records one per unit). Events are facts: the current state of
every unit is what you get by applying them in ``seq`` order, which is how a campaign reopens
from its store and how :meth:`Campaign.replay <campaignflow.engine.Campaign.replay>` rebuilds it.

Event kinds and their payloads (every value is JSON: str, int, float, bool, None, list, dict;
dates are ISO strings)::

    enrolled      {"kind": 局属单位}
    submitted     {"artifact": id, "ref": "文件或链接"}  (a recurring report on fixed days adds
                  "period": the ISO due day it is for)
    approved      {"artifact": id, "reviewer": role or None}  (a chain adds "level": n, "of": m;
                  the artifact is approved when level == of, and still awaits the next level before)
    rejected      {"artifact": id, "reason": "避重就轻", "reviewer": role or None}
    item_added    {"artifact": id, "item": "空岗问题", "ref": "…"}  (挂账; reopens a closed item)
    item_closed   {"artifact": id, "item": "空岗问题"}  (销号)
    advanced      {"from": phase, "to": phase or "done"}
    sent_back     {"from": phase, "to": phase, "reason": …, "reset": [artifact ids whose evidence is cleared]}
    extended      {"phase": id, "by": "2个月", "end": "2012-11-30", "reason": …}
    scored        {"artifact": id, "score": 58}
    voted         {"artifact": id, "votes": {option: n}, "respondents": {group: n}}
    graded        {"artifact": id, "grade": "较差"}
    finding       {"severity": "较严重", "note": …}  (限期整改: adds "due": ISO day to rectify by)
    finding_closed {"finding": seq of the finding, "note": …}  (整改销号)
    designated    {"kind": 责任单位, "from": the kind before, "reason": …}  (a change of kind from that day)
    deadline_set  {"artifact": id, "due": "2012-08-15", "reason": …}
    escalated     free JSON payload, defined by the escalation sweep
    resolved      free JSON payload, defined by the escalation sweep

Any unit event may also carry ``"backdated": reason`` (recorded out of time order on purpose) and, in
a campaign that records rather than enforces authority, ``"unauthorised"`` or ``"out_of_order"``
(why). Campaign-level events belong to no unit: their ``unit`` is ``""`` and
:mod:`campaignflow.authority` folds them::

    granted       {"actor": "张三", "role": 督导组} or {"actor": "李四", "unit": "办公室"}
    revoked       as granted
    authority     {"mode": "enforce" or "record"}

:class:`UnitRecord` and :class:`Evidence` hold what the events add up to for one unit, and
:func:`apply` is the one function that folds an event into a record — used both live and on
replay, so the two cannot drift apart; a :class:`Ledger` keeps every unit's record and knows
which events it has folded. This module knows nothing of plans, stores or transitions.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, NamedTuple

import pendulum

from campaignflow.daterange import check_day
from campaignflow.errors import CampaignflowError, StoreError, UnknownUnit
from campaignflow.safetext import visible

#: Every event kind, in the order a unit usually meets them.
EVENT_KINDS: Final = (
    "enrolled", "submitted", "approved", "rejected", "item_added", "item_closed", "advanced",
    "sent_back", "extended", "scored", "voted", "graded", "finding", "finding_closed", "deadline_set",
    "designated", "escalated", "resolved",
)  # fmt: skip
#: The kinds of campaign-level events (``unit == ""``) an app may append: the delivery log. (The
#: roster's ``granted``/``revoked`` and the ``authority`` mode are written by the Campaign itself.)
CAMPAIGN_KINDS: Final = ("notified",)
#: The kinds whose payload names an artifact of the plan.
ARTIFACT_KINDS: Final = frozenset(
    (
        "submitted",
        "approved",
        "rejected",
        "item_added",
        "item_closed",
        "scored",
        "voted",
        "graded",
        "deadline_set",
    )
)
#: The kinds an app (the escalation sweep) may append with ``Campaign.log``.
LOG_KINDS: Final = ("escalated", "resolved")

SHANGHAI: Final = pendulum.timezone("Asia/Shanghai")
_EMPTY: Final[Mapping[str, Any]] = {}
# Asia/Shanghai is +08:00 all year from 1992 on (China's last DST ended 1991-09-15); the fast path of
# moment() converts those years by arithmetic. Its upper bound keeps it within tzdata's known future.
_FIXED_FROM: Final = 1992
_FIXED_UNTIL: Final = 2100
_UTC8: Final = datetime.timedelta(hours=8)


class Event(NamedTuple):
    """One recorded act: who (``by``) did what (``kind``, ``payload``) to which ``unit`` and when.

    ``at`` is an aware datetime in Asia/Shanghai; ``seq`` orders all events of a campaign (1, 2, …)
    and is assigned by the store when the event is committed. Events are immutable tuples, shared
    rather than copied: treat ``payload`` as read-only too.
    """

    unit: str
    kind: str
    at: datetime.datetime
    by: str = ""
    payload: Mapping[str, Any] = _EMPTY
    seq: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The event as a JSON-ready dict (``at`` in ISO 8601 with its offset)."""
        return {
            "seq": self.seq,
            "unit": self.unit,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "by": self.by,
            "payload": dict(self.payload),
        }

    def describe(self) -> str:
        """One line for people: ``2012-03-05 09:00 submitted self_analysis (张三) ref=…``."""
        details = " ".join(_detail(k, v) for k, v in self.payload.items() if v not in ("", None, []))
        who = f" ({self.by})" if self.by else ""
        return visible(f"{self.at:%Y-%m-%d %H:%M} {self.kind}{who} {details}".rstrip())  # one line, always


def _detail(key: str, value: Any) -> str:
    """``key=value``; a ladder step is counted from 1 as the sweep's table shows it (步骤 1), not from 0."""
    if key == "step" and type(value) is int:
        return f"步骤={value + 1}"
    return f"{key}={_show(value)}"


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def moment(at: datetime.datetime | datetime.date) -> datetime.datetime:
    """``at`` as an aware Asia/Shanghai datetime: a naive datetime is Shanghai wall time, a date its midnight.

    Asia/Shanghai has been a fixed +08:00 since daylight saving time ended in September 1991, so a
    plain datetime of 1992 on is converted by arithmetic alone (about 0.5 µs, less than the state
    machine's move); earlier years go through pendulum, which knows the 1986–1991 DST rules (a wall
    time that did not exist moves forward). The result is a plain :class:`datetime.datetime`, the
    type every library accepts.
    """
    if type(at) is datetime.datetime and _FIXED_FROM <= at.year <= _FIXED_UNTIL:  # the fast path
        tz = at.tzinfo
        if tz is SHANGHAI:
            return at
        if tz is None:
            local = at
        else:
            offset = at.utcoffset()
            if offset is None:
                return moment(at.replace(tzinfo=None))
            local = at.replace(tzinfo=None) + (_UTC8 - offset)
            if not _FIXED_FROM <= local.year <= _FIXED_UNTIL:
                return check_day(_plain(pendulum.instance(at).in_timezone(SHANGHAI)), "the time")
        # the constructor, without keywords: twice as fast as .replace(tzinfo=…)
        made = datetime.datetime(
            local.year, local.month, local.day, local.hour, local.minute, local.second, local.microsecond,
            SHANGHAI,
        )  # fmt: skip
        return made.replace(fold=1) if local.fold else made
    if isinstance(at, datetime.datetime):  # the slow path: before 1992, or beyond 2100 (refused)
        check_day(at, "the time")  # before converting: the ends of Python's range overflow
        local = pendulum.instance(at, tz=SHANGHAI) if at.tzinfo is None else pendulum.instance(at)
        return check_day(_plain(local.in_timezone(SHANGHAI)), "the time")
    if isinstance(at, datetime.date):
        check_day(at, "the date")
        return datetime.datetime(at.year, at.month, at.day, tzinfo=SHANGHAI)
    raise CampaignflowError(f"at= must be a datetime or a date, not {type(at).__name__}")


def _plain(value: datetime.datetime) -> datetime.datetime:
    return datetime.datetime(
        value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond,
        tzinfo=SHANGHAI, fold=value.fold,
    )  # fmt: skip


def parse_time(text: str, cache: dict[str, datetime.datetime] | None = None) -> datetime.datetime:
    """Read an ISO timestamp written by :meth:`Event.as_dict` back into an Asia/Shanghai datetime.

    ``cache`` (text → datetime) lets a store that reads many events share one object per instant.
    """
    if cache is not None:
        found = cache.get(text)
        if found is not None:
            return found
    moment = datetime.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without offset: {text!r}")
    try:
        value = _plain(pendulum.instance(moment).in_timezone(SHANGHAI))
    except (OverflowError, ValueError):  # a time at the end of the range, stored by an older version
        value = _plain(moment)  # its wall time as written, so the file still opens and shows it
    if cache is not None:
        cache[text] = value
    return value


def stored_event(row: Sequence[Any], times: dict[str, datetime.datetime]) -> Event:
    """An event from a store's row ``(seq, unit, kind, at, by, payload)``, every column checked.

    ValueError says which column is damaged; ``times`` is :func:`parse_time`'s cache.

    Stores call it for every row they read, so a hand-edited row (a null or list payload, a
    BLOB ``by``) is reported as damage instead of failing later wherever the value is used.
    """
    seq, unit, kind, at, by, payload = row
    if type(seq) is not int or seq < 1:
        raise ValueError(f"seq {seq!r} is not a positive whole number")
    for name, value in (("unit", unit), ("kind", kind), ("by", by), ("at", at)):
        if not isinstance(value, str):
            raise ValueError(f"event {seq}: {name} is {type(value).__name__}, not text")
    data = json.loads(payload) if isinstance(payload, str | bytes) else payload
    if not isinstance(data, dict):
        raise ValueError(f"event {seq}: the payload is {type(data).__name__}, not a JSON object")
    return Event(unit, kind, parse_time(at, times), by, data, seq)


def check_json(payload: Mapping[str, Any], what: str = "payload") -> None:
    """Refuse a payload that would not survive a JSON round trip unchanged (so replay stays exact)."""
    _check_value(dict(payload), what)


def counts(values: Mapping[str, int], what: str, allowed: Sequence[str] = ()) -> dict[str, int]:
    """A checked copy of a vote tally or a respondent count: text keys, whole numbers ≥ 0, known options."""
    if not isinstance(values, Mapping):
        raise CampaignflowError(
            f"{what} must be a mapping such as {{'满意': 10}}, not {type(values).__name__}"
        )
    for key, n in values.items():
        if not isinstance(key, str) or isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise CampaignflowError(f"{what}: {key!r}: {n!r} is not a count (a whole number ≥ 0)")
        if allowed and key not in allowed:
            raise CampaignflowError(f"{what}: unknown option {key!r} (options: {'、'.join(allowed)})")
    return dict(values)


def _check_value(value: Any, where: str) -> None:
    if value is None or isinstance(value, str | bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CampaignflowError(f"{where}: {value} is not a finite number")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CampaignflowError(f"{where}: key {key!r} is not text")
            _check_value(item, f"{where}.{key}")
        return
    raise CampaignflowError(
        f"{where}: {type(value).__name__} is not JSON data (use text, numbers, lists and mappings; "
        "write dates as ISO text)"
    )


class Evidence:
    """What has been handed in for one artifact of one unit, as the latest events left it.

    ``status`` is None (nothing yet), ``submitted`` (in, or awaiting sign-off when the artifact has
    a reviewer), ``approved``, ``rejected`` (must be resubmitted) or ``recorded`` (a test score or a
    vote result). ``at`` is when the status last changed; ``count`` how many times it was handed in
    (recurring duties count up); ``reason`` the last rejection's reason, kept after a resubmission.
    ``entries`` are a ledger's items (item → closed), None until the first is added; ``still_open``
    counts those not closed, so that the advance guard answers without walking the ledger. ``level``
    counts the approvals of a reviewer chain since the last submission (the status stays
    ``submitted`` until the last level approves). ``periods`` maps each period of a recurring report
    on fixed days that was handed in (its ISO due day) to when.
    """

    __slots__ = (
        "at", "count", "entries", "grade", "level", "periods", "reason", "respondents", "score",
        "status", "still_open", "votes",
    )  # fmt: skip

    def __init__(self) -> None:
        self.status: str | None = None
        self.at: datetime.datetime | None = None
        self.count = 0
        self.score: float | None = None
        self.votes: Mapping[str, int] | None = None
        self.respondents: Mapping[str, int] | None = None
        self.grade: str | None = None
        self.reason: str | None = None
        self.entries: dict[str, bool] | None = None
        self.level = 0  # approvals so far in a reviewer chain's current round
        self.periods: dict[str, datetime.datetime] | None = None  # due day (ISO) → when handed in
        self.still_open = 0

    def open_entries(self) -> list[str]:
        """The ledger's items not closed yet (销号), in the order they were added."""
        return [item for item, closed in (self.entries or {}).items() if not closed]

    def state(self) -> tuple[Any, ...]:
        """Every field as a tuple, for comparisons (live state == replayed state)."""
        return tuple(getattr(self, name) for name in sorted(self.__slots__))


def short_groups(
    respondents: Mapping[str, Any], min_share: Mapping[str, float]
) -> list[tuple[str, int, int, float]]:
    """Respondent groups below their minimum share: (group, count, total, minimum).

    The advance gate (:func:`shortfall`) and the escalation watch of a vote's respondents both ask it.
    """
    total = sum(n for n in respondents.values() if isinstance(n, int))
    found = []
    for group, minimum in min_share.items():
        count = respondents.get(group, 0)
        count = count if isinstance(count, int) else 0
        if not total or count / total < minimum:
            found.append((group, count, total, minimum))
    return found


def shortfall(
    item: Evidence | None,
    kind: str,
    reviewer: str | None,
    min_share: Mapping[str, float],
    *,
    ledger: bool = False,
) -> str | None:
    """Why an artifact does not count as in yet (None: it does), in words for the clerk.

    Documents and meetings count once submitted, or once approved when they have a ``reviewer``;
    a rejected one must be resubmitted; a ``ledger`` (``items: true``) also needs every item closed.
    Tests count once scored; votes once recorded with each respondent group's share of respondents
    at least its ``min_share``.
    """
    status = None if item is None else item.status
    if kind == "test":
        return None if item is not None and item.score is not None else "no score recorded"
    if kind == "vote":
        if item is None or item.votes is None:
            return "no result recorded"
        groups = short_groups(item.respondents or {}, min_share)
        short = [f"{group} {count}/{total} < {minimum:.0%}" for group, count, total, minimum in groups]
        return "respondents short: " + ", ".join(short) if short else None
    if status == "approved" or (status == "submitted" and reviewer is None):
        if ledger and item is not None and item.still_open:  # the list only to say which
            still_open = item.open_entries()
            return f"{len(still_open)} item(s) not closed (未销号): {'、'.join(still_open)}"
        return None
    if status == "submitted":
        return f"awaiting approval by {reviewer}"
    if status == "rejected":
        return f"rejected ({item.reason if item else ''}); resubmit"
    return "not submitted"


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
    ``events`` (this unit's history, oldest first).
    """

    __slots__ = (
        "deadlines", "designated", "ends", "entered", "events", "findings", "items", "kind", "name", "phase",
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
        self.events: list[Event] = []

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
    record.events.append(event)


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
