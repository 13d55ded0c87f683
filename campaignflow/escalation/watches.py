"""The plan's escalation rules compiled for the sweep: what each watches, for which kinds, its ladder.

Also the few judgements the sweep and the board share about evidence and votes: whether an
artifact counts as in (by the rule that gates advancing), a vote's share, respondent groups short
of their minimum.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from campaignflow.errors import CampaignflowError
from campaignflow.gates import accepted, is_in
from campaignflow.history import Event, UnitRecord, short_groups
from campaignflow.periods import occurrences, span_of, uncovered
from campaignflow.plan import EFFECT_ACTIONS, Action, Artifact, Phase, Plan, Rule, Step

if TYPE_CHECKING:
    from campaignflow.escalation.episodes import Track

__all__ = [
    "TIME_KINDS",
    "Rung",
    "Watch",
    "find_artifact",
    "kinds_for",
    "ordered",
    "share",
]

#: Triggers judged on the unit's dates rather than on events of its history.
TIME_KINDS: Final = ("overdue", "phase_unfinished")


@dataclass(frozen=True, slots=True)
class Rung:
    """A ladder step as the sweep uses it."""

    index: int
    after: int
    occurrence: int
    actions: tuple[str, ...]
    one_of: tuple[str, ...]
    effects: tuple[Action, ...]  # automatic measures that change state
    to_head: tuple[bool, ...]  # per measure (actions then one_of): addressed to the unit's head
    held_by: str  # who carries the step's measures out, as the plan names them ("区委"), or ""

    @property
    def to_unit_only(self) -> bool:
        return not any(self.to_head)


class Watch:
    """One rule compiled against its plan: what it watches, for which kinds, and its ladder.

    ``family`` names the events an event cause is made of (``doc`` for submitted/approved/rejected,
    ``scored``, ``voted``, ``graded``, ``finding``); ``None`` for time causes and ``repeated``.
    """

    def __init__(
        self, wid: str, name: str, kind: str, *, kinds: frozenset[str], rungs: tuple[Rung, ...]
    ) -> None:
        self.id, self.name, self.kind, self.kinds, self.rungs = wid, name, kind, kinds, rungs
        self.artifact: Artifact | None = None
        self.phase: Phase | None = None  # the artifact's phase, or the phase watched
        self.grace = 0
        self.family: str | None = None
        self.options: tuple[str, ...] = ()
        self.over = 0.0
        self.mark = 0.0
        self.grades: frozenset[str] = frozenset()
        self.text: str | None = None
        self.severities: frozenset[str] = frozenset()
        self.target = ""
        self.times = 0
        self.min_share: Mapping[str, float] = {}
        self.accepted: frozenset[str] | None = None  # statuses that make the artifact count as in
        self.planned = datetime.date.min  # a time rule's date by the plan (no 限期整改, no 延期)
        self.days: tuple[datetime.date, ...] = ()  # a recurring report's due days: each period is watched

    def _dates(self, plan: Plan) -> None:
        if self.kind == "overdue":
            self.accepted = accepted(self.spec)
            self.planned = plan.due(self.phase, self.spec)
            rec = self.spec.recurring
            if rec is not None and rec.days:
                self.days = occurrences(rec, *span_of(plan, self.phase))
                self.planned = self.days[0] if self.days else self.planned
                self.accepted = frozenset()  # never "in" on the fast path: each period is judged
        elif self.kind == "phase_unfinished":
            assert self.phase is not None
            self.planned = self.phase.end

    def idle(self, record: UnitRecord, track: Track | None) -> bool:
        """A quick no: the rule has nothing to say about this unit now (no cause, nothing open)."""
        if track is not None and self.id in track.open:
            return False
        if self.family is not None:
            return track is None or self.id not in track.matches
        if self.kind == "repeated":
            return track is None or len(track.fired.get(self.target, ())) < self.times
        if self.kind == "overdue":
            return self.handed_in(record)
        if self.kind == "term_missed":
            return not record.findings
        return False

    def handed_in(self, record: UnitRecord) -> bool:
        """Whether the artifact an ``overdue`` rule watches counts as in for ``record`` (for a recurring
        report on fixed days: whether every period is handed in)."""
        items = record.items
        if self.days:
            item = items.get(self.spec.id) if items else None
            return uncovered(self.days, item.periods if item else None) is None
        return is_in(self.spec, self.accepted, items.get(self.spec.id) if items else None)

    @classmethod
    def of_rule(cls, plan: Plan, rule: Rule) -> Watch:
        """A rule of the plan."""
        kind = rule.when.kind
        trigger: Any = getattr(rule.when, kind)
        phase, artifact = (
            find_artifact(plan, trigger.artifact) if hasattr(trigger, "artifact") else (None, None)
        )
        rungs = tuple(_rung(i, step) for i, step in enumerate(rule.ladder))
        watch = cls(rule.id, rule.name, kind, kinds=kinds_for(plan, rule.applies_to, artifact), rungs=rungs)
        watch.phase, watch.artifact = phase, artifact
        if kind == "overdue":
            watch.grace = trigger.workdays
        elif kind == "phase_unfinished":
            watch.phase, watch.grace = plan.phase(trigger.phase), trigger.workdays
        elif kind == "vote_share":
            watch.family, watch.options, watch.over = "voted", tuple(trigger.options), trigger.over
        elif kind == "score_below":
            mark = trigger.mark if trigger.mark is not None else watch.spec.pass_mark
            if mark is None:
                raise CampaignflowError(
                    f"rule {rule.id}: {trigger.artifact} has no pass_mark to compare with"
                )
            watch.family, watch.mark = "scored", mark
        elif kind == "grade":
            watch.family, watch.grades = "graded", frozenset(trigger.grades)
        elif kind == "rejected":
            watch.family, watch.text = "doc", trigger.reason
        elif kind == "finding":
            watch.family, watch.severities = "finding", frozenset(trigger.severity)
        elif kind == "term_missed":
            watch.severities, watch.grace = frozenset(trigger.severity), trigger.workdays
        elif kind == "repeated":
            watch.target, watch.times = trigger.rule, trigger.times
        else:  # pragma: no cover - the plan language has no other trigger
            raise CampaignflowError(f"rule {rule.id}: unknown trigger {kind!r}")
        watch._dates(plan)
        return watch

    @classmethod
    def of_vote(cls, plan: Plan, artifact: Artifact) -> Watch:
        """The built-in check of a vote whose respondent groups fall short of ``vote.min_share``."""
        assert artifact.vote is not None
        rungs = (Rung(0, 0, 1, (), (), (), (), ""),)
        name = f"{artifact.name}评议人员构成不足"
        watch = cls(
            f"{artifact.id}.min_share", name, "min_share", kinds=kinds_for(plan, [], artifact), rungs=rungs
        )
        watch.phase, watch.artifact = find_artifact(plan, artifact.id)
        watch.family, watch.min_share = "voted", artifact.vote.min_share
        return watch

    @property
    def spec(self) -> Artifact:
        """The watched artifact (every artifact trigger names one)."""
        if self.artifact is None:  # pragma: no cover - every artifact trigger names one
            raise CampaignflowError(f"rule {self.id} watches no artifact")
        return self.artifact

    def counts_beyond(self, occurrence: int) -> bool:
        """Whether a step needs more occurrences than this one (so this one must be counted)."""
        return any(rung.occurrence > occurrence for rung in self.rungs)

    def rung(self, occurrence: int, age: int) -> int:
        """The index of the highest step that applies to this occurrence at this age, or -1."""
        for rung in reversed(self.rungs):
            if occurrence >= rung.occurrence and age >= rung.after:
                return rung.index
        return -1

    def matches(self, event: Event) -> bool:
        """Whether an event of this watch's family is an occurrence of its cause."""
        payload = event.payload
        kind = self.kind
        if kind == "finding":
            return not self.severities or payload.get("severity") in self.severities
        if kind == "rejected":
            reason = payload.get("reason")
            return event.kind == "rejected" and (self.text is None or self.text in str(reason or ""))
        if kind == "score_below":
            score = payload.get("score")
            return isinstance(score, (int, float)) and score < self.mark  # a tuple: no union built per call
        if kind == "grade":
            return payload.get("grade") in self.grades
        votes, respondents = payload.get("votes"), payload.get("respondents")
        if kind == "vote_share":
            return isinstance(votes, Mapping) and share(votes, self.options) > self.over
        if kind == "min_share":
            return isinstance(votes, Mapping) and bool(short_groups(respondents or {}, self.min_share))
        return False


