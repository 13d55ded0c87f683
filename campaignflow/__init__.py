"""campaignflow: run Chinese public-sector campaigns (作风建设、专项整治、两评一树 …) as state machines.

Load a plan with :func:`load_plan`; every error derives from :class:`CampaignflowError`.
"""

from __future__ import annotations

from campaignflow.errors import CampaignflowError, PlanError, Problem
from campaignflow.loader import load_plan, parse_plan
from campaignflow.plan import Phase, Plan

__all__ = [
    "CampaignflowError",
    "Phase",
    "Plan",
    "PlanError",
    "Problem",
    "load_plan",
    "parse_plan",
]
