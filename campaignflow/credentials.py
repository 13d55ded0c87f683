"""Actor tokens, kept with the campaign: an app that records on an actor's behalf (the web API) checks them.

Issuing a token records a campaign-level ``token_issued`` event ``{"actor", "hash"}`` — the token's
SHA-256, never the token — and revoking it a ``token_revoked`` event ``{"actor"}``. They live in the
history like the roster does, so every store backend keeps them, every process reading the campaign
(several web servers, the command line) sees the same ones, and replaying the history rebuilds them.
A token is ``cf_`` and 43 random URL-safe characters (256 bits); a fast hash is right here because
tokens are random, not passwords. Issuing or revoking one is the act ``token``, checked by
:func:`token_payload` for the engine; this module knows nothing of stores or HTTP.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING, Final

from campaignflow.errors import CampaignflowError
from campaignflow.events import Event

if TYPE_CHECKING:  # authority.py imports this module: its Authority keeps the Tokens
    from campaignflow.authority import Authority

__all__ = ["PREFIX", "TOKEN_KINDS", "Tokens", "hash_token", "new_token", "token_payload"]

PREFIX: Final = "cf_"
#: The campaign-level event kinds that issue and revoke tokens.
TOKEN_KINDS: Final = ("token_issued", "token_revoked")


def new_token() -> str:
    """A fresh token: ``cf_`` and 256 random bits, URL-safe."""
    return PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The stored form of a token: ``sha256:`` and the hex digest."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


class Tokens:
    """Who holds a token, as the ``token_issued`` and ``token_revoked`` events left it (one per actor)."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[str, datetime.datetime]] = {}

    def fold(self, event: Event) -> None:
        """Apply a token event (KeyError on a malformed one): a new token replaces the actor's old one."""
        actor = event.payload["actor"]
        if event.kind == "token_issued":
            self._held.pop(actor, None)  # the latest issue comes last in holders()
            self._held[actor] = (str(event.payload["hash"]), event.at)
        else:
            self._held.pop(actor, None)

    def actor_for(self, token: str) -> str | None:
        """The actor a presented token belongs to, or None; compares it with every hash in constant time."""
        if not isinstance(token, str) or not token.startswith(PREFIX) or len(token) > 200:
            return None
        presented = hash_token(token)
        found = None
        for actor, (stored, _) in self._held.items():
            if hmac.compare_digest(stored, presented):
                found = actor
        return found

    def holders(self) -> list[tuple[str, datetime.datetime]]:
        """Who holds a token and since when (never the hashes), in the order they were issued."""
        return [(actor, issued) for actor, (_, issued) in self._held.items()]

    def __contains__(self, actor: object) -> bool:
        return actor in self._held

    def __len__(self) -> int:
        return len(self._held)


def token_payload(authority: Authority, kind: str, actor: str, by: str) -> dict[str, str]:
    """The payload of a ``token_issued`` or ``token_revoked`` event (without the hash), checked.

    Issuing or revoking a token is the act ``token``, which those who manage the roster may do (the
    plan's ``authority.roster`` roles, by default any declared role); a token goes to an actor on
    the roster only, as the acts it lets them record are checked against the roster. In record mode
    a refused act is recorded and marked ``unauthorised``, as every other act is.
    """
    from campaignflow.authority import actor_name  # noqa: PLC0415 - authority imports this module

    actor_name(actor)
    if kind == "token_revoked" and actor not in authority.tokens:
        raise CampaignflowError(f"{actor} holds no token")
    payload = {"actor": actor}
    if authority.mode is None:
        return payload
    if kind == "token_issued" and actor not in authority.roster:
        reason = f"{actor} is not on the roster: grant them a role or a unit first (a token acts as them)"
        if authority.mode == "enforce":
            raise CampaignflowError(reason)
        payload["unauthorised"] = reason
    refused = authority.refusal(None, "token", by, None)
    if refused is not None:
        if authority.mode == "enforce":
            raise refused
        payload["unauthorised"] = refused.reason
    return payload
