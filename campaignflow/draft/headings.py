"""Headings of a plan document: the numbering a line opens with, and what a phase heading says.

A 实施方案 numbers its parts in a few fixed styles — ``一、`` for sections, ``第一阶段``, ``阶段一``,
``(一)``, ``1、``/``1.``, ``(1)``, ``①``, ``一是`` below them — and a phase heading gives its name and,
in a bracket, on its line, on a ``时间安排:`` line or in the sentence after it, its window phrase.
Unnumbered headings (``X阶段(date)``, a table row, a clause opening with its date) are read too.
Everything here works on normalised lines (see :mod:`campaignflow.draft.normalize`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from campaignflow.draft.spotting import Spot, spot

__all__ = [
    "CN",
    "DATED_HEAD",
    "TIME_LINE",
    "Heading",
    "Line",
    "Marker",
    "cn_number",
    "read_bare",
    "read_heading",
    "read_marker",
]

CN = "〇零一二三四五六七八九十"
_CN_VALUES = {"〇": 0, "零": 0} | dict(zip("一二三四五六七八九", range(1, 10), strict=True))
_MARKERS = (
    (
        "stage",
        re.compile(
            rf"^第([{CN}]+|[0-9]{{1,2}})个?(阶段|步)|^([{CN}]+)阶段(?=[:(\s])"
            rf"|^阶段([{CN}]+|[0-9]{{1,2}})(?=[:(\s])"  # 阶段一:宣传发动
        ),
    ),
    ("enumeration", re.compile(rf"^([{CN}]+)是(?=[^,;。:]{{0,16}}阶段)")),  # 一是动员部署阶段(…)
    ("section", re.compile(rf"^([{CN}]+)(?:、|\.(?![0-9]))")),
    ("paren", re.compile(rf"^\(([{CN}]+)\)")),
    ("paren-number", re.compile(r"^\(([0-9]{1,2})\)")),
    ("number", re.compile(r"^([0-9]{1,2})(?:、|\.(?![0-9])|\)|\s)")),
    ("circled", re.compile(r"^([\u2460-\u2473])")),
)
_BRACKETS = re.compile(r"[(【\[]([^()【】\[\]]{1,60})[)】\]]")
TIME_LINE = re.compile(r"^(?:时间安排|实施时间|起止时间|工作时间|时间)(?:为|是)?[:,]?")
#: After a clause-opening date: the words that make the clause a phase heading (``为整改阶段``).
DATED_HEAD = re.compile(
    r"(?:\s*(?:[,,]\s*(?:为|是)?|为|是)|\s+)\s*((?![向对将要由在])[^,;。:\s]{0,16}?(?<![本此该])阶段)"
)  # … or a space: a table row turned into text, its date column first (3月1日-3月15日 动员部署阶段 …)
_SINCE_TODAY = re.compile(r"^(?:从|自)即日起?(?:到|至)")
_NAMED_HEAD = re.compile(r"^([\u4e00-\u9fff、,]{2,20}?)\s*\(([^()]{1,40})\)")
#: A phase's name written without numbering: ``动员部署阶段`` (not ``这一阶段``, ``在本阶段``).
_PHASE_NAME = r"(?![在本此该这那每各])[\u4e00-\u9fff、]{2,20}?(?<![本此该这那个])阶段"
#: A table row turned into text: ``动员部署阶段 3月1日-3月15日 召开动员大会``.
_ROW_HEAD = re.compile(rf"^({_PHASE_NAME})(?:\s+|\s*:\s*)")
#: A phase's name alone on its line, its window on the ``时间:`` line below (a heading whose automatic
#: numbering was lost when the document was saved as text).
_ALONE_HEAD = re.compile(rf"^{_PHASE_NAME}:?$")
_MONTH_PAIR = re.compile(r"^([0-9]{1,2})、([0-9]{1,2})月$")
_RANGE_WORDS = re.compile(r"至|到|[-—–~]")
_LEAD = " :,;、.-—"
_TAIL = " :,;、.。-—"


def cn_number(text: str) -> int | None:
    """Value of a small Chinese or Arabic numeral (一 … 九十九, ``两``, ``12``); None if it is not one."""
    if text.isascii() and text.isdigit():
        return int(text)
    text = text.replace("两", "二")
    if "十" in text:
        tens, _, units = text.partition("十")
        if len(tens) > 1 or len(units) > 1 or "十" in units:
            return None
        high = _CN_VALUES.get(tens, -1) if tens else 1
        low = _CN_VALUES.get(units, -1) if units else 0
        return high * 10 + low if high > 0 and low >= 0 else None
    return _CN_VALUES.get(text) if len(text) == 1 else None


@dataclass(frozen=True)
class Line:
    """A normalised line: its index among the normalised lines and its original line number."""

    index: int
    source: int
    text: str
    cut: str = ""  # how segmentation cut it out of a longer line ("" when it is a whole line)


@dataclass(frozen=True)
class Marker:
    """A heading number as written (``label``), its numbering style, its value, and the text after it."""

    style: str
    ordinal: int
    label: str
    rest: str


def read_marker(text: str) -> Marker | None:
    """The numbering opening a line (``第一阶段``, ``一、``, ``(一)``, ``1、``, ``(1)``, ``①``), if any."""
    for style, pattern in _MARKERS:
        match = pattern.match(text)
        if match is None:
            continue
        if style == "circled":
            ordinal: int | None = ord(match[1]) - 0x2460 + 1
        else:
            ordinal = cn_number(next(g for g in match.groups() if g))
        if ordinal is None or ordinal == 0:
            return None
        return Marker(style, ordinal, match[0].strip(), text[match.end() :])
    return None


@dataclass(frozen=True)
class Heading:
    """What a phase heading says: its name as written and the window phrase found for it, if any.

    ``spot`` is set when the phrase came from running text rather than a bracket or a time line;
    ``rest`` is what follows the heading on its line (the start of the phase's body).
    """

    name: str
    phrase: str | None
    phrase_from: str  # "bracket", "heading", "time-line", "sentence" (the first after the heading),
    # "done-by" (于…完成: an end only) or "" (none)
    rest: str
    note: str = ""  # how the phrase was read when that needed judgment


def _clean_name(text: str) -> str:
    return text.strip(_LEAD).rstrip(_TAIL).strip()


def read_heading(marker: Marker, next_line: str | None) -> Heading:
    """Split a phase line after its marker into name, window phrase and the rest of the line.

    The heading is the text up to the first ``。``. Its window is a bracketed date phrase, else a date
    phrase in the heading itself, else the phrase of a ``时间安排:`` line right below it. The name is what
    remains, up to and including ``阶段`` when the heading says it; without any name, the marker is
    the name (``第一阶段``).
    """
    if marker.style == "bare" and not _ALONE_HEAD.match(marker.rest):
        return _read_bare(marker.rest)
    head, stop, rest = marker.rest.partition("。")
    phrase: str | None = None
    source = note = ""
    remainder = head
    for bracket in _BRACKETS.finditer(head):
        found = _bracketed(bracket[1])
        if found is not None:
            (phrase, note), source = found, "bracket"
            remainder = head[: bracket.start()] + " " + head[bracket.end() :]
            break
    if phrase is None:
        spots = spot(head)
        if spots:
            first: Spot = spots[0]
            phrase, source = first.text, "heading"
            remainder = head[: first.start] + " " + head[first.end :]
            since = _SINCE_TODAY.match(head)
            if since and since.end() == first.start:  # "从即日起到明年1月10日为第一阶段"
                phrase, remainder = head[: first.end], head[first.end :]
            done = head[first.end :].startswith(("完成", "结束")) and head[: first.start].endswith("于")
            if done and not _RANGE_WORDS.search(phrase):
                source = "done-by"  # "已于8月上旬完成": when the phase ended, not its window
    if phrase is None and next_line is not None:
        label = TIME_LINE.match(next_line)
        if label:
            text = next_line[label.end() :].partition("。")[0]
            spots = spot(text)
            if spots:
                whole = text.strip(" ,;")
                if whole.startswith("(") and whole.endswith(")"):
                    whole = whole[1:-1].strip()
                phrase, source = (whole if len(spots) == 1 else spots[0].text), "time-line"
    if phrase is None and rest:  # "(一)动员部署阶段。2023年3月1日至3月31日。各单位…"
        sentence, stop_after, after = rest.partition("。")
        label = TIME_LINE.match(sentence)
        dated = sentence[label.end() :] if label else sentence
        spots = spot(dated)
        if len(spots) == 1 and spots[0].text == dated.strip(" ,;:()"):
            phrase, source, rest = spots[0].text, "sentence", after if stop_after else ""
    name = _clean_name(remainder.replace("  ", " "))
    if marker.style == "stage":  # "第一阶段为动员阶段(…)"; "第二阶段自…起到…结束,计划…": no name of its own
        unnamed = remainder.strip().startswith(",") and "阶段" not in remainder
        name = "" if unnamed else name.removeprefix("为").removeprefix("是").strip(_LEAD)
    if "阶段" in name:
        cut = name.index("阶段") + 2
        rest = (name[cut:].strip(_LEAD) + ("。" if stop and name[cut:].strip(_LEAD) else "") + rest).strip()
        name = name[:cut].strip()
    if not name:
        name = marker.label.rstrip("、.").strip() or marker.label
    return Heading(name=name, phrase=phrase, phrase_from=source, rest=rest.strip(), note=note)


def _bracketed(inside: str) -> tuple[str, str] | None:
    """The window phrase of a heading's bracket, if it holds one, and a note when only part of it is:
    ``(时间:3月1日—3月15日)`` drops its label; ``(11月1日至12月31日,共两个月)`` keeps the dates, noted."""
    label = TIME_LINE.match(inside)
    text = inside[label.end() :] if label else inside
    spots = spot(text)
    if not spots:
        return None
    first = spots[0]
    after = text[first.end :].strip()
    if text.lstrip().startswith(first.text) and after[:1] in (",", ";"):  # the dates, then a clause
        return first.text, f"'{after.lstrip(',;').strip()}' in the bracket is not part of the window"
    return text.strip(), ""


def _read_bare(text: str) -> Heading:
    """An unnumbered heading: ``X阶段(date)``/``X(date)``, or a clause opening with its date."""
    head, stop, rest = text.partition("。")
    tail = (stop + rest) if rest else ""
    named = _NAMED_HEAD.match(head)
    if named:
        after = head[named.end() :].strip(" 、,;:和及与")
        return Heading(_clean_name(named[1]), named[2].strip(), "bracket", (after + tail).strip(" 。"))
    spots = spot(head)
    row = _ROW_HEAD.match(head)
    dated_row = [s for s in spots if row and s.start == row.end()]
    if row and dated_row:
        after = head[dated_row[0].end :].strip(_LEAD)
        return Heading(row[1], dated_row[0].text, "heading", (after + tail).strip())
    since = _SINCE_TODAY.match(head)
    first = spots[0] if spots else None
    if first is None:
        return Heading(_clean_name(head), None, "", tail)
    phrase = head[: first.end] if since else first.text
    dated = DATED_HEAD.match(head, first.end)
    name = dated[1].strip(_LEAD) if dated else _clean_name(head[first.end :])
    after = head[dated.end() :] if dated else ""
    note = ""
    pair = _MONTH_PAIR.match(phrase)
    if pair and int(pair[2]) == int(pair[1]) + 1:
        note = f"'{phrase}' read as the months {pair[1]} to {pair[2]}"
        phrase = f"{pair[1]}-{pair[2]}月"
    return Heading(name, phrase, "heading", (after.strip(_LEAD) + tail).strip(), note)


def read_bare(line: Line, next_line: str | None = None) -> Marker | None:
    """An unnumbered phase heading on ``line``, as a marker of style ``bare`` (ordinal 0), if it is one.

    ``X阶段(date)`` anywhere; ``X(date)`` when it was cut from a sentence listing the phases, or stands
    alone on its line; ``X阶段`` then its date after a space or a colon (a table row turned into text:
    ``动员部署阶段 3月1日-3月15日 召开动员大会``); ``X阶段`` alone with a dated ``时间:`` line below it
    (``next_line``); a clause opening with its date and naming its phase (``9月至10月,学习阶段;``).
    """
    text = line.text
    label = TIME_LINE.match(next_line) if next_line is not None and _ALONE_HEAD.match(text) else None
    if label and next_line is not None and spot(next_line[label.end() :]):
        return Marker("bare", 0, "", text)
    named = _NAMED_HEAD.match(text)
    if named and spot(named[2]):
        alone = not text[named.end() :].strip(" 。.:;,")
        if named[1].endswith("阶段") or line.cut == "listed" or (alone and line.cut == ""):
            return Marker("bare", 0, "", text)
        return None
    spots = spot(text)
    row = _ROW_HEAD.match(text)
    if row and any(s.start == row.end() for s in spots):
        return Marker("bare", 0, "", text)
    since = _SINCE_TODAY.match(text)
    opens = bool(spots) and (spots[0].start == 0 or bool(since and since.end() == spots[0].start))
    if opens and DATED_HEAD.match(text, spots[0].end):
        return Marker("bare", 0, "", text)
    return None
