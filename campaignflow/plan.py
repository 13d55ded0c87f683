"""The plan language: strict pydantic models of what a 实施方案 says.

A plan has metadata, the kinds of unit it applies to, reviewer roles, ordered phases with date
windows and the artifacts (材料) each unit owes, campaign-long duties, escalation rules as data,
and the moves allowed besides "advance to the next phase". Date phrases are resolved while the
model is validated, with the plan's ``year`` passed in the validation context by the loader; the
loader is the only way in (it maps every error back to a line and column).
"""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from campaignflow.dates import Duration, Window, parse_deadline, parse_duration, parse_window
from campaignflow.errors import CampaignflowError, DatePhraseError, Problem
from campaignflow.workdays import WorkCalendar

STAGES = ("mobilize", "study", "inspect", "evaluate", "rectify", "summarize")
Stage = Literal["mobilize", "study", "inspect", "evaluate", "rectify", "summarize"]
ArtifactKind = Literal["document", "meeting", "test", "vote"]
Period = Literal["week", "half_month", "month", "quarter", "half_year", "year"]

#: Actions that change a unit's state when a rule applies them, and the field each one needs.
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

Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
PlanId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=100)]
Text = Annotated[str, Field(min_length=1, max_length=200)]
Prose = Annotated[str, Field(max_length=20_000)]
Share = Annotated[float, Field(gt=0, le=1)]


def _year(info: ValidationInfo) -> int:
    year = (info.context or {}).get("year")
    if not isinstance(year, int):
        raise PydanticCustomError(
            "date-phrase", "cannot read a date phrase until the plan has a valid 'year'"
        )
    return year


def _phrase_error(exc: DatePhraseError) -> PydanticCustomError:
    return PydanticCustomError("date-phrase", "{msg}", {"msg": str(exc)})


def _to_window(value: Any, info: ValidationInfo) -> Window:
    """Accept a date phrase (``2012年4月25日至5月15日``) or ``{start: DATE, end: DATE}``."""
    if isinstance(value, str):
        try:
            return parse_window(value, _year(info))
        except DatePhraseError as exc:
            raise _phrase_error(exc) from None
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        start, end = value["start"], value["end"]
        if type(start) is datetime.date and type(end) is datetime.date:
            return Window(text=f"{start.isoformat()} 至 {end.isoformat()}", start=start, end=end)
    raise PydanticCustomError(
        "bad-window",
        "a window is a date phrase such as '2012年4月25日至5月15日' or a mapping {start: DATE, end: DATE}",
    )


def _to_deadline(value: Any, info: ValidationInfo) -> Deadline:
    """Accept a date, a deadline phrase (``12月10日前``) or ``{workdays_after_start: N}``."""
    if type(value) is datetime.date:
        return Deadline(text=value.isoformat(), date=value)
    if isinstance(value, str):
        try:
            return Deadline(text=value, date=parse_deadline(value, _year(info)))
        except DatePhraseError as exc:
            raise _phrase_error(exc) from None
    if isinstance(value, dict) and set(value) == {"workdays_after_start"}:
        n = value["workdays_after_start"]
        if type(n) is int and n >= 0:
            return Deadline(text=f"阶段开始后{n}个工作日", workdays_after_start=n)
    raise PydanticCustomError(
        "bad-deadline", "a deadline is a date, a phrase such as '12月10日前', or {workdays_after_start: N}"
    )


def _to_duration(value: Any) -> Duration:
    if isinstance(value, str):
        try:
            return parse_duration(value)
        except DatePhraseError as exc:
            raise _phrase_error(exc) from None
    raise PydanticCustomError("bad-duration", "a duration is a phrase such as '2个月', '半年' or '5个工作日'")


class Deadline(BaseModel):
    """A resolved deadline: a fixed date, or a number of working days after the phase starts."""

    model_config = ConfigDict(frozen=True)
    text: str
    date: datetime.date | None = None
    workdays_after_start: int | None = None


