"""Lengths of time ("2个月", "为期半年", "5个工作日") and moving a day on by one.

Month arithmetic (the standard library's calendar) re-snaps month ends: a phase ending 10-31 extended
by 2个月 ends 12-31. Working days are counted by a :class:`~campaignflow.workdays.WorkCalendar`.
"""

from __future__ import annotations

import datetime
import re
from calendar import monthrange
from dataclasses import dataclass

from campaignflow.daterange import LAST_DAY, RANGE_TEXT, check_day
from campaignflow.errors import CampaignflowError
from campaignflow.phrase import Phrase
from campaignflow.workdays import DEFAULT, WorkCalendar

__all__ = ["Duration", "add_duration", "month_days", "parse_duration"]


@dataclass(frozen=True)
class Duration:
    """A length of time from a phrase such as "2个月", "半年", "三周" or "5个工作日"."""

    text: str
    months: int = 0
    days: int = 0
    workdays: int = 0


_DURATION = re.compile(
    r"(?:为期|延期|延长|顺延)?(?:([0-9]{1,4})(个月|年|周|个星期|星期|天|日|个工作日|工作日)|(半年|半个月))(?:时间)?"
)


def parse_duration(text: str) -> Duration:
    """Read a length of time such as "2个月", "为期半年", "三周" or "5个工作日" (for extensions and rules).

    "半年" is 6 months, "半个月" 15 days, a week 7 days. Approximate lengths ("3个月左右", "两个多月")
    are refused: they are not exact.
    """
    reader = Phrase(text)
    reader.refuse_non_dates()
    s, lo = reader.s, reader.lo
    match = _DURATION.fullmatch(s, lo)
    if match is None:
        raise reader.fail(lo, len(s), "not a length of time such as 2个月, 半年, 三周 or 5个工作日")
    if match[3]:
        return Duration(text, months=6) if match[3] == "半年" else Duration(text, days=15)
    n, unit = int(match[1]), match[2]
    if n == 0:
        raise reader.fail(match.start(1), match.end(), "a length of zero")
    if unit in ("个月", "年"):
        return Duration(text, months=n * (12 if unit == "年" else 1))
    if unit in ("周", "个星期", "星期"):
        return Duration(text, days=7 * n)
    if unit in ("天", "日"):
        return Duration(text, days=n)
    return Duration(text, workdays=n)


_BEYOND = LAST_DAY.toordinal() + 400  # a rough bound first: the exact check is on the result


def add_duration(d: datetime.date, duration: Duration, calendar: WorkCalendar | None = None) -> datetime.date:
    """``d`` moved on by ``duration``: months, then days, then working days (by ``calendar``).

    A month end stays a month end (10-31 + 2个月 = 12-31, 11-30 + 2个月 = 01-31); any other day is
    clamped to the target month (01-31 is a month end; 01-30 + 1个月 = 02-29 in 2012).
    """
    if d.toordinal() + 31 * duration.months + duration.days + 2 * duration.workdays > _BEYOND:
        raise CampaignflowError(
            f"{d.isoformat()} + {duration.text} goes beyond the supported dates ({RANGE_TEXT})"
        )  # checked before adding, so no length overflows a date or counts working days for ever
    moved = datetime.date(d.year, d.month, d.day)
    if duration.months:
        month_end = moved.day == month_days(moved.year, moved.month)
        year, month = divmod(moved.year * 12 + moved.month - 1 + duration.months, 12)
        last = month_days(year, month + 1)
        moved = datetime.date(year, month + 1, last if month_end else min(moved.day, last))
    if duration.days:
        moved += datetime.timedelta(days=duration.days)
    result = moved
    if duration.workdays:
        result = (calendar or DEFAULT).add_workdays(result, duration.workdays)
    return check_day(result, f"{d.isoformat()} + {duration.text} =")


def month_days(year: int, month: int) -> int:
    """How many days ``month`` of ``year`` has (the stdlib's calendar; pendulum is not needed for it)."""
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} is out of range")
    return monthrange(year, month)[1]
