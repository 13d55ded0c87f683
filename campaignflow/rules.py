"""Escalation rules as data: a trigger (``when``) and a ladder of measures (处理措施) that climbs.

Rules are modelled, loaded and checked here; :mod:`campaignflow.escalation` evaluates them. Nothing in
a rule is code: triggers are a closed set of kinds, measures are Chinese names.
"""

from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from campaignflow.fields import DurationField, Ident, Model, Prose, Share, Text, new_list

#: Actions that change a unit's state when a rule applies them, and the field each one needs.
#: An automatic one needs the field; a proposed one may leave it to the supervisor who applies it.
EFFECT_ACTIONS = {"重做本阶段": "phase", "延期": "by", "限期整改": "within"}
#: The measures plans name; anything else is accepted with a warning, so typos surface.
KNOWN_ACTIONS = (
    "提醒",
    "催办",
    "约谈",
    "批评教育",
    "通报批评",
    "全局通报",
    "书面检查",
    "诫勉谈话",
    "效能监察建议书",
    "公开检讨",
    "公开道歉",
    "停职检查",
    "责任追究",
    "组织处理",
    "纪律处分",
    "取消评先评优",
    *EFFECT_ACTIONS,
)


class Overdue(Model):
    artifact: Ident
    workdays: Annotated[int, Field(ge=0)] = 0


class PhaseUnfinished(Model):
    phase: Ident
    workdays: Annotated[int, Field(ge=0)] = 0


class VoteShare(Model):
    artifact: Ident
    options: Annotated[list[Text], Field(min_length=1)]
    over: Share


class ScoreBelow(Model):
    artifact: Ident
    mark: Annotated[float, Field(ge=0)] | None = Field(None, description="omitted: the test's pass_mark")


class GradeIn(Model):
    artifact: Ident
    grades: Annotated[list[Text], Field(min_length=1)]


class Rejected(Model):
    artifact: Ident
    reason: Text | None = Field(None, description="only rejections whose reason contains this text")


class Finding(Model):
    severity: list[Text] = Field(default_factory=new_list, description="empty: a finding of any severity")


class TermMissed(Model):
    severity: list[Text] = Field(default_factory=new_list, description="empty: a finding of any severity")
    workdays: Annotated[int, Field(ge=0)] = Field(0, description="working days of grace after the term")


class Repeated(Model):
    rule: Ident
    times: Annotated[int, Field(ge=2)]


class When(Model):
    """A rule's trigger: exactly one of the fields is given."""

    overdue: Overdue | None = None
    phase_unfinished: PhaseUnfinished | None = None
    vote_share: VoteShare | None = None
    score_below: ScoreBelow | None = None
    grade: GradeIn | None = None
    rejected: Rejected | None = None
    finding: Finding | None = None
    term_missed: TermMissed | None = Field(
        None, description="a finding's 限期整改 term passed and it is not closed (销号)"
    )
    repeated: Repeated | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            names = ", ".join(type(self).model_fields)
            found = f"found {len(given)}" + (f" ({', '.join(given)})" if given else "")
            raise PydanticCustomError(
                "bad-trigger",
                "give exactly one trigger of: {names}; {found}",
                {"names": names, "found": found},
            )
        return self

    @property
    def kind(self) -> str:
        """The name of the trigger given."""
        return next(name for name in type(self).model_fields if getattr(self, name) is not None)


class Action(Model):
    """One measure (处理措施) by its Chinese name, with what the state-changing ones need."""

    action: Text
    to: Literal["unit", "head"] = Field("unit", description="head: the unit's 负责人")
    phase: Ident | None = Field(None, description="重做本阶段: the phase to redo")
    by: DurationField | None = Field(None, description="延期: how long")
    within: DurationField | None = Field(
        None, description="限期整改: the new deadline, from the day it applies"
    )
    automatic: bool = Field(False, description="applied by the sweep itself instead of proposed")
    held_by: Text | None = Field(None, description="who carries it out (由区委、各单位主要负责人)")


def _to_action(value: Any) -> Any:
    return {"action": value} if isinstance(value, str) else value


class _ActionItemSchema:
    """The JSON Schema of a ladder item, a measure's name or an :class:`Action`: built when a schema is
    asked for, not when the module loads (every command that reads a plan would pay for it)."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "description": "a measure's name"}, Action.model_json_schema()]}


ActionItem = Annotated[Action, BeforeValidator(_to_action), _ActionItemSchema()]


class Step(Model):
    """A rung of the ladder: all ``actions`` apply, plus one chosen from ``one_of``."""

    actions: list[ActionItem] = Field(default_factory=new_list)
    one_of: list[ActionItem] = Field(default_factory=new_list)
    after_workdays: Annotated[int, Field(ge=0)] = Field(0, description="working days since the cause arose")
    occurrence: Annotated[int, Field(ge=1)] = Field(
        1, description="the n-th time the cause arose for the unit"
    )


class Rule(Model):
    """An escalation rule: a trigger and an ordered ladder of measures."""

    id: Ident
    name: Text
    applies_to: list[Text] = Field(default_factory=new_list, description="unit kinds it watches; empty: all")
    when: When
    ladder: Annotated[list[Step], Field(min_length=1)]
    basis: Prose = ""