WindowField = Annotated[
    Window,
    PlainValidator(_to_window),
    PlainSerializer(lambda w: w.text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "description": "the document's own phrase, e.g. 2012年4月25日至5月15日"},
                {
                    "type": "object",
                    "properties": {
                        "start": {"type": "string", "format": "date"},
                        "end": {"type": "string", "format": "date"},
                    },
                    "required": ["start", "end"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]
DeadlineField = Annotated[
    Deadline,
    PlainValidator(_to_deadline),
    PlainSerializer(lambda d: d.text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "description": "a date (2012-12-10) or a phrase (12月10日前, 11月底前)"},
                {
                    "type": "object",
                    "properties": {"workdays_after_start": {"type": "integer", "minimum": 0}},
                    "required": ["workdays_after_start"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]
DurationField = Annotated[
    Duration,
    PlainValidator(_to_duration),
    PlainSerializer(lambda d: d.text),
    WithJsonSchema({"type": "string", "description": "e.g. 2个月, 半年, 三周, 5个工作日"}),
]


class Model(BaseModel):
    """Base of every plan model: unknown keys are errors, values are never coerced, instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=False)


class UnitKind(Model):
    """A kind of unit the plan applies to (局属单位、科室站办、领导干部 …); units enroll at run time."""

    name: Text
    description: Prose = ""
    head: Text = Field("负责人", description="who answers for the unit when a rule addresses its head")


class Role(Model):
    """A reviewer or supervisor named by the plan (督导组、主要负责同志、党群科 …)."""

    name: Text
    description: Prose = ""


class Recurrence(Model):
    """A duty repeated every period, e.g. 每周投稿1篇 is ``{every: week, count: 1}``."""

    every: Period
    count: Annotated[int, Field(ge=1)] = 1


class VoteSpec(Model):
    """How a 评议 vote is taken: its options and the minimum share of each respondent group."""

    options: list[Text] = Field(default_factory=list, description="empty: the document does not list them")
    min_share: dict[str, Share] = Field(
        default_factory=dict, description="group → minimum share of respondents"
    )


class Artifact(Model):
    """Something a unit must produce or hold: a document, a meeting, a test, or a vote."""

    id: Ident
    name: Text
    kind: ArtifactKind = "document"
    owed_by: list[Text] = Field(default_factory=list, description="unit kinds that owe it; empty: every kind")
    deadline: DeadlineField | None = Field(None, description="omitted: the end of its phase")
    reviewer: Text | None = Field(None, description="a declared role that must approve it (审核把关)")
    submit_to: Text | None = Field(
        None, description="a declared role it is sent to, without sign-off (报送、备案)"
    )
    recurring: Recurrence | None = None
    required: bool = Field(True, description="whether it must be in (and approved) before the unit advances")
    pass_mark: Annotated[float, Field(ge=0)] | None = Field(None, description="tests only")
    vote: VoteSpec | None = Field(None, description="votes only")
    grades: list[Text] = Field(default_factory=list, description="the levels a result may be graded into")
    basis: Prose = Field("", description="the sentence of the document this transcribes")


class Phase(Model):
    """One phase of the campaign with its window, goals and required artifacts."""

    id: Ident
    name: Text
    stage: Stage
    window: WindowField | None = Field(
        None, description="omitted only in drafts whose document gives no date"
    )
    goals: Prose = ""
    artifacts: list[Artifact] = Field(default_factory=list)
    basis: Prose = ""
    _start: datetime.date | None = PrivateAttr(default=None)

    @property
    def dated(self) -> bool:
        """False for a draft's phase whose document gives no date; such a plan cannot be tracked yet."""
        return self.window is not None

    @property
    def start(self) -> datetime.date:
        """First day, inclusive; for a deadline-only window, the day after the previous phase ends."""
        start = self._dated().start or self._start
        if start is None:
            raise CampaignflowError(f"phase {self.id} ({self.name}) has only a deadline and no start")
        return start

    @property
    def end(self) -> datetime.date:
        """Last day, inclusive."""
        return self._dated().end

    @property
    def window_text(self) -> str:
        """The window as the plan writes it ("" when it has none yet)."""
        return self.window.text if self.window is not None else ""

    def _dated(self) -> Window:
        if self.window is None:
            raise CampaignflowError(
                f"phase {self.id} ({self.name}) has no window yet; add its dates to the plan"
            )
        return self.window


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
    severity: list[Text] = Field(default_factory=list, description="empty: a finding of any severity")


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
    repeated: Repeated | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> When:
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


def _to_action(value: Any) -> Any:
    return {"action": value} if isinstance(value, str) else value


ActionItem = Annotated[
    Action,
    BeforeValidator(_to_action),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "description": "a measure's name"}, Action.model_json_schema()]}
    ),
]


class Step(Model):
    """A rung of the ladder: all ``actions`` apply, plus one chosen from ``one_of``."""

    actions: list[ActionItem] = Field(default_factory=list)
    one_of: list[ActionItem] = Field(default_factory=list)
    after_workdays: Annotated[int, Field(ge=0)] = Field(0, description="working days since the cause arose")
    occurrence: Annotated[int, Field(ge=1)] = Field(
        1, description="the n-th time the cause arose for the unit"
    )


class Rule(Model):
    """An escalation rule: a trigger and an ordered ladder of measures."""

    id: Ident
    name: Text
    when: When
    ladder: Annotated[list[Step], Field(min_length=1)]
    basis: Prose = ""


