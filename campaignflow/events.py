"""A campaign's events and their time: one immutable :class:`Event` per act on one unit (留痕).

Every command on a :class:`~campaignflow.engine.Campaign` that changes anything records exactly
one :class:`Event` (``enroll_many`` records one per unit); :func:`moment` puts every time in
Asia/Shanghai, :func:`parse_time` and :func:`stored_event` read them back from a store, and
:func:`check_json` keeps payloads exact across a JSON round trip.

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
    token_issued  {"actor": "张三", "hash": "sha256:…"}  (an API token; the token itself is never kept)
    token_revoked {"actor": "张三"}

This module knows nothing of unit records, plans, stores or transitions (see :mod:`campaignflow.history`).
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, NamedTuple
from zoneinfo import ZoneInfo

from campaignflow.daterange import check_day
from campaignflow.errors import CampaignflowError
from campaignflow.safetext import visible

#: Every event kind, in the order a unit usually meets them.
EVENT_KINDS: Final = (
    "enrolled", "submitted", "approved", "rejected", "item_added", "item_closed", "advanced",
    "sent_back", "extended", "scored", "voted", "graded", "finding", "finding_closed", "deadline_set",
    "designated", "escalated", "resolved",
)  # fmt: skip
#: The kinds of campaign-level events (``unit == ""``) an app may append: the delivery log. (The
#: roster's ``granted``/``revoked``, the ``authority`` mode and the ``token_*`` events are written by
#: the Campaign itself.)
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

#: The zone of every recorded time: the standard library's (the same tz database as pendulum's, whose
#: 60 ms import only the years before 1992 need).
SHANGHAI: Final = ZoneInfo("Asia/Shanghai")
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

    def describe(
        self,
        word: Callable[[str], str] | None = None,
        *,
        key: Callable[[str], str] | None = None,
        value: Callable[[str, Any], Any] | None = None,
    ) -> str:
        """One line for people: ``2012-03-05 09:00 submitted (张三) artifact=self_analysis ref=…``; ``word``
        names the kind in the reader's language (:func:`campaignflow.words.event_word`: ``提交``), ``key``
        each payload key (``材料``), and ``value(key, v)`` gives what to show for a value (a library
        message translated); by default the kind, keys and values are shown as recorded."""
        details = " ".join(
            _detail(k, v, key, value) for k, v in self.payload.items() if v not in ("", None, [])
        )
        who = f" ({self.by})" if self.by else ""
        kind = self.kind if word is None else word(self.kind)
        return visible(f"{self.at:%Y-%m-%d %H:%M} {kind}{who} {details}".rstrip())  # one line, always


def _detail(
    key: str, value: Any, name: Callable[[str], str] | None, render: Callable[[str, Any], Any] | None
) -> str:
    """``key=value``, the key named by ``name`` and the value given by ``render`` when they are; a ladder
    step is counted from 1 as the sweep's table shows it (步骤 1), not from 0."""
    if key == "step" and type(value) is int:
        return f"{'步骤' if name is None else name(key)}={value + 1}"
    shown = value if render is None else render(key, value)
    return f"{key if name is None else name(key)}={_show(shown)}"


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def moment(at: datetime.datetime | datetime.date) -> datetime.datetime:
    """``at`` as an aware Asia/Shanghai datetime: a naive datetime is Shanghai wall time, a date its midnight.

    Asia/Shanghai has been a fixed +08:00 since daylight saving time ended in September 1991, so a
    plain datetime of 1992 on is converted by arithmetic alone (under 0.5 µs, less than the state
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
            return _shifted(at, offset) or check_day(_exact(at), "the time")
        # its day and its time (fold included) joined with the zone: twice as fast as calling the
        # constructor with seven fields, five times as fast as .replace(tzinfo=…)
        return _combine(local, local.time(), SHANGHAI)
    if isinstance(at, datetime.datetime):  # the slow path: before 1992, or beyond 2100 (refused)
        check_day(at, "the time")  # before converting: the ends of Python's range overflow
        return check_day(_exact(at), "the time")
    if isinstance(at, datetime.date):
        return _combine(check_day(at, "the date"), _MIDNIGHT, SHANGHAI)
    raise CampaignflowError(f"at= must be a datetime or a date, not {type(at).__name__}")


_combine = datetime.datetime.combine
_MIDNIGHT: Final = datetime.time()


def _shifted(at: datetime.datetime, offset: datetime.timedelta) -> datetime.datetime | None:
    """An aware ``at`` (its UTC offset ``offset``) in Asia/Shanghai by arithmetic, or None when the result
    falls outside the fixed +08:00 years."""
    local = at.replace(tzinfo=None) + (_UTC8 - offset)
    return _combine(local, local.time(), SHANGHAI) if _FIXED_FROM <= local.year <= _FIXED_UNTIL else None


def _exact(at: datetime.datetime) -> datetime.datetime:
    """``at`` in Asia/Shanghai by pendulum's exact rule (a naive ``at`` is Shanghai wall time): the
    slow path, for the DST years and for times whose conversion crosses 1992 or 2100."""
    import pendulum  # noqa: PLC0415 - only years outside 1992–2100 need it

    zone = pendulum.timezone(SHANGHAI.key)
    local = pendulum.instance(at, tz=zone) if at.tzinfo is None else pendulum.instance(at)
    return _plain(local.in_timezone(zone))


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
    written = datetime.datetime.fromisoformat(text)
    if written.tzinfo is None:
        raise ValueError(f"timestamp without offset: {text!r}")
    offset = written.utcoffset()
    value = None
    if offset is not None and _FIXED_FROM <= written.year <= _FIXED_UNTIL:  # by arithmetic, as moment()
        value = _shifted(written, offset)
    if value is None:
        try:
            value = _exact(written)
        except (OverflowError, ValueError):  # a time at the end of the range, stored by an older version
            value = _plain(written)  # its wall time as written, so the file still opens and shows it
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
