"""History in one SQLite file, safe for several processes writing at once.

:class:`SqliteStore` uses the standard library: WAL journal, one ``BEGIN IMMEDIATE`` transaction
per command, ``executemany`` for bulk enrolment, the schema version in ``PRAGMA user_version``
and a ``campaignflow_meta`` table naming the plan. A file that is not a SQLite database, belongs
to another application, or was written by a newer campaignflow raises
:class:`~campaignflow.errors.StoreError` with a sentence saying which.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from campaignflow.errors import ConcurrentUpdate, StoreError
from campaignflow.history import Event, parse_time
from campaignflow.store.protocol import Draft, Expected

SCHEMA_VERSION = 1
APP = "campaignflow"
_SCHEMA = """
CREATE TABLE campaignflow_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE units (name TEXT PRIMARY KEY, kind TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX events_by_unit ON events (unit, seq);
"""


class SqliteStore:
    """History in one SQLite file, safe for several processes writing at once."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(
                f"{self.path}: no such tracking database (create it with 'campaignflow track init')"
            )
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the database ({exc})") from None
        try:
            self._check_or_create()
        except BaseException:
            self._db.close()
            raise
        self._times: dict[str, datetime.datetime] = {}
        self._deferred = False  # an outermost transaction() is open and waits for its first write

    def _check_or_create(self) -> None:
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a campaignflow tracking database ({exc})") from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer campaignflow (schema {version}; this version reads "
                f"up to {SCHEMA_VERSION}); upgrade campaignflow"
            )
        if version == 0 and not tables:
            self._create()
            return
        if "campaignflow_meta" not in tables or version == 0:
            shown = ", ".join(sorted(tables)) or "none"
            raise StoreError(
                f"{self.path}: a SQLite database of another application (tables: {shown}), "
                "not a campaignflow tracking database"
            )
        found = dict(self._db.execute("SELECT key, value FROM campaignflow_meta").fetchall())
        if found.get("app") != APP or not {"units", "events"} <= tables:
            raise StoreError(f"{self.path}: not a campaignflow tracking database (its meta table is foreign)")
        self._pragmas()

    def _create(self) -> None:
        self._pragmas()
        try:
            self._db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.execute("INSERT INTO campaignflow_meta VALUES ('app', ?)", (APP,))
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: cannot create the tracking database ({exc})") from None

    def _pragmas(self) -> None:
        try:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot configure the database ({exc})") from None

    def _meta(self, key: str) -> str | None:
        row = self._run("SELECT value FROM campaignflow_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def plan_text(self) -> str | None:
        return self._meta("plan_text")

    def plan_id(self) -> str | None:
        return self._meta("plan_id")

    def set_plan(self, plan_id: str, text: str) -> None:
        with self._write():
            self._db.executemany(
                "INSERT OR REPLACE INTO campaignflow_meta VALUES (?, ?)",
                [("plan_id", plan_id), ("plan_text", text)],
            )

    def events(self, after: int = 0) -> Iterator[Event]:
        rows = self._run(
            "SELECT seq, unit, kind, at, by, payload FROM events WHERE seq > ? ORDER BY seq", (after,)
        ).fetchall()
        times = self._times
        try:
            for seq, unit, kind, at, by, payload in rows:
                yield Event(unit, kind, parse_time(at, times), by, json.loads(payload), seq)
        except (ValueError, TypeError) as exc:
            raise StoreError(f"{self.path}: an event row is damaged ({exc})") from None

    def append(self, expected: Expected, drafts: Iterable[Draft], *, seen: int | None = None) -> list[Event]:
        """Commit in one transaction, checking every version in it.

        ``seen`` is not used: it cannot vouch for writers in other processes.
        """
        with self._write():
            db = self._db
            seq = int(db.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0])
            made = [_tuple_new(Event, (*draft, seq := seq + 1)) for draft in drafts]
            based = list(expected)
            fresh = [unit for unit, version in based if version == 0]
            if fresh:
                self._claim(fresh, made)
            for unit, version in based:
                if version:
                    row = db.execute("SELECT version FROM units WHERE name = ?", (unit,)).fetchone()
                    found = 0 if row is None else int(row[0])
                    if found != version:
                        raise ConcurrentUpdate(unit, version, found)
            counts: dict[str, int] = {}
            for event in made:
                counts[event.unit] = counts.get(event.unit, 0) + 1
            db.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (e.seq, e.unit, e.kind, e.at.isoformat(), e.by, json.dumps(e.payload, ensure_ascii=False))
                    for e in made
                ],
            )
            db.executemany(
                "UPDATE units SET version = version + ? WHERE name = ?",
                [(n, unit) for unit, n in counts.items()],
            )
        return made

    def _claim(self, fresh: list[str], made: list[Event]) -> None:
        """Insert new units at version 0; a name another writer enrolled first is a ConcurrentUpdate."""
        kinds = {e.unit: e.payload.get("kind", "") for e in made if e.kind == "enrolled"}
        before = self._db.total_changes
        self._db.executemany(
            "INSERT OR IGNORE INTO units VALUES (?, ?, 0)", [(unit, kinds.get(unit, "")) for unit in fresh]
        )
        if self._db.total_changes - before == len(fresh):
            return
        for start in range(0, len(fresh), 500):  # committed units have version ≥ 1, ours are still at 0
            chunk = fresh[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT name, version FROM units WHERE version > 0 AND name IN ({marks})"
            row = self._db.execute(sql, chunk).fetchone()
            if row is not None:
                raise ConcurrentUpdate(str(row[0]), 0, int(row[1]))
        raise StoreError(f"{self.path}: a unit name appears twice in one batch")

    def _run(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    def transaction(self) -> AbstractContextManager[None]:
        """One commit for the appends inside; nested, a savepoint.

        The write lock is taken at the first write, not on entering: a batch that records nothing
        (a sweep of a day on which nothing changes) never makes other writers wait.
        """
        return _Transaction(self, lazy=True)

    def _write(self) -> AbstractContextManager[None]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` around one write; inside a transaction, a savepoint."""
        return _Transaction(self, lazy=False)

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def close(self) -> None:
        self._db.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or a savepoint inside another; rolls back on any error.

    A ``lazy`` outermost transaction begins only when a write inside it does. SQLite's own
    errors become StoreError.
    """

    def __init__(self, store: SqliteStore, *, lazy: bool) -> None:
        self.store, self.lazy = store, lazy
        self.mode = ""  # deferred (lazy, outermost), top (BEGIN … COMMIT) or savepoint

    def __enter__(self) -> None:
        store, db = self.store, self.store._db
        try:
            if not db.in_transaction:
                if self.lazy and not store._deferred:
                    store._deferred, self.mode = True, "deferred"
                    return
                db.execute("BEGIN IMMEDIATE")
                if not store._deferred:
                    self.mode = "top"
                    return
            self.mode = "savepoint"
            db.execute(f"SAVEPOINT campaignflow_{id(self)}")
        except sqlite3.Error as exc:
            raise StoreError(f"{store.path}: cannot write ({exc})") from None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        store, db = self.store, self.store._db
        if self.mode == "deferred":
            store._deferred = False
        if self.mode == "savepoint" or db.in_transaction:  # a deferred one that nothing wrote has no work
            savepoint = f"campaignflow_{id(self)}" if self.mode == "savepoint" else ""
            if kind is None:
                try:
                    db.execute(f"RELEASE {savepoint}" if savepoint else "COMMIT")
                except sqlite3.Error as error:
                    store._rollback()
                    raise StoreError(f"{store.path}: cannot commit ({error})") from None
                return
            if savepoint:
                db.execute(f"ROLLBACK TO {savepoint}")
                db.execute(f"RELEASE {savepoint}")
            else:
                store._rollback()
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"{store.path}: {exc}") from None


_tuple_new = tuple.__new__
