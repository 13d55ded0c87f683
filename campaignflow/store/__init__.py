"""Where a campaign's history lives: a small :class:`Store` interface and its backends.

:mod:`~campaignflow.store.protocol` defines the interface, :mod:`~campaignflow.store.memory`
keeps history in a list, :mod:`~campaignflow.store.sqlite` in one SQLite file. Every name is
importable from ``campaignflow.store`` as before the package was split.
"""

from __future__ import annotations

from campaignflow.store.memory import MemoryStore
from campaignflow.store.protocol import (
    Draft,
    Expected,
    Fold,
    Rewrite,
    Store,
    StoredUnit,
    UnitStore,
    plan_source,
)
from campaignflow.store.sqlite import APP, SCHEMA_VERSION, SqliteStore

__all__ = [
    "APP",
    "SCHEMA_VERSION",
    "Draft",
    "Expected",
    "Fold",
    "MemoryStore",
    "Rewrite",
    "SqliteStore",
    "Store",
    "StoredUnit",
    "UnitStore",
    "plan_source",
]
