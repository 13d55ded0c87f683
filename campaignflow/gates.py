"""What gates a unit's move to the next phase, and what a command may record, computed once from the plan.

The engine asks two questions on every command: may this unit advance now (:class:`Gates.ready`, the
guard on the ``advance`` transition), and if not, why (:meth:`Gates.verdict`, a :class:`Verdict`
naming the missing artifacts). Both read the same per-(phase, unit kind) lists of required,
non-recurring artifacts, so the guard and the explanation cannot disagree. The lookups every command
needs — phases, states in order, artifacts by id, shared payloads — are built here too.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from campaignflow import periods
from campaignflow.errors import CampaignflowError, MoveNotAllowed
from campaignflow.history import Evidence, UnitRecord, shortfall
from campaignflow.plan import Artifact, Phase, Plan

__all__ = ["DONE", "Gates", "Verdict", "accepted", "gap", "is_in", "label", "missing", "owes", "reviewer"]

#: The state after the last phase.
DONE: Final = "done"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a unit may advance now: ``missing`` names artifact ids, ``reason`` says it in words."""

    ok: bool
    missing: tuple[str, ...] = ()
    reason: str = ""
    to: str | None = None

    def __bool__(self) -> bool:
        return self.ok


def label(spec: Artifact) -> str:
    return f"{spec.name} ({spec.id})"


def owes(kind: str, spec: Artifact) -> bool:
    return not spec.owed_by or kind in spec.owed_by


def missing(spec: Artifact, item: Evidence | None) -> str | None:
    """Why ``spec`` does not count as in with this evidence (None: it does)."""
    min_share = spec.vote.min_share if spec.vote else {}
    return shortfall(item, spec.kind, reviewer(spec, item), min_share, ledger=spec.items)


def reviewer(spec: Artifact, item: Evidence | None) -> str | None:
    """The role whose review ``spec`` awaits (the next level of a chain), or None when it has none."""
    chain = spec.reviewers
    if not chain:
        return None
    level = item.level if item is not None else 0
    return chain[min(level, len(chain) - 1)]


def gap(spec: Artifact, items: Mapping[str, Evidence] | None) -> str | None:
    """Why ``spec`` does not count as in with a unit's evidence (None: it does)."""
    return missing(spec, items.get(spec.id) if items else None)


def accepted(spec: Artifact) -> frozenset[str] | None:
    """The statuses that make a document or meeting count as in, for the fast paths of the advance
    guard, the sweep and the board; None where :func:`missing` must judge (ledgers, tests, votes)."""
    if spec.kind in ("document", "meeting") and not spec.items:
        return frozenset({"approved"} if spec.reviewers else {"submitted", "approved"})
    return None


def is_in(spec: Artifact, statuses: frozenset[str] | None, item: Evidence | None) -> bool:
    """Whether the evidence makes ``spec`` count as in; ``statuses`` is :func:`accepted` of it."""
    if item is None:
        return False
    return item.status in statuses if statuses is not None else missing(spec, item) is None


