"""Moving every ready unit on (``Campaign.advance_ready``): the rule that advancing follows.

A unit moves to its next phase when two things hold on the day: the next phase has opened (its
window has started) and every required artifact of its current phase is in. ``advance`` moves one
unit when asked; :func:`advance_ready` moves every unit for which both hold — one step each, so a
unit that is ready for two phases moves one a day at most — and is what ``track advance --ready``
and a sweep with ``advance=True`` (or a plan with ``moves.advance: when_ready``) run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from campaignflow.gates import DONE
from campaignflow.history import Event

if TYPE_CHECKING:
    from campaignflow.engine import Campaign, Moment

__all__ = ["advance_ready"]


def advance_ready(campaign: Campaign, *, at: Moment, by: str = "") -> list[Event]:
    """Advance every unit that may advance at ``at``, in enrolment order, in one transaction."""
    ready = [
        record.name
        for record in campaign.records()
        if record.phase != DONE and campaign.can_advance(record.name, at=at)
    ]
    with campaign.batch():
        return [campaign.advance(unit, at=at, by=by) for unit in ready]
