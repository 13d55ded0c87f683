"""The outline of a plan document: the steps section, and the phases in it.

The phases are the items of one numbering style (:mod:`campaignflow.draft.headings`) inside the
section whose heading speaks of steps (``三、方法步骤``, ``基本步骤``, ``时间安排``): the first numbered
style met there, or ``第X阶段`` wherever it appears. Without such a section, numbered lines that say
阶段 or carry a date are taken. Everything here works on normalised lines (see
:mod:`campaignflow.draft.normalize`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from campaignflow.draft.headings import (
    CN,
    DATED_HEAD,
    TIME_LINE,
    Line,
    Marker,
    cn_number,
    read_bare,
    read_marker,
)
from campaignflow.draft.spotting import spot

__all__ = ["Outline", "PhaseBlock", "read_outline"]

_STEP_SECTION = re.compile(r"步骤|阶段|时间安排|进度安排|工作安排|具体安排|日程安排|实施安排|时间节点")
_DECLARED = re.compile(
    rf"分(?:为|成)?(?:以下|如下)?([{CN}两]+|[0-9]{{1,2}})个(?:阶段|步骤)|分([{CN}两]+|[0-9])步"
)
_STAGE_NAME = re.compile(rf"^第([{CN}]+)个?阶段$")


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
    for i, line in enumerate(lines):
        below = lines[i + 1].text if i + 1 < len(lines) else None
        marker = read_bare(line) if line.cut == "dated" else read_marker(line.text) or read_bare(line, below)
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
    label = TIME_LINE.match(next_line.text) if next_line is not None else None
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
