"""Closing (销号) an escalation by hand once its measures are carried out: a ``resolved`` event marked closed.

Only escalations with an event cause can be closed; see :func:`close`. The event is recorded by one
engine command (:meth:`Campaign.log <campaignflow.engine.Campaign.log>`), which checks who closes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from campaignflow.errors import CampaignflowError, MoveNotAllowed
from campaignflow.escalation.episodes import memory_of
from campaignflow.escalation.result import AsOf, Escalation
from campaignflow.escalation.sweeper import Sweep
from campaignflow.escalation.watches import TIME_KINDS

if TYPE_CHECKING:
    from campaignflow.engine import Campaign

__all__ = ["close"]


def close(
    campaign: Campaign, unit: str, rule: str, *, at: AsOf, by: str = "", reason: str = "措施已落实"
) -> Escalation:
    """Close (销号) the standing escalation of ``rule`` for ``unit`` once its measures are carried out.

    Only escalations with an event cause can be closed — a finding, a rejection, a score, a grade, a
    vote, a repeat — since those stand until a later event supersedes them, and a finding never is;
    the closed cause is not escalated again, but a new occurrence is. Time causes (``overdue``,
    ``phase_unfinished``) end when the unit hands in or moves on, and cannot be closed. Records a
    ``resolved`` event marked ``closed``; raises MoveNotAllowed when nothing of ``rule`` stands.
    """
    memory = memory_of(campaign)
    watch = memory.by_id.get(rule)
    if watch is None:
        raise CampaignflowError(f"unknown rule {rule!r} (the plan has: {', '.join(memory.by_id)})")
    if watch.kind in TIME_KINDS:
        raise CampaignflowError(
            f"rule {rule} ({watch.name}) watches a date: it ends when the unit hands in or moves on, "
            "not by closing"
        )
    campaign.refresh()
    record = campaign.record(unit)
    track = memory.track(campaign, record)
    opened = track.open.get(rule) if track is not None else None
    if opened is None or opened.step < 0:
        raise MoveNotAllowed(unit, f"{watch.name} ({rule}): nothing stands to close")
    entry = Sweep(campaign, at, by).resolve(record, watch, opened, reason, closed=True)
    assert entry is not None  # the step is at least 0
    return entry
