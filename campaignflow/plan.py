"""The plan language: strict pydantic models of what a 实施方案 says.

A plan has metadata, the kinds of unit it applies to, reviewer roles, ordered phases with date
windows and the artifacts (材料, in :mod:`campaignflow.artifacts`) each unit owes, campaign-long
duties, escalation rules as data, and the moves allowed besides "advance to the next phase". Date
phrases are resolved while the model is validated, with the plan's ``year`` passed in the
validation context by the loader; the loader is the only way in (it maps every error back to a
line and column).
"""

import datetime
from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from campaignflow.artifacts import Artifact, ArtifactKind, VoteSpec  # noqa: F401 - ArtifactKind: as before
from campaignflow.dates import Window
from campaignflow.errors import CampaignflowError, Problem
from campaignflow.fields import Ident, Model, PlanId, Prose, Text, WindowField, new_list
from campaignflow.recurrence import Recurrence
from campaignflow.rules import EFFECT_ACTIONS, KNOWN_ACTIONS, Action, Rule, Step, When
from campaignflow.workdays import WorkCalendar

__all__ = [
    "EFFECT_ACTIONS",
    "KNOWN_ACTIONS",
    "STAGES",
    "ActRoles",
    "Action",
    "Artifact",
    "CalendarSpec",
    "Milestone",
    "Model",
    "Moves",
    "Phase",
    "Plan",
    "Recurrence",
    "Role",
    "Rule",
    "SendBack",
    "Step",
    "UnitKind",
    "VoteSpec",
    "When",
]

STAGES = ("mobilize", "study", "inspect", "evaluate", "rectify", "summarize")
Stage = Literal["mobilize", "study", "inspect", "evaluate", "rectify", "summarize"]


class UnitKind(Model):
    """A kind of unit the plan applies to (局属单位、科室站办、领导干部 …); units enroll at run time."""

    name: Text
    description: Prose = ""
    head: Text = Field("负责人", description="who answers for the unit when a rule addresses its head")


class Role(Model):
    """A reviewer or supervisor named by the plan (督导组、主要负责同志、党群科 …)."""

    name: Text
    description: Prose = ""


def _roles(what: str) -> Any:
    """A list of role names that defaults to empty (the act's default)."""
    return Field(default_factory=new_list, description=what)


class ActRoles(Model):
    """Who may do what: for each act, the declared roles that may do it; empty keeps the default.

    The defaults (docs/library.md, "Who may do what"): the unit's own actors hand in, add ledger
    items and advance; any declared role enrolls, records findings, scores, votes and grades,
    extends, sends back, sets deadlines and closes escalations; an artifact's ``reviewer`` approves
    and rejects it. Listing roles replaces "any declared role"; a unit's own actors keep their acts.
    """

    enroll: list[Text] = _roles("who enrolls units (default: any declared role)")
    submit: list[Text] = _roles("who besides the unit's own actors hands in and adds ledger items")
    advance: list[Text] = _roles("who besides the unit's own actors moves a unit on (default: any role)")
    score: list[Text] = _roles("who besides the unit's own actors records test scores (default: any role)")
    vote: list[Text] = _roles("who records vote results (default: the vote's held_by role, else any role)")
    grade: list[Text] = _roles("who records grades (default: any declared role)")
    finding: list[Text] = _roles("who records a supervisor's finding (default: any declared role)")
    extend: list[Text] = _roles("who extends a phase for a unit, 延期 (default: any declared role)")
    send_back: list[Text] = _roles("who sends a unit back to redo a phase (default: any declared role)")
    deadline: list[Text] = _roles("who sets a unit's own deadline, 限期整改 (default: any declared role)")
    close: list[Text] = _roles("who closes (销号) an escalation (default: any declared role)")
    roster: list[Text] = _roles("who changes the roster and the authority mode (default: any declared role)")


