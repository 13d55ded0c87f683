"""What a sweep reports: one :class:`Escalation` per unit and rule, and the day it judged."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from campaignflow.daterange import check_day
from campaignflow.errors import CampaignflowError
from campaignflow.history import moment

__all__ = ["STATUS_WORDS", "SWEEPER", "AsOf", "Escalation", "Progress", "Status", "as_of_day"]

Status = Literal["new", "standing", "resolved"]
AsOf = datetime.date | datetime.datetime
Progress = Callable[[int, int], None]

#: Who the sweep records as the actor of what it logs and applies, unless told otherwise.
SWEEPER: Final = "自动督办"
STATUS_WORDS: Final[Mapping[str, str]] = {"new": "新", "standing": "持续", "resolved": "解除"}


@dataclass(frozen=True, slots=True)
class Escalation:
    """One rule applying to one unit on the sweep's day: which step, what to do, why, and to whom.

    ``step`` is the 0-based index of the ladder step that is current; ``actions`` are the measures
    that all apply, ``one_of`` those the supervisor picks one of. ``due`` is the day the cause arose
    (for ``overdue``, the deadline that was missed). ``status`` is ``new`` (recorded by this sweep:
    the rule began to apply, or climbed a step), ``standing`` (recorded earlier and still in force)
    or ``resolved`` (the cause is cured; recorded by this sweep). ``applied`` lists the measures the
    sweep carried out itself (``重做本阶段→inspect``, ``延期2个月→2011-12-31``, ``限期整改→2012-12-24``);
    ``not_applied`` the automatic ones the engine refused, with its reason. ``occurrence`` is the
    number of times the cause has arisen for the unit. ``held_by`` is who carries the measures out,
    when the plan names it (``区委``), else ``""``.
    """

    unit: str
    rule: str
    rule_name: str
    step: int
    actions: tuple[str, ...]
    one_of: tuple[str, ...]
    reason: str
    due: datetime.date
    addressee: str
    status: Status
    applied: tuple[str, ...] = ()
    occurrence: int = 1
    not_applied: tuple[str, ...] = ()
    held_by: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The escalation as JSON-ready data (``due`` as an ISO date)."""
        return {
            "unit": self.unit,
            "rule": self.rule,
            "rule_name": self.rule_name,
            "step": self.step,
            "occurrence": self.occurrence,
            "actions": list(self.actions),
            "one_of": list(self.one_of),
            "reason": self.reason,
            "due": self.due.isoformat(),
            "addressee": self.addressee,
            "status": self.status,
            "applied": list(self.applied),
            "not_applied": list(self.not_applied),
            "held_by": self.held_by,
        }

    @property
    def measures(self) -> str:
        """The measures in words: ``书面检查；通报批评/诫勉谈话 选一``."""
        text = "、".join(self.actions)
        if self.one_of:
            text += ("；" if text else "") + "/".join(self.one_of) + " 选一"
        return text or "—"

    @property
    def carried_out(self) -> str:
        """``由区委实施`` when the plan names who carries the measures out, else ``""``."""
        return f"由{self.held_by}实施" if self.held_by else ""

    def describe(self) -> str:
        """One line for people: ``[新] 办公室 自评报告逾期：自评报告逾期 6 个工作日 → 催办（办公室）``."""
        by = f"，{self.carried_out}" if self.held_by else ""
        done = f"；已执行 {'、'.join(self.applied)}" if self.applied else ""
        return (
            f"[{STATUS_WORDS[self.status]}] {self.unit} {self.rule_name}：{self.reason} → "
            f"{self.measures}（{self.addressee}）{by}{done}"
        )


# dataclass(frozen=True) sets each field through object.__setattr__: for Escalation's 13 fields that
# costs more than judging the unit does, and a sweep builds one per lagging unit. The slots' own
# descriptors set the same values about four times faster; the instance is not visible to anyone
# until __init__ returns, so it is just as frozen afterwards (assigning raises FrozenInstanceError).
(
    _set_unit, _set_rule, _set_rule_name, _set_step, _set_actions, _set_one_of, _set_reason, _set_due,
    _set_addressee, _set_status, _set_applied, _set_occurrence, _set_not_applied, _set_held_by,
) = (Escalation.__dict__[f.name].__set__ for f in dataclasses.fields(Escalation))  # fmt: skip


def _init_escalation(  # noqa: PLR0917 - the signature dataclass would generate
    self: Escalation,
    unit: str,
    rule: str,
    rule_name: str,
    step: int,
    actions: tuple[str, ...],
    one_of: tuple[str, ...],
    reason: str,
    due: datetime.date,
    addressee: str,
    status: Status,
    applied: tuple[str, ...] = (),
    occurrence: int = 1,
    not_applied: tuple[str, ...] = (),
    held_by: str = "",
) -> None:
    _set_unit(self, unit)
    _set_rule(self, rule)
    _set_rule_name(self, rule_name)
    _set_step(self, step)
    _set_actions(self, actions)
    _set_one_of(self, one_of)
    _set_reason(self, reason)
    _set_due(self, due)
    _set_addressee(self, addressee)
    _set_status(self, status)
    _set_applied(self, applied)
    _set_occurrence(self, occurrence)
    _set_not_applied(self, not_applied)
    _set_held_by(self, held_by)


_init_escalation.__qualname__ = "Escalation.__init__"
setattr(Escalation, "__init__", _init_escalation)  # noqa: B010 - mypy forbids assigning to a method


def as_of_day(as_of: AsOf) -> datetime.date:
    """The day a sweep or board judges: a date itself, a datetime's date in Asia/Shanghai.

    A naive datetime is read as Shanghai wall time, as everywhere in campaignflow.
    """
    if isinstance(as_of, datetime.datetime):
        return moment(as_of).date()
    if isinstance(as_of, datetime.date):
        return check_day(as_of, "as_of")
    raise CampaignflowError(f"as_of must be a date or a datetime, not {type(as_of).__name__}")
