"""campaignflow: run Chinese public-sector campaigns (作风建设、专项整治、两评一树 …) as state machines.

Load a plan with :func:`load_plan`, track units with :class:`Campaign`; every error campaignflow raises
on purpose derives from :class:`CampaignflowError` (see :mod:`campaignflow.errors` for the hierarchy).
"""

from __future__ import annotations

__version__ = "0.2.0"

import importlib
from typing import TYPE_CHECKING, Any

from campaignflow.errors import (
    AmbiguousName,
    CampaignflowError,
    ConcurrentUpdate,
    DatePhraseError,
    MoveNotAllowed,
    NotAuthorized,
    OutOfOrder,
    PlanError,
    Problem,
    StoreError,
    UnknownUnit,
)

if TYPE_CHECKING:
    from campaignflow.engine import Campaign
    from campaignflow.escalation import Board, Escalation
    from campaignflow.gates import Verdict
    from campaignflow.history import Event
    from campaignflow.loader import load_plan, parse_plan
    from campaignflow.plan import Phase, Plan

# The rest of the API is imported on first use (PEP 562), so that ``import campaignflow`` — and the CLI,
# whose commands each need only part of it — does not load the engine, the plan models and the sweep.
_LAZY = {
    "Board": "campaignflow.escalation",
    "Campaign": "campaignflow.engine",
    "Escalation": "campaignflow.escalation",
    "Event": "campaignflow.history",
    "Phase": "campaignflow.plan",
    "Plan": "campaignflow.plan",
    "Verdict": "campaignflow.gates",
    "load_plan": "campaignflow.loader",
    "parse_plan": "campaignflow.loader",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'campaignflow' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
    "NotAuthorized",
    "OutOfOrder",
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
