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
    "DATED_HEAD",
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
    ("stage", re.compile(rf"^第([{_CN}]+|[0-9]{{1,2}})个?(阶段|步)|^([{_CN}]+)阶段(?=[:(\s])")),
    ("section", re.compile(rf"^([{_CN}]+)(?:、|\.(?![0-9]))")),
    ("paren", re.compile(rf"^\(([{_CN}]+)\)")),
    ("paren-number", re.compile(r"^\(([0-9]{1,2})\)")),
    ("number", re.compile(r"^([0-9]{1,2})(?:、|\.(?![0-9])|\)|\s)")),
    ("circled", re.compile(r"^([\u2460-\u2473])")),
)
_STEP_SECTION = re.compile(r"步骤|阶段|时间安排|进度安排|工作安排|具体安排|日程安排|实施安排")
_DECLARED = re.compile(
    rf"分(?:为|成)?(?:以下|如下)?([{_CN}两]+|[0-9]{{1,2}})个(?:阶段|步骤)|分([{_CN}两]+|[0-9])步"
)
_BRACKETS = re.compile(r"[(【\[]([^()【】\[\]]{1,60})[)】\]]")
_TIME_LINE = re.compile(r"^(?:时间安排|实施时间|起止时间|工作时间|时间)(?:为|是)?[:,]?")
#: After a clause-opening date: the words that make the clause a phase heading (``为整改阶段``).
DATED_HEAD = re.compile(
    r"\s*(?:[,,]\s*(?:为|是)?|为|是)\s*((?![向对将要由在])[^,;。:]{0,16}?(?<![本此该])阶段)"
)
_STAGE_NAME = re.compile(rf"^第([{_CN}]+)个?阶段$")
_SINCE_TODAY = re.compile(r"^(?:从|自)即日起?(?:到|至)")
_NAMED_HEAD = re.compile(r"^([\u4e00-\u9fff、,]{2,20}?)\s*\(([^()]{1,40})\)")
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
    phrase_from: str  # "bracket", "heading", "time-line", "done-by" (于…完成: an end only) or "" (none)
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
    if marker.style == "bare":
        return _read_bare(marker.rest)
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
            since = _SINCE_TODAY.match(head)
            if since and since.end() == first.start:  # "从即日起到明年1月10日为第一阶段"
                phrase, remainder = head[: first.end], head[first.end :]
            done = head[first.end :].startswith(("完成", "结束")) and head[: first.start].endswith("于")
            if done and not _RANGE_WORDS.search(phrase):
                source = "done-by"  # "已于8月上旬完成": when the phase ended, not its window
    if phrase is None and next_line is not None:
        label = _TIME_LINE.match(next_line)
        if label:
            text = next_line[label.end() :].partition("。")[0]
            spots = spot(text)
            if spots:
                whole = text.strip(" ,;")
                if whole.startswith("(") and whole.endswith(")"):
                    whole = whole[1:-1].strip()
                phrase, source = (whole if len(spots) == 1 else spots[0].text), "time-line"
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
    return Heading(name=name, phrase=phrase, phrase_from=source, rest=rest.strip())


def _read_bare(text: str) -> Heading:
    """An unnumbered heading: ``X阶段(date)``/``X(date)``, or a clause opening with its date."""
    head, stop, rest = text.partition("。")
    tail = (stop + rest) if rest else ""
    named = _NAMED_HEAD.match(head)
    if named:
        after = head[named.end() :].strip(" 、,;:和及与")
        return Heading(_clean_name(named[1]), named[2].strip(), "bracket", (after + tail).strip(" 。"))
    spots = spot(head)
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


def read_bare(line: Line) -> Marker | None:
    """An unnumbered phase heading on ``line``, as a marker of style ``bare`` (ordinal 0), if it is one.

    ``X阶段(date)`` anywhere; ``X(date)`` when it was cut from a sentence listing the phases, or stands
    alone on its line; a clause opening with its date and naming its phase (``9月至10月,学习阶段;``).
    """
    text = line.text
    named = _NAMED_HEAD.match(text)
    if named and spot(named[2]):
        alone = not text[named.end() :].strip(" 。.:;,")
        if named[1].endswith("阶段") or line.cut == "listed" or (alone and line.cut == ""):
            return Marker("bare", 0, "", text)
        return None
    spots = spot(text)
    since = _SINCE_TODAY.match(text)
    opens = bool(spots) and (spots[0].start == 0 or bool(since and since.end() == spots[0].start))
    if opens and DATED_HEAD.match(text, spots[0].end):
        return Marker("bare", 0, "", text)
    return None


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
    """Numbered lines with their markers, and unnumbered headings (style ``bare``, numbered in order)."""
    found: list[tuple[Line, Marker]] = []
    bare = 0
    for line in lines:
        marker = read_bare(line) if line.cut == "dated" else read_marker(line.text) or read_bare(line)
        staged = _staged(marker)
        if staged is not None:
            marker = staged
        elif marker is not None and marker.style == "bare":
            bare += 1
            marker = Marker("bare", bare, "", marker.rest)
        if marker is not None:
            found.append((line, marker))
    return found


