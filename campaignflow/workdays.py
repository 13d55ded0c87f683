"""Working days (工作日) in mainland China, 调休 weekends included.

Official holiday and 调休 tables come from chinese-calendar where it covers the year; for other years
Monday–Friday is assumed and a :class:`CoverageNote` says so (once per year, never printed). A plan
may add its own days off and working days. Each year is turned once into a table of cumulative
counts, so every query is O(1) (or a bisection) — the escalation sweep asks 100,000 times per run.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import chinese_calendar

from campaignflow.errors import CampaignflowError

_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class CoverageNote:
    """A year outside the official holiday tables, for which Monday–Friday was assumed."""

    year: int
    message: str


@functools.cache
def _table_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class _Year:
    first: datetime.date
    offset: int  # working days from the first year built up to this year's start (negative before it)
    workday: bytes  # 1 per working day, indexed by day of year - 1
    cumulative: list[int]  # working days from 1 January to that day, inclusive

    @property
    def total(self) -> int:
        return self.cumulative[-1]


class WorkCalendar:
    """Answers working-day questions; ``holidays`` and ``workdays`` override the official tables."""

    def __init__(
        self, *, holidays: Iterable[datetime.date] = (), workdays: Iterable[datetime.date] = ()
    ) -> None:
        self._off = frozenset(holidays)
        self._on = frozenset(workdays)
        both = self._off & self._on
        if both:
            raise CampaignflowError(f"{min(both)} is given both as a holiday and as a working day")
        self._years: dict[int, _Year] = {}
        self._notes: dict[int, CoverageNote] = {}

    def covers(self, year: int) -> bool:
        """Whether the official holiday tables know this year."""
        return _table_covers(year)

    @property
    def coverage_notes(self) -> tuple[CoverageNote, ...]:
        """One note per year met so far that fell outside the tables, in the order first met."""
        return tuple(self._notes.values())

    def is_workday(self, d: datetime.date) -> bool:
        """Whether ``d`` is a working day."""
        year = self._year(d.year)
        return bool(year.workday[d.toordinal() - year.first.toordinal()])

    def workdays_between(self, a: datetime.date, b: datetime.date) -> int:
        """Working days d with a < d <= b (negative when b < a): "overdue by N working days"."""
        if b < a:
            return -self.workdays_between(b, a)
        return self._count_to(b) - self._count_to(a)

    def count_workdays(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in [start, end], both inclusive (0 when end < start): a phase's 工作日数."""
        if end < start:
            return 0
        return self.workdays_between(start - _ONE_DAY, end)

    def add_workdays(self, d: datetime.date, n: int) -> datetime.date:
        """The n-th working day after ``d`` (before it when n < 0); ``d`` itself when n == 0."""
        if n == 0:
            return d
        if n > 0:
            target = self._count_to(d) + n  # the first day whose running count reaches target
            year = d.year
            while True:
                table = self._year(year)
                if table.offset + table.total >= target:
                    index = bisect.bisect_left(table.cumulative, target - table.offset)
                    return table.first + datetime.timedelta(days=index)
                year += 1
        target = self._count_to(d - _ONE_DAY) + n + 1  # the |n|-th working day strictly before d
        year = d.year
        while True:
            table = self._year(year)
            if target > table.offset:
                index = bisect.bisect_left(table.cumulative, target - table.offset)
                return table.first + datetime.timedelta(days=index)
            year -= 1

    def _count_to(self, d: datetime.date) -> int:
        """A running count of working days up to ``d`` inclusive; only differences of it mean anything."""
        table = self._year(d.year)
        return table.offset + table.cumulative[d.toordinal() - table.first.toordinal()]

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            anchor = next(iter(self._years), year)  # counts run from the first year ever built
            step = 1 if year >= anchor else -1
            for y in range(anchor, year + step, step):
                if y not in self._years:
                    self._years[y] = self._build(y, anchor, step)
            table = self._years[year]
        return table

    def _build(self, year: int, anchor: int, step: int) -> _Year:
        first = datetime.date(year, 1, 1)
        days = (datetime.date(year + 1, 1, 1) - first).days
        covered = self.covers(year)
        if not covered:
            self._notes[year] = CoverageNote(
                year,
                f"{year}: not in the official holiday tables (chinese-calendar); Monday–Friday assumed",
            )
        flags = bytearray(days)
        for i in range(days):
            d = first + datetime.timedelta(days=i)
            if d in self._on:
                flags[i] = 1
            elif d in self._off:
                flags[i] = 0
            elif covered:
                flags[i] = chinese_calendar.is_workday(d)
            else:
                flags[i] = d.weekday() < 5
        cumulative = list(itertools.accumulate(flags))
        if year == anchor:
            offset = 0
        elif step > 0:
            before = self._years[year - 1]
            offset = before.offset + before.total
        else:
            offset = self._years[year + 1].offset - cumulative[-1]
        return _Year(first, offset, bytes(flags), cumulative)


DEFAULT = WorkCalendar()


def is_workday(d: datetime.date) -> bool:
    """Whether ``d`` is a working day by the official tables (Monday–Friday outside them)."""
    return DEFAULT.is_workday(d)


def add_workdays(d: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``d`` (before it when n < 0)."""
    return DEFAULT.add_workdays(d, n)


def workdays_between(a: datetime.date, b: datetime.date) -> int:
    """Working days d with a < d <= b."""
    return DEFAULT.workdays_between(a, b)