class Phase(Model):
    """One phase of the campaign with its window, goals and required artifacts."""

    id: Ident
    name: Text
    stage: Stage
    window: WindowField | None = Field(
        None, description="omitted only in drafts whose document gives no date"
    )
    starts: Literal["on_enrolment"] | None = Field(
        None,
        description="first phase only, when its window is a deadline alone and the campaign window "
        "states no start: on_enrolment — each unit starts it the day it enrolls (发文之日起)",
    )
    goals: Prose = ""
    artifacts: list[Artifact] = Field(default_factory=new_list)
    basis: Prose = ""
    _start: datetime.date | None = PrivateAttr(default=None)

    @property
    def on_enrolment(self) -> bool:
        """Whether each unit starts this (first, deadline-only) phase on the day it enrolls."""
        return self.starts == "on_enrolment" and self.window is not None and self.window.start is None

    @property
    def dated(self) -> bool:
        """False for a draft's phase whose document gives no date; such a plan cannot be tracked yet."""
        return self.window is not None

    @property
    def start(self) -> datetime.date:
        """First day, inclusive; for a deadline-only window, the day after the previous phase ends.

        A first phase that ``starts: on_enrolment`` has no plan-wide first day: each unit starts it
        when it enrolls. Plan-wide views (calendars, the campaign's span) then draw it from its deadline.
        """
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


class SendBack(Model):
    """A declared redo move: a unit in ``from`` may be sent back to ``to`` (重新查找)."""

    from_: Ident = Field(alias="from")
    to: Ident


class Moves(Model):
    """Moves besides advancing to the next phase, which is always allowed once a phase is done."""

    send_back: list[SendBack] = Field(default_factory=new_list)
    extend: list[Ident] = Field(
        default_factory=new_list, description="phases whose end may be extended per unit"
    )
    advance: Literal["manual", "when_ready"] = Field(
        "manual",
        description="when_ready: each sweep first moves every unit whose next phase has opened and whose "
        "required artifacts are in; manual: units move only when told (advance, advance --ready)",
    )


class CalendarSpec(Model):
    """Working-day adjustments beyond the official tables, and the board's warning horizon."""

    holidays: list[datetime.date] = Field(default_factory=new_list)
    workdays: list[datetime.date] = Field(default_factory=new_list)
    warn_workdays: Annotated[int, Field(ge=0, le=250)] = 3


class Milestone(Model):
    """An organiser's own step (局党委召开动员大会, 年底评选): owed by no unit, drawn in the calendars.

    It has its own ``window`` as the document words it, or happens during a ``phase`` when the
    document gives it no date of its own — one or the other.
    """

    id: Ident
    name: Text
    window: WindowField | None = Field(
        None, description="when, as the document says; a deadline alone: that day"
    )
    phase: Ident | None = Field(None, description="the phase it happens in, when it has no date of its own")
    held_by: Text | None = Field(None, description="who holds or organises it (局党委、街道)")
    basis: Prose = ""

    @model_validator(mode="after")
    def _one_when(self) -> Self:
        if (self.window is None) == (self.phase is None):
            raise PydanticCustomError(
                "milestone-when",
                "give milestone {id} either a window or the phase it happens in",
                {"id": self.id},
            )
        return self


