"""Recurring deadlines on fixed days (``每月10日、20日前``, ``每周五前``, ``每季度末``): every occurrence.

A :class:`~campaignflow.plan.Recurrence` with ``on`` days falls due on each of those days within its
range — its phase's window, or the campaign's span for a campaign-long duty. Each occurrence is a
deadline of its own: a submission covers one occurrence (the one named, or the earliest not yet
covered), so lateness is judged per period — late for March is late even if April is on time. The
same dates are written as an RFC 5545 ``RRULE`` for calendar apps, which expand to exactly these days.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from campaignflow.errors import CampaignflowError
from campaignflow.plan import Artifact, Phase, Plan
from campaignflow.recurrence import WEEKDAYS, Recurrence

__all__ = ["LAST", "WEEKDAYS", "Occurrence", "choose", "occurrences", "overdue", "rrule", "uncovered"]

#: The day word for "the last day of the period" (月末、季度末、年底).
LAST: Final = "末"
_BYDAY: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_MONTHS: Final = {"quarter": 3, "half_year": 6, "year": 12}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One period's deadline of a recurring artifact, and when a unit handed in for it (None: not yet)."""

    due: datetime.date
    handed_in: datetime.datetime | None = None

    def late(self, as_of: datetime.date) -> bool:
        """Late on ``as_of``: handed in after its day, or not handed in and its day has passed."""
        if self.handed_in is None:
            return as_of > self.due
        return self.handed_in.date() > self.due


def occurrences(rec: Recurrence, first: datetime.date, last: datetime.date) -> tuple[datetime.date, ...]:
    """Every due day of ``rec`` from ``first`` to ``last`` inclusive (empty without ``on`` days)."""
    if not rec.days:
        return ()
    found: list[datetime.date] = []
    if rec.every == "week":
        wanted = {WEEKDAYS.index(d) if isinstance(d, str) else d - 1 for d in rec.days}
        day = first
        while day <= last:
            if day.weekday() in wanted:
                found.append(day)
            day += datetime.timedelta(days=1)
        return tuple(found)
    year, month = first.year, first.month
    while datetime.date(year, month, 1) <= last:
        end = calendar.monthrange(year, month)[1]
        days: set[int] = set()
        if rec.every in ("month", "half_month"):
            for d in rec.days:
                days.add(end if d == LAST else int(d))
                if rec.every == "half_month" and d == LAST:
                    days.add(15)
        elif month % _MONTHS[rec.every] == 0:
            days.add(end)  # 季度末、半年末、年底
        found += [datetime.date(year, month, d) for d in sorted(days)]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(d for d in found if first <= d <= last)


def span_of(plan: Plan, phase: Phase | None) -> tuple[datetime.date, datetime.date]:
    """The days a recurring artifact runs over: its phase's window, or the campaign's span for a duty."""
    return (phase.start, phase.end) if phase is not None else plan.span


def rrule(rec: Recurrence, days: Sequence[datetime.date]) -> dict[str, object]:
    """The RFC 5545 recurrence rule that expands, from ``days[0]``, to exactly ``days``."""
    rule: dict[str, object] = {"COUNT": len(days)}
    if rec.every == "week":
        names = sorted({WEEKDAYS.index(d) if isinstance(d, str) else d - 1 for d in rec.days})
        rule.update(FREQ="WEEKLY", BYDAY=[_BYDAY[i] for i in names])
    elif rec.every in ("month", "half_month"):
        numbers = {-1 if d == LAST else int(d) for d in rec.days}
        if rec.every == "half_month":
            numbers.add(15)
        rule.update(FREQ="MONTHLY", BYMONTHDAY=sorted(numbers, key=lambda n: (n < 0, n)))
    elif rec.every == "year":
        rule.update(FREQ="YEARLY", BYMONTH=12, BYMONTHDAY=-1)
    else:
        rule.update(FREQ="MONTHLY", INTERVAL=_MONTHS[rec.every], BYMONTHDAY=-1)
    return rule


def covered(periods: Mapping[str, datetime.datetime] | None, due: datetime.date) -> datetime.datetime | None:
    return periods.get(due.isoformat()) if periods else None


def uncovered(
    days: Sequence[datetime.date], periods: Mapping[str, datetime.datetime] | None
) -> datetime.date | None:
    """The earliest due day nothing was handed in for, or None when every period is covered."""
    for day in days:
        if covered(periods, day) is None:
            return day
    return None


def choose(
    spec: Artifact,
    days: Sequence[datetime.date],
    periods: Mapping[str, datetime.datetime] | None,
    period: datetime.date | None,
) -> str:
    """The period a submission covers: ``period`` if it is one of the due days, else the earliest open one."""
    if period is not None:
        if not isinstance(period, datetime.date) or isinstance(period, datetime.datetime):
            raise CampaignflowError(f"period must be a date, not {period!r}")
        if period not in days:
            after = [d.isoformat() for d in days if d >= period][:3]
            hint = f"; the next: {', '.join(after)}" if after else ""
            raise CampaignflowError(f"{spec.name} ({spec.id}) is not due on {period}{hint}")
        return period.isoformat()
    found = uncovered(days, periods)
    if found is None:
        raise CampaignflowError(f"{spec.name} ({spec.id}): every period is handed in already")
    return found.isoformat()


def overdue(
    days: Sequence[datetime.date], periods: Mapping[str, datetime.datetime] | None, day: datetime.date
) -> datetime.date | None:
    """The earliest period due before ``day`` with nothing handed in (None: none is overdue)."""
    found = uncovered(days, periods)
    return found if found is not None and found < day else None
