"""Why a rule applies to a unit on the sweep's day, in words a clerk reads (``自评报告逾期 6 个工作日``).

A :class:`Cause` is what the sweep records and compares: its key tells one episode from the next.
:class:`Causes` judges them for one day, computing once what every unit with the same dates shares
(cut-off days, ages in working days, the cause of a time rule for a given due date).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, NamedTuple

from campaignflow.escalation.episodes import Memory, Track
from campaignflow.escalation.watches import Watch, share
from campaignflow.findings import open_terms
from campaignflow.history import Event, UnitRecord, short_groups
from campaignflow.periods import uncovered
from campaignflow.plan import Phase

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = ["Cause", "Causes"]


class Cause(NamedTuple):
    """Why a rule applies to a unit now.

    ``key`` tells one episode from the next (a new key is a new occurrence); ``due`` is the day shown
    as the escalation's ``due``; ``start`` the day its age (in working days) is counted from;
    ``occurrence`` is None for time causes, numbered from the recorded episodes instead.
    """

    key: str
    due: datetime.date
    start: datetime.date
    reason: str
    occurrence: int | None = None


_UNKNOWN: Final = Cause("", datetime.date.min, datetime.date.min, "")  # not computed yet


class Causes:
    """The causes of one day: the day, the campaign, and the per-rule figures computed once for it."""

    def __init__(self, campaign: Campaign, day: datetime.date, memory: Memory) -> None:
        self.campaign = campaign
        self.day = day
        self.calendar = campaign.plan.workcalendar
        self.memory = memory
        self.positions = {p.id: i for i, p in enumerate(campaign.plan.phases)}
        self._cutoffs: dict[tuple[datetime.date, int], datetime.date] = {}
        self._ages: dict[datetime.date, int] = {}
        self._causes: dict[tuple[str, datetime.date], Cause | None] = {}

    def cutoff(self, due: datetime.date, grace: int) -> datetime.date:
        """The last day before a cause with this due date and grace arises: ``add_workdays(due, grace)``."""
        key = (due, grace)
        found = self._cutoffs.get(key)
        if found is None:
            found = self._cutoffs[key] = self.calendar.add_workdays(due, grace)
        return found

    def age(self, start: datetime.date) -> int:
        """Working days from ``start`` to the sweep's day (0 for a start on or after it)."""
        found = self._ages.get(start)
        if found is None:
            found = self._ages[start] = max(0, self.calendar.workdays_between(start, self.day))
        return found

    def cause(self, record: UnitRecord, watch: Watch, track: Track | None) -> Cause | None:
        """Whether the rule's cause stands for the unit today, and in what words."""
        kind = watch.kind
        if kind == "overdue":
            return self.overdue(record, watch, track)
        if kind == "phase_unfinished":
            return self.unfinished(record, watch, track)
        if kind == "term_missed":
            return self.term_missed(record, watch, track)
        if track is None:
            return None
        if kind == "repeated":
            fired = track.fired.get(watch.target)
            if not fired or len(fired) < watch.times:
                return None
            count = len(fired)
            target = self.memory.by_id.get(watch.target)
            name = target.name if target is not None else watch.target
            day = max(fired.values())  # when the latest firing was recorded
            if (watch.id, str(count)) in track.closed:
                return None
            reason = f"“{name}”已发生 {count} 次"
            return Cause(str(count), day, day, reason, count - watch.times + 1)
        found = track.matches.get(watch.id)
        if found is None or (watch.id, str(found[1].seq)) in track.closed:
            return None
        count, event = found
        if watch.family != "finding":
            assert watch.artifact is not None
            if track.latest.get((watch.family or "", watch.artifact.id)) != event.seq:
                return None  # superseded by a later event of the same sort
        day = event.at.date()
        reason = self.event_reason(watch, event)
        if count > 1:
            reason += f"（第 {count} 次）"
        return Cause(str(event.seq), day, day, reason, count)

    def event_reason(self, watch: Watch, event: Event) -> str:
        payload = event.payload
        kind = watch.kind
        name = watch.artifact.name if watch.artifact is not None else ""
        if kind == "finding":
            note = str(payload.get("note") or "")
            return f"督查发现：{payload.get('severity')}" + (f"（{note}）" if note else "")
        if kind == "rejected":
            return f"{name}被退回：{payload.get('reason')}"
        if kind == "score_below":
            return f"{name}成绩 {_number(payload['score'])} 分，低于 {_number(watch.mark)} 分"
        if kind == "grade":
            return f"{name}评为“{payload.get('grade')}”"
        if kind == "vote_share":
            part, over = _percent_pair(share(payload["votes"], watch.options), watch.over)
            return f"{_quoted(watch.options)}票占 {part}，超过 {over}"
        short = short_groups(payload.get("respondents") or {}, watch.min_share)
        parts = []
        for group, count, total, minimum in short:
            part, limit = _percent_pair(count / total if total else 0.0, minimum)
            parts.append(f"{group}占评议人员 {part}（{count}/{total}），不足 {limit}")
        return f"{name}：" + "；".join(parts)

    def overdue(self, record: UnitRecord, watch: Watch, track: Track | None) -> Cause | None:
        if watch.days:  # a recurring report on fixed days: its earliest period not handed in
            item = (record.items or {}).get(watch.spec.id)
            first = uncovered(watch.days, item.periods if item else None)
            return None if first is None else self.late(watch, first, track)
        if watch.handed_in(record):
            return None
        spec = watch.spec
        due = self.campaign.deadline_of(record.name, spec.id) if track and track.override else watch.planned
        return self.late(watch, due, track)

    def term_missed(self, record: UnitRecord, watch: Watch, track: Track | None) -> Cause | None:
        """The earliest 限期整改 term of an open finding (of the watched severities) that has passed."""
        for due, seq in open_terms(record):
            if watch.severities:
                event = next((e for e in record.events if e.seq == seq), None)
                if event is None or event.payload.get("severity") not in watch.severities:
                    continue
            return self.late(watch, due, track)
        return None

    def unfinished(self, record: UnitRecord, watch: Watch, track: Track | None) -> Cause | None:
        phase = watch.phase
        assert phase is not None
        if self.moved_on(record, phase):
            return None
        end = self.campaign.phase_end(record.name, phase.id) if track and track.override else watch.planned
        return self.late(watch, end, track)

    def moved_on(self, record: UnitRecord, phase: Phase) -> bool:
        """Whether ``record`` has left ``phase``: it is in a later phase, or done."""
        return self.positions.get(record.phase, len(self.positions)) > self.positions[phase.id]

    def late(self, watch: Watch, due: datetime.date, track: Track | None) -> Cause | None:
        """The time cause of a rule with this due date today (shared by every unit with that date)."""
        key = (watch.id, due)
        cause = self._causes.get(key, _UNKNOWN)
        if cause is _UNKNOWN:
            cutoff = self.cutoff(due, watch.grace)
            cause = None
            if self.day > cutoff:
                late = self.calendar.workdays_between(due, self.day)
                if watch.kind == "overdue":
                    period = f"（{due.month}月{due.day}日一期）" if watch.days else ""
                    reason = f"{watch.spec.name}{period}逾期 {late} 个工作日"
                elif watch.kind == "term_missed":
                    reason = f"督查发现问题限期{due.month}月{due.day}日前整改，逾期 {late} 个工作日未销号"
                else:
                    assert watch.phase is not None
                    reason = f"{watch.phase.name}逾期 {late} 个工作日未完成"
                cause = Cause(due.isoformat(), due, cutoff, reason)
            self._causes[key] = cause
        if cause is None:
            return self.recorded(watch, track, due, self.cutoff(due, watch.grace))
        return cause

    def recorded(
        self, watch: Watch, track: Track | None, due: datetime.date, cutoff: datetime.date
    ) -> Cause | None:
        """A time cause judged on a day before it arose: it stands if a sweep of a later day recorded it.

        Lateness once recorded is cured by handing in, moving on or a new date — not by looking at an
        earlier day — so sweeping days out of order never resolves what a later day established.
        """
        opened = track.open.get(watch.id) if track is not None else None
        if opened is None or opened.cause != due.isoformat():
            return None
        return Cause(opened.cause, due, cutoff, opened.reason)

    def cured(self, record: UnitRecord, watch: Watch) -> str:
        """Why a cause no longer stands, in words."""
        name = watch.artifact.name if watch.artifact is not None else ""
        if watch.kind == "overdue":
            if watch.days:
                return f"{name}逾期的一期已报送"
            if watch.handed_in(record):
                return f"{name}已到位"
            return f"{name}期限调整为 {self.campaign.deadline_of(record.name, watch.spec.id).isoformat()}"
        if watch.kind == "term_missed":
            return "督查发现问题已整改销号"
        if watch.kind == "phase_unfinished":
            assert watch.phase is not None
            if self.moved_on(record, watch.phase):
                return f"已完成{watch.phase.name}"
            return (
                f"{watch.phase.name}延至 {self.campaign.phase_end(record.name, watch.phase.id).isoformat()}"
            )
        return {
            "rejected": f"{name}已重新提交",
            "score_below": f"{name}已重新记录成绩",
            "vote_share": f"{name}已重新评议",
            "min_share": f"{name}已重新评议",
            "grade": f"{name}已重新评定",
        }.get(watch.kind, "原因已消除")


def _percent_pair(value: float, limit: float) -> tuple[str, str]:
    """Both shares as percentages, with as many decimals as it takes to tell them apart."""
    for digits in range(4):
        a, b = f"{value * 100:.{digits}f}%", f"{limit * 100:.{digits}f}%"
        if a != b:
            return a, b
    return a, b


def _quoted(options: Sequence[str]) -> str:
    marks = [f"“{o}”" for o in options]
    return marks[0] if len(marks) == 1 else "、".join(marks[:-1]) + "和" + marks[-1]


def _number(value: float) -> str:
    return f"{value:g}"
