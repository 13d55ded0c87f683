"""Semantic checks on a schema-valid plan: ids, references, dates, ladders, moves.

Each ``_check_*`` function looks at one concern and yields :class:`Finding` objects located by
their data path; the loader turns paths into line and column. Nothing here raises on the first
problem: a clerk sees every mistake in one run.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from campaignflow.dates import Window
from campaignflow.errors import Severity
from campaignflow.plan import EFFECT_ACTIONS, KNOWN_ACTIONS, Artifact, Plan, Step

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A semantic problem at a data path such as ``("phases", 2, "window")``."""

    loc: Loc
    severity: Severity
    code: str
    message: str
    first: Loc | None = None  # where the same thing was first given, for duplicates


def run(plan: Plan) -> list[Finding]:
    """Run every check and return all findings, errors and warnings together."""
    return [finding for check in CHECKS for finding in check(plan)]


def _artifact_locs(plan: Plan) -> Iterator[tuple[Loc, Artifact]]:
    for i, phase in enumerate(plan.phases):
        for j, artifact in enumerate(phase.artifacts):
            yield ("phases", i, "artifacts", j), artifact
    for j, artifact in enumerate(plan.duties):
        yield ("duties", j), artifact


def _duplicates(items: Iterable[tuple[Loc, str]], what: str) -> Iterator[Finding]:
    seen: dict[str, Loc] = {}
    for loc, name in items:
        if name in seen:
            yield Finding(
                loc, "error", "duplicate-id", f"{what} {name!r} is declared twice", first=seen[name]
            )
        else:
            seen[name] = loc


def _check_unique(plan: Plan) -> Iterator[Finding]:
    yield from _duplicates(
        ((("unit_kinds", i, "name"), k.name) for i, k in enumerate(plan.unit_kinds)), "unit kind"
    )
    yield from _duplicates(((("roles", i, "name"), r.name) for i, r in enumerate(plan.roles)), "role")
    yield from _duplicates(((("phases", i, "id"), p.id) for i, p in enumerate(plan.phases)), "phase id")
    yield from _duplicates((((*loc, "id"), a.id) for loc, a in _artifact_locs(plan)), "artifact id")
    yield from _duplicates(((("rules", i, "id"), r.id) for i, r in enumerate(plan.rules)), "rule id")
    yield from _duplicates(((("severities", i), s) for i, s in enumerate(plan.severities)), "severity")
    milestones = ((("milestones", i, "id"), m.id) for i, m in enumerate(plan.milestones))
    yield from _duplicates(milestones, "milestone id")


def _unknown(loc: Loc, what: str, name: str, known: Iterable[str]) -> Finding:
    names = sorted(set(known))
    listed = f"declared: {', '.join(names)}" if names else "nothing is declared yet"
    return Finding(loc, "error", "unknown-ref", f"{what} {name!r} is not declared ({listed})")


def _check_authority_refs(plan: Plan) -> Iterator[Finding]:
    roles = {r.name for r in plan.roles}
    for act, named in plan.authority:
        for i, role in enumerate(named):
            if role not in roles:
                yield _unknown(("authority", act, i), "role", role, roles)


