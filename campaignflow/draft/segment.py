"""Cut phase headings out of running text, before the outline is read.

Pasted web pages lose their line breaks, and news reports quote a plan's phases in one sentence, so a
phase heading often starts in the middle of a line: ``…共分三个阶段。(一)动员学习阶段(1月1日至2月28日) 各单位…
(二)主题实践阶段(…)``, ``即学习阶段(…)、整改阶段(…)``, ``分为自查(…)和督查(…)两个阶段``,
``…;4月至5月为整改阶段;``. :func:`segment` splits such a line into pieces, each starting where a heading
starts, so that the outline sees one heading per line as in a well-kept document. A line is cut only
where a heading plainly starts:

- before a marker ``(一)``, ``二、`` or ``第三阶段`` that follows the end of a sentence or clause;
- before each of two or more ``X阶段(date)`` on one line, after ``、``/``,``/``;``/``即``;
- before each ``X(date)`` of a sentence that says ``N个阶段`` (``分为X(…)和Y(…)两个阶段``);
- before a date that opens a clause saying which phase it is (``;4月至5月为整改阶段``, ``从…为第一阶段``,
  after a comma only with 为/是: ``其中,3月为动员阶段,4月至5月为整改阶段``).

Each piece keeps its original line number and records how it was cut (``Line.cut``), which the outline
uses to tell a heading quoted in running text from a numbered item. A document with one heading per
line is left as it is.
"""

from __future__ import annotations

import itertools
import re

from campaignflow.draft.headings import DATED_HEAD, Line, read_marker
from campaignflow.draft.spotting import spot

__all__ = ["segment"]

_CN = "一二三四五六七八九十"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_END = set('。;:?!”")】] ')
_PAREN = re.compile(rf"\([{_CN}]{{1,3}}\)")
_SECTION = re.compile(rf"(?<![{_CN}])[{_CN}]{{1,3}}、")
_STAGE = re.compile(rf"第[{_CN}]{{1,3}}个?阶段(?=[为是:(\s自从,])")
_NAMED = re.compile(r"阶段\s*\(([^()]{1,40})\)")
_LISTED = re.compile(r"([\u4e00-\u9fff]{2,12})\s*\(([^()]{1,40})\)")
_LEADING = ("即", "和", "及", "与")
_LIST_OPENERS = ("分为", "分成", "包括", "即", "为")
_SINCE_TODAY = re.compile(r"(?:从|自)即日起?(?:到|至)$")


def segment(lines: list[Line]) -> list[Line]:
    """The lines with every heading that starts inside a line cut out onto a line of its own."""
    out: list[Line] = []
    for line in lines:
        cuts = _cuts(line.text)
        if not cuts:
            out.append(Line(len(out), line.source, line.text, line.cut))
            continue
        bounds = [0, *sorted(cuts), len(line.text)]
        for start, end in itertools.pairwise(bounds):
            piece = line.text[start:end].strip()
            if piece:
                out.append(Line(len(out), line.source, piece, cuts.get(start, line.cut)))
    return out


def _cuts(text: str) -> dict[int, str]:
    """Positions where a heading starts inside ``text`` (never 0), each with how it was recognised."""
    cuts: dict[int, str] = {}
    for pattern in (_PAREN, _SECTION):
        for match in pattern.finditer(text):
            if match.start() > 0 and text[match.start() - 1] in _CLAUSE_END:
                cuts.setdefault(match.start(), "marker")
    for match in _STAGE.finditer(text):
        if match.start() > 0:
            at = _clause_start(text, match.start())
            cuts.setdefault(at, "marker" if at == match.start() else "dated")
    named = [m for m in _NAMED.finditer(text) if spot(m[1])]
    if len(named) >= 2:
        for match in named:
            start = _name_start(text, match.start(), ",;。:、")
            if start is not None and start > 0:
                cuts.setdefault(start, "named")
    for sentence in _sentences(text):
        lo, hi = sentence
        if "个阶段" not in text[lo:hi]:
            continue
        listed = [m for m in _LISTED.finditer(text, lo, hi) if spot(m[2])]
        if len(listed) >= 2:
            for match in listed:
                start = _name_start(text, match.end(1), ",;。:、)", after=_LIST_OPENERS)
                if start is not None and start > 0:
                    cuts.setdefault(start, "listed")
    for found in spot(text):
        start = found.start
        before = _SINCE_TODAY.search(text, max(0, start - 6), start)  # 从即日起到: at most 5 characters
        if before is not None:
            start = before.start()
        if start == 0 or text[start - 1] not in ";。:,":
            continue
        head = DATED_HEAD.match(text, found.end)
        if head and (text[start - 1] != "," or head[0].lstrip().startswith(("为", "是"))):
            cuts.setdefault(start, "dated")  # after a comma only "…,4月至5月为整改阶段,…"
    return {at: how for at, how in cuts.items() if 0 < at < len(text)}


def _clause_start(text: str, at: int) -> int:
    """Where the clause holding ``第X阶段`` at ``at`` starts when it is ``…为第X阶段`` (a date before it)."""
    if at > 0 and text[at - 1] == "为":
        floor = max(0, at - 200)  # a clause is short; bounded so that long lines stay linear
        lo = max(text.rfind(c, floor, at) for c in ";。:") + 1
        if lo == 0 and floor > 0:
            return at
        if spot(text[lo:at]):
            return lo  # 0: the line itself opens with the clause, nothing to cut
    return at


def _name_start(text: str, end: int, stops: str, *, after: tuple[str, ...] = ()) -> int | None:
    """Start of the name ending at ``end``: back over Chinese characters to one of ``stops``, then past
    the last of ``after`` (分为, 即) and a leading 即/和/及. None when the name is a numbered heading's."""
    start = end
    while start > 0 and _CJK.match(text[start - 1]) and end - start < 20:
        start -= 1
    cut = False
    for word in after:
        at = text.rfind(word, start, end - 1)
        if at >= 0:
            start, cut = at + len(word), True
            break
    while text.startswith(_LEADING, start) and end - start > 2:
        start += next(len(w) for w in _LEADING if text.startswith(w, start))
        cut = True
    if start == 0:
        return 0
    if not cut and text[start - 1] not in stops:
        return None
    floor = max(0, start - 60)  # a marker and a name are short: bounded, so that long lines stay linear
    clause = max(floor - 1, *(text.rfind(c, floor, start) for c in ";。:")) + 1  # it may open a later clause
    marker = read_marker(text[clause:start])
    if marker is not None and not marker.rest.strip(" :,、.为是"):
        return None  # "(一)动员阶段(…)", "…;第一阶段为宣传阶段(…)": the name of a numbered heading
    return start


def _sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    lo = 0
    for match in re.finditer("。", text):
        spans.append((lo, match.end()))
        lo = match.end()
    if lo < len(text):
        spans.append((lo, len(text)))
    return spans
