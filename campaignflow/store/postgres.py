"""History in a PostgreSQL database shared by several server processes (``campaignflow[postgres]``).

Same guarantees as the SQLite file: events are only ever inserted; every write checks each unit's
optimistic version and raises :class:`~campaignflow.errors.ConcurrentUpdate` when it is stale; a
batch is one transaction. A writer first locks its campaign's row, adding its batch's length to the
campaign's ``seq`` in the same statement, so writers of one campaign commit one after another and
``seq`` has no gaps and follows commit order — which is what lets :meth:`PostgresStore.events` read
only what is new after a given ``seq``. A small batch is sent in psycopg's pipeline mode (two round
trips to the server). Each commit sends ``NOTIFY campaignflow_events`` with the campaign's id, and
:meth:`PostgresStore.wait` blocks on ``LISTEN`` until another writer's events arrive.

Tables are prefixed ``campaignflow_`` so they can live in an application's own database; their
schema version is kept in ``campaignflow_meta`` and a newer one is refused.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import psycopg

from campaignflow.errors import StoreError
from campaignflow.history import Event, stored_event
from campaignflow.store.connect import redact
from campaignflow.store.durable import (
    PlanReader,
    Where,
    check_versions,
    event_rows,
    numbered,
    tally,
    unit_writes,
)
from campaignflow.store.postgres_errors import explain
from campaignflow.store.postgres_schema import prepare
from campaignflow.store.protocol import Draft, Expected, Fold, Rewrite, StoredUnit

CHANNEL = "campaignflow_events"
_COPY_FROM = 64  # batches at least this long are written with COPY
_Status = psycopg.pq.TransactionStatus

_EVENT = "seq, unit, kind, at, by, payload"
_UNIT = (
    "SELECT u.kind, u.version, u.state, e.seq, e.unit, e.kind, e.at, e.by, e.payload "
    "FROM campaignflow_units u LEFT JOIN campaignflow_events e "
    "ON e.campaign = u.campaign AND e.unit = u.name "
    "WHERE u.campaign = %s AND u.name = %s ORDER BY e.seq"
)
#: lock the campaign's row and add a batch's length to its seq, returning the new last seq
_CLAIM = (
    "INSERT INTO campaignflow_campaigns AS c (id, plan_id, plan_text, seq) VALUES (%s, '', '', %s) "
    "ON CONFLICT (id) DO UPDATE SET seq = c.seq + excluded.seq RETURNING c.seq"
)
_REWRITE = (
    "UPDATE campaignflow_units AS u SET kind = r.kind, version = r.version, state = r.state "
    "FROM unnest(%s::text[], %s::text[], %s::int[], %s::text[], %s::int[]) "
    "AS r(name, kind, version, state, was) "
    "WHERE u.campaign = %s AND u.name = r.name AND u.version = r.was"
)
_UPDATE_UNIT = (
    "UPDATE campaignflow_units SET version = version + %s, state = %s WHERE campaign = %s AND name = %s"
)


class PostgresStore(PlanReader):
    """History in PostgreSQL; one object works on one campaign of the database (``campaign``)."""

    def __init__(self, url: str, *, campaign: str | None = None) -> None:
        self.url, self.where = url, redact(url)
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise explain(exc, self.where, "connect to PostgreSQL") from None
        try:
            with self._sql("prepare the database"):
                prepare(self._db, self.where)
            campaign = self._chosen(campaign)
        except BaseException:
            self._db.close()
            raise
        self.campaign = campaign
        self._times: dict[str, datetime.datetime] = {}
        self._listening = False

    def _sql(self, what: str) -> AbstractContextManager[None]:
        return _Errors(self.where, what)

    # ---- campaigns and plans ----------------------------------------------------------------------

    def campaigns(self) -> dict[str, str]:
        with self._sql("read the campaigns"):
            rows = self._db.execute("SELECT id, plan_id FROM campaignflow_campaigns ORDER BY id").fetchall()
        return {str(cid): str(pid) for cid, pid in rows}

    def _plan(self) -> tuple[str, str] | None:
        with self._sql("read the plan"):
            row = self._db.execute(
                "SELECT plan_id, plan_text FROM campaignflow_campaigns WHERE id = %s", (self.campaign,)
            ).fetchone()
        return None if row is None or not row[0] else (str(row[0]), str(row[1]))

    def set_plan(self, plan_id: str, text: str) -> None:
        if self.campaign is None:
            self.campaign = plan_id
        with self._sql("store the plan"):
            self._db.execute(
                "INSERT INTO campaignflow_campaigns (id, plan_id, plan_text) VALUES (%s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET plan_id = excluded.plan_id, plan_text = excluded.plan_text",
                (self.campaign, plan_id, text),
            )

    # ---- reading ----------------------------------------------------------------------------------

    def last_seq(self) -> int:
        with self._sql("read the campaign"):
            row = self._db.execute(
                "SELECT seq FROM campaignflow_campaigns WHERE id = %s", (self.campaign,)
            ).fetchone()
        return 0 if row is None else int(row[0])

    def events(self, after: int = 0) -> Iterator[Event]:
        with self._sql("read the events"):
            rows = self._db.execute(
                f"SELECT {_EVENT} FROM campaignflow_events WHERE campaign = %s AND seq > %s ORDER BY seq",
                (self.campaign, after),
            ).fetchall()
        return self._events(rows)

    def _events(self, rows: list[Any]) -> Iterator[Event]:
        times = self._times
        try:
            for seq, *row in rows:
                yield stored_event((int(seq), *row), times)
        except (ValueError, TypeError) as exc:
            raise StoreError(f"{self.where}: an event row is damaged ({exc})") from None

    def unit(self, name: str) -> StoredUnit | None:
        with self._sql("read a unit"):
            if not name:
                general = self._db.execute(
                    f"SELECT {_EVENT} FROM campaignflow_events "
                    "WHERE campaign = %s AND unit = '' ORDER BY seq",
                    (self.campaign,),
                ).fetchall()
                return StoredUnit("", 0, None, list(self._events(general)))
            rows = self._db.execute(_UNIT, (self.campaign, name)).fetchall()  # one statement, one snapshot
        if not rows:
            return None
        kind, version, state = rows[0][:3]
        events = list(self._events([row[3:] for row in rows if row[3] is not None]))
        return StoredUnit(str(kind), int(version), state, events)

    def states(self) -> Iterator[tuple[str, str, int, str | None]]:
        with self._sql("read the units"):
            rows = self._db.execute(
                "SELECT name, kind, version, state FROM campaignflow_units WHERE campaign = %s ORDER BY pos",
                (self.campaign,),
            ).fetchall()
        return iter(rows)

    def snapshot(self) -> tuple[int, list[tuple[str, str, int, str | None]]]:
        with self._sql("read the units"):
            rows = self._db.execute(  # one statement: one snapshot
                "SELECT c.seq, u.name, u.kind, u.version, u.state FROM campaignflow_campaigns c "
                "LEFT JOIN campaignflow_units u ON u.campaign = c.id WHERE c.id = %s ORDER BY u.pos",
                (self.campaign,),
            ).fetchall()
        if not rows:
            return 0, []
        return int(rows[0][0]), [row[1:] for row in rows if row[1] is not None]

    def events_of(self, kinds: Collection[str], upto: int) -> Iterator[Event]:
        with self._sql("read the events"):
            rows = self._db.execute(
                f"SELECT {_EVENT} FROM campaignflow_events "
                "WHERE campaign = %s AND seq <= %s AND kind = ANY(%s) ORDER BY seq",
                (self.campaign, upto, sorted(kinds)),
            ).fetchall()
        return self._events(rows)

    def events_naming(self, keys: Collection[str]) -> Iterator[Event]:
        with self._sql("read the events"):
            rows = self._db.execute(
                f"SELECT {_EVENT} FROM campaignflow_events "
                "WHERE campaign = %s AND payload LIKE ANY(%s) ORDER BY seq",
                (self.campaign, [f'%"{key}":%' for key in sorted(keys)]),
            ).fetchall()
        return self._events(rows)

    def wait(self, after: int, timeout: float) -> bool:
        """Block until the campaign has events past ``after`` (another writer's), or ``timeout`` seconds.

        Uses ``LISTEN``: a commit anywhere wakes it at once. Returns whether there are new events.
        """
        with self._sql("wait for events"):
            if not self._listening:
                self._db.execute(f"LISTEN {CHANNEL}")
                self._listening = True
            if self.last_seq() > after:
                return True
            for note in self._db.notifies(timeout=timeout):
                if note.payload == self.campaign and self.last_seq() > after:
                    return True
        return self.last_seq() > after

    # ---- writing ----------------------------------------------------------------------------------

    def append(
        self,
        expected: Expected,
        drafts: Iterable[Draft],
        *,
        seen: int | None = None,
        fold: Fold | None = None,
    ) -> list[Event]:
        """Commit in one transaction behind the campaign's row lock, checking every version in it.

        ``fold``, when given, is called with the numbered events and returns the units' new states,
        written in the same transaction. A batch small enough to skip ``COPY`` is sent in pipeline
        mode (:meth:`_piped`): two round trips instead of one per statement.
        """
        drafts = list(drafts)
        based = dict(pair for pair in expected if pair[0])
        if len(drafts) < _COPY_FROM and len(based) < _COPY_FROM:  # COPY cannot run in a pipeline
            with self._sql("write"):
                return self._piped(based, drafts, fold)
        with self._sql("write"), self._db.transaction():
            return self._append(based, drafts, fold)

    def _piped(self, based: dict[str, int], drafts: list[Draft], fold: Fold | None) -> list[Event]:
        """:meth:`_append` in pipeline mode, in two round trips: the transaction's start, the lock and the
        versions; then the writes, the notification and the commit, sent with one sync.

        psycopg's ``transaction()`` syncs the pipeline on entering and leaving (three more round trips),
        so the transaction (or, inside another one, a savepoint) is begun and ended here. A statement the
        server refuses skips the rest of the pipeline, its commit included: it is then rolled back.
        """
        db = self._db
        top = db.info.transaction_status == _Status.IDLE
        try:
            with db.pipeline():
                db.execute(b"BEGIN" if top else b"SAVEPOINT campaignflow_append")
                try:
                    made = self._append(based, drafts, fold)
                except BaseException:
                    self._undo(top)  # queued, sent with the sync; skipped if the server refused a statement
                    raise
                db.execute(b"COMMIT" if top else b"RELEASE SAVEPOINT campaignflow_append")
        except BaseException:
            if db.info.transaction_status in (
                (_Status.INTRANS, _Status.INERROR) if top else (_Status.INERROR,)
            ):
                self._undo(top)  # what the refused pipeline skipped
            raise
        return made

    def _undo(self, top: bool) -> None:
        """Roll back what :meth:`_piped` began: the transaction, or the savepoint inside another one.

        Called while an error is raised: an error of its own (the connection is lost, and the server
        rolls back anyway) gives way to the first one.
        """
        try:
            if top:
                self._db.execute(b"ROLLBACK")
            else:
                self._db.execute(b"ROLLBACK TO SAVEPOINT campaignflow_append")
                self._db.execute(b"RELEASE SAVEPOINT campaignflow_append")
        except psycopg.Error:
            pass

    def _append(self, based: dict[str, int], drafts: list[Draft], fold: Fold | None) -> list[Event]:
        db = self._db
        campaign = self.campaign = self.campaign or "default"
        # Lock the campaign's row and take the batch's seqs in one statement (a store used without a
        # plan — tests, tools — creates the row here); the versions are read by the next statement,
        # whose snapshot is taken once the lock is held, so it sees every earlier writer's commit.
        claimed = db.execute(_CLAIM, (campaign, len(drafts)))
        versions = db.execute(
            "SELECT name, version FROM campaignflow_units WHERE campaign = %s AND name = ANY(%s)",
            (campaign, list(based)),
        )
        row = claimed.fetchone()
        found: dict[str, int] = dict(versions.fetchall())
        check_versions(based, found, self._count, Where(self.where, "database"))
        made = numbered(drafts, int(row[0]) - len(drafts) if row else 0)
        counts, enrolled = tally(made, self.where)
        self._insert(
            "campaignflow_events (campaign, seq, unit, kind, at, by, payload)", event_rows(campaign, made)
        )
        states = fold(made) if fold is not None else {}
        units, changed = unit_writes(campaign, based, counts, enrolled, states)
        self._insert("campaignflow_units (campaign, name, kind, version, pos, state)", units)
        if len(changed) == 1:
            db.execute(_UPDATE_UNIT, changed[0])
        elif changed:
            with db.cursor() as cursor:
                cursor.executemany(_UPDATE_UNIT, changed)
        db.execute("SELECT pg_notify(%s, %s)", (CHANNEL, campaign))
        return made

    def rewrite(self, rows: Iterable[Rewrite]) -> int:
        """As :meth:`UnitStore.rewrite <campaignflow.store.UnitStore.rewrite>`: one statement."""
        columns = [list(column) for column in zip(*rows, strict=True)] or [[], [], [], [], []]
        with self._sql("rewrite unit rows"), self._db.transaction():
            return self._db.execute(_REWRITE, (*columns, self.campaign)).rowcount

    def _count(self, unit: str) -> int:
        """How many events of ``unit`` the database holds (to tell another writer from a contradiction)."""
        row = self._db.execute(
            "SELECT count(*) FROM campaignflow_events WHERE campaign = %s AND unit = %s",
            (self.campaign, unit),
        ).fetchone()
        return int(row[0]) if row else 0

    def _insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if len(rows) == 1:
            marks = ", ".join(["%s"] * len(rows[0]))
            self._db.execute(f"INSERT INTO {table} VALUES ({marks})".encode(), rows[0])
            return
        if len(rows) >= _COPY_FROM:
            with self._db.cursor() as cursor, cursor.copy(f"COPY {table} FROM STDIN".encode()) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(rows[0]))
        with self._db.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} VALUES ({marks})".encode(), rows)

    def transaction(self) -> AbstractContextManager[Any]:
        """One commit for the appends inside; nested, a savepoint (psycopg nests them for us)."""
        return _Errors(self.where, "write", self._db.transaction())

    def close(self) -> None:
        self._db.close()


class _Errors:
    """Turn psycopg's errors into StoreError naming the database; optionally wrap another context."""

    def __init__(self, where: str, what: str, inner: AbstractContextManager[Any] | None = None) -> None:
        self.where, self.what, self.inner = where, what, inner

    def __enter__(self) -> None:
        if self.inner is not None:
            try:
                self.inner.__enter__()
            except psycopg.Error as exc:
                raise explain(exc, self.where, self.what) from None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        if self.inner is not None:
            try:
                self.inner.__exit__(kind, exc, tb)
            except psycopg.Error as error:
                raise explain(error, self.where, self.what) from None
        if isinstance(exc, psycopg.Error):
            raise explain(exc, self.where, self.what) from None