def _check_artifact_refs(plan: Plan) -> Iterator[Finding]:
    kinds = {k.name for k in plan.unit_kinds}
    roles = {r.name for r in plan.roles}
    for loc, artifact in _artifact_locs(plan):
        for i, kind in enumerate(artifact.owed_by):
            if kind not in kinds:
                yield _unknown((*loc, "owed_by", i), "unit kind", kind, kinds)
        chain = isinstance(artifact.reviewer, list)
        for i, role in enumerate(artifact.reviewers):
            if role not in roles:
                yield _unknown((*loc, "reviewer", *((i,) if chain else ())), "role", role, roles)
        if len(set(artifact.reviewers)) < len(artifact.reviewers):
            yield Finding(
                (*loc, "reviewer"), "error", "duplicate-id", "a reviewer chain names the same role twice"
            )
        if artifact.submit_to is not None and artifact.submit_to not in roles:
            yield _unknown((*loc, "submit_to"), "role", artifact.submit_to, roles)
        if artifact.pass_mark is not None and artifact.kind != "test":
            yield Finding(
                (*loc, "pass_mark"), "error", "kind-mismatch", "pass_mark is only for artifacts of kind test"
            )
        if artifact.vote is not None and artifact.kind != "vote":
            yield Finding((*loc, "vote"), "error", "kind-mismatch", "vote is only for artifacts of kind vote")
        if artifact.items and artifact.kind != "document":
            message = f"items is only for documents (a ledger, 台账); a {artifact.kind} has no items"
            yield Finding((*loc, "items"), "error", "kind-mismatch", message)
        if artifact.kind == "document" and artifact.held_by:
            message = "held_by is only for meetings, tests and votes; a document is not held"
            yield Finding((*loc, "held_by"), "error", "kind-mismatch", message)
        if artifact.kind not in ("meeting", "vote") and artifact.attended_by:
            message = f"attended_by is only for meetings and votes; a {artifact.kind} is not attended"
            yield Finding((*loc, "attended_by"), "error", "kind-mismatch", message)
        if artifact.recurring is not None and artifact.recurring.days and artifact.reviewers:
            yield Finding(
                (*loc, "reviewer"),
                "error",
                "kind-mismatch",
                "a report due on fixed days is tracked period by period as handed in; sign-off per period "
                "is not tracked, so name the receiver with submit_to instead of reviewer",
            )
        if artifact.recurring is not None and artifact.deadline is not None:
            yield Finding(
                (*loc, "deadline"),
                "warning",
                "recurring-deadline",
                "a recurring duty has a deadline per period; this single deadline is ignored by the sweep",
            )


def _check_windows(plan: Plan) -> Iterator[Finding]:
    windows: list[tuple[Loc, Window, str]] = [
        (("phases", i, "window"), p.window, p.name) for i, p in enumerate(plan.phases) if p.window
    ]
    for i, phase in enumerate(plan.phases):
        if not phase.dated:
            yield Finding(
                ("phases", i),
                "warning",
                "no-window",
                f"phase {phase.id} has no window yet; tracking and calendars need one",
            )
    if plan.window is not None:
        windows.append((("window",), plan.window, "the campaign"))
    for loc, window, name in windows:
        if window.start is not None and window.start > window.end:
            yield Finding(
                loc, "error", "window-order", f"{name} ends ({window.end}) before it starts ({window.start})"
            )
    dated = [(i, p) for i, p in enumerate(plan.phases) if p.dated]
    for (_, before), (i, phase) in itertools.pairwise(dated):
        at: Loc = ("phases", i, "window")
        if phase.start < before.start:
            yield Finding(
                at,
                "error",
                "phase-order",
                f"phase {phase.id} starts {phase.start}, before the phase listed ahead of it "
                f"({before.id}, {before.start}); list phases in date order",
            )
        elif phase.start <= before.end:
            yield Finding(
                at,
                "warning",
                "phase-overlap",
                f"phase {phase.id} ({phase.start} – {phase.end}) overlaps {before.id} "
                f"({before.start} – {before.end})",
            )
    if plan.window is not None:
        first, last = plan.window.start, plan.window.end
        for i, phase in dated:
            if (first is not None and phase.start < first) or phase.end > last:
                yield Finding(
                    ("phases", i, "window"),
                    "warning",
                    "outside-campaign",
                    f"phase {phase.id} ({phase.start} – {phase.end}) lies outside the campaign window",
                )
    for i, phase in dated:
        if abs(phase.start.year - plan.year) > 1:
            yield Finding(
                ("phases", i, "window"),
                "warning",
                "far-from-year",
                f"phase {phase.id} starts in {phase.start.year}, far from the plan's year {plan.year}",
            )


def _check_milestones(plan: Plan) -> Iterator[Finding]:
    """Milestones name a declared phase, or have a window in order and, if the plan has one, inside it."""
    phases = {p.id: p for p in plan.phases}
    for i, milestone in enumerate(plan.milestones):
        if milestone.phase is not None:
            if milestone.phase not in phases:
                yield _unknown(("milestones", i, "phase"), "phase", milestone.phase, phases)
            continue
        window, at = milestone.window, ("milestones", i, "window")
        assert window is not None  # the model requires a window or a phase
        if window.start is not None and window.start > window.end:
            yield Finding(at, "error", "window-order", f"milestone {milestone.id} ends before it starts")
        elif plan.window is not None:
            first, last = plan.days(milestone)
            if (plan.window.start is not None and first < plan.window.start) or last > plan.window.end:
                yield Finding(
                    at,
                    "warning",
                    "outside-campaign",
                    f"milestone {milestone.id} ({first} – {last}) lies outside the campaign window",
                )