class SendBack(Model):
    """A declared redo move: a unit in ``from`` may be sent back to ``to`` (重新查找)."""

    from_: Ident = Field(alias="from")
    to: Ident


class Moves(Model):
    """Moves besides advancing to the next phase, which is always allowed once a phase is done."""

    send_back: list[SendBack] = Field(default_factory=list)
    extend: list[Ident] = Field(default_factory=list, description="phases whose end may be extended per unit")


class CalendarSpec(Model):
    """Working-day adjustments beyond the official tables, and the board's warning horizon."""

    holidays: list[datetime.date] = Field(default_factory=list)
    workdays: list[datetime.date] = Field(default_factory=list)
    warn_workdays: Annotated[int, Field(ge=0)] = 3


class Plan(Model):
    """A campaign plan as one document states it; load it with :func:`campaignflow.load_plan`."""

    format: Literal[1] = 1
    id: PlanId
    title: Text
    issuer: Text | None = None
    doc_number: Text | None = Field(None, description="文号 of this document")
    based_on: list[Text] = Field(default_factory=list, description="superior documents it implements")
    year: Annotated[int, Field(ge=1949, le=2100)]
    source: Text | None = Field(None, description="the document this plan transcribes")
    complete: bool = True
    note: Prose = ""
    window: WindowField | None = Field(None, description="the whole campaign, if the document states it")
    unit_kinds: Annotated[list[UnitKind], Field(min_length=1)]
    roles: list[Role] = Field(default_factory=list)
    phases: Annotated[list[Phase], Field(min_length=1)]
    duties: list[Artifact] = Field(default_factory=list, description="campaign-long duties, e.g. 每周投稿")
    rules: list[Rule] = Field(default_factory=list)
    moves: Moves = Field(default_factory=Moves)
    calendar: CalendarSpec = Field(default_factory=CalendarSpec)
    _path: str = PrivateAttr(default="<string>")
    _problems: tuple[Problem, ...] = PrivateAttr(default=())

    @model_validator(mode="after")
    def _fill_open_starts(self) -> Plan:
        previous_end = (
            self.window.start - datetime.timedelta(days=1) if self.window and self.window.start else None
        )
        for phase in self.phases:
            if phase.window is None:
                previous_end = None
                continue
            if phase.window.start is None:
                if previous_end is None:
                    raise PydanticCustomError(
                        "open-start",
                        "phase {id} has only a deadline; give its start date",
                        {"id": phase.id, "at": ("phases", self.phases.index(phase), "window")},
                    )
                phase._start = previous_end + datetime.timedelta(days=1)
            previous_end = phase.end
        return self

    @property
    def undated(self) -> tuple[Phase, ...]:
        """Phases without a window (drafts only); tracking and calendars need every phase dated."""
        return tuple(p for p in self.phases if not p.dated)

    @property
    def path(self) -> str:
        """The file the plan was loaded from, or ``<string>``."""
        return self._path

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Warnings found while loading (overlapping phases, unknown measures …)."""
        return tuple(p for p in self._problems if p.severity == "warning")

    @cached_property
    def workcalendar(self) -> WorkCalendar:
        """The working-day calendar: official tables plus the plan's own holidays and 调休 days."""
        return WorkCalendar(holidays=self.calendar.holidays, workdays=self.calendar.workdays)

    def phase(self, phase_id: str) -> Phase:
        """The phase with this id (KeyError if none)."""
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    def artifacts(self) -> list[tuple[Phase | None, Artifact]]:
        """Every artifact with its phase (``None`` for campaign-long duties), in plan order."""
        found: list[tuple[Phase | None, Artifact]] = [(p, a) for p in self.phases for a in p.artifacts]
        return found + [(None, a) for a in self.duties]

    def due(self, phase: Phase | None, artifact: Artifact) -> datetime.date:
        """The artifact's deadline: its own date, N working days after its phase starts, or the phase end."""
        first, last = (phase.start, phase.end) if phase else self.span
        spec = artifact.deadline
        if spec is None:
            return last
        if spec.date is not None:
            return spec.date
        assert spec.workdays_after_start is not None
        return self.workcalendar.add_workdays(first, spec.workdays_after_start)

    @property
    def span(self) -> tuple[datetime.date, datetime.date]:
        """First and last day of the campaign: its stated window, else its phases' extent."""
        dated = [p for p in self.phases if p.dated] or [self.phases[0]]  # raises for an undated draft
        starts = [p.start for p in dated]
        ends = [p.end for p in dated]
        if self.window is not None:
            starts.append(self.window.start or min(starts))
            ends.append(self.window.end)
        return min(starts), max(ends)
