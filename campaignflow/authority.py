"""Who may do what, and when: the roster, the plan's rules of authority, and the order of time.

A campaign keeps a :class:`Roster`: actors (a person or an office, by name) holding roles the plan
declares (督导组, 局党委成员 …) and/or acting for units. Grants and revocations are campaign-level
events (``unit == ""``), so replaying the history rebuilds the roster. :class:`Authority` is what
the engine asks before it records anything (:meth:`Authority.admit`): may this actor do this act
to this unit, and is the act dated in order? Its ``mode`` is stored in the campaign as an
``authority`` event:

* ``"enforce"``: an act without authority raises :class:`~campaignflow.errors.NotAuthorized`, an
  act dated before the unit's latest event raises :class:`~campaignflow.errors.OutOfOrder`;
* ``"record"``: nothing is refused, but the event carries ``"unauthorised"`` (or ``"out_of_order"``)
  in its payload, which the history and the board show;
* ``None`` (an in-memory campaign nobody asked to check): nothing is checked, as before.

Which roles may do an act comes from the plan's ``authority`` block, with defaults described in
docs/library.md ("Who may do what"). Changing the roster or the mode is the act ``roster``
(:meth:`Authority.manage`): once someone holds a role that manages the roster, only such holders may;
until then, granting such a role bootstraps a new file. Back-dating (``backdated=True, reason=…``)
lets an act be dated before the unit's latest event on purpose; the reason is kept in the event.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Container, Iterable, Iterator, Mapping
from typing import Any, Final, Literal

from campaignflow.credentials import TOKEN_KINDS, Tokens
from campaignflow.errors import CampaignflowError, NotAuthorized, OutOfOrder, UnknownUnit
from campaignflow.history import Event, UnitRecord
from campaignflow.plan import Artifact, Plan

__all__ = [
    "ACTS", "DECISIONS", "MODES", "ROSTER_KINDS", "Authority", "Mode", "Roster", "actor_name", "flagged",
]  # fmt: skip

Mode = Literal["enforce", "record"]
MODES: Final = ("enforce", "record")

#: The act each event kind records (a ``resolved`` event marked ``closed`` is the act ``close``).
ACTS: Final = {
    "enrolled": "enroll", "submitted": "submit", "item_added": "add_item", "approved": "approve",
    "rejected": "reject", "item_closed": "close_item", "advanced": "advance", "sent_back": "send_back",
    "extended": "extend", "scored": "score", "voted": "vote", "graded": "grade", "finding": "finding",
    "deadline_set": "deadline", "escalated": "log", "resolved": "log", "finding_closed": "close",
    "designated": "enroll",
}  # fmt: skip
#: Acts that decide something about a unit: they always name who decided.
DECISIONS: Final = frozenset(
    {"approve", "reject", "finding", "send_back", "extend", "deadline", "close", "roster"}
)
#: The campaign-level kinds that change who may act: the act ``roster`` (see :meth:`Authority.manage`).
ROSTER_KINDS: Final = ("granted", "revoked", "authority")
#: Payload keys marking an event recorded without authority or out of time order (record mode).
FLAGS: Final = ("unauthorised", "out_of_order")

_WORDS: Final = {
    "enroll": "enroll units", "submit": "hand in for", "add_item": "add ledger items for",
    "approve": "approve", "reject": "reject", "close_item": "close ledger items (销号) of",
    "advance": "advance", "send_back": "send back", "extend": "extend a phase for",
    "score": "record scores of",
    "vote": "record votes of", "grade": "record grades of", "finding": "record findings about",
    "deadline": "set deadlines (限期整改) for", "close": "close escalations (销号) of",
    "roster": "change the roster or the authority mode",
    "token": "issue or revoke actors' API tokens",
}  # fmt: skip


class Roster:
    """Who holds which plan roles, and who acts for which units, as the grant events left it."""

    def __init__(self) -> None:
        self._roles: dict[str, list[str]] = {}
        self._units: dict[str, list[str]] = {}

    def fold(self, event: Event) -> None:
        """Apply a ``granted`` or ``revoked`` event (KeyError/ValueError on a malformed one)."""
        payload = event.payload
        actor = payload["actor"]
        table, key = (self._roles, "role") if "role" in payload else (self._units, "unit")
        held = table.setdefault(actor, [])
        if event.kind == "granted":
            if payload[key] not in held:
                held.append(payload[key])
        else:
            if payload[key] in held:
                held.remove(payload[key])
            if not held:
                del table[actor]

    def roles(self, actor: str) -> tuple[str, ...]:
        """The plan roles ``actor`` holds."""
        return tuple(self._roles.get(actor, ()))

    def units(self, actor: str) -> tuple[str, ...]:
        """The units ``actor`` acts for."""
        return tuple(self._units.get(actor, ()))

    def actors(self) -> list[str]:
        """Everyone on the roster, in the order they were first granted something."""
        return list(dict.fromkeys([*self._roles, *self._units]))

    def holders(self, role: str) -> list[str]:
        """The actors holding ``role``."""
        return [actor for actor, held in self._roles.items() if role in held]

    def __contains__(self, actor: object) -> bool:
        return actor in self._roles or actor in self._units

    def as_dict(self) -> dict[str, dict[str, list[str]]]:
        """The roster as plain data: ``{actor: {"roles": […], "units": […]}}``."""
        return {a: {"roles": list(self.roles(a)), "units": list(self.units(a))} for a in self.actors()}


class Authority:
    """The rules of authority of one campaign: its mode, its roster, and who may do each act."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.roles: tuple[str, ...] = tuple(r.name for r in plan.roles)
        self.mode: Mode | None = None
        self.roster = Roster()
        #: Who holds an API token (the ``token_issued`` and ``token_revoked`` events).
        self.tokens = Tokens()
        self._specs = {a.id: a for _, a in plan.artifacts()}
        self._automatic = 0
        self._folded: set[int] = set()
        #: The reason every act is back-dated for, inside :meth:`backdating` ("" outside).
        self.backdate = ""

    # ---- the campaign-level events ---------------------------------------------------------------

    def fold(self, event: Event) -> None:
        """Apply a campaign-level event (the Ledger calls this, live and on replay; once per event even
        when a lazy ledger folds the whole history again)."""
        if event.seq in self._folded:
            return
        self._folded.add(event.seq)
        if event.kind in TOKEN_KINDS:
            self.tokens.fold(event)
            return
        if event.kind not in ROSTER_KINDS:
            return  # another campaign-level event: not the roster's business
        if event.kind == "authority":
            mode = event.payload["mode"]
            if mode not in MODES:
                raise ValueError(f"unknown authority mode {mode!r}")
            self.mode = mode
        else:
            self.roster.fold(event)

    def grant(
        self, kind: str, actor: str, role: str | None, unit: str | None, units: Container[object]
    ) -> dict[str, str]:
        """The payload of a ``granted`` or ``revoked`` event, checked against the plan and the roster."""
        actor_name(actor)
        if (role is None) == (unit is None):
            raise CampaignflowError("give exactly one of role= (a plan role) or unit= (an enrolled unit)")
        if role is not None:
            if role not in self.roles:
                listed = "、".join(self.roles) or "none"
                raise CampaignflowError(f"unknown role {role!r} (the plan declares: {listed})")
            key, value, held = "role", role, self.roster.roles(actor)
        else:
            assert unit is not None
            if unit not in units:
                raise UnknownUnit(unit)
            key, value, held = "unit", unit, self.roster.units(actor)
        if kind == "granted" and value in held:
            raise CampaignflowError(
                f"{actor} already holds {value}" if key == "role" else f"{actor} already acts for {value}"
            )
        if kind == "revoked" and value not in held:
            raise CampaignflowError(
                f"{actor} does not hold {value}" if key == "role" else f"{actor} does not act for {value}"
            )
        return {"actor": actor, key: value}

    # ---- the checks --------------------------------------------------------------------------------

    def manage(self, kind: str, by: str, payload: Mapping[str, Any]) -> Mapping[str, Any]:
        """Check a change of the roster or of the mode (``kind``: a :data:`ROSTER_KINDS`) by ``by``;
        returns its payload, marked ``unauthorised`` in record mode (enforce mode raises)."""
        if self.mode is None:
            return payload
        if not isinstance(by, str):
            raise CampaignflowError(f"by must be text, not {by!r}")
        roles, _ = self.allowed("roster", None)
        held = [(actor, role) for role in roles for actor in self.roster.holders(role)]
        if held:
            refused = self.refusal(None, "roster", by, None)
        elif kind == "authority" or (kind == "granted" and payload.get("role") in roles):
            refused = None  # nobody manages the roster yet: appointing the first manager bootstraps it
        else:
            first = (
                f"first give an actor a role that manages it ({'、'.join(roles)}; CLI track roster add "
                "ACTOR --role ROLE), who then changes it"
                if roles
                else "the plan declares no role to manage it; record instead (set_authority)"
            )
            reason = f"nobody manages the roster yet: {first}"
            refused = NotAuthorized("", reason, actor=by, act="roster", allowed=roles)
        if refused is not None and self.mode == "enforce":
            raise refused
        if self.mode == "enforce" and kind == "revoked" and held == [(payload["actor"], payload.get("role"))]:
            raise CampaignflowError(
                f"{payload['actor']} is the last holder of {payload['role']}, which manages the roster; "
                "give it to another actor first, or nobody could change the roster again"
            )
        return payload if refused is None else {**payload, "unauthorised": refused.reason}

    @contextlib.contextmanager
    def automatic(self) -> Iterator[None]:
        """Acts inside are the plan's own automatic measures (the sweep's): not role-checked, still dated
        in order. The actor the sweep names is recorded as usual."""
        self._automatic += 1
        try:
            yield
        finally:
            self._automatic -= 1

    @contextlib.contextmanager
    def backdating(self, reason: str) -> Iterator[None]:
        """Back-date every act inside for ``reason`` (the command line's ``--backdate REASON``)."""
        previous, self.backdate = self.backdate, backdating(reason, "")
        try:
            yield
        finally:
            self.backdate = previous

    def allowed(self, act: str, spec: Artifact | None, level: object = None) -> tuple[tuple[str, ...], bool]:
        """The roles that may do ``act`` (to ``spec``; ``level``: the reviewer whose turn it is in a
        chain), and whether the unit's own actors may too."""
        rules = self.plan.authority
        chain = spec.reviewers if spec is not None else ()
        if act in ("approve", "reject") or (act == "close_item" and chain):
            if isinstance(level, str) and act != "close_item":
                return (level,), False
            return chain or self.roles, False
        if act in ("submit", "add_item", "close_item"):
            return tuple(rules.submit), True
        if act == "token":  # a token lets an actor record as themselves: the roster's managers issue it
            act = "roster"
        named: list[str] = getattr(rules, act, [])
        if act == "vote" and not named and spec is not None and spec.held_by in self.roles:
            return (str(spec.held_by),), False
        return tuple(named) or self.roles, act in ("advance", "score")

    def refusal(
        self, record: UnitRecord | None, act: str, by: str, spec: Artifact | None, level: object = None
    ) -> NotAuthorized | None:
        """Why ``by`` may not do ``act`` to ``record``'s unit (None: they may)."""
        unit = record.name if record is not None else ""
        if act == "log":
            return None
        roles, own = self.allowed(act, spec, level)
        who = _who(roles, own)
        if not by.strip():
            what = "a decision: it" if act in DECISIONS else "an act that"
            reason = f"{act} is {what} must name who does it (by=…; CLI --by); {who} may do it"
            return NotAuthorized(unit, reason, actor=by, act=act, allowed=roles, own=own)
        if self._automatic:
            return None
        acts_for = record is not None and record.name in self.roster.units(by)
        if act in ("approve", "close_item") and roles and (spec is None or spec.reviewers):
            if acts_for:
                reason = (
                    f"{by} may not {_WORDS.get(act, act)} {unit} ({act}): {by} acts for {unit}, and nobody "
                    f"signs off their own unit's submission; only {who} who does not act for it may"
                )
                return NotAuthorized(unit, reason, actor=by, act=act, allowed=roles, own=own)
            if spec is not None and record is not None and by == _submitter(record, spec.id):
                reason = (
                    f"{by} handed in {spec.name} ({spec.id}) and may not sign it off ({act}); only {who} may"
                )
                return NotAuthorized(unit, reason, actor=by, act=act, allowed=roles, own=own)
        if (own and acts_for) or any(role in roles for role in self.roster.roles(by)):
            return None
        ranks, units = self.roster.roles(by), self.roster.units(by)
        held = [f"holds {'、'.join(ranks)}"] if ranks else []
        held += [f"acts for {'、'.join(units)}"] if units else []
        holds = " and ".join(held) or "is not on the roster"
        target = f" {unit}" if unit else ""
        reason = f"{by} may not {_WORDS.get(act, act)}{target} ({act}): only {who} may; {by} {holds}"
        return NotAuthorized(unit, reason, actor=by, act=act, allowed=roles, own=own)

    def admit(
        self, record: UnitRecord, kind: str, when: datetime.datetime, by: str, payload: Mapping[str, Any],
        *, backdated: str,
    ) -> Mapping[str, Any]:  # fmt: skip
        """Check an event before it is recorded; returns its payload, marked if need be.

        In ``enforce`` mode a problem raises; in ``record`` mode it is written into the payload; with
        no mode, only a back-dating reason is added.
        """
        if backdated:
            payload = {**payload, "backdated": backdated}
        mode = self.mode
        if mode is None:
            return payload
        act = ACTS.get(kind, kind)  # a kind added later: any declared role, until it is mapped here
        if kind == "resolved" and payload.get("closed"):
            act = "close"
        artifact = payload.get("artifact")
        spec = self._specs.get(artifact) if isinstance(artifact, str) else None
        refused = self.refusal(record, act, by, spec, payload.get("reviewer"))
        late = None if backdated else _late(record, when)
        if mode == "enforce":
            if refused is not None:
                raise refused
            if late is not None:
                raise late
            return payload
        if refused is not None:
            payload = {**payload, "unauthorised": refused.reason}
        if late is not None:
            payload = {**payload, "out_of_order": late.reason}
        return payload

    def enrolling(
        self, payloads: Mapping[str, Mapping[str, Any]], by: str
    ) -> Mapping[str, Mapping[str, Any]]:
        """Check an enrolment by ``by``; returns the payloads per unit kind, marked in record mode."""
        if self.mode is None:
            return payloads
        refused = self.refusal(None, "enroll", by, None)
        if refused is None:
            return payloads
        if self.mode == "enforce":
            raise refused
        return {kind: {**payload, "unauthorised": refused.reason} for kind, payload in payloads.items()}

    def sweepable(self, records: Iterable[UnitRecord], when: datetime.datetime) -> None:
        """Refuse (enforce mode) a sweep dated before some unit's latest event: it would be out of order."""
        if self.mode != "enforce":
            return
        for record in records:
            late = _late(record, when)
            if late is not None:
                why = _why(record, late.latest)
                reason = f"cannot sweep as of {when:%Y-%m-%d %H:%M}: {why}; sweep as of a later time"
                raise OutOfOrder(record.name, reason, at=when, latest=late.latest)