def _check_deadlines(plan: Plan) -> Iterator[Finding]:
    for i, phase in enumerate(plan.phases):
        for j, artifact in enumerate(phase.artifacts):
            if artifact.deadline is None or not phase.dated:
                continue
            if phase.on_enrolment and artifact.deadline.workdays_after_start is not None:
                yield Finding(
                    ("phases", i, "artifacts", j, "deadline"),
                    "error",
                    "no-fixed-start",
                    f"{artifact.name} is due {artifact.deadline.text}, but phase {phase.id} starts on each "
                    "unit's enrolment, not on one day; give a date (6月10日前) instead",
                )
                continue
            due = plan.due(phase, artifact)
            if not (due <= phase.end if phase.on_enrolment else phase.start <= due <= phase.end):
                yield Finding(
                    ("phases", i, "artifacts", j, "deadline"),
                    "warning",
                    "deadline-outside-phase",
                    f"{artifact.name} is due {due}, outside its phase {phase.name} "
                    f"({phase.start} – {phase.end})",
                )


def _check_rules(plan: Plan) -> Iterator[Finding]:
    artifacts = {a.id: a for _, a in plan.artifacts()}
    phases = {p.id for p in plan.phases}
    rules = {r.id for r in plan.rules}
    kinds = {k.name for k in plan.unit_kinds}
    named = False  # a finding trigger naming severities was seen
    for i, rule in enumerate(plan.rules):
        for j, kind in enumerate(rule.applies_to):
            if kind not in kinds:
                yield _unknown(("rules", i, "applies_to", j), "unit kind", kind, kinds)
        loc: Loc = ("rules", i, "when", rule.when.kind)
        trigger = getattr(rule.when, rule.when.kind)
        if hasattr(trigger, "artifact"):
            artifact = artifacts.get(trigger.artifact)
            if artifact is None:
                yield _unknown((*loc, "artifact"), "artifact", trigger.artifact, artifacts)
            else:
                yield from _check_trigger_fit(rule.when.kind, trigger, artifact, (*loc, "artifact"))
        if hasattr(trigger, "phase") and trigger.phase not in phases:
            yield _unknown((*loc, "phase"), "phase", trigger.phase, phases)
        if rule.when.kind == "repeated":
            if trigger.rule not in rules:
                yield _unknown((*loc, "rule"), "rule", trigger.rule, rules)
            elif trigger.rule == rule.id:
                yield Finding(
                    (*loc, "rule"), "error", "self-reference", "a rule cannot count its own repetitions"
                )
        if rule.when.kind in ("finding", "term_missed") and trigger.severity:
            yield from _check_severities(plan, trigger.severity, loc, first=not named)
            named = True
        yield from _check_ladder(plan, rule.ladder, ("rules", i, "ladder"))


def _check_severities(plan: Plan, severities: list[str], loc: Loc, *, first: bool) -> Iterator[Finding]:
    """A finding trigger names declared severities; without a declaration they are free text (warned once)."""
    if not plan.severities:
        if first:
            yield Finding(
                loc,
                "warning",
                "undeclared-severities",
                "findings are matched by their exact text: list the plan's severities under `severities:` "
                "so that a mistyped one is refused instead of matching no rule",
            )
        return
    for j, severity in enumerate(severities):
        if severity not in plan.severities:
            yield _unknown((*loc, "severity", j), "severity", severity, plan.severities)


def _check_trigger_fit(kind: str, trigger: object, artifact: Artifact, loc: Loc) -> Iterator[Finding]:
    needs = {"vote_share": "vote", "score_below": "test"}.get(kind)
    if needs and artifact.kind != needs:
        yield Finding(
            loc,
            "error",
            "kind-mismatch",
            f"{kind} needs an artifact of kind {needs}; {artifact.id} is a {artifact.kind}",
        )
    if kind == "score_below" and getattr(trigger, "mark", None) is None and artifact.pass_mark is None:
        yield Finding(loc, "error", "no-mark", f"give a mark here or a pass_mark on {artifact.id}")
    if kind == "vote_share" and artifact.vote is not None and artifact.vote.options:
        for option in getattr(trigger, "options", []):
            if option not in artifact.vote.options:
                yield _unknown(loc, "vote option", option, artifact.vote.options)
    if kind == "grade" and artifact.grades:
        for grade in getattr(trigger, "grades", []):
            if grade not in artifact.grades:
                yield _unknown(loc, "grade", grade, artifact.grades)