class Plan(Model):
    """A campaign plan as one document states it; load it with :func:`campaignflow.load_plan`."""

    format: Literal[1] = 1
    id: PlanId
    title: Text
    issuer: Text | None = None
    doc_number: Text | None = Field(None, description="文号 of this document")
    based_on: list[Text] = Field(default_factory=new_list, description="superior documents it implements")
    year: Annotated[int, Field(ge=1949, le=2100)]
    source: Text | None = Field(None, description="the document this plan transcribes")
    complete: bool = True
    note: Prose = ""
    window: WindowField | None = Field(None, description="the whole campaign, if the document states it")
    unit_kinds: Annotated[list[UnitKind], Field(min_length=1)]
    roles: list[Role] = Field(default_factory=new_list)
    phases: Annotated[list[Phase], Field(min_length=1)]
    duties: list[Artifact] = Field(
        default_factory=new_list, description="campaign-long duties, e.g. 每周投稿"
    )
    milestones: list[Milestone] = Field(
        default_factory=new_list,
        description="the organisers' own dated steps, e.g. 动员大会 (owed by no unit)",
    )
    severities: list[Text] = Field(
        default_factory=new_list,
        description="the severities a supervisor's finding may carry (轻微、较严重 …); empty: any text",
    )
    rules: list[Rule] = Field(default_factory=new_list)
    authority: ActRoles = Field(
        default_factory=ActRoles, description="the roles that may do each act (who may record what)"
    )
    moves: Moves = Field(default_factory=Moves)
    calendar: CalendarSpec = Field(default_factory=CalendarSpec)
    _path: str = PrivateAttr(default="<string>")
    _text: str = PrivateAttr(default="")
    _problems: tuple[Problem, ...] = PrivateAttr(default=())

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Build a plan from a plain mapping (e.g. ``yaml.safe_load`` of a plan file).

        Date phrases are read with the mapping's own ``year`` unless a ``context`` says otherwise.
        This checks the schema only; :func:`campaignflow.parse_plan` (YAML text) and
        :func:`campaignflow.load_plan` (a file) also run the semantic checks and locate every problem at
        line:column, so they are the way in for files people write.
        """
        if options.get("context") is None and isinstance(obj, Mapping):
            year = obj.get("year")
            options["context"] = {"year": year if type(year) is int else None}
        return super().model_validate(obj, **options)

    @model_validator(mode="after")
    def _fill_open_starts(self) -> Self:
        previous_end = (
            self.window.start - datetime.timedelta(days=1) if self.window and self.window.start else None
        )
        for phase in self.phases:
            if phase.window is None:
                previous_end = None
                continue
            index = self.phases.index(phase)
            if phase.starts is not None and (index > 0 or phase.window.start is not None):
                why = (
                    "a later phase starts where the one before it ends" if index else "its window has a start"
                )
                raise PydanticCustomError(
                    "starts-not-open",
                    "phase {id}: starts: on_enrolment is only for a first phase whose window is a "
                    "deadline alone ({why}); remove it",
                    {"id": phase.id, "why": why, "at": ("phases", index, "starts")},
                )
            if phase.window.start is None:
                if phase.starts == "on_enrolment":
                    phase._start = phase.end
                elif previous_end is None:
                    raise PydanticCustomError(
                        "open-start",
                        "phase {id} has only a deadline ({text}) and nothing says when it starts: give "
                        "the campaign a window with a start (window: 2012年5月至12月), write the phase's "
                        "start (2012年5月20日至6月15日), or say `starts: on_enrolment` (each unit starts "
                        "it the day it enrolls)",
                        {"id": phase.id, "text": phase.window.text, "at": ("phases", index, "window")},
                    )
                else:
                    phase._start = previous_end + datetime.timedelta(days=1)
            previous_end = phase.end
        return self

    @property
    def undated(self) -> tuple[Phase, ...]:
        """Phases without a window (drafts only); tracking and calendars need every phase dated."""
        return tuple(p for p in self.phases if not p.dated)

    def undated_reason(self, what: str) -> str:
        """Why ``what`` (tracking, a calendar) cannot be done while a phase has no window, and the way out."""
        names = "、".join(f"{p.id} ({p.name})" for p in self.undated)
        return (
            f"plan {self.id}: {what} needs every phase dated, and {names} has no window yet; write its "
            "dates as the document gives them — a deadline alone (截止9月底, 6月15日前) is enough: such a "
            "phase starts the day after the phase before it ends"
        )

    @property
    def path(self) -> str:
        """The file the plan was loaded from, or ``<string>``."""
        return self._path

    @property
    def text(self) -> str:
        """The YAML text the plan was loaded from (a tracking database keeps it beside the history)."""
        return self._text

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

    def days(self, milestone: Milestone) -> tuple[datetime.date, datetime.date]:
        """A milestone's first and last day: its window (a deadline alone is that day), or its phase's."""
        if milestone.window is not None:
            return milestone.window.start or milestone.window.end, milestone.window.end
        phase = self.phase(milestone.phase or "")
        return phase.start, phase.end

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
