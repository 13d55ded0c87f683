"""Text that is recorded in a campaign's history: one line of printable characters.

A note, a ``by`` or a reason holding a line break could make ``track history`` show a forged
line (``… advanced …``); a bidirectional override could reorder what a reader sees; a lone
surrogate (bytes that were not UTF-8) cannot even be stored. :func:`checked_drafts` refuses such
text in every event before it is stored, whatever command or app records it, and
:func:`visible` shows it as ``\\u000a``-style escapes where it already is in a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from campaignflow.errors import CampaignflowError

__all__ = ["UNSAFE", "check_text", "checked_drafts", "visible"]

#: C0/C1 controls (line breaks, tab, escape), Unicode line/paragraph separators, bidirectional
#: marks and overrides, and lone surrogates.
UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]"
)

Draft = tuple[str, str, Any, str, Mapping[str, Any]]


def check_text(value: str, what: str) -> str:
    """``value`` if it is safe to record; else CampaignflowError naming ``what`` and the character."""
    found = UNSAFE.search(value)
    if found is not None:
        char = found[0]
        kind = "bytes that are not UTF-8" if "\ud800" <= char <= "\udfff" else "a control character"
        raise CampaignflowError(
            f"{what} holds {kind} (U+{ord(char):04X} at position {found.start() + 1}); "
            "recorded text is one line of printable characters"
        )
    return value


def checked_drafts(drafts: Iterable[Draft]) -> Iterable[Draft]:
    """The drafts of events, each checked (``by`` and every text in the payload).

    A tuple is checked at once and returned as it is (a store's one-event fast path sees the same
    tuple); anything else is checked on the way, as the store iterates it. A payload shared by many
    drafts (a bulk enrolment) is checked once.
    """
    if type(drafts) is tuple:
        for draft in drafts:
            if draft[3] and not _printable(draft[3]):
                check_text(draft[3], "by")
            _check_value(draft[4], "")
        return drafts
    return _checking(drafts)


def _checking(drafts: Iterable[Draft]) -> Iterator[Draft]:
    seen: set[int] = set()
    for draft in drafts:
        payload = draft[4]
        if draft[3] and not _printable(draft[3]):
            check_text(draft[3], "by")
        if id(payload) not in seen:
            _check_value(payload, "")
            seen.add(id(payload))
        yield draft


def visible(text: str) -> str:
    """``text`` with every unsafe character shown as an escape (``\\u000a``), for text already stored."""
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _check_value(value: Any, where: str) -> None:
    kind = type(value)
    if kind is str:
        if not _printable(value) and _search(value) is not None:
            check_text(value, where or "text")
    elif kind is dict or isinstance(value, Mapping):
        for key, item in value.items():
            if type(key) is str and not _printable(key) and _search(key) is not None:
                check_text(key, f"a key in {where or 'the payload'}")
            held = type(item)
            if held is str:
                if _printable(item) or _search(item) is None:
                    continue  # plain safe text: nothing to do
            elif held in _PLAIN:
                continue
            _check_value(item, f"{where}.{key}".lstrip(".") if type(key) is str else where)
    elif kind is list or kind is tuple:
        for i, item in enumerate(value):
            _check_value(item, f"{where}[{i}]")


_search = UNSAFE.search
#: Every character :data:`UNSAFE` matches is one ``str.isprintable`` refuses (a test holds this), so
#: printable text is safe at the cost of one C call; only other text is searched.
_printable = str.isprintable
_PLAIN: Final = frozenset((int, float, bool, type(None)))
