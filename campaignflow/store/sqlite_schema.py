"""The SQLite tracking file's tables, its schema version, and the upgrade of older files.

Schema 1 (campaignflow 0.1) held one campaign: its plan in ``campaignflow_meta``, a ``units``
table of versions and the events. Schema 2 holds several campaigns, each under its id with its
plan and its own ``seq`` counter, and keeps every unit's current state beside its version. A
schema-1 file is upgraded when it is opened, in one transaction; a file from a newer campaignflow
is refused. The version lives in ``PRAGMA user_version``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from campaignflow.errors import StoreError
from campaignflow.store.sqlite_errors import explain

SCHEMA_VERSION = 2
APP = "campaignflow"

_CAMPAIGNS = """
CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL,
    plan_text TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
"""
_UNITS_AND_EVENTS = """
CREATE TABLE units (
    campaign TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    version INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    state TEXT,
    PRIMARY KEY (campaign, name)
) WITHOUT ROWID;
CREATE TABLE events (
    campaign TEXT NOT NULL,
    seq INTEGER NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (campaign, seq)
) WITHOUT ROWID;
CREATE INDEX events_by_unit ON events (campaign, unit, seq);
"""
_SCHEMA = (
    "CREATE TABLE campaignflow_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    + _CAMPAIGNS
    + _UNITS_AND_EVENTS
)

#: Schema 1 → 2: the one campaign moves under its plan's id; states start unknown (NULL) and are
#: written at each unit's next event — until then a unit is rebuilt from its own events.
_UPGRADE_1 = (
    _CAMPAIGNS
    + """
INSERT INTO campaigns
    SELECT p.value, p.value, coalesce(t.value, ''), (SELECT coalesce(max(seq), 0) FROM events)
    FROM campaignflow_meta p LEFT JOIN campaignflow_meta t ON t.key = 'plan_text'
    WHERE p.key = 'plan_id';
ALTER TABLE units RENAME TO units_1;
ALTER TABLE events RENAME TO events_1;
DROP INDEX events_by_unit;
"""
    + _UNITS_AND_EVENTS
    + """
INSERT INTO events SELECT (SELECT id FROM campaigns), seq, unit, kind, at, by, payload FROM events_1;
INSERT INTO units
    SELECT (SELECT id FROM campaigns), u.name, u.kind, u.version, coalesce(e.pos, 0), NULL
    FROM units_1 u LEFT JOIN (SELECT unit, min(seq) AS pos FROM events_1 GROUP BY unit) e ON e.unit = u.name;
DROP TABLE units_1;
DROP TABLE events_1;
DELETE FROM campaignflow_meta WHERE key IN ('plan_id', 'plan_text');
"""
)


def prepare(db: sqlite3.Connection, path: Path) -> None:
    """Create the tables in an empty file, upgrade an older schema, or refuse a file that is not ours."""
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:  # not a database, damaged, or out of reach (read-only, locked …)
        raise explain(exc, path, "read the database") from None
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer campaignflow (schema {version}; this version reads "
            f"up to {SCHEMA_VERSION}); upgrade campaignflow"
        )
    if version == 0 and not tables:
        _script(db, path, _SCHEMA, "create the tracking database", check=False)
        return
    if "campaignflow_meta" not in tables or version == 0:
        shown = ", ".join(sorted(tables)) or "none"
        raise StoreError(
            f"{path}: a SQLite database of another application (tables: {shown}), "
            "not a campaignflow tracking database"
        )
    found = dict(db.execute("SELECT key, value FROM campaignflow_meta").fetchall())
    if found.get("app") != APP or not {"units", "events"} <= tables:
        raise StoreError(f"{path}: not a campaignflow tracking database (its meta table is foreign)")
    if version == 1:
        _script(db, path, _UPGRADE_1, "upgrade the database from schema 1", check=True)


def _script(db: sqlite3.Connection, path: Path, script: str, what: str, *, check: bool) -> None:
    """Run ``script`` and set the current schema version in one ``BEGIN IMMEDIATE`` transaction.

    With ``check``, the version is read again inside the transaction: another process may have
    upgraded the file since it was first looked at, and then there is nothing to do.
    """
    try:
        db.execute("BEGIN IMMEDIATE")
        if check and db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            db.execute("ROLLBACK")
            return
        for statement in script.split(";"):
            if statement.strip():
                db.execute(statement)
        if not check:
            db.execute("INSERT INTO campaignflow_meta VALUES ('app', ?)", (APP,))
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise explain(exc, path, what) from None