class Gates:
    """What the engine looks up on every command, computed once from the plan."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.phases = {p.id: p for p in plan.phases}
        self.states = {pid: i for i, pid in enumerate([*self.phases, DONE])}
        self.first = plan.phases[0].id
        self.starts = {p.id: p.start for p in plan.phases}
        self.kinds = "、".join(k.name for k in plan.unit_kinds)
        self.enrolled = {k.name: {"kind": k.name} for k in plan.unit_kinds}
        self.artifacts = {a.id: (phase, a) for phase, a in plan.artifacts()}
        self.submitted = {aid: {"artifact": aid, "ref": ""} for aid in self.artifacts}
        #: the due days of recurring reports on fixed days (每月10日、20日前), by artifact id
        self.due_days = {
            a.id: periods.occurrences(a.recurring, *periods.span_of(plan, phase))
            for phase, a in plan.artifacts()
            if a.recurring is not None and a.recurring.days
        }
        self.send_back = {(m.from_, m.to) for m in plan.moves.send_back}
        ids = [*self.phases]
        self.advanced = {p: {"from": p, "to": q} for p, q in zip(ids, [*ids[1:], DONE], strict=True)}
        self.gates = {
            (p.id, k.name): [a for a in p.artifacts if a.required and not a.recurring and owes(k.name, a)]
            for p in plan.phases
            for k in plan.unit_kinds
        }
        # the guard's fast path: the statuses that make a document or meeting count as in
        self.fast = {key: [(a.id, accepted(a), a) for a in gate] for key, gate in self.gates.items()}

    def artifact(self, aid: str) -> tuple[Phase | None, Artifact]:
        found = self.artifacts.get(aid)
        if found is None:
            raise CampaignflowError(f"unknown artifact {aid!r} (the plan has: {', '.join(self.artifacts)})")
        return found

    def phase(self, pid: str) -> Phase:
        found = self.phases.get(pid)
        if found is None:
            raise CampaignflowError(f"unknown phase {pid!r} (the plan has: {', '.join(self.phases)})")
        return found

    def state(self, name: str) -> int:
        """The position of a state (a phase id or ``"done"``) in the campaign's order."""
        found = self.states.get(name)
        if found is None:
            raise CampaignflowError(f"unknown phase {name!r} (the plan has: {', '.join(self.states)})")
        return found

    def label(self, state: str) -> str:
        return "done" if state == DONE else f"{self.phases[state].name} ({state})"

    def reset(self, record: UnitRecord, to: str, source: str) -> list[str]:
        """Artifacts of phases ``to`` … ``source`` whose evidence a send-back clears."""
        items = record.items or {}
        ids = [*self.phases][self.states[to] : self.states[source] + 1]
        return [a.id for pid in ids for a in self.phases[pid].artifacts if a.id in items]

    def ready(self, record: UnitRecord) -> bool:
        """Whether every gating artifact is in (the advance guard; ``verdict`` says why not)."""
        items = record.items
        for aid, statuses, spec in self.fast[record.phase, record.kind]:
            item = items.get(aid) if items else None
            if item is None or (  # is_in, inlined: the guard runs on every advance
                item.status not in statuses if statuses is not None else missing(spec, item) is not None
            ):
                return False
        return True

    def verdict(self, record: UnitRecord, day: datetime.date) -> Verdict:
        if record.phase == DONE:
            return Verdict(False, (), f"{record.name} has finished the last phase; nothing to advance to")
        here, to = record.phase, self.advanced[record.phase]["to"]
        reasons = []
        if to != DONE and day < self.starts[to]:
            reasons.append(f"{self.label(to)} opens on {self.starts[to]}, not on {day}")
        gaps = [(a, why) for a in self.gates[here, record.kind] if (why := gap(a, record.items)) is not None]
        if gaps:
            listed = "; ".join(f"{label(a)}: {why}" for a, why in gaps)
            reasons.append(f"{len(gaps)} required artifact(s) of {self.label(here)} not in — {listed}")
        if reasons:
            return Verdict(False, tuple(a.id for a, _ in gaps), "; ".join(reasons), to)
        return Verdict(True, (), f"ready to move from {self.label(here)} to {self.label(to)}", to)

    # ---- what a command may record -----------------------------------------------------------------

    def owed(
        self,
        record: UnitRecord,
        aid: str,
        kinds: tuple[str, ...],
        *,
        reached: bool = True,
        day: datetime.date | None = None,
    ) -> Artifact:
        """The artifact a command records for ``record``: of one of ``kinds``, owed by its kind, and (with
        ``reached``) of a phase the unit has reached or that has opened by ``day`` — a later phase's
        materials are accepted early once its window is open; otherwise the command is refused, saying why."""
        phase, spec = self.artifact(aid)
        if spec.kind not in kinds:
            how = {"test": "record_score", "vote": "record_vote"}.get(spec.kind, "submit")
            raise CampaignflowError(f"{label(spec)} is a {spec.kind}: record it with {how}()")
        unit = record.name
        if not owes(record.kind, spec):
            raise MoveNotAllowed(unit, f"a {record.kind} does not owe {label(spec)} (owed by "
                                 f"{'、'.join(spec.owed_by)})")  # fmt: skip
        if reached and phase is not None and self.state(record.phase) < self.state(phase.id):
            if day is not None and day >= self.starts[phase.id]:
                return spec  # the phase has opened: its materials are accepted before the unit moves
            where, here = self.label(phase.id), self.label(record.phase)
            raise MoveNotAllowed(unit, f"{label(spec)} belongs to {where}, which {unit} has not reached "
                                 f"(it is in {here}; {where} opens on {self.starts[phase.id]})")  # fmt: skip
        return spec

    def pending(self, record: UnitRecord, spec: Artifact) -> dict[str, object]:
        """Refuse a review (approve, reject) unless the artifact was submitted and awaits one; the
        approval's payload otherwise (a chain's level: 1 for 初审, 2 for the level above …)."""
        item = (record.items or {}).get(spec.id)
        if item is None or item.status != "submitted":
            status = item.status if item is not None and item.status else "nothing submitted"
            raise MoveNotAllowed(record.name, f"{label(spec)} is not awaiting review ({status})")
        payload: dict[str, object] = {"artifact": spec.id, "reviewer": reviewer(spec, item)}
        chain = spec.reviewers
        if len(chain) > 1:
            payload.update(level=item.level + 1, of=len(chain))
        return payload

    def entry(self, record: UnitRecord, spec: Artifact, item: str, *, closing: bool) -> None:
        """Refuse adding an item that is open, or closing one that is not (销号 needs an open item)."""
        if not spec.items:
            raise CampaignflowError(f"{label(spec)} is not a ledger of items (the plan has no items: true)")
        if not isinstance(item, str) or not item.strip() or item != item.strip():
            raise CampaignflowError(
                f"an item must be non-empty text without surrounding spaces, not {item!r}"
            )
        found = (record.items or {}).get(spec.id)
        state = None if found is None or found.entries is None else found.entries.get(item)
        if closing and state is not False:
            why = "already closed" if state else "not in the ledger"
            raise MoveNotAllowed(record.name, f"{label(spec)}: item {item!r} is {why}; nothing to close")
        if not closing and state is False:
            raise MoveNotAllowed(record.name, f"{label(spec)}: item {item!r} is already open")

    def grade(self, spec: Artifact, grade: str) -> None:
        """Refuse a grade the artifact does not declare."""
        if grade not in spec.grades:
            known = "、".join(spec.grades) or "none declared"
            raise CampaignflowError(f"{label(spec)}: unknown grade {grade!r} (grades: {known})")

    def severity(self, record: UnitRecord, severity: str) -> None:
        """Refuse a finding's severity the plan does not declare (when it declares any): a mistyped
        one would match no rule and nobody would be told."""
        declared = self.plan.severities
        if declared and severity not in declared:
            raise CampaignflowError(
                f"{record.name}: unknown severity {severity!r} (the plan declares: "
                f"{'、'.join(f'“{s}”' for s in declared)})"
            )
