"""限期整改 on a supervisor's finding: a term to rectify it by, and closing it (销号) when rectified.

``督促有关地方和部门限期整改`` attaches a term to what was found, not to an artifact. A finding is
recorded with an optional term (a due date, or a duration such as ``10个工作日`` counted from the day
it is recorded); it stays open until it is closed, and a term passed while it is open is lateness
the sweep sees (the ``term_missed`` trigger) and the board shows red. Findings are identified by the
``seq`` of the event that recorded them, as ``history`` prints it.
"""

from __future__ import annotations

import datetime

from campaignflow.dates import Duration, add_duration, parse_duration
from campaignflow.errors import CampaignflowError, MoveNotAllowed
from campaignflow.history import UnitRecord
from campaignflow.workdays import WorkCalendar

__all__ = ["closable", "open_terms", "term"]


def term(
    day: datetime.date,
    due: datetime.date | None,
    within: str | Duration | None,
    calendar: WorkCalendar,
) -> datetime.date | None:
    """The day a finding must be rectified by: ``due``, or ``within`` counted from ``day``; None for none."""
    if due is not None and within is not None:
        raise CampaignflowError("give a finding's term as due= or within=, not both")
    if within is not None:
        duration = within if isinstance(within, Duration) else parse_duration(within)
        return add_duration(day, duration, calendar)
    if due is None:
        return None
    if not isinstance(due, datetime.date) or isinstance(due, datetime.datetime):
        raise CampaignflowError(f"due= must be a date, not {due!r}")
    if due < day:
        raise CampaignflowError(f"a term ends on or after the day the finding is recorded ({day}), not {due}")
    return due


def closable(record: UnitRecord, finding: int) -> None:
    """Refuse to close (销号) a finding the unit does not have, or one already closed."""
    found = (record.findings or {}).get(finding) if isinstance(finding, int) else None
    if found is None:
        listed = ", ".join(str(seq) for seq, (_, closed) in (record.findings or {}).items() if not closed)
        raise MoveNotAllowed(
            record.name, f"{record.name} has no finding {finding!r} (open: {listed or 'none'})"
        )
    if found[1]:
        raise MoveNotAllowed(record.name, f"finding {finding} of {record.name} is already closed (已销号)")


def open_terms(record: UnitRecord) -> list[tuple[datetime.date, int]]:
    """The terms of the unit's open findings, earliest first: (due day, finding seq)."""
    return sorted((due, seq) for seq, (due, closed) in (record.findings or {}).items() if due and not closed)
