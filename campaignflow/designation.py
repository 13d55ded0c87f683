"""Units designated during the campaign (``确定整改责任单位……各责任单位要……制定整改方案``).

A unit enrolled as one kind may be designated another from a given day — the ``at`` of the
``designated`` event: from then on it owes what the new kind owes, is gated by that kind's
artifacts and watched by that kind's rules. Its phase, evidence and history are kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from campaignflow.errors import CampaignflowError, MoveNotAllowed
from campaignflow.history import UnitRecord

__all__ = ["payload"]


def payload(record: UnitRecord, kind: str, kinds: Mapping[str, object], reason: str) -> dict[str, str]:
    """The ``designated`` event's payload, refused for an unknown kind or the kind the unit already has."""
    if not isinstance(kind, str) or kind not in kinds:
        raise CampaignflowError(
            f"{record.name}: unknown unit kind {kind!r} (the plan has {'、'.join(kinds)})"
        )
    if kind == record.kind:
        raise MoveNotAllowed(record.name, f"{record.name} is already a {kind}")
    return {"kind": kind, "from": record.kind, "reason": reason}
