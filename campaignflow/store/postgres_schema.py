"""The PostgreSQL tables, their schema version, and their creation or upgrade.

Tables are prefixed ``campaignflow_`` so they can live in an application's own database; the schema
version is kept in ``campaignflow_meta``. One process at a time creates or upgrades them, under an
advisory lock; a database written by a newer campaignflow is refused.
"""

from __future__ import annotations

from typing import Any

import psycopg

from campaignflow.errors import StoreError

__all__ = ["SCHEMA_VERSION", "prepare"]

SCHEMA_VERSION = 2  # numbered with the SQLite file's: the first PostgreSQL schema is 2
_LOCK = 7_351_046_170  # pg_advisory_xact_lock key: one process creates or upgrades the tables

_SCHEMA = """
CREATE TABLE campaignflow_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE campaignflow_campaigns (
    id text PRIMARY KEY, plan_id text NOT NULL, plan_text text NOT NULL, seq bigint NOT NULL DEFAULT 0
);
CREATE TABLE campaignflow_units (
    campaign text NOT NULL, name text NOT NULL, kind text NOT NULL, version integer NOT NULL,
    pos bigint NOT NULL, state text, PRIMARY KEY (campaign, name)
);
CREATE TABLE campaignflow_events (
    campaign text NOT NULL, seq bigint NOT NULL, unit text NOT NULL, kind text NOT NULL,
    at text NOT NULL, by text NOT NULL, payload text NOT NULL, PRIMARY KEY (campaign, seq)
);
CREATE INDEX campaignflow_events_by_unit ON campaignflow_events (campaign, unit, seq);
"""
#: upgrades from each older schema version, in order (none yet: 2 is the first)
_UPGRADES: dict[int, str] = {}


def prepare(db: psycopg.Connection[Any], where: str) -> None:
    """Create the tables, or upgrade them, under an advisory lock; refuse a newer schema."""
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        if db.execute("SELECT to_regclass('campaignflow_meta')").fetchone() == (None,):
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement.encode())
            db.execute(
                "INSERT INTO campaignflow_meta VALUES ('app', 'campaignflow'), ('schema', %s)",
                (str(SCHEMA_VERSION),),
            )
            return
        meta: dict[str, str] = dict(db.execute("SELECT key, value FROM campaignflow_meta").fetchall())
        version = int(meta.get("schema", "0") or 0)
        if meta.get("app") != "campaignflow" or version < 1:
            raise StoreError(f"{where}: its campaignflow_meta table belongs to another application")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{where}: written by a newer campaignflow (schema {version}; this version "
                f"reads up to {SCHEMA_VERSION}); upgrade campaignflow"
            )
        while version < SCHEMA_VERSION:
            db.execute(_UPGRADES[version].encode())
            version += 1
        db.execute("UPDATE campaignflow_meta SET value = %s WHERE key = 'schema'", (str(version),))