def find_artifact(plan: Plan, artifact: str) -> tuple[Phase | None, Artifact]:
    for phase, spec in plan.artifacts():
        if spec.id == artifact:
            return phase, spec
    raise CampaignflowError(f"unknown artifact {artifact!r}")


def kinds_for(plan: Plan, applies_to: Sequence[str], artifact: Artifact | None) -> frozenset[str]:
    kinds = {k.name for k in plan.unit_kinds}
    if applies_to:
        kinds &= set(applies_to)
    if artifact is not None and artifact.owed_by:
        kinds &= set(artifact.owed_by)
    return frozenset(kinds)


def _rung(index: int, step: Step) -> Rung:
    measures = [*step.actions, *step.one_of]
    return Rung(
        index,
        step.after_workdays,
        step.occurrence,
        tuple(a.action for a in step.actions),
        tuple(a.action for a in step.one_of),
        tuple(a for a in step.actions if a.automatic and a.action in EFFECT_ACTIONS),
        tuple(a.to == "head" for a in measures),
        "、".join(dict.fromkeys(a.held_by for a in measures if a.held_by)),
    )


def ordered(watches: list[Watch]) -> list[Watch]:
    """Plan order, except that a ``repeated`` rule comes after the rule it counts (cycles keep plan order)."""
    by_id = {w.id: w for w in watches}
    done: dict[str, Watch] = {}

    def visit(watch: Watch, path: tuple[str, ...]) -> None:
        if watch.id in done or watch.id in path:
            return
        target = by_id.get(watch.target) if watch.kind == "repeated" else None
        if target is not None:
            visit(target, (*path, watch.id))
        done[watch.id] = watch

    for watch in watches:
        visit(watch, ())
    return list(done.values())


def share(votes: Mapping[str, Any], options: Sequence[str]) -> float:
    total = sum(n for n in votes.values() if isinstance(n, int))
    if total <= 0:
        return 0.0
    return sum(n for o in options if isinstance(n := votes.get(o, 0), int)) / total
