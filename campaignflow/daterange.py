"""The dates campaignflow supports: 1949-01-01 to 2100-12-31, the span a plan's ``year`` may have.

Every date that is recorded or asked about — a plan's windows and deadlines, a phrase read by
``campaignflow dates``, ``at=`` of a command, ``as_of=`` of a sweep, a 限期整改 date, the end of an
extension, ``--today`` of a calendar — is checked against this range, so arithmetic on it cannot
overflow Python's dates (year 1 to 9999) and no command loops over thousands of years. Outside
it the library raises :class:`~campaignflow.errors.CampaignflowError` with the value and the range.
"""

from __future__ import annotations

import datetime
from typing import Final, TypeVar

from campaignflow.errors import CampaignflowError

__all__ = ["FIRST_DAY", "FIRST_YEAR", "LAST_DAY", "LAST_YEAR", "RANGE_TEXT", "check_day", "supported"]

FIRST_YEAR: Final = 1949
LAST_YEAR: Final = 2100
FIRST_DAY: Final = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY: Final = datetime.date(LAST_YEAR, 12, 31)
RANGE_TEXT: Final = f"{FIRST_DAY.isoformat()} – {LAST_DAY.isoformat()}"
D = TypeVar("D", bound=datetime.date)


def supported(day: datetime.date) -> bool:
    """Whether ``day`` (a date or datetime) lies in the supported range."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def check_day(day: D, what: str) -> D:
    """``day`` itself when supported; else CampaignflowError saying ``what`` it was and the range."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CampaignflowError(f"{what} {day.isoformat()} is outside the supported dates ({RANGE_TEXT})")
    return day
