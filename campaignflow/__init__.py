"""campaignflow: run Chinese public-sector campaigns (作风建设、专项整治、两评一树 …) as state machines.

Load a plan with :func:`load_plan`, track units with :class:`Campaign`; every error campaignflow raises
on purpose derives from :class:`CampaignflowError` (see :mod:`campaignflow.errors` for the hierarchy).
"""

from __future__ import annotations

from campaignflow.engine import Campaign
from campaignflow.errors import (
    AmbiguousName,
    CampaignflowError,
    ConcurrentUpdate,
    DatePhraseError,
    MoveNotAllowed,
    PlanError,
    Problem,
    StoreError,
    UnknownUnit,
)
from campaignflow.escalation import Board, Escalation
from campaignflow.gates import Verdict
from campaignflow.history import Event
from campaignflow.loader import load_plan, parse_plan
from campaignflow.plan import Phase, Plan

__all__ = [
    "AmbiguousName",
    "Board",
    "Campaign",
    "CampaignflowError",
    "ConcurrentUpdate",
    "DatePhraseError",
    "Escalation",
    "Event",
    "MoveNotAllowed",
    "Phase",
    "Plan",
    "PlanError",
    "Problem",
    "StoreError",
    "UnknownUnit",
    "Verdict",
    "load_plan",
    "parse_plan",
]
