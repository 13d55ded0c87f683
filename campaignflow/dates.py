"""Chinese date phrases → exact windows and deadlines.

Plans state their timetable in the document's words: "2012年4月25日至5月15日", "7月下旬—7月底",
"3-6月份", "12月10日前", "国庆节前". This module reads such phrases the way a careful clerk does — with
the plan's year where a phrase omits it — and refuses, with a :class:`DatePhraseError` naming the part
it could not read, anything it cannot read with certainty: clock times, list numbers, approximate
phrases ("左右"). Lengths of time live in :mod:`campaignflow.durations` (re-exported here). The clock is
never read. See docs/dates.md for the conventions.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from campaignflow import festivals
from campaignflow.daterange import RANGE_TEXT, supported
from campaignflow.durations import Duration, add_duration, month_days, parse_duration
from campaignflow.errors import DatePhraseError
from campaignflow.phrase import Phrase

__all__ = ["Duration", "Window", "add_duration", "parse_deadline", "parse_duration", "parse_window"]


@dataclass(frozen=True)
class Window:
    """An inclusive date window; ``start`` is None for a deadline-only phrase ("6月15日前")."""

    text: str
    start: datetime.date | None
    end: datetime.date


_SEP = r"(?:一直到|直到|直至|至|到|[-—–―‐‑−~〜]+)"
_SEP_RE = re.compile(_SEP)
_ISO = re.compile(r"([0-9]{4})([-./])([0-9]{1,2})\2([0-9]{1,2})(?![0-9])")
_MONTH_DAY = re.compile(r"([0-9]{1,2})([./])([0-9]{1,2})(?![0-9./])")  # the 3.15 of 2023.3.1-3.15
_YEAR = re.compile(r"([0-9]{4})年|(今年|本年|明年|去年|次年|翌年)")
_YEAR_WORDS = {"今年": 0, "本年": 0, "明年": 1, "去年": -1}
_FOLLOWING_YEAR = ("次年", "翌年")  # the year after the start's: only an end may say it
_PART = r"上中旬|中下旬|上旬|中旬|下旬|初|中|底|末"
_PARTS: dict[str, tuple[int, int]] = {  # day ranges; 31 stands for "the last day of the month"
    "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "上中旬": (1, 20), "中下旬": (11, 31),
    "初": (1, 10), "中": (11, 20), "底": (31, 31), "末": (31, 31),
}  # fmt: skip
_MONTH = re.compile(rf"([0-9]{{1,2}})月份?(?:({_PART})|([0-9]{{1,2}})[日号]|([0-9]{{1,2}})(?={_SEP}))?")
_DAY = re.compile(r"([0-9]{1,2})[日号]")
_PART_ONLY = re.compile(r"月?(上中旬|中下旬|上旬|中旬|下旬)|月(初|中|底|末)")
_SPANS = re.compile(r"第?([0-9])季度|(上半年|下半年|全年)|(年底|年末|年内)")
_PART_AFTER_DAY = re.compile(_PART)
_BARE = re.compile(rf"([0-9]{{1,2}})(?={_SEP})")
_FESTIVAL = re.compile("|".join(festivals.NAMES))
_BEFORE = ("以前", "之前", "前")
_TODAY = ("即日起", "即日开始", "即日", "今日起")  # the day the plan is issued: a start no phrase can date


@dataclass
class _Point:
    """One end of a phrase as written, before missing years and months are filled in from the other end."""

    start: int  # position in the folded text, for error messages
    end: int
    year: int | None = None
    digits: bool = False  # the year is written in figures (2012年, 2012-04-25), not as 今年/明年
    next_year: bool = False  # 次年: the year after the other end's
    month: int | None = None
    day: int | None = None
    part: str | None = None  # 上旬, 初, 底 …
    months: tuple[int, int] | None = None  # a quarter, a half year or the whole year
    year_end: bool = False  # 年底
    within_year: bool = False  # 年内
    bare: int | None = None  # a number whose unit comes from the other end: the 3 of "3-6月份"
    iso: bool = False
    separator: str = ""  # of an ISO-like date: "-", "." or "/"
    festival: str | None = None  # 春节, 国庆节 …: a day, once the year is known

    def dated(self) -> bool:
        """Whether the point names its days itself, rather than taking a month from the other end."""
        return self.month is not None or self.months is not None or self.year_end or self.festival is not None

    def anchor_month(self) -> int:
        """The month a range end is compared by when deciding whether the end rolls into the next year."""
        if self.months is not None:
            return self.months[0]
        return self.month if self.month is not None else 12


class _Reader(Phrase):
    """Reads one date phrase with the plan's year."""

    def __init__(self, text: str, year: int) -> None:
        super().__init__(text)
        self.year = year

    def point(self, pos: int, *, allow_bare: bool) -> _Point | None:
        """Read one end of a phrase at ``pos``, or None when nothing there looks like a date."""
        p = _Point(pos, pos)
        iso = _ISO.match(self.s, pos)
        if iso:
            p.year, p.month, p.day, p.iso, p.end = int(iso[1]), int(iso[3]), int(iso[4]), True, iso.end()
            p.separator = iso[2]
            p.digits = True
            return p
        year = _YEAR.match(self.s, pos)
        if year:
            if year[1]:
                p.year, p.digits = int(year[1]), True
            elif year[2] in _FOLLOWING_YEAR:
                p.next_year = True
            else:
                p.year = self.year + _YEAR_WORDS[year[2]]
            tail, p.end = self.take(year.end(), "底", "末", "内", "度")  # 2012年底, 今年内, 2011年度
            if tail == "度":
                p.months = (1, 12)
            elif tail:
                p.year_end, p.within_year = tail != "内", tail == "内"
            elif not self.after_year(p, allow_bare=allow_bare):
                p.months = (1, 12)  # "2012年" alone: the whole year
            return p
        return p if self.after_year(p, allow_bare=allow_bare) else None

    def after_year(self, p: _Point, *, allow_bare: bool) -> bool:
        """Read what may follow a year (or start a point) at ``p.end``: a month, a day, a quarter …"""
        s, pos = self.s, p.end
        spans = _SPANS.match(s, pos)
        month = _MONTH.match(s, pos)
        day = _DAY.match(s, pos)
        part = _PART_ONLY.match(s, pos)
        bare = _BARE.match(s, pos) if allow_bare else None
        if spans:
            if spans[1]:
                quarter = int(spans[1])
                if not 1 <= quarter <= 4:
                    raise self.fail(spans.start(), spans.end(), "there are four quarters (季度)")
                p.months = (3 * quarter - 2, 3 * quarter)
            elif spans[2]:
                p.months = {"上半年": (1, 6), "下半年": (7, 12)}.get(spans[2], (1, 12))
            else:
                p.year_end, p.within_year = spans[3] != "年内", spans[3] == "年内"
            p.end = spans.end()
        elif month:
            p.month, p.part = int(month[1]), month[2]
            if month[3]:
                p.day = int(month[3])
                part_after = _PART_AFTER_DAY.match(s, month.end())
                if part_after:
                    raise self.fail(p.start, part_after.end(), "a day and a part of the month together")
            elif month[4] and allow_bare:
                p.bare = int(month[4])
            p.end = month.end() if (month[4] is None or allow_bare) else month.start(4)
        elif day:
            p.day, p.end = int(day[1]), day.end()
        elif part:
            p.part, p.end = part[1] or part[2], part.end()
        elif bare:
            p.bare, p.end = int(bare[1]), bare.end()
        elif festival := _FESTIVAL.match(s, pos):
            p.festival, p.end = festival[0], festival.end()
        else:
            return False
        return True

    def read(self) -> Window:
        """Read the whole phrase: [从] point [开始[,]] [至 point [止]] | [截至] point [前]."""
        self.refuse_non_dates()
        s = self.s
        deadline, pos = self.take(self.lo, "截止到", "截至", "截止")
        if not deadline:
            _, pos = self.take(pos, "从", "自", "于", "由")
            today, after = self.take(pos, *_TODAY)
            if today:
                return self.from_today(pos, after)
        left = self.point(pos, allow_bare=True)
        if left is None:
            raise self.fail(pos, len(s), "not a date")
        pos = left.end
        started_at = pos
        started, pos = self.take(pos, "开始", "起")
        if started:
            _, pos = self.take(pos, ",")
        sep = _SEP_RE.match(s, pos)
        if sep and not deadline:
            right = self.point(sep.end(), allow_bare=False) or self.month_day(sep.end(), left)
            if right is None:
                at = sep.end() if sep.end() < len(s) else sep.start()
                raise self.fail(at, len(s), "the range has no readable end")
            return self.range(left, self.end_of_range(right))
        if started:
            raise self.fail(started_at, len(s), "a start with no end; give the end too (从…至…)")
        before, pos = self.take(pos, *_BEFORE, "截止", "为止", "止")  # "4月10日截止", "4月10日止"
        done, pos = self.take(pos, "完成")  # "11月底前完成", "8月完成": done by then
        if deadline and not (before or done):
            _, pos = self.take(pos, "为止", "止")
        if not (before or done):
            _, pos = self.take(pos, "期间")  # "3月期间": the window itself
        if pos != len(s):
            bare = s[pos:].isascii() and s[pos:].isdigit()
            raise self.fail(pos, len(s), "a number with no 月 or 日" if bare else "not a date")
        return self.single(left, deadline_words=bool(deadline or before), done=bool(done))

    def month_day(self, pos: int, left: _Point) -> _Point | None:
        """``3.15`` ending a range that starts ``2023.3.1`` (the same separator, ``.`` or ``/``): a month
        and a day, the year taken from the start; never read alone, where it could be a number."""
        found = _MONTH_DAY.match(self.s, pos)
        if found is None or left.separator not in (".", "/") or found[2] != left.separator:
            return None
        return _Point(pos, found.end(), month=int(found[1]), day=int(found[3]), iso=True)

    def end_of_range(self, right: _Point) -> _Point:
        """Check what follows a range's end: nothing, 止/为止/结束/期间, or 前 after a day (``至春节前``),
        and 完成 after nothing or 前 (``3月至5月底前完成``)."""
        word, pos = self.take(right.end, "为止", "止", "结束", "期间", *_BEFORE)
        if not word or word in _BEFORE:
            _, pos = self.take(pos, "完成")
        if pos != len(self.s):
            raise self.fail(pos, len(self.s), "not part of a date range")
        if word in _BEFORE and not (right.day is not None or right.part or right.year_end or right.festival):
            raise self.fail(right.start, pos, "a deadline names a day (e.g. 6月15日前, 6月底前)")
        return right

    def from_today(self, at: int, pos: int) -> Window:
        """``从即日起至12月底``: no phrase dates the day the plan is issued, so the window has an end only."""
        _, pos = self.take(pos, ",")
        sep = _SEP_RE.match(self.s, pos)
        right = self.point(sep.end(), allow_bare=False) if sep else None
        if right is None:
            raise self.fail(at, len(self.s), "即日起 needs an end (从即日起至…)")
        self.end_of_range(right)
        if right.next_year or right.within_year:
            raise self.fail(right.start, right.end, "cannot end a range from 即日起; write the year")
        if not right.dated():
            raise self.fail(right.start, right.end, "no month is given")
        _, end = self.days(right, right.year if right.year is not None else self.year)
        return Window(self.text, None, end)

    def single(self, p: _Point, *, deadline_words: bool, done: bool = False) -> Window:
        """A phrase with one point: a day, a month, a part of a month, a quarter, a deadline; ``done``
        (``8月完成``) makes any of them a deadline on its last day."""
        if p.bare is not None:
            raise self.fail(p.start, p.end, "a number with no 月 or 日")
        if p.next_year:
            raise self.fail(p.start, p.end, "次年 is only read at the end of a range")
        if not (p.dated() or p.within_year):
            raise self.fail(p.start, p.end, "no month is given")
        if p.within_year and deadline_words:
            raise self.fail(p.start, len(self.s), "年内 is already a deadline")
        first, last = self.days(p, p.year if p.year is not None else self.year)
        if p.year_end or p.within_year:
            return Window(self.text, None, last)
        if deadline_words:
            if first != last and not p.part:  # 9月中旬前: by the 旬's last day
                raise self.fail(p.start, len(self.s), "a deadline names a day (e.g. 6月15日前, 6月底前)")
            return Window(self.text, None, last)
        return Window(self.text, None if done else first, last)

    def range(self, left: _Point, right: _Point) -> Window:
        """A range: fill each end's missing unit, month and year from the other end, then check order."""
        if left.year_end or left.within_year or left.next_year:
            raise self.fail(left.start, left.end, "cannot start a range")
        if right.within_year:
            raise self.fail(right.start, right.end, "年内 cannot end a range")
        if left.bare is not None:  # "3-6月份" (months) or "4月25-30日" (days)
            if left.month is not None and right.day is not None and not right.iso:
                left.day = left.bare
            elif left.month is None and right.month is not None and right.day is None and not right.part:
                if right.year is not None or right.next_year or right.iso:
                    raise self.fail(left.start, right.end, "a year inside a range of months")
                left.month = left.bare
            else:
                raise self.fail(left.start, left.end, "a number whose unit (月 or 日) is not clear")
        if not right.dated():  # "30日", "月底", "中旬"
            if right.year is not None or right.next_year or left.month is None:
                raise self.fail(right.start, right.end, "no month is given")
            right.month, right.year = left.month, left.year
        if not left.dated():  # "25日至5月3日": the start takes the end's month
            if left.year is not None or right.month is None or right.next_year:
                raise self.fail(left.start, left.end, "no month is given")
            left.month, left.year = right.month, right.year
        if left.year is None and right.digits and right.year is not None:  # "3月-2010年7月"
            left.year = right.year - (1 if self.later(left, right, right.year) else 0)
        if left.year is None:  # "3月至明年5月": the plan's year
            left.year = self.year
        if right.next_year:
            right.year = left.year + 1
        elif right.year is None:
            right.year = left.year + (1 if self.later(left, right, left.year) else 0)
        start, _ = self.days(left, left.year)
        _, end = self.days(right, right.year)
        if end < start:
            raise self.fail(left.start, right.end, f"the end ({end}) is before the start ({start})")
        return Window(self.text, start, end)

    def later(self, left: _Point, right: _Point, year: int) -> bool:
        """Whether, in one year, ``left`` falls after ``right`` (so the range rolls into the next year):
        compared by month, or by day where a festival's month depends on the year."""
        if left.festival is None and right.festival is None:
            return right.anchor_month() < left.anchor_month()
        return self.days(right, year)[1] < self.days(left, year)[0]

    def days(self, p: _Point, year: int) -> tuple[datetime.date, datetime.date]:
        """The first and last day ``p`` covers in ``year``."""
        try:
            if p.festival is not None:
                day = festivals.day_of(p.festival, year)
                return day, day
            if p.months is not None or p.year_end or p.within_year:
                first_month, last_month = p.months or ((12, 12) if p.year_end else (1, 12))
                first = datetime.date(year, first_month, 1)
                last = datetime.date(year, last_month, month_days(year, last_month))
                if p.year_end:
                    first = last
                return first, last
            assert p.month is not None
            month_start = datetime.date(year, p.month, 1)
            last_day = month_days(year, p.month)
            if p.day is not None:
                day = datetime.date(year, p.month, p.day)
                return day, day
            low, high = _PARTS[p.part] if p.part else (1, 31)
            return month_start.replace(day=min(low, last_day)), month_start.replace(day=min(high, last_day))
        except (ValueError, OverflowError):
            raise self.fail(p.start, p.end, f"no such date in {year}") from None


def parse_window(text: str, year: int) -> Window:
    """Read a window phrase; ``year`` is the plan's year, used where the phrase omits it.

    Raises :class:`DatePhraseError` for anything not read with certainty, and for a window outside
    the supported dates (1949–2100).
    """
    window = _Reader(text, year).read()
    for day in (window.start, window.end):
        if day is not None and not supported(day):
            raise DatePhraseError(text, text.strip(), f"{day} is outside the supported dates ({RANGE_TEXT})")
    return window


def parse_deadline(text: str, year: int) -> datetime.date:
    """Read a deadline ("12月10日前", "11月底前", "年底", "2012-12-10"): the last day it allows."""
    window = parse_window(text, year)
    if window.start is not None and window.start != window.end:
        raise DatePhraseError(text, text.strip(), "a deadline names one day (e.g. 6月15日前), not a span")
    return window.end
