"""Chinese date phrases → exact windows, deadlines and durations.

Plans state their timetable in words: "2012年4月25日至5月15日", "7月下旬—7月底", "3-6月份", "12月10日前".
This module reads such phrases the way a careful clerk does, with the plan's year where a phrase omits
it, and refuses — with :class:`DatePhraseError` naming the unread part — anything it cannot read with
certainty: clock times, list numbers, approximate phrases ("左右"). Arithmetic uses pendulum; month
ends are re-snapped (a phase ending 10-31 extended by 2个月 ends 12-31). The clock is never read.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass

import opencc
import pendulum

from campaignflow.errors import DatePhraseError
from campaignflow.workdays import DEFAULT, WorkCalendar


@dataclass(frozen=True)
class Window:
    """An inclusive date window; ``start`` is None for a deadline-only phrase ("6月15日前")."""

    text: str
    start: datetime.date | None
    end: datetime.date


@dataclass(frozen=True)
class Duration:
    """A length of time from a phrase such as "2个月", "半年", "三周" or "5个工作日"."""

    text: str
    months: int = 0
    days: int = 0
    workdays: int = 0


_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMERAL_RUN = re.compile(r"[〇○零一二两三四五六七八九十]+(?=年|月|日|号|季度|个|周|星期|天)")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_LIST_NUMBER = re.compile(r"(?:^|[^\d.])\d{1,2}、")
_APPROXIMATE = ("左右", "前后", "大约", "大概", "约")
_RANGE = r"(?:一直到|直至|至|到|—+|–|-|~|〜|―)"
_PART = r"上中旬|中下旬|上旬|中旬|下旬|初|中|底|末"
_PARTS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "上中旬": (1, 20), "中下旬": (11, 31),
          "初": (1, 10), "中": (11, 20), "底": (31, 31), "末": (31, 31)}  # fmt: skip
_QUARTERS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def _point(side: str) -> str:
    """A regex for one end of a range, with named groups prefixed by ``side``."""
    s = side
    return (
        rf"(?:(?P<{s}iso>\d{{4}})[-./](?P<{s}isom>\d{{1,2}})[-./](?P<{s}isod>\d{{1,2}})"
        rf"|(?:(?P<{s}y>\d{{4}})年|(?P<{s}yw>今年|本年|当年|明年|去年))?"
        rf"(?:第?(?P<{s}q>[1-4])季度|(?P<{s}half>上半年|下半年)|(?P<{s}whole>全年)|(?P<{s}yend>年底|年末|年内)"
        rf"|(?:(?P<{s}m>\d{{1,2}})(?:月份|月)|(?P<{s}bare>\d{{1,2}})(?={_RANGE}))?"
        rf"(?:(?P<{s}d>\d{{1,2}})(?:日|号))?(?P<{s}part>{_PART})?))"
    )


_LEFT = re.compile(_point("l"))
_SEP = re.compile(_RANGE)
_RIGHT = re.compile(_point("r"))
_BEFORE = re.compile(r"(?:以前|之前|前)")
_DEADLINE_PREFIX = re.compile(r"^(?:截至|截止到|截止)")
_FROM_PREFIX = re.compile(r"^(?:从|自|于|由)")


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _numerals(run: str) -> str:
    """二〇一二 → 2012 digit by digit; 三十一 → 31 and 十一 → 11 positionally."""
    if "十" not in run:
        return "".join(str(_DIGITS[c]) for c in run)
    tens, _, units = run.partition("十")
    return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0))


def normalize(text: str) -> str:
    """Fold a phrase to one spelling: simplified, half-width, Arabic digits, no spaces or brackets."""
    folded = unicodedata.normalize("NFKC", _t2s().convert(text))
    folded = re.sub(r"\s+", "", folded)
    folded = _NUMERAL_RUN.sub(lambda m: _numerals(m.group()), folded)
    folded = folded.strip("()[]【】〔〕<>《》,.;:、。!?\"'“”")
    folded = folded.replace("开始", "").replace("结束", "").replace("为止", "").removesuffix("止")
    return re.sub(r",(?=一直到|直至|至|到)", "", folded)


def _refuse_non_dates(text: str, folded: str) -> None:
    clock = _CLOCK.search(folded)
    if clock:
        raise DatePhraseError(text, clock.group(), "a clock time, not a date")
    listed = _LIST_NUMBER.search(folded)
    if listed:
        raise DatePhraseError(text, listed.group().lstrip(), "a list item number, not a date")
    for word in _APPROXIMATE:
        if word in folded:
            raise DatePhraseError(text, word, "an approximate time cannot be read exactly")


@dataclass
class _Point:
    """One end of a phrase as written: the parts given, before years and months are filled in."""

    year: int | None
    month: int | None
    day: int | None
    part: str | None
    whole: tuple[int, int] | None  # a span of months given as such: a quarter, a half, the whole year
    year_end: bool
    bare: bool


def _read_point(match: re.Match[str], side: str, text: str, year: int) -> _Point | None:
    g = {k[len(side) :]: v for k, v in match.groupdict().items() if k.startswith(side)}
    if not match.group():
        return None
    if g["iso"]:
        return _Point(int(g["iso"]), int(g["isom"]), int(g["isod"]), None, None, False, False)
    words = {"今年": year, "本年": year, "当年": year, "明年": year + 1, "去年": year - 1}
    y = int(g["y"]) if g["y"] else words.get(g["yw"] or "")
    whole: tuple[int, int] | None = None
    if g["q"]:
        whole = _QUARTERS[int(g["q"])]
    elif g["half"]:
        whole = (1, 6) if g["half"] == "上半年" else (7, 12)
    elif g["whole"]:
        whole = (1, 12)
    if g["bare"]:
        return _Point(y, int(g["bare"]), None, None, None, False, True)
    month = int(g["m"]) if g["m"] else None
    day = int(g["d"]) if g["d"] else None
    if day is not None and g["part"]:
        raise DatePhraseError(text, match.group(), "a day and a part of the month together")
    if month is None and day is None and g["part"] is None and whole is None and not g["yend"]:
        if y is None:
            return None
        whole = (1, 12)  # "2012年" alone: the whole year
    return _Point(y, month, day, g["part"], whole, bool(g["yend"]), False)


def _span(p: _Point, text: str) -> tuple[datetime.date, datetime.date]:
    """First and last day a point covers, once its year (and month, if it needs one) are known."""
    assert p.year is not None
    try:
        if p.whole is not None or p.year_end:
            first_month, last_month = p.whole or (12, 12)
            first = pendulum.date(p.year, first_month, 1)
            last = pendulum.date(p.year, last_month, 1).end_of("month")
            return _plain(first), _plain(last)
        if p.month is None:
            raise DatePhraseError(text, text, "no month is given")
        month_start = pendulum.date(p.year, p.month, 1)
        month_end = month_start.end_of("month")
        if p.day is not None:
            day = _plain(pendulum.date(p.year, p.month, p.day))
            return day, day
        low, high = _PARTS[p.part] if p.part else (1, 31)
        last_day = month_end.day
        return _plain(month_start.add(days=min(low, last_day) - 1)), _plain(
            month_start.add(days=min(high, last_day) - 1)
        )
    except DatePhraseError:
        raise
    except ValueError as exc:
        raise DatePhraseError(text, text, f"no such date ({exc})") from None


def _plain(d: datetime.date) -> datetime.date:
    return datetime.date(d.year, d.month, d.day)


def parse_window(text: str, year: int) -> Window:
    """Read a window phrase; ``year`` is the plan's year, used where the phrase omits it."""
    folded = normalize(text)
    _refuse_non_dates(text, folded)
    if not folded:
        raise DatePhraseError(text, text, "empty phrase")
    deadline = bool(_DEADLINE_PREFIX.match(folded))
    rest = _DEADLINE_PREFIX.sub("", folded)
    rest = _FROM_PREFIX.sub("", rest)
    left_match = _LEFT.match(rest)
    left = _read_point(left_match, "l", text, year) if left_match else None
    if left is None:
        raise DatePhraseError(text, rest, "no date here")
    pos = left_match.end() if left_match else 0
    right: _Point | None = None
    sep = _SEP.match(rest, pos)
    if sep:
        right_match = _RIGHT.match(rest, sep.end())
        right = _read_point(right_match, "r", text, year) if right_match else None
        if right is None:
            raise DatePhraseError(text, rest[sep.end() :] or rest[sep.start() :], "the range has no end date")
        pos = right_match.end() if right_match else pos
    before = _BEFORE.match(rest, pos)
    if before and right is None:
        deadline, pos = True, before.end()
    if pos != len(rest):
        raise DatePhraseError(text, rest[pos:], "not a date")
    if left.bare and right is None:
        raise DatePhraseError(text, rest, "a number with no 月 or 日")
    if right is None:
        left.year = left.year if left.year is not None else year
        first, last = _span(left, text)
        if left.year_end or deadline:
            return Window(text, None, last)
        return Window(text, first, last)
    if deadline:
        raise DatePhraseError(text, rest, "a range cannot also be a deadline")
    return _range(text, left, right, year)


