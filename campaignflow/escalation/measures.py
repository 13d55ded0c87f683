"""The automatic measures a sweep carries out itself (重做本阶段, 延期, 限期整改), through the engine.

Only steps whose rule marks a measure ``automatic`` reach here, and only when the step is new; the
engine's own command does the work (and may refuse it), so the state machine and authority stay in
the engine. Each returns what was done, in words, for the escalation's ``applied``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from campaignflow.dates import add_duration
from campaignflow.errors import MoveNotAllowed
from campaignflow.escalation.causes import Cause
from campaignflow.escalation.watches import Watch
from campaignflow.history import UnitRecord
from campaignflow.plan import Action

if TYPE_CHECKING:
    from campaignflow.escalation.sweeper import Sweep

__all__ = ["apply"]


def apply(sweep: Sweep, record: UnitRecord, watch: Watch, action: Action, cause: Cause) -> str:
    """Carry out one automatic measure through the engine; returns what was done, in words."""
    with sweep.campaign.authority.automatic():  # the plan's own measures: not role-checked
        return _apply(sweep, record, watch, action, cause)


def _apply(sweep: Sweep, record: UnitRecord, watch: Watch, action: Action, cause: Cause) -> str:
    campaign = sweep.campaign
    reason = f"{watch.name}：{cause.reason}"
    name = action.action
    if name == "重做本阶段":
        assert action.phase is not None
        campaign.send_back(record.name, to=action.phase, at=sweep.at, reason=reason, by=sweep.by)
        return f"重做本阶段→{action.phase}"
    if name == "延期":
        assert action.by is not None
        phase = action.phase or _extendable(sweep, record)
        event = campaign.extend(
            record.name, phase=phase, by=action.by, at=sweep.at, actor=sweep.by, reason=reason
        )
        return f"延期{action.by.text}→{event.payload['end']}"
    assert name == "限期整改" and action.within is not None
    artifact = _artifact_of(sweep, watch)
    if artifact is None:
        raise MoveNotAllowed(
            record.name, "the rule names no artifact; a supervisor must name what to rectify"
        )
    due = add_duration(sweep.day, action.within, sweep.calendar)
    campaign.set_deadline(record.name, artifact, due=due, at=sweep.at, by=sweep.by, reason=reason)
    return f"限期整改→{due.isoformat()}"


def _extendable(sweep: Sweep, record: UnitRecord) -> str:
    """The phase a 延期 without a phase extends: the unit's own, else the next one it has not left."""
    if record.phase in sweep.extendable:
        return record.phase
    here = sweep.positions.get(record.phase, len(sweep.positions))
    for phase in sweep.extendable:
        if sweep.positions.get(phase, -1) >= here:
            return phase
    raise MoveNotAllowed(record.name, "no phase is left to extend")


def _artifact_of(sweep: Sweep, watch: Watch) -> str | None:
    """The artifact a 限期整改 sets a deadline for: the rule's, or the counted rule's for ``repeated``."""
    if watch.artifact is not None:
        return watch.artifact.id
    target = sweep.memory.by_id.get(watch.target) if watch.kind == "repeated" else None
    return target.artifact.id if target is not None and target.artifact is not None else None
