"""Many log events checked at once: what :meth:`Campaign.log_many` asks of a batch before committing it.

A sweep on the day every unit is late records hundreds of thousands of ``escalated`` events. Each
must pass the checks :meth:`Campaign.log <campaignflow.engine.Campaign.log>` makes — a log kind, a
payload that survives a JSON round trip, recorded text of one printable line. Units late the same
way get payloads that differ in a field or two (the addressee), so an entry gives its payload as a
*template* shared by many entries and the unit's own *fill*: each template is checked once, each
fill on its own, and every text by one search over all of them
(:data:`~campaignflow.safetext.UNSAFE`). A refusal says what ``log`` would have said: the
payload at fault is checked again by the same functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from itertools import chain
from typing import Any, Final

from campaignflow.errors import CampaignflowError
from campaignflow.history import LOG_KINDS, check_json
from campaignflow.safetext import UNSAFE, checked_drafts

__all__ = ["NO_FILL", "Entry", "drafts_of"]

#: ``(unit, kind, template, fill)``: one event of a batch; its payload is the template updated with
#: the fill (``{**template, **fill}``). Entries may share a template; a fill belongs to its entry.
Entry = tuple[str, str, Mapping[str, Any], Mapping[str, Any]]
#: The fill of an entry whose template is its whole payload.
NO_FILL: Final[Mapping[str, Any]] = {}

_SCALARS: Final = frozenset({str, int, bool, type(None)})
_LOG_KINDS: Final = frozenset(LOG_KINDS)
_SEPARATOR: Final = " "  # joins texts for one search: itself safe, so a hit is in one of them


def drafts_of(
    entries: Iterable[Entry], when: datetime.datetime, by: str
) -> list[tuple[str, str, datetime.datetime, str, Mapping[str, Any]]]:
    """The entries as drafts, each checked: a log kind, a unit, a payload that is JSON data, and every
    recorded text (``by`` too) one line of printable characters — by one search over all of them (or
    one by one, for the message, when something is found)."""
    found = list(entries)
    if not all(type(entry) is tuple and len(entry) == 4 and type(entry[0]) is str for entry in found):
        bad = next(e for e in found if type(e) is not tuple or len(e) != 4 or type(e[0]) is not str)
        raise CampaignflowError(f"log_many takes (unit, kind, template, fill) entries, not {bad!r}")
    kinds = {entry[1] for entry in found}
    if not kinds <= _LOG_KINDS:
        kind = next(k for k in kinds if k not in _LOG_KINDS)
        raise CampaignflowError(f"log() records only {' and '.join(LOG_KINDS)} events, not {kind!r}")
    texts: list[str] = [by]
    for _, kind, template, _ in {id(entry[2]): entry for entry in found}.values():  # each template once
        _check_json(template, kind)
        _texts(template, texts)
    fills = [entry for entry in found if entry[3]]
    if not _all_text(fills, texts):  # the fills of one key: a unit's own addressee
        for _, kind, _, fill in fills:
            _check_json(fill, kind)
            _texts(fill, texts)
    drafts = [
        (unit, kind, when, by, {**template, **fill} if fill else template)
        for unit, kind, template, fill in found
    ]
    if _search(_SEPARATOR.join(texts)) is not None:
        checked_drafts(tuple(drafts))  # raises, naming the text and the character
    return drafts


def _check_json(payload: Mapping[str, Any], kind: str) -> None:
    if not isinstance(payload, Mapping):
        raise CampaignflowError(f"a {kind} payload is a mapping of JSON data, not {type(payload).__name__}")
    if type(payload) is not dict or not _plain(payload):
        check_json(payload, f"{kind} payload")  # the long way: raises what log() would


def _plain(payload: dict[str, Any]) -> bool:
    """Whether ``payload`` is JSON data as it stands: text keys, values that are text, whole numbers,
    booleans, None or lists of those."""
    for key, value in payload.items():
        if type(key) is not str:
            return False
        if type(value) in _SCALARS:
            continue
        if type(value) is list and all(type(item) in _SCALARS for item in value):
            continue
        return False
    return True


def _all_text(fills: list[Entry], texts: list[str]) -> bool:
    """Whether every fill is a dict of text keys to text — JSON data as it stands — and if so, add
    their texts to ``texts`` joined (no walk in Python: a non-text makes the join fail)."""
    if not all(type(entry[3]) is dict for entry in fills):
        return False
    try:
        keys = _SEPARATOR.join(chain.from_iterable(entry[3] for entry in fills))
        values = _SEPARATOR.join(chain.from_iterable(entry[3].values() for entry in fills))
    except TypeError:  # a value (or a key) that is not text: the fills are checked one by one
        return False
    texts += (keys, values)
    return True


def _texts(value: Any, texts: list[str]) -> None:
    """Append every text in ``value`` (mapping keys included) to ``texts``."""
    if type(value) is str:
        texts.append(value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if type(key) is str:
                texts.append(key)
            _texts(item, texts)
    elif type(value) in (list, tuple):
        for item in value:
            _texts(item, texts)


_search = UNSAFE.search
