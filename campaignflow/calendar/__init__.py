"""Phase calendars: one plan (or one unit's view of it) as ICS, an HTML timeline, Markdown, JSON or Mermaid.

Every office asks "when is this phase over, and when is that report due?". :func:`render` answers in
the format people already use: an ``.ics`` file for their calendar app, a one-page timeline to
print or put on a screen, a Markdown table to paste into a notice, JSON for other programs, and a
Mermaid ``gantt`` that GitHub and GitLab draw.

All formats are drawn from one :class:`CalendarView`, built once by :func:`build_view`: the plan's
resolved windows and deadlines (this package never reads a date phrase itself), working-day counts
from the plan's :class:`~campaignflow.workdays.WorkCalendar`, and a note for each year outside
the official holiday tables. With a tracked ``campaign`` and a ``unit``, the view shows that
unit's extended phase ends and its own deadlines, and only what its kind owes.

Output is deterministic: the clock is never read (``today`` is passed in), and the ICS
``DTSTAMP`` is the campaign's first day at 00:00 Beijing time, so rendering twice gives the same
bytes and golden files stay stable.

This module is the package's facade and holds the :func:`render` / :func:`render_view` dispatch;
:mod:`~campaignflow.calendar.view` builds the view, and each format has its own renderer:
:mod:`~campaignflow.calendar.ics` (ICS), :mod:`~campaignflow.calendar.timeline` (the HTML
timeline) and :mod:`~campaignflow.calendar.text` (Markdown, JSON and Mermaid).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Final, Literal, overload

from campaignflow.calendar.ics import ics_uid, render_ics
from campaignflow.calendar.text import render_json, render_markdown, render_mermaid
from campaignflow.calendar.timeline import render_html
from campaignflow.calendar.view import (
    KIND_NAMES,
    PERIOD_NAMES,
    STAGE_NAMES,
    CalendarView,
    Deadline,
    PhaseRow,
    build_view,
)
from campaignflow.errors import CampaignflowError
from campaignflow.plan import Plan

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = [
    "FORMATS",
    "KIND_NAMES",
    "PERIOD_NAMES",
    "STAGE_NAMES",
    "CalendarView",
    "Deadline",
    "Format",
    "PhaseRow",
    "build_view",
    "ics_uid",
    "render",
    "render_ics",
    "render_json",
    "render_markdown",
    "render_mermaid",
    "render_view",
]

Format = Literal["ics", "html", "md", "json", "mermaid"]
FORMATS: Final[tuple[Format, ...]] = ("ics", "html", "md", "json", "mermaid")


@overload
def render(
    plan: Plan,
    fmt: Literal["ics"],
    *,
    unit: str | None = ...,
    campaign: Campaign | None = ...,
    today: datetime.date | None = ...,
    alarm_days: int = ...,
    previous: bytes | None = ...,
) -> bytes: ...
@overload
def render(
    plan: Plan,
    fmt: Literal["html", "md", "json", "mermaid"],
    *,
    unit: str | None = ...,
    campaign: Campaign | None = ...,
    today: datetime.date | None = ...,
    alarm_days: int = ...,
    previous: bytes | None = ...,
) -> str: ...
@overload
def render(
    plan: Plan,
    fmt: str,
    *,
    unit: str | None = ...,
    campaign: Campaign | None = ...,
    today: datetime.date | None = ...,
    alarm_days: int = ...,
    previous: bytes | None = ...,
) -> str | bytes: ...
def render(
    plan: Plan,
    fmt: str,
    *,
    unit: str | None = None,
    campaign: Campaign | None = None,
    today: datetime.date | None = None,
    alarm_days: int = 3,
    previous: bytes | None = None,
) -> str | bytes:
    """Render ``plan`` as ``fmt`` (one of :data:`FORMATS`): bytes for ``ics``, text otherwise.

    ``unit`` and ``campaign`` make a per-unit calendar (see :func:`build_view`); ``today`` marks
    the day in the HTML timeline, the Markdown and Mermaid output and the JSON; ``alarm_days`` is
    how many days before a deadline its ICS reminder rings (at 09:00; 0 rings on the day);
    ``previous`` is the ICS published before, so changed events get a higher ``SEQUENCE``.
    """
    if fmt not in FORMATS:
        raise CampaignflowError(f"unknown calendar format {fmt!r} (choose from {', '.join(FORMATS)})")
    view = build_view(plan, unit=unit, campaign=campaign, today=today)
    return render_view(view, fmt, alarm_days=alarm_days, previous=previous)


def render_view(
    view: CalendarView, fmt: str, *, alarm_days: int = 3, previous: bytes | None = None
) -> str | bytes:
    """Render an already built view as ``fmt``: the dispatch behind :func:`render`.

    The CLI uses it to build the view once and also report its coverage notes.
    """
    if fmt not in FORMATS:
        raise CampaignflowError(f"unknown calendar format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "ics":
        return render_ics(view, alarm_days=alarm_days, previous=previous)
    if fmt == "html":
        return render_html(view)
    if fmt == "md":
        return render_markdown(view)
    if fmt == "json":
        return render_json(view)
    return render_mermaid(view)