def _check_ladder(plan: Plan, ladder: list[Step], loc: Loc) -> Iterator[Finding]:
    previous: tuple[int, int] | None = None
    redo_targets = {m.to for m in plan.moves.send_back}
    phases = [p.id for p in plan.phases]
    for i, step in enumerate(ladder):
        here = (*loc, i)
        order = (step.occurrence, step.after_workdays)
        if not step.actions and not step.one_of:
            yield Finding(here, "error", "empty-step", "a ladder step needs at least one action or one_of")
        if previous is not None and order <= previous:
            yield Finding(
                here,
                "error",
                "ladder-order",
                "ladder steps must climb: each needs a later occurrence or more after_workdays than the last",
            )
        previous = order
        for group in ("actions", "one_of"):
            for j, action in enumerate(getattr(step, group)):
                at = (*here, group, j)
                needed = EFFECT_ACTIONS.get(action.action)
                if action.action not in KNOWN_ACTIONS:
                    yield Finding(
                        at,
                        "warning",
                        "unknown-action",
                        f"measure {action.action!r} is not one campaignflow knows; it is proposed as written",
                    )
                if needed and action.automatic and getattr(action, needed) is None:
                    yield Finding(at, "error", "missing-field", f"automatic {action.action} needs {needed!r}")
                if action.phase is not None and action.phase not in phases:
                    yield _unknown((*at, "phase"), "phase", action.phase, phases)
                elif action.action == "重做本阶段" and action.phase and action.phase not in redo_targets:
                    yield Finding(
                        at,
                        "error",
                        "move-not-declared",
                        f"no send_back move leads to {action.phase}; declare it under moves.send_back",
                    )
                extendable = plan.moves.extend if action.phase is None else [action.phase]
                known = action.phase is None or action.phase in phases
                if action.action == "延期" and known and not set(extendable) & set(plan.moves.extend):
                    yield Finding(
                        at, "error", "move-not-declared", "延期 needs its phase listed under moves.extend"
                    )


def _check_moves(plan: Plan) -> Iterator[Finding]:
    order = {p.id: i for i, p in enumerate(plan.phases)}
    for i, move in enumerate(plan.moves.send_back):
        loc: Loc = ("moves", "send_back", i)
        for end in ("from", "to"):
            name = move.from_ if end == "from" else move.to
            if name not in order:
                yield _unknown((*loc, end), "phase", name, order)
        if move.from_ in order and move.to in order and order[move.to] > order[move.from_]:
            yield Finding(
                loc,
                "error",
                "forward-send-back",
                f"send_back must go backwards, but {move.to} comes after {move.from_}",
            )
    for i, name in enumerate(plan.moves.extend):
        if name not in order:
            yield _unknown(("moves", "extend", i), "phase", name, order)


def _check_meta(plan: Plan) -> Iterator[Finding]:
    placeholders = [(("title",), plan.title)] + [
        (("unit_kinds", i, "name"), k.name) for i, k in enumerate(plan.unit_kinds)
    ]
    for loc, text in placeholders:
        if "TODO" in text:
            yield Finding(loc, "warning", "todo", f"{text!r} is a placeholder still to be filled in")
    if not plan.complete and not plan.note.strip():
        yield Finding(
            ("complete",), "error", "incomplete-note", "complete: false needs a note saying what is missing"
        )
    both = set(plan.calendar.holidays) & set(plan.calendar.workdays)
    for day in sorted(both):
        yield Finding(
            ("calendar",), "error", "calendar-conflict", f"{day} is listed both as a holiday and a workday"
        )


CHECKS: tuple[Callable[[Plan], Iterable[Finding]], ...] = (
    _check_meta,
    _check_unique,
    _check_artifact_refs,
    _check_authority_refs,
    _check_windows,
    _check_deadlines,
    _check_milestones,
    _check_rules,
    _check_moves,
)
