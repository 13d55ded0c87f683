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

:class:`Campaign` is put together from one module per concept: :mod:`campaignflow.tracking` (the
records and the one commit path), :mod:`campaignflow.reading` (the questions) and
:mod:`campaignflow.recording` (the commands that record units' acts); this module adds the
construction, the machine and its moves, the roster commands and the store's transactions.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from transitions import Machine

from campaignflow import advancing
from campaignflow.authority import MODES, Mode
from campaignflow.authority import backdating as _late
from campaignflow.credentials import hash_token, new_token, token_payload
from campaignflow.dates import Duration, add_duration, parse_duration
from campaignflow.errors import CampaignflowError, MoveNotAllowed, PlanError, StoreError
from campaignflow.gates import DONE, Gates, Verdict
from campaignflow.history import Event, moment
from campaignflow.loader import parse_plan
from campaignflow.plan import Plan
from campaignflow.reading import Reading
from campaignflow.recording import Recording
from campaignflow.store import MemoryStore, Store, UnitStore, plan_source
from campaignflow.store.connect import choose, connect, redact
from campaignflow.tracking import Moment, text_arg

if TYPE_CHECKING:  # the escalation package is imported by the two methods that use it
    from campaignflow import escalation

__all__ = ["DONE", "Campaign", "Moment", "Verdict"]


class Campaign(Recording, Reading):
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
        self._fallback = None if memory else "record"  # a database made before modes were stored
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

    def _guard(self, dest: str) -> Callable[[Any], bool]:
        """The guard of the move into ``dest``: that phase has opened and nothing required is missing."""
        start, tables = self._gates.starts.get(dest), self._gates

        def guard(event: Any) -> bool:  # transitions passes its EventData (send_event=True)
            return (start is None or event.kwargs["day"] >= start) and tables.ready(event.model)

        return guard

    # ---- phase moves (the machine) ---------------------------------------------------------------

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
        return self._commit(record, "advanced", when, by, payload, undo=source, late=late, plain=True)

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
        payload = {
            "from": source,
            "to": to,
            "reason": text_arg(reason, "reason", required=True),
            "reset": reset,
        }
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
        duration = by if isinstance(by, Duration) else parse_duration(text_arg(by, "by"))
        end = add_duration(self.phase_end(unit, phase), duration, self._plan.workcalendar)
        payload = {
            "phase": phase,
            "by": duration.text,
            "end": end.isoformat(),
            "reason": text_arg(reason, "reason"),
        }
        return self._commit(record, "extended", at, actor, payload, late=_late(backdated, reason, own=True))

    # ---- the roster, the sweep, the store --------------------------------------------------------

    def grant(
        self, actor: str, *, role: str | None = None, unit: str | None = None, at: Moment, by: str = ""
    ) -> Event:
        """Give ``actor`` a plan role, or let them act for an enrolled unit (a ``granted`` event); ``by``
        must manage the roster (Authority.manage), once someone does."""
        payload = self._authority.grant("granted", actor, role, unit, self)
        return self._general("granted", at, by, self._authority.manage("granted", by, payload))

    def revoke(
        self, actor: str, *, role: str | None = None, unit: str | None = None, at: Moment, by: str = ""
    ) -> Event:
        """Take a role (or a unit) from ``actor`` again (a ``revoked`` event)."""
        payload = self._authority.grant("revoked", actor, role, unit, self)
        return self._general("revoked", at, by, self._authority.manage("revoked", by, payload))

    def issue_token(self, actor: str, *, at: Moment, by: str = "") -> str:
        """A new API token for ``actor`` (replacing any earlier one), returned this once: the history
        keeps only its hash (a ``token_issued`` event), so every store and every server has it."""
        payload = token_payload(self._authority, "token_issued", actor, by)
        token = new_token()
        self._general("token_issued", at, by, {**payload, "hash": hash_token(token)})
        return token

    def revoke_token(self, actor: str, *, at: Moment, by: str = "") -> Event:
        """Withdraw ``actor``'s API token (a ``token_revoked`` event); it stops working at once."""
        return self._general(
            "token_revoked", at, by, token_payload(self._authority, "token_revoked", actor, by)
        )

    def token_actor(self, token: str) -> str | None:
        """The actor an API token was issued to and not revoked since, or None."""
        return self._authority.tokens.actor_for(token)

    def set_authority(self, mode: Mode, *, at: Moment, by: str = "") -> Event:
        """Switch between enforcing authority and only recording acts done without it."""
        if mode not in MODES:
            raise CampaignflowError(f"authority must be one of {', '.join(MODES)}, not {mode!r}")
        if mode == self._authority.mode:
            raise CampaignflowError(f"this campaign's authority is already {mode}")
        return self._general("authority", at, by, self._authority.manage("authority", by, {"mode": mode}))

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

    def close(self) -> None:
        """Close the store (the SQLite connection)."""
        self._store.close()

    def __enter__(self) -> Campaign:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