def _staged(marker: Marker | None) -> Marker | None:
    """A date-first clause naming its phase by number (``…为第一阶段``) as a ``第X阶段`` heading."""
    if marker is None or marker.style != "bare":
        return None
    head = marker.rest.partition("。")[0]
    spots = spot(head)
    dated = DATED_HEAD.match(head, spots[0].end) if spots else None
    stage = _STAGE_NAME.match(dated[1].strip()) if dated else None
    ordinal = cn_number(stage[1]) if stage else None
    if stage is None or not ordinal:
        return None
    return Marker("stage", ordinal, stage[0], marker.rest)


def _phase_like(marker: Marker, next_line: Line | None = None) -> bool:
    """A heading that says 阶段 or gives a date, or whose next line is a dated ``时间安排:`` line."""
    head = marker.rest.partition("。")[0]
    if marker.style == "bare" or "阶段" in head or "阶段" in marker.label or spot(head):
        return True
    label = _TIME_LINE.match(next_line.text) if next_line is not None else None
    return bool(label and next_line and spot(next_line.text[label.end() :]))


def _score(chosen: list[tuple[Line, Marker]]) -> tuple[bool, bool, bool, int]:
    """How much a set of headings looks like the phases: dated or saying 阶段, one per line, first met.

    Sub-steps (``1.…阶段`` inside ``(二)``) come after their phase's heading, and a summary sentence
    that lists the phases before their sections holds them all on one line, so neither wins.
    """
    if not chosen:
        return False, False, False, 0
    staged = any("阶段" in m.label or "阶段" in m.rest.partition("。")[0] for _, m in chosen)
    spread = len({line.source for line, _ in chosen}) > 1
    return any(_phase_like(m) for _, m in chosen), staged, spread, -chosen[0][0].index


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
    if len(phases) > 1 and _cut_heading(phases[-1], lines):
        phases.pop()  # "(四)系" ending the text: a phase cut off, reported as missing, never drafted
    declared = _declared(region if heading else lines, phases)
    numbered: frozenset[int] = frozenset()
    if phases:
        first, last, style = phases[0].line.index, phases[-1].line.index, phases[0].marker.style
        numbered = frozenset(
            m.ordinal for line, m in marked if m.style == style and first <= line.index <= last
        )
    return Outline(phases, heading, declared, first_section, numbered)


def _cut_heading(block: PhaseBlock, lines: list[Line]) -> bool:
    """Whether ``block`` is a heading cut off at the end of the text: a few characters, nothing after."""
    rest = block.marker.rest.strip()
    cut = len(rest) <= 3 and not spot(rest) and "阶段" not in rest and not re.search("[。.;;!?]", rest)
    return cut and not block.body and block.line.index == lines[-1].index


def _phases_in(region: list[Line], *, strict: bool) -> list[PhaseBlock]:
    """Phases of one numbering style in ``region``; ``strict``: only lines saying 阶段 or giving a date."""
    marked = _marked(region)
    after = {line.index: region[i + 1] for i, line in enumerate(region[:-1])}
    like = [(line, m) for line, m in marked if _phase_like(m, after.get(line.index))]
    numbered = [(line, m) for line, m in marked if m.style != "bare"]
    stages = [(line, m) for line, m in numbered if m.style == "stage"]
    chosen: list[tuple[Line, Marker]] = []
    if stages:
        chosen = stages
    else:
        liked = {line.index for line, _ in like}
        candidates = [(line, m) for line, m in numbered if not strict or line.index in liked]
        if candidates:
            style = candidates[0][1].style
            chosen = [(line, m) for line, m in candidates if m.style == style]
    for style in dict.fromkeys(m.style for _, m in like):  # another style that looks more like phases
        other = [(line, m) for line, m in like if m.style == style]
        if _score(other) > _score(chosen):
            chosen = other
    if not chosen:
        return []
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
