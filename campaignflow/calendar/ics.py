"""The ICS calendar: all-day events per phase, deadline and milestone, for calendar apps (RFC 5545).

Built with the ``icalendar`` library from a :class:`~campaignflow.calendar.view.CalendarView`.
Output is deterministic: ``DTSTAMP`` is the campaign's first day at 00:00 Beijing time and UIDs
are derived from the plan, phase, artifact and unit, so rendering twice gives the same bytes and
re-importing a newer file updates the events instead of duplicating them.

Revisions: every event carries ``X-CAMPAIGNFLOW-DIGEST``, a hash of what it says. Given the calendar
published before (``previous``), an event that says the same keeps its ``SEQUENCE`` and stamps; one
that changed gets the next ``SEQUENCE`` and is stamped (``DTSTAMP`` and ``LAST-MODIFIED``) at 00:00
Beijing time of the day after the newest stamp of the previous calendar, so calendar apps take the
changed events, and only those, as newer — and the same inputs still give the same bytes.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Final, Literal

import icalendar

from campaignflow.calendar.view import STAGE_NAMES, CalendarView, Deadline, MilestoneRow, PhaseRow, iso_range
from campaignflow.errors import CampaignflowError
from campaignflow.periods import rrule

__all__ = ["ALARM_HOUR", "BEIJING", "DAY", "ics_uid", "render_ics"]

BEIJING: Final = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
ALARM_HOUR: Final = 9  # reminders ring at 09:00 Beijing time, not at midnight
DAY: Final = datetime.timedelta(days=1)


def render_ics(view: CalendarView, *, alarm_days: int = 3, previous: bytes | None = None) -> bytes:
    """An iCalendar file (RFC 5545), built with the ``icalendar`` library.

    One all-day VEVENT per phase (``DTEND`` is exclusive: the day after the last day) and one per
    deadline, with a DISPLAY alarm at 09:00 ``alarm_days`` days before. UIDs are derived from the
    plan id and the phase or artifact id (and the unit in a per-unit calendar), so importing a
    newer file updates the events instead of duplicating them. ``previous`` is the calendar
    published before (its bytes): changed events get a higher ``SEQUENCE`` (see the module doc).
    """
    if alarm_days < 0:
        raise CampaignflowError(f"alarm_days must be 0 or more, not {alarm_days}")
    plan = view.plan
    stamp = datetime.datetime.combine(plan.span[0], datetime.time(), BEIJING).astimezone(datetime.UTC)
    events = [
        *(_phase_event(view, row) for row in view.rows),
        # a recurring report is one event that repeats (RRULE), drawn from its first due day
        *(_deadline_event(view, d, alarm_days) for d in view.deadlines if d.index == 0),
        *(_milestone_event(view, milestone) for milestone in view.milestones),
    ]
    _stamp(events, stamp, _revisions(previous) if previous is not None else {})
    cal = icalendar.Calendar()
    cal.add("prodid", "-//campaignflow//phase calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", icalendar.vText(view.title))  # typed: untyped NAME is not escaped (a newline crashed)
    cal.add("x-wr-calname", icalendar.vText(view.title))
    cal.add("x-wr-timezone", icalendar.vText("Asia/Shanghai"))
    about = _ics_about(view)
    cal.add("description", about)
    cal.add("x-wr-caldesc", icalendar.vText(about))  # X- values are not escaped unless typed
    for event in events:
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


#: UID → (digest, SEQUENCE, DTSTAMP) of an event in a previously published calendar
Revisions = dict[str, tuple[str, int, datetime.datetime]]


def _revisions(previous: bytes) -> Revisions:
    """What the previous calendar said of each event, by UID."""
    try:
        old = icalendar.Calendar.from_ical(previous)
    except ValueError as exc:
        raise CampaignflowError(f"the previous calendar is not an iCalendar file: {exc}") from None
    found: Revisions = {}
    for event in old.walk("VEVENT"):
        stamp = event.get("dtstamp")
        when = stamp.dt if stamp is not None else None
        if "uid" not in event or not isinstance(when, datetime.datetime):
            raise CampaignflowError("the previous calendar has an event without UID or DTSTAMP")
        found[str(event["uid"])] = (
            str(event.get("x-campaignflow-digest", "")),
            int(event.get("sequence", 0)),
            when,
        )
    return found


def _stamp(events: list[icalendar.Event], first: datetime.datetime, before: Revisions) -> None:
    """Give each event its digest, ``SEQUENCE``, ``DTSTAMP`` and ``LAST-MODIFIED`` (see the module doc)."""
    newest = max((when for _, _, when in before.values()), default=first)
    day = newest.astimezone(BEIJING).date() + DAY
    revised = max(first, datetime.datetime.combine(day, datetime.time(), BEIJING).astimezone(datetime.UTC))
    for event in events:
        digest = hashlib.sha256(event.to_ical()).hexdigest()[:32]
        old = before.get(str(event["uid"]))
        if old is None:
            sequence, when = 0, first
        elif old[0] == digest:
            sequence, when = old[1], old[2]
        else:
            sequence, when = old[1] + 1, revised
        event.add("dtstamp", when)
        event.add("last-modified", when)
        event.add("sequence", sequence)
        event.add("x-campaignflow-digest", icalendar.vText(digest))


def ics_uid(view: CalendarView, what: Literal["phase", "artifact", "milestone"], ident: str) -> str:
    """A stable UID such as ``phase-rectify@youqu-liangpingyishu-2011.campaignflow``.

    A per-unit calendar adds a short hash of the unit's name, so it never overwrites the plan's
    calendar (or another unit's) when both are imported into one calendar app.
    """
    unit = ""
    if view.unit is not None:
        unit = ".u" + hashlib.sha256(view.unit.encode("utf-8")).hexdigest()[:12]
    return f"{what}-{ident}{unit}@{view.plan.id}.campaignflow"


def _ics_about(view: CalendarView) -> str:
    plan = view.plan
    lines = [f"{plan.issuer or ''}《{plan.title}》各阶段起止日期及应交材料截止日期。".lstrip()]
    if view.unit:
        lines.append(f"单位：{view.unit_text}，含该单位的延期和限期整改日期。")
    lines.append(f"活动时间：{iso_range(view.first, view.last)}，共{view.workdays}个工作日。")
    lines.append(f"依据：{view.document}")
    lines += view.note_lines()
    return "\n".join(lines)


def _phase_event(view: CalendarView, row: PhaseRow) -> icalendar.Event:
    phase = row.phase
    lines = [f"时间：{phase.window_text}（{iso_range(row.start, row.end)}，{row.workdays}个工作日）"]
    if row.extended:
        lines.append(f"已延期：原定{view.day(phase.end)}结束，延至{view.day(row.end)}")
    lines.append(f"阶段：{STAGE_NAMES[phase.stage]}")
    if phase.goals:
        lines.append(f"目标：{phase.goals}")
    if row.deadlines:
        lines.append("应交材料：")
        lines += view.due_lines(row.deadlines)
    lines += _year_notes(view, row.start, row.end)
    event = _event(ics_uid(view, "phase", phase.id), row.start, row.end)
    event.add("summary", phase.name)
    event.add("description", "\n".join(lines))
    event.add("categories", ["阶段", STAGE_NAMES[phase.stage]])
    return event


def _deadline_event(view: CalendarView, deadline: Deadline, alarm_days: int) -> icalendar.Event:
    artifact = deadline.artifact
    label = view.label(deadline)
    lines = [f"截止日期：{view.day(deadline.due)}（{deadline.due.isoformat()}）"]
    lines.append(f"所属阶段：{deadline.phase.name if deadline.phase else '全程'}")
    lines.append(f"类别：{deadline.kind_name}")
    if artifact.owed_by and not view.unit:
        lines.append(f"应交单位：{'、'.join(artifact.owed_by)}")
    if deadline.period:
        lines.append(f"频次：{deadline.period}")
    days = deadline.occurrences
    if days:
        first, last = days[0].isoformat(), days[-1].isoformat()
        lines[0] = f"截止日期：{deadline.period}（{first} 起，共{len(days)}次，至{last}）"
    lines += [f"{name}：{text}" for name, text in deadline.particulars]
    if artifact.basis:
        lines.append(f"依据：{artifact.basis}")
    lines += _year_notes(view, deadline.due, deadline.due)
    event = _event(ics_uid(view, "artifact", artifact.id), deadline.due, deadline.due)
    if artifact.recurring is not None and days:
        event.add("rrule", rrule(artifact.recurring, days))
    event.add("summary", f"截止：{label}")
    event.add("description", "\n".join(lines))
    event.add("categories", ["截止", deadline.kind_name])
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{label}将于{view.day(deadline.due)}截止")
    alarm.add("trigger", datetime.timedelta(days=-alarm_days, hours=ALARM_HOUR))
    event.add_component(alarm)
    return event


def _milestone_event(view: CalendarView, row: MilestoneRow) -> icalendar.Event:
    milestone = row.milestone
    lines = [f"时间：{view.when(row)}（{iso_range(row.start, row.end)}）"]
    if milestone.held_by:
        lines.append(f"组织：{milestone.held_by}")
    if milestone.basis:
        lines.append(f"依据：{milestone.basis}")
    lines += _year_notes(view, row.start, row.end)
    event = _event(ics_uid(view, "milestone", milestone.id), row.start, row.end)
    event.add("summary", row.label)
    event.add("description", "\n".join(lines))
    event.add("categories", ["组织工作"])
    return event


def _event(uid: str, first: datetime.date, last: datetime.date) -> icalendar.Event:
    """An all-day event covering ``first``–``last`` inclusive: ``DTEND`` is the day after ``last``."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstart", first)
    event.add("dtend", last + DAY)
    event.add("transp", "TRANSPARENT")  # a phase or deadline does not make anyone busy
    return event


def _year_notes(view: CalendarView, first: datetime.date, last: datetime.date) -> list[str]:
    """The coverage notes for the years an event touches."""
    lines = view.note_lines()
    return [
        line for note, line in zip(view.notes, lines, strict=True) if first.year <= note.year <= last.year
    ]
