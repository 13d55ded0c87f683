"""Spot candidate date phrases in running text, for :mod:`campaignflow.dates` to read or refuse.

The draft never computes a date itself. It only cuts out the words that look like a date phrase —
``2012年4月25日至5月15日``, ``从2011年7月下旬开始,至10月底结束``, ``3-6月份`` — and hands them, as
written, to :func:`campaignflow.dates.parse_window`, which reads them exactly or raises
:class:`~campaignflow.errors.DatePhraseError`. A spot is a maximal run of date words; a run that holds
no month, year or quarter (``一``, ``第二``, the ``9`` of ``9:00``) is no spot. Masked years (``20xx年``)
are kept inside the spot so that they are never silently dropped; ``、`` is kept too, so ``3、4月份``
reaches the parser whole and is refused there rather than read as April.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaignflow.festivals import NAMES as FESTIVALS

__all__ = ["MASKED_YEAR", "Spot", "spot", "unmask"]

#: A year written with placeholders: 20xx年, 201X年, XXXX年, 20××年, 20*年, **年.
MASKED_YEAR = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{2}[xX×*]{1,2}|[0-9]{3}[xX×*]|[xX×*]{2,4})年")

_WORDS = (
    r"(?:[0-9]{2}[xX×*]{1,2}|[0-9]{3}[xX×*]|[xX×*]{2,4})年",
    *FESTIVALS,
    r"[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2}", r"[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}",  # 2023.3.1, 2023/3/1
    r"(?<=[-—–~―‐−至到])[0-9]{1,2}[./][0-9]{1,2}(?![0-9])",  # the 3.15 ending 2023.3.1-3.15
    r"[0-9]{1,4}",
    r"[〇零一二三四五六七八九十]+",
    "上半年", "下半年", "年底", "年末", "年内", "年度", "全年", "今年", "明年", "次年", "翌年", "本年", "年",
    "月份", "月", "日", "号", "上中旬", "中下旬", "上旬", "中旬", "下旬", "初", "底", "末", "季度", "第",
    "一直到", "直至", "至", "到", "从", "自", "开始", "起", "为止", "止", "结束", "以前", "之前", "前",
    "、", r"[-—–~―‐−]+", r",(?=至|到)",
)  # fmt: skip
_RUN = re.compile("(?:" + "|".join(_WORDS) + ")+")
_STARTS = set("从自第0123456789〇零一二三四五六七八九十今明本全上下xX×*") | {name[0] for name in FESTIVALS}
_TRAILING = set("、,-—–~―‐−从自第")
_DATE_UNIT = re.compile(r"年|月|季度|[0-9]{4}([-./])[0-9]{1,2}\1[0-9]{1,2}")  # or a whole ISO-like date
_NUMBER = re.compile(r"[0-9〇零一二三四五六七八九十]")
_WHOLE = ("全年", "上半年", "下半年")
_NAMES = "|".join(FESTIVALS)
#: A festival as a deadline or a range's end (国庆节前, 至春节前): a festival named in passing is no date.
_FESTIVAL_DATE = re.compile(rf"(?:{_NAMES})(?:以前|之前|前)|(?:至|到|[-—–~―‐−])(?:{_NAMES})")


@dataclass(frozen=True)
class Spot:
    """A candidate date phrase: ``text`` is ``line[start:end]`` exactly as written there."""

    start: int
    end: int
    text: str


def spot(text: str) -> list[Spot]:
    """Every candidate date phrase in ``text``, left to right."""
    found: list[Spot] = []
    for match in _RUN.finditer(text):
        start, end = match.span()
        while start < end and text[start] not in _STARTS:
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if text.startswith(("左右", "上下"), end) or (
            text[end - 1 : end] == "前" and text.startswith("后", end)
        ):
            end += 1 if text[end] == "后" else 2  # kept, so that the reader refuses the approximation
        words = text[start:end]
        dated = _DATE_UNIT.search(words) and _NUMBER.search(words)
        if (
            dated
            or any(w in words for w in _WHOLE)
            or MASKED_YEAR.search(words)
            or _FESTIVAL_DATE.search(words)
        ):
            found.append(Spot(start, end, words))
    return found


def unmask(phrase: str) -> str:
    """The phrase without its masked year (``20xx年3月`` → ``3月``), to be read with a year given."""
    return MASKED_YEAR.sub("", phrase)
