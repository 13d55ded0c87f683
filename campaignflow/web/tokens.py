"""Actor tokens in a small JSON file beside the database: the older way, still read and written.

Tokens now live with the campaign (:mod:`campaignflow.credentials`, ``Campaign.issue_token``), so a
PostgreSQL-served campaign has them and several servers share them. A deployment that issued tokens
into a file keeps using it: ``campaignflow serve`` accepts the tokens of ``DB.tokens.json`` (or
``--tokens FILE``) as well, and ``campaignflow token … --tokens FILE`` still manages one. The file
keeps the SHA-256 of each token, never the token itself; it is rewritten atomically, readable by its
owner only, and re-read when it changes. This module knows nothing of HTTP.
"""

from __future__ import annotations

import datetime
import hmac
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Final

from campaignflow.credentials import PREFIX, hash_token, new_token
from campaignflow.errors import CampaignflowError

__all__ = ["PREFIX", "TokenBook", "hash_token"]

FORMAT: Final = 1
_FIELDS: Final = ("actor", "hash", "issued")


class TokenBook:
    """The tokens of one deployment: actor → hashed token, in the JSON file at ``path``."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._stamp: tuple[int, int] | None = None
        self._entries: list[dict[str, str]] = []

    def issue(self, actor: str, *, at: datetime.datetime) -> str:
        """A new token for ``actor`` (replacing its old one); returned once, stored only hashed."""
        if not isinstance(actor, str) or not actor or actor != actor.strip() or not actor.isprintable():
            raise CampaignflowError(f"{actor!r} is not an actor name")
        token = new_token()
        entries = [e for e in self._load() if e["actor"] != actor]
        entries.append({"actor": actor, "hash": hash_token(token), "issued": at.isoformat()})
        self._save(entries)
        return token

    def revoke(self, actor: str) -> bool:
        """Forget ``actor``'s token; False if it had none."""
        entries = self._load()
        kept = [e for e in entries if e["actor"] != actor]
        if len(kept) == len(entries):
            return False
        self._save(kept)
        return True

    def actors(self) -> list[dict[str, str]]:
        """Who holds a token and since when (never the hashes)."""
        return [{"actor": e["actor"], "issued": e["issued"]} for e in self._load()]

    def actor_for(self, token: str) -> str | None:
        """The actor a presented token belongs to, or None; compares every hash in constant time."""
        if not token.startswith(PREFIX) or len(token) > 200:
            return None
        presented = hash_token(token)
        found = None
        for entry in self._load():
            if hmac.compare_digest(entry["hash"], presented):
                found = entry["actor"]
        return found

    # ---- the file --------------------------------------------------------------------------------

    def _load(self) -> list[dict[str, str]]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self._stamp, self._entries = None, []
            return []
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            self._entries, self._stamp = _read(self.path), stamp
        return list(self._entries)

    def _save(self, entries: list[dict[str, str]]) -> None:
        text = json.dumps({"format": FORMAT, "tokens": entries}, ensure_ascii=False, indent=1) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".tokens-", dir=self.path.parent)
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(name, self.path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        self._stamp = None


def _read(path: Path) -> list[dict[str, str]]:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CampaignflowError(f"{path}: not a campaignflow token file ({exc})") from None
    tokens = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(tokens, list):
        raise CampaignflowError(f"{path}: not a campaignflow token file (format {FORMAT} expected)")
    entries = []
    for i, entry in enumerate(tokens, 1):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in _FIELDS):
            raise CampaignflowError(f"{path}: token entry {i} is damaged (actor, hash and issued are text)")
        entries.append({k: entry[k] for k in _FIELDS})
    return entries
