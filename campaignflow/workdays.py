"""Working days (工作日) in mainland China, 调休 weekends included.

The official holiday and 调休 tables come from chinese-calendar where it covers the year; for any
other year Monday–Friday is assumed and a :class:`CoverageNote` says so (once per year and calendar,
never printed: the caller decides how to show it). A plan may declare its own extra days off and
extra working days, which override both. Each year is turned, once and lazily, into a table of
cumulative working-day counts, so ``is_workday`` and ``workdays_between`` are O(1) and
``add_workdays`` is a bisection — the escalation sweep asks 100,000 times per run.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

from campaignflow.daterange import FIRST_YEAR, LAST_YEAR, RANGE_TEXT
from campaignflow.errors import CampaignflowError

__all__ = [
    "DEFAULT",
    "CoverageNote",
    "WorkCalendar",
    "add_workdays",
    "is_workday",
    "plain_date",
    "workdays_between",
]


@dataclass(frozen=True)
class CoverageNote:
    """A year outside the official holiday tables, for which Monday–Friday was assumed."""

    year: int
    message: str


@functools.cache
def _tables() -> ModuleType:
    """chinese-calendar, imported on the first working-day question: checking a plan rarely asks one."""
    import chinese_calendar  # noqa: PLC0415 - its tables cost every command that loads this module

    tables: ModuleType = chinese_calendar
    return tables


@functools.cache
def _table_covers(year: int) -> bool:
    """Whether chinese-calendar has the official table for ``year`` (found by asking it, not by a list)."""
    try:
        _tables().is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.cache
def _coverage_text() -> str:
    """ "covers 2004–2026", from the installed chinese-calendar's own table, for coverage notes."""
    try:
        years = {d.year for d in _tables().holidays}
        return f"covers {min(years)}–{max(years)}"
    except (AttributeError, TypeError, ValueError):
        return "does not cover it"


@dataclass(frozen=True)
class _Year:
    """One year's working days: a flag per day and the running count, both indexed by day of year - 1."""

    first: int  # ordinal of 1 January
    flags: bytes
    cumulative: tuple[int, ...]  # working days from 1 January up to and including that day

    @property
    def total(self) -> int:
        return self.cumulative[-1]


class WorkCalendar:
    """Answers working-day questions; ``holidays`` and ``workdays`` override the official tables.

    ``holidays`` are extra days off, ``workdays`` extra working days (a 调休 Saturday the tables do
    not know, say); a day may not be both.
    """

    def __init__(
        self, *, holidays: Iterable[datetime.date] = (), workdays: Iterable[datetime.date] = ()
    ) -> None:
        self._off = frozenset(plain_date(d) for d in holidays)
        self._on = frozenset(plain_date(d) for d in workdays)
        both = self._off & self._on
        if both:
            raise CampaignflowError(f"{min(both)} is given both as a holiday and as a working day")
        self._years: dict[int, _Year] = {}
        self._notes: dict[int, CoverageNote] = {}

    def covers(self, year: int) -> bool:
        """Whether the official holiday tables know ``year``."""
        return _table_covers(year)

    @property
    def coverage_notes(self) -> tuple[CoverageNote, ...]:
        """One note per year met so far that fell outside the tables, in the order first met."""
        return tuple(self._notes.values())

    def is_workday(self, d: datetime.date) -> bool:
        """Whether ``d`` is a working day."""
        table = self._year(d.year)
        return bool(table.flags[d.toordinal() - table.first])

    def workdays_between(self, a: datetime.date, b: datetime.date) -> int:
        """The working days d with a < d <= b; negative, -workdays_between(b, a), when b < a.

        "Overdue by N working days" is ``workdays_between(due, as_of)``. For n >= 0, and for n < 0
        from a working day, ``workdays_between(d, add_workdays(d, n)) == n``.
        """
        if b < a:
            return -self._after(b, a)
        return self._after(a, b)

    def count_workdays(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in [start, end], both inclusive (0 when end < start): a phase's 工作日数."""
        if end < start:
            return 0
        return self._after(start, end) + self._flag(start)

    def add_workdays(self, d: datetime.date, n: int) -> datetime.date:
        """The n-th working day after ``d`` (before it when n < 0); ``d`` itself when n == 0."""
        if n == 0:
            return plain_date(d)
        year = d.year
        table = self._year(year)
        index = d.toordinal() - table.first
        # the wanted day's rank among its year's working days (1 = the year's first working day):
        # counting on from d, or back from the day before d
        before = table.cumulative[index] - table.flags[index]
        target = table.cumulative[index] + n if n > 0 else before + n + 1
        while target > table.total:
            target -= table.total
            year += 1
            table = self._year(_within(year, d, n))
        while target <= 0:
            year -= 1
            table = self._year(_within(year, d, n))
            target += table.total
        return datetime.date.fromordinal(table.first + bisect.bisect_left(table.cumulative, target))

    def _flag(self, d: datetime.date) -> int:
        table = self._year(d.year)
        return table.flags[d.toordinal() - table.first]

    def _after(self, a: datetime.date, b: datetime.date) -> int:
        """Working days d with a < d <= b, for a <= b: O(1) within a year, plus one sum per year crossed."""
        table_a, table_b = self._year(a.year), self._year(b.year)
        count_a = table_a.cumulative[a.toordinal() - table_a.first]
        count_b = table_b.cumulative[b.toordinal() - table_b.first]
        if a.year == b.year:
            return count_b - count_a
        between = sum(self._year(y).total for y in range(a.year + 1, b.year))
        return table_a.total - count_a + between + count_b

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            table = self._years[year] = self._build(year)
        return table

    def _build(self, year: int) -> _Year:
        first = datetime.date(year, 1, 1)
        days = (datetime.date(year + 1, 1, 1) - first).days if year < 9999 else 365
        covered = self.covers(year)
        if not covered:
            message = (
                f"no official holiday table (chinese-calendar {_coverage_text()}); Monday–Friday assumed"
            )
            self._notes[year] = CoverageNote(year, f"{year}: {message}")
        official = _tables().is_workday
        flags = bytearray(days)
        for i in range(days):
            d = first + datetime.timedelta(days=i)
            if d in self._on:
                flags[i] = 1
            elif d in self._off:
                flags[i] = 0
            elif covered:
                flags[i] = official(d)
            else:
                flags[i] = d.weekday() < 5
        return _Year(first.toordinal(), bytes(flags), tuple(itertools.accumulate(flags)))


def _within(year: int, d: datetime.date, n: int) -> int:
    """``year`` if a count of working days may reach it; else the count is refused (and cannot loop)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CampaignflowError(
            f"{n} working days from {d.isoformat()} goes beyond the supported dates ({RANGE_TEXT})"
        )
    return year


def plain_date(d: datetime.date) -> datetime.date:
    """A plain ``datetime.date`` of ``d`` (pendulum's Date and DateTime are subclasses with other reprs)."""
    return datetime.date(d.year, d.month, d.day)


DEFAULT = WorkCalendar()


def is_workday(d: datetime.date) -> bool:
    """Whether ``d`` is a working day by the official tables (Monday–Friday outside them)."""
    return DEFAULT.is_workday(d)


def add_workdays(d: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``d`` (before it when n < 0), by the default calendar."""
    return DEFAULT.add_workdays(d, n)


def workdays_between(a: datetime.date, b: datetime.date) -> int:
    """Working days d with a < d <= b (negative, b <= d < a, when b < a), by the default calendar."""
    return DEFAULT.workdays_between(a, b)
