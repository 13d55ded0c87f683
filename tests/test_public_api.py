"""The public API is a contract: this test pins exactly what ``campaignflow`` exports."""

from __future__ import annotations

import campaignflow
from campaignflow import errors


def test_public_names_are_pinned() -> None:
    assert sorted(campaignflow.__all__) == sorted(
        [
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
    )
    for name in campaignflow.__all__:
        assert getattr(campaignflow, name) is not None


def test_every_error_derives_from_the_one_root() -> None:
    classes = [obj for obj in vars(errors).values() if isinstance(obj, type) and issubclass(obj, Exception)]
    assert len(classes) >= 7
    assert all(issubclass(cls, campaignflow.CampaignflowError) for cls in classes)