def actor_name(actor: object) -> None:
    """Refuse what cannot name an actor: not text, empty, with surrounding spaces or control characters."""
    if not isinstance(actor, str) or not actor.strip() or actor != actor.strip() or not actor.isprintable():
        raise CampaignflowError(
            f"{actor!r} is not an actor's name (a person or an office, no surrounding spaces)"
        )


def _who(roles: tuple[str, ...], own: bool) -> str:
    parts = ["the unit's own actors"] if own else []
    if roles:
        parts.append(("holders of " if len(roles) > 1 else "a holder of ") + "、".join(roles))
    return " or ".join(parts) or "nobody (the plan declares no role for it)"


def _submitter(record: UnitRecord, artifact: str) -> str | None:
    """Who handed in ``artifact`` last (None: nobody has)."""
    for event in reversed(record.events):
        if event.kind == "submitted" and event.payload.get("artifact") == artifact:
            return str(event.by)
    return None


def _late(record: UnitRecord, when: datetime.datetime) -> OutOfOrder | None:
    """Why an event of ``record``'s unit may not be dated ``when`` (None: it is in order)."""
    latest = record.latest()  # a record read from its stored state knows it without its events
    if latest is None or when >= latest:
        return None
    enrolled = record.events[0].at
    why = (
        f"{record.name} was enrolled on {enrolled:%Y-%m-%d %H:%M}"
        if when < enrolled
        else _why(record, latest)
    )
    reason = (
        f"dated {when:%Y-%m-%d %H:%M}, before that: {why}; to record it anyway, back-date it with a reason "
        "(backdated=True, reason=…; CLI --backdate REASON)"
    )
    return OutOfOrder(record.name, reason, at=when, latest=latest)


def _why(record: UnitRecord, latest: datetime.datetime) -> str:
    return f"{record.name}'s latest event is dated {latest:%Y-%m-%d %H:%M}"


def flagged(events: Iterable[Event]) -> list[Event]:
    """The events recorded without authority or out of time order (record mode), in ``seq`` order."""
    return [e for e in events if any(flag in e.payload for flag in FLAGS)]


def backdating(backdated: object, reason: str, *, own: bool = False) -> str:
    """The reason an act is back-dated ("" when it is not); ``own``: ``reason`` is the act's own too."""
    if backdated is False:
        if reason and not own:
            raise CampaignflowError("reason= goes with backdated=True (a reason to back-date the act)")
        return ""
    text = reason if backdated is True else backdated
    if not isinstance(text, str) or not text.strip():
        raise CampaignflowError(
            f"back-dating needs a reason: backdated=True, reason=… (or backdated='the reason'), not {text!r}"
        )
    return text
