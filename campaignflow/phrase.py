"""A phrase of a plan's timetable, folded to one spelling, with the refusals every reading shares.

Date phrases (:mod:`campaignflow.dates`) and lengths of time (:mod:`campaignflow.durations`) are read from
a :class:`Phrase`: brackets and trailing punctuation trimmed, and clock times, list numbers and
approximate words refused, each refusal naming the user's own words.
"""

from __future__ import annotations

import re

from campaignflow.errors import DatePhraseError
from campaignflow.numerals import Folded, fold

__all__ = ["Phrase"]

_CLOCK = re.compile(r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?|[0-9]{1,2}[点时](?:[0-9]{1,2}分|半)?")
_LIST_NUMBER = re.compile(r"(?<![0-9])[0-9]{1,3}、")
_APPROXIMATE = ("左右", "前后", "上下", "大约", "大概", "大致", "约", "多", "余", "许", "几", "数", "近")
_OPENERS = "([【〔<《〈「『\"'“‘ "
_CLOSERS = ")]】〕>》〉」』\"'”’。,.;:!?、 "
_PAIRS = dict(zip(")]】〕>》〉」』\"'”’", "([【〔<《〈「『\"'“‘", strict=True))  # closing → its opening


class Phrase:
    """One folded phrase; every refusal names the original words it could not read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded: Folded = fold(text)
        s = self.folded.text
        lo, hi = 0, len(s)
        while lo < hi and s[lo] in _OPENERS:
            lo += 1
        while hi > lo and s[hi - 1] in _CLOSERS:
            opener = _PAIRS.get(s[hi - 1])
            if opener is not None and opener in s[lo : hi - 1]:
                break  # it closes a bracket inside the phrase: "4月25日(星期三)" is not read
            hi -= 1
        self.s = s[:hi]
        self.lo = lo

    def fail(self, start: int, end: int, reason: str) -> DatePhraseError:
        return DatePhraseError(self.text, self.folded.original(start, end), reason)

    def refuse_non_dates(self) -> None:
        """Clock times, list numbers and approximate words are never read as dates."""
        s, lo = self.s, self.lo
        if lo >= len(s):
            raise DatePhraseError(self.text, self.text.strip(), "the phrase is empty")
        clock = _CLOCK.search(s, lo)
        if clock:
            raise self.fail(clock.start(), clock.end(), "a clock time, not a date")
        listed = _LIST_NUMBER.search(s, lo)
        if listed:
            raise self.fail(listed.start(), listed.end(), "a list item number, not a date")
        if "、" in s[lo:]:
            at = s.index("、", lo)
            raise self.fail(at, at + 1, "a list of dates (、), not one window")
        for word in _APPROXIMATE:
            at = s.find(word, lo)
            if at >= 0:
                raise self.fail(at, at + len(word), "an approximate time cannot be read exactly")

    def take(self, pos: int, *words: str) -> tuple[str, int]:
        """The first of ``words`` found at ``pos`` (and the position after it), or ("", pos)."""
        for word in words:
            if self.s.startswith(word, pos):
                return word, pos + len(word)
        return "", pos
