"""The campaign engine: units move through a plan's phases on a transitions state machine.

One :class:`transitions.Machine` is built per campaign from its plan: the states are the phase
ids plus ``"done"``; ``advance`` leads from each phase to the next (the last to ``"done"``) behind
a guard that reads the unit's record; each declared ``send_back`` move is an event of its own.
Units are plain :class:`~campaignflow.history.UnitRecord` slots objects never registered with
the machine (``add_model`` is O(N²) and costs kilobytes per unit): a move fires
``machine.events[name].trigger(record)``. ``auto_transitions`` is off (the generated ``to_<state>``
moves would bypass the guards) and no ``on_exception`` handler is installed, so errors propagate.
This is the only module that imports transitions.

Every command validates, commits one event to the store (optimistic version per unit), and only
then folds the event into the in-memory record with :func:`~campaignflow.history.apply` — the
function that also replays history, so live and replayed state cannot drift apart. Time is
always passed in (``at=``); the library never reads the clock.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from transitions import Machine

from campaignflow import advancing, designation, findings
from campaignflow import periods as cycles
from campaignflow.authority import MODES, Authority, Mode
from campaignflow.authority import backdating as _late
from campaignflow.daterange import check_day
from campaignflow.dates import Duration, add_duration, parse_duration
from campaignflow.errors import CampaignflowError, MoveNotAllowed, PlanError, StoreError
from campaignflow.gates import DONE, Gates, Verdict, gap, label, owes
from campaignflow.history import (
    CAMPAIGN_KINDS,
    LOG_KINDS,
    Event,
    Evidence,
    Ledger,
    UnitRecord,
    check_json,
    counts,
    moment,
    paused_gc,
)
from campaignflow.loader import parse_plan
from campaignflow.plan import Artifact, Plan
from campaignflow.safetext import checked_drafts
from campaignflow.states import LazyLedger, append_folded
from campaignflow.store import Draft, MemoryStore, Store, UnitStore, plan_source
from campaignflow.store.connect import choose, connect, redact

if TYPE_CHECKING:  # the escalation package is imported by the two methods that use it
    from campaignflow import escalation

__all__ = ["DONE", "Campaign", "Moment", "Verdict"]

Moment = datetime.datetime | datetime.date
Payload = Mapping[str, Any]
_ALL_KINDS: Final = ("document", "meeting", "test", "vote")


class Campaign:
    """A running campaign: the plan, every enrolled unit's state, and the history behind it.

    ``Campaign(plan)`` keeps history in memory; ``Campaign(plan, store="track.db")`` in a SQLite
    file and ``store="postgresql://…"`` in a PostgreSQL database, where reopening restores
    everything (``Campaign.open("track.db")`` reads the plan from the database too). A database
    may hold several campaigns, each under its id (``campaign=``; by default the plan's id).
    Commands return the :class:`~campaignflow.history.Event` they recorded; a refused command
    raises :class:`MoveNotAllowed` and changes nothing.

    ``authority`` (``"enforce"`` or ``"record"``, see :mod:`campaignflow.authority`) is stored with a
    new campaign; a new tracking database enforces it unless told otherwise, an in-memory campaign
    checks nothing unless told to. Commands may be back-dated on purpose: ``backdated=True, reason=…``.
    """

    def __init__(
        self,
        plan: Plan,
        store: Store | str | os.PathLike[str] | None = None,
        *,
        campaign: str | None = None,
        authority: Mode | None = None,
    ) -> None:
        if authority is not None and authority not in MODES:
            raise CampaignflowError(f"authority must be one of {', '.join(MODES)}, not {authority!r}")
        if store is None:
            made: Store = MemoryStore()
        elif isinstance(store, str | os.PathLike):
            made = connect(store)
        else:  # a shared MemoryStore: a handle per campaign, so a failed batch takes back only its events
            made = store.writer() if isinstance(store, MemoryStore) else store
        try:
            if isinstance(made, UnitStore) and (made is not store or campaign is not None):
                where = redact(store) if isinstance(store, str | os.PathLike) else "database"
                choose(made, where, campaign, plan.id)
            self._setup(plan, made, None if isinstance(made, MemoryStore) else plan_source(plan), authority)
        except BaseException:
            if made is not store:
                made.close()
            raise

    @classmethod
    def open(cls, path: str | os.PathLike[str], campaign: str | None = None) -> Campaign:
        """Reopen a tracking database (a SQLite file or a ``postgresql://`` URL) with the plan stored in it.

        ``campaign`` names the campaign when the database holds several.
        """
        store = connect(path, create=False)
        try:
            choose(store, redact(path), campaign, None)
            text = store.plan_text()
            if text is None:
                raise StoreError(f"{redact(path)}: no plan is stored in this database")
            opened = cls.__new__(cls)
            try:
                plan = parse_plan(text, f"{redact(path)}#plan")
            except PlanError as exc:  # the file wrote a valid plan: its text has been changed since
                raise StoreError(
                    f"{redact(path)}: the database is damaged: the plan stored in it no longer loads "
                    f"({exc.errors[0].format() if exc.errors else exc})"
                ) from None
            opened._setup(plan, store, None)
        except BaseException:
            store.close()
            raise
        return opened

    @classmethod
    def replay(cls, plan: Plan, events: Iterable[Event]) -> Campaign:
        """A fresh in-memory campaign rebuilt from ``events`` alone, applied in ``seq`` order."""
        return cls(plan, store=MemoryStore(sorted(events, key=lambda e: e.seq)))

    def _setup(self, plan: Plan, store: Store, text: str | None, authority: Mode | None = None) -> None:
        if plan.undated:
            raise CampaignflowError(plan.undated_reason("tracking"))
        if DONE in (p.id for p in plan.phases):
            raise CampaignflowError(f"plan {plan.id}: a phase may not be called {DONE!r}")
        stored = store.plan_id()
        if stored is not None and stored != plan.id:
            raise StoreError(f"this database tracks plan {stored!r}, not {plan.id!r}")
        self._lazy = isinstance(store, UnitStore)
        if (text is not None and text != store.plan_text()) or stored is None:
            store.set_plan(plan.id, text or "")
        self._plan, self._store, self._gates = plan, store, Gates(plan)
        moves = [
            {
                "trigger": "advance",
                "source": here,
                "dest": move["to"],
                "conditions": [self._guard(move["to"])],
            }
            for here, move in self._gates.advanced.items()
        ] + [{"trigger": f"send_back:{m.to}", "source": m.from_, "dest": m.to} for m in plan.moves.send_back]
        self._machine = Machine(
            model=None,  # units are never registered: add_model is O(N²)
            states=[*self._gates.states],
            initial=self._gates.first,
            transitions=moves,
            auto_transitions=False,  # to_<state> moves would skip the guards
            send_event=True,
            model_attribute="phase",
            ignore_invalid_triggers=False,
            on_exception=None,  # never swallow an error raised in a guard
        )
        self._advance = self._machine.events["advance"]
        memory = isinstance(store, MemoryStore)
        self._fallback: Mode | None = None if memory else "record"  # a database made before modes were stored
        self._load()
        if stored is None and not self._ledger.seen:  # a new campaign: store its mode
            mode = authority or (None if memory else "enforce")
            if mode is not None:
                self._general("authority", plan.span[0], "", {"mode": mode})
        elif authority is not None and authority != self._authority.mode:
            raise CampaignflowError(
                f"this campaign's authority is {self._authority.mode or 'not checked'}, not {authority}; "
                "change it with set_authority() (CLI: track roster mode), which records who did it"
            )

    def _load(self) -> None:
        """Build every unit's state (and the roster) from the store's history — on a durable store,
        one unit when asked; campaign-level events are always folded."""
        gates, store = self._gates, self._store
        authority = self._authority = Authority(self._plan)
        if isinstance(store, UnitStore):
            self._ledger: Ledger = LazyLedger(
                store, gates.first, gates.enrolled, gates.states, general=authority.fold
            )
            self._ledger.artifacts = gates.artifacts  # history naming another artifact is a StoreError
        else:
            self._ledger = Ledger(gates.first, gates.enrolled, gates.states, authority.fold)
            self._ledger.artifacts = gates.artifacts
            self.refresh()
        self._units = self._ledger.units
        if authority.mode is None:
            authority.mode = self._fallback

    def _all(self) -> dict[str, UnitRecord]:
        """Every unit's record: a question about the whole campaign first folds its whole history."""
        ledger = self._ledger
        if isinstance(ledger, LazyLedger) and not ledger.complete:
            ledger.load_all()
        return self._units

    def _guard(self, dest: str) -> Callable[[Any], bool]:
        """The guard of the move into ``dest``: that phase has opened and nothing required is missing."""
        start, tables = self._gates.starts.get(dest), self._gates

        def guard(event: Any) -> bool:  # transitions passes its EventData (send_event=True)
            return (start is None or event.kwargs["day"] >= start) and tables.ready(event.model)

        return guard

    # ---- reading ---------------------------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        """The plan this campaign runs."""
        return self._plan

    @property
    def authority(self) -> Authority:
        """Who may do what here: ``.mode`` (enforce, record or None) and ``.roster`` (read-only)."""
        return self._authority

    @property
    def store(self) -> Store:
        """Where the history is kept (read it; write through the commands)."""
        return self._store

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, unit: object) -> bool:
        if unit in self._units:
            return True
        ledger = self._ledger
        if isinstance(ledger, LazyLedger) and isinstance(unit, str):
            return ledger.fetch(unit) is not None
        return False

    def record(self, unit: str) -> UnitRecord:
        """The live record of ``unit`` — read it, never write it (raises UnknownUnit)."""
        return self._ledger.record(unit)

    def records(self) -> Iterator[UnitRecord]:
        """Every unit's live record in enrolment order (read-only; for sweeps over many units)."""
        return iter(self._all().values())

    def phase_of(self, unit: str) -> str:
        """The id of the phase ``unit`` is in, or ``"done"`` after the last phase."""
        return self.record(unit).phase

    def units(self, phase: str | None = None) -> list[str]:
        """Enrolled units in enrolment order; only those in ``phase`` (an id or ``"done"``) if given."""
        if phase is None:
            return list(self._all())
        self._gates.state(phase)
        return [r.name for r in self._all().values() if r.phase == phase]

    def history(self, unit: str) -> list[Event]:
        """Every event of ``unit``, oldest first."""
        return list(self.record(unit).events)

    def events(self) -> list[Event]:
        """Every event of the campaign in ``seq`` order."""
        self._all()
        return self._ledger.events()

    def evidence(self, unit: str, artifact: str) -> Evidence | None:
        """What ``unit`` has handed in for ``artifact`` (None: nothing yet)."""
        self._gates.artifact(artifact)
        return (self.record(unit).items or {}).get(artifact)

    def owes(self, unit: str, artifact: str) -> bool:
        """Whether the plan asks ``unit``'s kind for ``artifact``."""
        return owes(self.record(unit).kind, self._gates.artifact(artifact)[1])

    def is_in(self, unit: str, artifact: str) -> bool:
        """Whether ``artifact`` counts as in for ``unit``, by the same rule that gates advancing."""
        return gap(self._gates.artifact(artifact)[1], self.record(unit).items) is None

    def phase_end(self, unit: str, phase: str) -> datetime.date:
        """The last day of ``phase`` for ``unit``: the plan's end, or the unit's extended end."""
        end = self._gates.phase(phase).end
        ends = self.record(unit).ends
        return ends.get(phase, end) if ends else end

    def deadline_of(self, unit: str, artifact: str) -> datetime.date:
        """When ``artifact`` is due from ``unit``: its 限期整改 date if one was set, else the plan's.

        An artifact without a deadline of its own is due at its phase's end, extensions included.
        """
        phase, spec = self._gates.artifact(artifact)
        record = self.record(unit)
        if record.deadlines and artifact in record.deadlines:
            return record.deadlines[artifact]
        days = self._gates.due_days.get(artifact)
        if days:  # a recurring report on fixed days: the earliest period not handed in (else the last)
            item = (record.items or {}).get(artifact)
            return cycles.uncovered(days, item.periods if item else None) or days[-1]
        if spec.deadline is None and phase is not None:
            return self.phase_end(unit, phase.id)
        return self._plan.due(phase, spec)

    def periods(self, unit: str, artifact: str) -> list[cycles.Occurrence]:
        """Each period's deadline of a recurring report on fixed days, with when ``unit`` handed in for it."""
        self._gates.artifact(artifact)
        item = (self.record(unit).items or {}).get(artifact)
        found = item.periods if item else None
        return [
            cycles.Occurrence(d, cycles.covered(found, d)) for d in self._gates.due_days.get(artifact, ())
        ]

    def can_advance(self, unit: str, *, at: Moment) -> Verdict:
        """Whether ``unit`` may advance at ``at``; if not, the missing artifacts and the reason."""
        return self._gates.verdict(self.record(unit), self._moment(at)[1])

    def snapshot(self) -> dict[str, tuple[Any, ...]]:
        """Every unit's state as plain values, to compare two campaigns (e.g. live and replayed)."""
        self._all()
        return self._ledger.snapshot()

    # ---- commands --------------------------------------------------------------------------------

    def enroll(self, unit: str, *, kind: str, at: Moment, by: str = "") -> Event:
        """Enroll ``unit`` of ``kind`` (a unit kind of the plan); it starts in the first phase."""
        return self.enroll_many([(unit, kind)], at=at, by=by)[0]

    def enroll_many(
        self,
        units: Iterable[tuple[str, str]],
        *,
        at: Moment,
        by: str = "",
        details: Mapping[str, Mapping[str, str]] | None = None,
    ) -> list[Event]:
        """Enroll ``(name, kind)`` pairs in one transaction: all of them, or none if one is bad.

        ``details`` (unit → e.g. ``{"head": "王五", "contact": "…"}``) is recorded with a unit's enrolment.
        """
        when, by = self._moment(at)[0], _text(by, "by")
        payloads = self._authority.enrolling(self._gates.enrolled, by)
        if details:
            check_json(details, "details")
            if any("kind" in extra for extra in details.values()):
                raise CampaignflowError("details may not change a unit's kind")
        units = self._probe(units)
        first, table = self._ledger.first, self._units
        # A unit's real record goes into the table as soon as its name is checked, at version 0
        # (not committed yet; a committed record has version ≥ 1). It reserves the name against a
        # duplicate later in the batch, and the unit's event is then folded straight into it: one
        # lookup per unit in the big table, one batch-sized list. If anything fails, the records
        # still at version 0 are taken out again.
        fresh: list[UnitRecord] = []
        try:
            with paused_gc():
                for i, (name, kind) in enumerate(units, 1):
                    if (
                        not isinstance(name, str)
                        or not name
                        or name != name.strip()
                        or not name.isprintable()
                    ):
                        raise CampaignflowError(f"unit {i}: {name!r} is not a unit name ({_unnamed(name)})")
                    payload = payloads.get(kind)
                    if payload is None:
                        raise CampaignflowError(
                            f"{name}: unknown unit kind {kind!r} (the plan has {self._gates.kinds})"
                        )
                    record = UnitRecord(name, payload["kind"], first, when)
                    found = table.setdefault(name, record)
                    if found is not record:
                        raise MoveNotAllowed(
                            name,
                            "listed twice"
                            if found.version == 0
                            else f"already enrolled as {found.kind}; to change its kind from a given day, "
                            "use designate (track designate)",
                        )
                    fresh.append(record)
                made = self._append(
                    ((r.name, 0) for r in fresh),
                    (
                        (r.name, "enrolled", when, by, _details(payloads[r.kind], details, r.name))
                        for r in fresh
                    ),
                    fresh,
                )
        except BaseException:
            for record in fresh:
                if record.version == 0:
                    del table[record.name]
            raise
        return made

    def designate(self, unit: str, *, kind: str, at: Moment, by: str = "", reason: str = "") -> Event:
        """Change ``unit``'s kind from ``at`` on (确定为整改责任单位): from then it owes what ``kind`` owes.

        Its phase, evidence and history stay; what the new kind owes that fell due before ``at``
        shows as late unless a new term is set (``set_deadline``).
        """
        record = self.record(unit)
        payload = designation.payload(record, kind, self._gates.enrolled, _text(reason, "reason"))
        return self._commit(record, "designated", at, by, payload)

    def submit(
        self, unit: str, artifact: str, *, at: Moment, by: str = "", ref: str = "",
        period: datetime.date | None = None,
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Hand in a document, or record a meeting as held; ``ref`` points at the file or minutes.

        A recurring report on fixed days (每月10日、20日前) covers one period: ``period`` (its due day), or
        by default the earliest period not handed in yet."""
        record, spec = self._owed(unit, artifact, ("document", "meeting"), at)
        item = (record.items or {}).get(artifact)
        if item is not None and item.status == "approved" and spec.recurring is None:
            raise MoveNotAllowed(unit, f"{label(spec)} is already approved; nothing to resubmit")
        payload = (
            self._gates.submitted[artifact] if not ref else {"artifact": artifact, "ref": _text(ref, "ref")}
        )
        days = self._gates.due_days.get(artifact)
        if days is not None or period is not None:
            chosen = cycles.choose(spec, days or (), item.periods if item else None, period)
            payload = {**payload, "period": chosen}
        return self._commit(record, "submitted", at, by, payload, late=_late(backdated, reason))

    def approve(
        self,
        unit: str,
        artifact: str,
        *,
        at: Moment,
        by: str = "",
        backdated: bool | str = False,
        reason: str = "",
    ) -> Event:
        """Sign off a submitted artifact (审核通过); only artifacts with a ``reviewer`` take it.

        With a chain of reviewers, each approval is one level's; the artifact is in after the last."""
        record, spec = self._owed(unit, artifact, ("document", "meeting"), at)
        if spec.reviewer is None:
            raise MoveNotAllowed(unit, f"{label(spec)} needs no sign-off (the plan names no reviewer)")
        payload = self._gates.pending(record, spec)
        return self._commit(record, "approved", at, by, payload, late=_late(backdated, reason))

    def reject(
        self,
        unit: str,
        artifact: str,
        *,
        at: Moment,
        reason: str,
        by: str = "",
        backdated: bool | str = False,
    ) -> Event:
        """Send a submitted artifact back (退回重办), at any level of a reviewer chain: it must be
        resubmitted (and reviewed from the first level again) before the unit advances."""
        record, spec = self._owed(unit, artifact, ("document", "meeting"), at)
        review = self._gates.pending(record, spec)
        payload = {
            "artifact": artifact,
            "reason": _text(reason, "reason", required=True),
            "reviewer": review["reviewer"],
        }
        return self._commit(record, "rejected", at, by, payload, late=_late(backdated, reason, own=True))

    def add_item(
        self, unit: str, artifact: str, item: str, *, at: Moment, by: str = "", ref: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Add an item (a problem, a measure) to a ledger artifact (挂账); adding a closed one reopens it."""
        record, spec = self._owed(unit, artifact, ("document",), at)
        self._gates.entry(record, spec, item, closing=False)
        payload = {"artifact": artifact, "item": item, "ref": _text(ref, "ref")}
        return self._commit(record, "item_added", at, by, payload, late=_late(backdated, reason))

    def close_item(
        self, unit: str, artifact: str, item: str, *, at: Moment, by: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Close an open item of a ledger artifact (销号: 完成一件销号一件)."""
        record, spec = self._owed(unit, artifact, ("document",), at)
        self._gates.entry(record, spec, item, closing=True)
        payload = {"artifact": artifact, "item": item}
        return self._commit(record, "item_closed", at, by, payload, late=_late(backdated, reason))

    def advance(
        self, unit: str, *, at: Moment, by: str = "", backdated: bool | str = False, reason: str = ""
    ) -> Event:
        """Move ``unit`` to its next phase (or ``"done"``); refused with the reason and what is missing."""
        record = self._units.get(unit) or self.record(unit)
        when = moment(at)
        day = when.date()
        source = record.phase
        late = _late(backdated, reason) if backdated or reason else ""
        if source == DONE or not self._advance.trigger(record, day=day):
            verdict = self._gates.verdict(record, day)
            raise MoveNotAllowed(unit, verdict.reason, verdict.missing)
        payload = self._gates.advanced[source]
        return self._commit(record, "advanced", when, by, payload, undo=source, late=late)

    def advance_ready(self, *, at: Moment, by: str = "") -> list[Event]:
        """Advance every unit whose next phase has opened and whose required artifacts are in (one step)."""
        return advancing.advance_ready(self, at=at, by=by)

    def send_back(
        self, unit: str, *, to: str, at: Moment, reason: str, by: str = "", backdated: bool | str = False
    ) -> Event:
        """Send ``unit`` back to redo phase ``to`` (重新查找); its evidence from ``to`` on is cleared."""
        record = self.record(unit)
        self._gates.phase(to)
        source = record.phase
        if (source, to) not in self._gates.send_back:
            where = "has finished" if source == DONE else f"is in {self._gates.label(source)}"
            allowed = ", ".join(f"{a} → {b}" for a, b in sorted(self._gates.send_back)) or "none"
            raise MoveNotAllowed(unit, f"{unit} {where}; the plan allows no send-back to {to} from there "
                                 f"(allowed: {allowed})")  # fmt: skip
        reset = self._gates.reset(record, to, source)
        payload = {"from": source, "to": to, "reason": _text(reason, "reason", required=True), "reset": reset}
        day, late = self._moment(at)[1], _late(backdated, reason, own=True)
        if not self._machine.events[f"send_back:{to}"].trigger(record, day=day):
            raise MoveNotAllowed(unit, f"the state machine refused the send-back to {to}")
        return self._commit(record, "sent_back", at, by, payload, undo=source, late=late)

    def extend(
        self, unit: str, *, phase: str, by: str | Duration, at: Moment, actor: str = "", reason: str = "",
        backdated: bool | str = False,
    ) -> Event:  # fmt: skip
        """Extend ``phase`` for ``unit`` by a duration such as "2个月" (延期); month ends stay month ends.

        ``by`` is the duration (as the plan language writes it); ``actor`` who decided it.
        """
        record = self.record(unit)
        label = self._gates.label(self._gates.phase(phase).id)
        if phase not in self._plan.moves.extend:
            allowed = ", ".join(self._plan.moves.extend) or "none"
            raise MoveNotAllowed(unit, f"the plan allows no extension of {label} (extendable: {allowed})")
        if self._gates.state(record.phase) > self._gates.state(phase):
            raise MoveNotAllowed(unit, f"{unit} has already left {label}")
        duration = by if isinstance(by, Duration) else parse_duration(_text(by, "by"))
        end = add_duration(self.phase_end(unit, phase), duration, self._plan.workcalendar)
        payload = {
            "phase": phase,
            "by": duration.text,
            "end": end.isoformat(),
            "reason": _text(reason, "reason"),
        }
        return self._commit(record, "extended", at, actor, payload, late=_late(backdated, reason, own=True))

    def record_score(
        self, unit: str, artifact: str, score: float, *, at: Moment, by: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Record a test score (闭卷测试成绩); the latest score counts."""
        record, _ = self._owed(unit, artifact, ("test",), at)
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score < float("inf"):
            raise CampaignflowError(f"{unit}: a score is a number ≥ 0, not {score!r}")
        payload = {"artifact": artifact, "score": score}
        return self._commit(record, "scored", at, by, payload, late=_late(backdated, reason))

    def record_vote(
        self, unit: str, artifact: str, votes: Mapping[str, int], *,
        respondents: Mapping[str, int] | None = None, at: Moment, by: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Record a vote (票数 per option) and who took part (人数 per respondent group, for min_share)."""
        record, spec = self._owed(unit, artifact, ("vote",), at)
        tally = counts(votes, "votes", spec.vote.options if spec.vote else ())
        payload = {
            "artifact": artifact,
            "votes": tally,
            "respondents": counts(respondents or {}, "respondents"),
        }
        return self._commit(record, "voted", at, by, payload, late=_late(backdated, reason))

    def record_grade(
        self, unit: str, artifact: str, grade: str, *, at: Moment, by: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Record the grade a result was put into (one of the artifact's ``grades``, e.g. 较差)."""
        record, spec = self._owed(unit, artifact, _ALL_KINDS, at)
        self._gates.grade(spec, grade)
        payload = {"artifact": artifact, "grade": grade}
        return self._commit(record, "graded", at, by, payload, late=_late(backdated, reason))

    def record_finding(
        self, unit: str, *, severity: str, note: str = "", at: Moment, by: str = "",
        due: datetime.date | None = None, within: str | Duration | None = None,
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Record a supervisor's finding (督查发现的问题) and its severity (轻微、较严重、严重 …).

        When the plan declares ``severities``, the severity must be one of them: a mistyped one would
        otherwise match no rule and nobody would be told. 限期整改: ``due`` (a date) or ``within`` (a
        duration from ``at``, e.g. "10个工作日") gives the term it must be rectified (and closed) by.
        """
        record = self.record(unit)
        self._gates.severity(record, _text(severity, "severity", required=True))
        payload = {"severity": severity, "note": _text(note, "note")}
        term = findings.term(self._moment(at)[1], due, within, self._plan.workcalendar)
        if term is not None:
            payload["due"] = term.isoformat()
        return self._commit(record, "finding", at, by, payload, late=_late(backdated, reason))

    def close_finding(
        self, unit: str, finding: int, *, at: Moment, by: str = "", note: str = "",
        backdated: bool | str = False, reason: str = "",
    ) -> Event:  # fmt: skip
        """Close (销号) a finding once rectified; ``finding`` is the seq of the event that recorded it."""
        record = self.record(unit)
        findings.closable(record, finding)
        payload = {"finding": finding, "note": _text(note, "note")}
        return self._commit(record, "finding_closed", at, by, payload, late=_late(backdated, reason))

    def set_deadline(
        self, unit: str, artifact: str, *, due: datetime.date, at: Moment, by: str = "", reason: str = "",
        backdated: bool | str = False,
    ) -> Event:  # fmt: skip
        """Give ``unit`` its own deadline for ``artifact`` (限期整改), which ``deadline_of`` then returns."""
        record, _ = self._owed(unit, artifact, _ALL_KINDS, reached=False)
        if not isinstance(due, datetime.date):
            raise CampaignflowError(f"{unit}: due= must be a date, not {type(due).__name__}")
        day = moment(due).date() if isinstance(due, datetime.datetime) else check_day(due, "due")
        payload = {"artifact": artifact, "due": day.isoformat(), "reason": _text(reason, "reason")}
        return self._commit(record, "deadline_set", at, by, payload, late=_late(backdated, reason, own=True))

    def log(self, unit: str, kind: str, *, at: Moment, by: str = "", **payload: Any) -> Event:
        """Append an ``escalated`` or ``resolved`` event whose payload (JSON data) the sweep defines.

        With ``unit=""`` it appends a campaign-level ``notified`` event instead: the delivery log of
        :mod:`campaignflow.notify`, kept in the history so that every store backend keeps it.
        """
        if unit == "" and kind in CAMPAIGN_KINDS:
            check_json(payload, f"{kind} payload")
            return self._general(kind, at, by, payload)
        if kind not in LOG_KINDS:
            raise CampaignflowError(f"log() records only {' and '.join(LOG_KINDS)} events, not {kind!r}")
        check_json(payload, f"{kind} payload")
        return self._commit(self.record(unit), kind, at, by, payload)

    def grant(
        self, actor: str, *, role: str | None = None, unit: str | None = None, at: Moment, by: str = ""
    ) -> Event:
        """Give ``actor`` a plan role, or let them act for an enrolled unit (a ``granted`` event)."""
        payload = self._authority.grant("granted", actor, role, unit, self)
        return self._general("granted", at, by, payload)

    def revoke(
        self, actor: str, *, role: str | None = None, unit: str | None = None, at: Moment, by: str = ""
    ) -> Event:
        """Take a role (or a unit) from ``actor`` again (a ``revoked`` event)."""
        payload = self._authority.grant("revoked", actor, role, unit, self)
        return self._general("revoked", at, by, payload)

    def set_authority(self, mode: Mode, *, at: Moment, by: str = "") -> Event:
        """Switch between enforcing authority and only recording acts done without it."""
        if mode not in MODES:
            raise CampaignflowError(f"authority must be one of {', '.join(MODES)}, not {mode!r}")
        if mode == self._authority.mode:
            raise CampaignflowError(f"this campaign's authority is already {mode}")
        return self._general("authority", at, by, {"mode": mode})

    def sweep(self, as_of: escalation.AsOf, **options: Any) -> list[escalation.Escalation]:
        """Evaluate every rule for every unit at ``as_of`` and record what is new (see escalation.sweep)."""
        from campaignflow.escalation import sweep  # noqa: PLC0415 - not needed by every command

        return sweep(self, as_of, **options)

    def board(self, as_of: escalation.AsOf) -> escalation.Board:
        """Every unit's light (green, yellow, red) at ``as_of``, with counts per phase; records nothing."""
        from campaignflow.escalation import board  # noqa: PLC0415 - not needed by every command

        return board(self, as_of)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Run several commands as one store transaction — on SQLite, one commit instead of one each.

        If an error leaves the block, none of its events is kept and the campaign reloads its state
        from the store; a command refused inside (and caught there) does not end the batch. On SQLite,
        other writers wait from the batch's first write to its end.
        """
        try:
            with self._store.transaction():
                yield
        except BaseException:
            self._load()
            raise

    def wait(self, timeout: float) -> int:
        """Wait up to ``timeout`` seconds for events other writers commit, apply them, return how many.

        On PostgreSQL the store LISTENs, so a commit wakes it at once; a SQLite file is looked at
        every few milliseconds; in memory there is no other writer to wait for.
        """
        waiting = getattr(self._store, "wait", None)
        if waiting is not None:
            waiting(self._ledger.seen, timeout)
        return self.refresh()

    def refresh(self) -> int:
        """Apply the events other writers committed since this campaign last looked; returns how many."""
        return self._ledger.catch_up(self._store.events(self._ledger.seen))

    def close(self) -> None:
        """Close the store (the SQLite connection)."""
        self._store.close()

    def __enter__(self) -> Campaign:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- internals -------------------------------------------------------------------------------

    def _moment(self, at: Moment) -> tuple[datetime.datetime, datetime.date]:
        """``at`` normalised (:func:`~campaignflow.history.moment`), and its date."""
        when = moment(at)
        return when, when.date()

    def _owed(
        self,
        unit: str,
        artifact: str,
        kinds: tuple[str, ...],
        at: Moment | None = None,
        *,
        reached: bool = True,
    ) -> tuple[UnitRecord, Artifact]:
        """The unit and artifact of a command, refused unless the unit owes it and has reached its phase
        (or that phase has opened by ``at``: a later phase's materials are accepted early)."""
        record = self.record(unit)
        day = None if at is None else self._moment(at)[1]
        return record, self._gates.owed(record, artifact, kinds, reached=reached, day=day)

    def _probe(self, units: Iterable[tuple[str, str]]) -> Iterable[tuple[str, str]]:
        """Before enrolling on a durable store, read the units named (or, for many, all of them).

        A unit already enrolled must be refused as such, not found out by the store at commit.
        """
        ledger = self._ledger
        if not isinstance(ledger, LazyLedger) or ledger.complete:
            return units
        listed = list(units)
        if len(listed) > 64:
            self._all()
            return listed
        for entry in listed:
            name = entry[0] if isinstance(entry, tuple) and entry else None
            if isinstance(name, str) and name:
                ledger.fetch(name)
        return listed

    def _append(
        self, expected: Iterable[tuple[str, int]], drafts: Iterable[Draft], records: Sequence[UnitRecord]
    ) -> list[Event]:
        """Commit drafts for ``records`` and fold the events into them (states.append_folded)."""
        checked = checked_drafts(drafts)  # no control character reaches the history, from any command
        return append_folded(self._store, self._ledger, expected, checked, records, reload=self._load)

    def _general(self, kind: str, at: Moment, by: str, payload: Payload) -> Event:
        """Commit a campaign-level event (unit ``""``: the roster, the authority mode, the delivery log)."""
        draft = ("", kind, self._moment(at)[0], _text(by, "by"), payload)
        (event,) = self._store.append((), checked_drafts((draft,)), seen=self._ledger.seen)
        self._ledger.committed_general(event)
        return event

    def _commit(
        self, record: UnitRecord, kind: str, at: Moment, by: str, payload: Payload, *, undo: str = "",
        late: str = "",
    ) -> Event:  # fmt: skip
        """Commit one event and fold it into ``record``; if authority or the store refuses, undo the
        machine's move."""
        when = moment(at)
        if not isinstance(by, str):
            raise CampaignflowError(f"by must be text, not {by!r}")
        late = late or self._authority.backdate
        try:
            if late or self._authority.mode is not None:
                payload = self._authority.admit(record, kind, when, by, payload, backdated=late)
            draft = (record.name, kind, when, by, payload)
            (event,) = self._append(((record.name, record.version),), (draft,), (record,))
        except BaseException:
            if undo and record.version == len(record.events):  # not folded: refused
                record.phase = undo
            raise
        return event


def _details(payload: Payload, details: Mapping[str, Mapping[str, str]] | None, unit: str) -> Payload:
    """An enrolment's payload: the kind's shared one, or a copy with the unit's own details added."""
    extra = details.get(unit) if details else None
    return {**payload, **extra} if extra else payload


def _unnamed(name: object) -> str:
    """Why ``name`` is not a unit name, in the clerk's terms."""
    if not isinstance(name, str) or not name:
        return "a unit name is non-empty text"
    if name != name.strip():
        return "no surrounding spaces"
    if any("\ud800" <= c <= "\udfff" for c in name):
        return "it holds bytes that are not UTF-8; type it again in UTF-8"
    return "it holds a line break or a control character"


def _text(value: object, what: str, *, required: bool = False) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise CampaignflowError(f"{what} must be {'non-empty ' if required else ''}text, not {value!r}")
    return value
