"""The outline of a plan document: numbered headings, the steps section, and the phases in it.

A 实施方案 numbers its parts in a few fixed styles — ``一、`` for sections, ``第一阶段``, ``(一)``,
``1、``/``1.``, ``(1)``, ``①`` below them. The phases are the items of one style inside the section
whose heading speaks of steps (``三、方法步骤``, ``基本步骤``, ``时间安排``): the first numbered style met
there, or ``第X阶段`` wherever it appears. Without such a section, numbered lines that say 阶段 or carry a
date are taken. Everything here works on normalised lines (see :mod:`campaignflow.draft.normalize`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from campaignflow.draft.spotting import Spot, spot

__all__ = [
    "Heading",
    "Line",
    "Marker",
    "Outline",
    "PhaseBlock",
    "read_heading",
    "read_marker",
    "read_outline",
]

_CN = "〇零一二三四五六七八九十"
_CN_VALUES = {"〇": 0, "零": 0} | dict(zip("一二三四五六七八九", range(1, 10), strict=True))
_MARKERS = (
    ("stage", re.compile(rf"^第([{_CN}]+|[0-9]{{1,2}})(阶段|步)")),
    ("section", re.compile(rf"^([{_CN}]+)(?:、|\.(?![0-9]))")),
    ("paren", re.compile(rf"^\(([{_CN}]+)\)")),
    ("paren-number", re.compile(r"^\(([0-9]{1,2})\)")),
    ("number", re.compile(r"^([0-9]{1,2})(?:、|\.(?![0-9])|\)|\s)")),
    ("circled", re.compile(r"^([\u2460-\u2473])")),
)
_STEP_SECTION = re.compile(r"步骤|阶段|时间安排|进度安排|工作安排|具体安排|日程安排|实施安排")
_DECLARED = re.compile(rf"分(?:为|成)?([{_CN}两]+|[0-9]{{1,2}})个(?:阶段|步骤)|分([{_CN}两]+|[0-9])步")
_BRACKETS = re.compile(r"[(【\[]([^()【】\[\]]{1,60})[)】\]]")
_TIME_LINE = re.compile(r"^(?:时间安排|实施时间|起止时间|工作时间|时间)(?:为|是)?[:,]?")
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
            ordinal = cn_number(match[1])
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
    phrase_from: str  # "bracket", "heading", "time-line" or "" (none)
    rest: str


def _clean_name(text: str) -> str:
    return text.strip(_LEAD).rstrip(_TAIL).strip()


def read_heading(marker: Marker, next_line: str | None) -> Heading:
    """Split a phase line after its marker into name, window phrase and the rest of the line.

    The heading is the text up to the first ``。``. Its window is a bracketed date phrase, else a date
    phrase in the heading itself, else the phrase of a ``时间安排:`` line right below it. The name is what
    remains, up to and including ``阶段`` when the heading says it; without any name, the marker is
    the name (``第一阶段``).
    """
    head, stop, rest = marker.rest.partition("。")
    phrase: str | None = None
    source = ""
    remainder = head
    for bracket in _BRACKETS.finditer(head):
        if spot(bracket[1]):
            phrase, source = bracket[1].strip(), "bracket"
            remainder = head[: bracket.start()] + " " + head[bracket.end() :]
            break
    if phrase is None:
        spots = spot(head)
        if spots:
            first: Spot = spots[0]
            phrase, source = first.text, "heading"
            remainder = head[: first.start] + " " + head[first.end :]
    if phrase is None and next_line is not None:
        label = _TIME_LINE.match(next_line)
        if label:
            text = next_line[label.end() :].partition("。")[0]
            spots = spot(text)
            if spots:
                phrase, source = (text.strip(" ,;") if len(spots) == 1 else spots[0].text), "time-line"
    name = _clean_name(remainder.replace("  ", " "))
    if "阶段" in name:
        cut = name.index("阶段") + 2
        rest = (name[cut:].strip(_LEAD) + ("。" if stop and name[cut:].strip(_LEAD) else "") + rest).strip()
        name = name[:cut].strip()
    if not name:
        name = marker.label.rstrip("、.").strip() or marker.label
    return Heading(name=name, phrase=phrase, phrase_from=source, rest=rest.strip())


@dataclass
class PhaseBlock:
    """A phase as found: its heading line and marker, and the lines of its body below the heading."""

    line: Line
    marker: Marker
    body: list[Line] = field(default_factory=list)


@dataclass
class Outline:
    """The phases found, where the steps section is, and what the document says of its phase count."""

    phases: list[PhaseBlock]
    section: Line | None  # the steps section's heading, if there is one
    declared: tuple[int, Line] | None  # "分四个阶段": the number and the line saying it
    first_section: Marker | None  # the first 一、-style heading, for a text that starts at 三、
    numbered: frozenset[int] = frozenset()  # ordinals of the phases' style between the first and last phase


def _marked(lines: list[Line]) -> list[tuple[Line, Marker]]:
    return [(line, m) for line in lines if (m := read_marker(line.text)) is not None]


def _phase_like(marker: Marker) -> bool:
    head = marker.rest.partition("。")[0]
    return "阶段" in head or bool(spot(head))


def read_outline(lines: list[Line]) -> Outline:
    """Find the phases of a document: their headings and bodies, in order."""
    marked = _marked(lines)
    sections = [(line, m) for line, m in marked if m.style == "section"]
    first_section = sections[0][1] if sections else None
    region: list[Line] = []
    heading: Line | None = None
    for i, (line, m) in enumerate(sections):
        if _STEP_SECTION.search(m.rest.partition("。")[0]):
            stop = sections[i + 1][0].index if i + 1 < len(sections) else lines[-1].index + 1
            heading = line
            region = [x for x in lines if line.index < x.index < stop]
            break
    phases = _phases_in(region, strict=False) if region else []
    if not phases:
        heading = None
        phases = _phases_in(lines, strict=True)
    declared = _declared(region if heading else lines, phases)
    numbered: frozenset[int] = frozenset()
    if phases:
        first, last, style = phases[0].line.index, phases[-1].line.index, phases[0].marker.style
        numbered = frozenset(
            m.ordinal for line, m in marked if m.style == style and first <= line.index <= last
        )
    return Outline(phases, heading, declared, first_section, numbered)


def _phases_in(region: list[Line], *, strict: bool) -> list[PhaseBlock]:
    """Phases of one numbering style in ``region``; ``strict``: only lines saying 阶段 or giving a date."""
    marked = _marked(region)
    stages = [(line, m) for line, m in marked if m.style == "stage"]
    if stages:
        chosen = stages
    else:
        candidates = [(line, m) for line, m in marked if not strict or _phase_like(m)]
        if not candidates:
            return []
        style = candidates[0][1].style
        chosen = [(line, m) for line, m in candidates if m.style == style]
    blocks = [PhaseBlock(line, m) for line, m in chosen]
    starts = {block.line.index: block for block in blocks}
    current: PhaseBlock | None = None
    for line in region:
        if line.index in starts:
            current = starts[line.index]
            continue
        if current is None:
            continue
        marker = read_marker(line.text)
        if strict and marker is not None and marker.style in ("section", current.marker.style):
            current = None  # a new section, or an item of the phases' style that is no phase
            continue
        current.body.append(line)
    return blocks


def _declared(region: list[Line], phases: list[PhaseBlock]) -> tuple[int, Line] | None:
    """ "共分四个阶段" before the first phase (or anywhere in the region when no phase was found)."""
    limit = phases[0].line.index if phases else None
    for line in region:
        if limit is not None and line.index >= limit:
            break
        match = _DECLARED.search(line.text)
        if match:
            count = cn_number(match[1] or match[2])
            if count:
                return count, line
    return None