def _range(text: str, left: _Point, right: _Point, year: int) -> Window:
    if left.bare:  # "3-6月份", "4-5月": the left number takes its unit from the right end
        left.bare = False
        if right.month is not None and right.day is None:
            left.part = None
        elif right.day is not None and right.month is None:
            left.month, left.day = None, left.month
        else:
            raise DatePhraseError(text, text, "the left end of the range is a bare number")
    if right.month is None and right.whole is None and not right.year_end:
        right.month = left.month  # "4月25日至30日", "8月上旬至中旬": same month as the start
    if left.month is None and left.whole is None and left.day is not None:
        left.month = right.month  # "25日至5月3日" is not read: a start day needs its month
        if left.month is None or (left.day > (right.day or 31)):
            raise DatePhraseError(text, text, "the start day has no month")
    if left.year is None:
        if right.year is not None and (left.month or 1) > (right.month or 12):
            left.year = right.year - 1
        else:
            left.year = right.year if right.year is not None else year
    if right.year is None:
        rolls = left.month is not None and right.month is not None and right.month < left.month
        right.year = left.year + 1 if rolls else left.year
    start, _ = _span(left, text)
    _, end = _span(right, text)
    if end < start:
        raise DatePhraseError(text, text, f"the end ({end}) is before the start ({start})")
    return Window(text, start, end)


