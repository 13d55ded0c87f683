"""From what a caller names — a file path or a ``postgresql://`` URL, and a campaign id — to a store.

The PostgreSQL backend is imported only when a URL asks for it, so ``import campaignflow`` never
imports psycopg. Choosing the campaign is done here once for the library and the command line,
so every way in says the same thing when the database holds several campaigns or not the one
asked for.
"""

from __future__ import annotations

import importlib
import os

from campaignflow.errors import StoreError
from campaignflow.store.protocol import UnitStore
from campaignflow.store.sqlite import SqliteStore

URL_SCHEMES = ("postgresql://", "postgres://")


def is_url(target: object) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a file."""
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def redact(target: str | os.PathLike[str]) -> str:
    """``target`` fit for a message: a URL's password is replaced by ``***``."""
    text = os.fspath(target)
    if not is_url(text):
        return text
    scheme, _, rest = text.partition("://")
    credentials, at, host = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    return f"{scheme}://{credentials}{at}{host}"


def connect(target: str | os.PathLike[str], *, create: bool = True) -> UnitStore:
    """The store for ``target``: a SQLite file (``create``: make it if missing) or a PostgreSQL URL."""
    if is_url(target):
        try:
            backend = importlib.import_module("campaignflow.store.postgres")  # psycopg only when asked
        except ImportError as missing:
            raise StoreError(
                f"{redact(target)}: PostgreSQL needs campaignflow[postgres] ({missing})"
            ) from None
        found: UnitStore = backend.PostgresStore(str(target))
        return found
    return SqliteStore(target, create=create)


def listing(found: dict[str, str]) -> str:
    """The campaigns of a database for a message: ``a (plan x), b (plan y)``."""
    return ", ".join(f"{cid} (plan {pid})" if cid != pid else cid for cid, pid in found.items()) or "none"


def choose(store: UnitStore, where: str, campaign: str | None, plan_id: str | None) -> None:
    """Point ``store`` at the campaign to work on, or raise StoreError naming the ones that exist.

    ``campaign`` is the id asked for; ``plan_id`` the plan a new campaign would track (None:
    reopening, so the campaign must exist). Without an id, a database holding one campaign means
    that one; otherwise the plan's id is the campaign's id.
    """
    found = store.campaigns()
    hint = "choose one with --campaign ID (campaign=ID)"
    if campaign is not None:
        if campaign not in found and plan_id is None:
            raise StoreError(f"{where}: no campaign {campaign!r} here; it holds: {listing(found)}")
        store.campaign = campaign
        return
    if plan_id is None:
        if not found:
            raise StoreError(f"{where}: no campaign is stored in this database (start one with 'track init')")
        if len(found) > 1:
            raise StoreError(f"{where}: this database holds several campaigns ({listing(found)}); {hint}")
        store.campaign = next(iter(found))
        return
    if len(found) == 1:
        ((only, tracked),) = found.items()
        if tracked != plan_id:
            raise StoreError(
                f"this database tracks plan {tracked!r}, not {plan_id!r} (campaign {only}); "
                "to add a campaign beside it, give it an id: --campaign ID (campaign=ID)"
            )
        store.campaign = only
        return
    store.campaign = plan_id
