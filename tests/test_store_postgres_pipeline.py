"""PostgreSQL's one-event writes in pipeline mode: transactions, savepoints and refusals still hold.

A small batch is sent in two round trips with the transaction begun and ended by the store itself
(:meth:`~campaignflow.store.postgres.PostgresStore._piped`), so what psycopg's ``transaction()`` did
for it is tested here: a refused append inside a transaction leaves the others standing, a statement
the server refuses keeps nothing and leaves the connection usable, and ``seq`` has no gap after either.
"""

from __future__ import annotations

import datetime

import psycopg
import pytest

from campaignflow.errors import ConcurrentUpdate, StoreError
from campaignflow.store.postgres import PostgresStore
from tests.stores import postgres_url

url = postgres_url  # the fixture, under the name the tests ask for
AT = datetime.datetime(2012, 2, 1, 8, tzinfo=datetime.UTC)


def _enrol(unit: str) -> tuple[str, str, datetime.datetime, str, dict[str, str]]:
    return (unit, "enrolled", AT, "", {"kind": "k"})


def _finding(unit: str) -> tuple[str, str, datetime.datetime, str, dict[str, str]]:
    return (unit, "finding", AT, "", {"severity": "轻微"})


def _seen(store: PostgresStore) -> list[tuple[str, int]]:
    return [(e.unit, e.seq) for e in store.events()]


def test_a_transaction_keeps_all_its_appends_or_none(url: str) -> None:
    store = PostgresStore(url)
    with store.transaction():
        store.append([("甲", 0)], [_enrol("甲")])
        with pytest.raises(ConcurrentUpdate):  # refused inside, caught there: the rest stands
            store.append([("甲", 0)], [_enrol("甲")])
        store.append([("乙", 0)], [_enrol("乙")])
    assert _seen(store) == [("甲", 1), ("乙", 2)]
    with pytest.raises(RuntimeError), store.transaction():
        store.append([("甲", 1)], [_finding("甲")])
        store.append([("丙", 0)], [_enrol("丙")])
        raise RuntimeError("the app failed half way")
    assert _seen(store) == [("甲", 1), ("乙", 2)] and store.last_seq() == 2
    made = store.append([("甲", 1), ("丙", 0)], [_enrol("丙")])
    assert made[0].seq == 3  # numbering goes on from what was kept
    with pytest.raises(ConcurrentUpdate):  # outside a transaction: rolled back, the next write goes on
        store.append([("甲", 7)], [_finding("甲")])
    assert store.append([("甲", 1)], [_finding("甲")])[0].seq == 4
    store.close()


def test_a_write_the_server_refuses_keeps_nothing_and_the_connection_works(url: str) -> None:
    store = PostgresStore(url)
    store.append([("甲", 0), ("乙", 0)], [_enrol("甲"), _enrol("乙")])
    with psycopg.connect(url, autocommit=True) as admin:  # the server refuses every finding's row
        admin.execute("ALTER TABLE campaignflow_events ADD CONSTRAINT no_findings CHECK (kind <> 'finding')")
    with pytest.raises(StoreError, match="cannot write") as refused:
        store.append([("甲", 1)], [_finding("甲")])
    assert not isinstance(refused.value, ConcurrentUpdate)
    assert store.last_seq() == 2 and _seen(store) == [("甲", 1), ("乙", 2)]
    with store.transaction():  # inside a transaction, the refused append's savepoint is rolled back
        with pytest.raises(StoreError, match="cannot write"):
            store.append([("甲", 1)], [_finding("甲")])
        store.append([("丙", 0)], [_enrol("丙")])
    assert _seen(store) == [("甲", 1), ("乙", 2), ("丙", 3)]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("ALTER TABLE campaignflow_events DROP CONSTRAINT no_findings")
    made = store.append([("甲", 1)], [_finding("甲")])
    assert made[0].seq == 4 and store.unit("甲") is not None
    found = store.unit("甲")
    assert found is not None and found.version == 2
    store.close()