def parse_deadline(text: str, year: int) -> datetime.date:
    """Read a deadline ("12月10日前", "11月底前", "年底", "2012-12-10"): the last day it allows."""
    window = parse_window(text, year)
    if window.start is not None and window.start != window.end:
        raise DatePhraseError(text, text, "a deadline names one day (e.g. 6月15日前), not a span")
    return window.end


_DURATION = re.compile(
    r"(?:为期)?(?:(?P<n>\d+)(?P<unit>个月|月|个工作日|工作日|周|个星期|星期|天|日|年)|(?P<half>半年|半个月))"
)


def parse_duration(text: str) -> Duration:
    """Read a length of time: "2个月", "两个月", "半年" (6 months), "三周" (21 days), "5个工作日"."""
    folded = normalize(text)
    _refuse_non_dates(text, folded)
    match = _DURATION.fullmatch(folded)
    if not match:
        raise DatePhraseError(text, folded or text, "not a duration such as 2个月, 半年, 三周 or 5个工作日")
    if match["half"]:
        return Duration(text, months=6) if match["half"] == "半年" else Duration(text, days=15)
    n, unit = int(match["n"]), match["unit"]
    if n == 0:
        raise DatePhraseError(text, folded, "a duration of zero")
    if unit in ("个月", "月"):
        return Duration(text, months=n)
    if unit == "年":
        return Duration(text, months=12 * n)
    if unit in ("周", "个星期", "星期"):
        return Duration(text, days=7 * n)
    if unit in ("天", "日"):
        return Duration(text, days=n)
    return Duration(text, workdays=n)


def add_duration(d: datetime.date, duration: Duration, calendar: WorkCalendar | None = None) -> datetime.date:
    """``d`` moved on by ``duration``; a month end stays a month end (10-31 + 2个月 = 12-31)."""
    moved = pendulum.date(d.year, d.month, d.day)
    if duration.months:
        month_end = moved == moved.end_of("month")
        moved = moved.add(months=duration.months)
        if month_end:
            moved = moved.end_of("month")
    moved = moved.add(days=duration.days)
    result = _plain(moved)
    if duration.workdays:
        result = (calendar or DEFAULT).add_workdays(result, duration.workdays)
    return result
