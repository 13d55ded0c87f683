"""PostgreSQL's side of issue #21: an inconsistent database, an unreachable server, said as SQLite says them.

A units row out of step with its events is reported as an inconsistent database pointing at
``track verify`` (a retry would fail the same way for ever), and errors that mean the server cannot
be reached or used just now are :class:`~campaignflow.errors.StoreUnavailable` (exit status 2),
sorted on their SQLSTATE code.
"""

from __future__ import annotations

import datetime
import socket

import psycopg
import pytest

from campaignflow import Campaign, StoreError, load_plan
from campaignflow.errors import ConcurrentUpdate, StoreUnavailable
from campaignflow.store.postgres_errors import explain
from tests.conftest import DEFINITIONS
from tests.stores import postgres_url

PLAN = load_plan(DEFINITIONS / "003-zhujianju-zhenggainian.yaml")
AT = datetime.date(2012, 2, 5)
url = postgres_url  # the fixture, under the name the tests ask for


def test_a_units_row_out_of_step_is_an_inconsistent_database_not_a_retry(url: str) -> None:
    with Campaign(PLAN, store=url, authority="record") as c:
        c.enroll("办公室", kind="局属单位", at=AT)
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("UPDATE campaignflow_units SET version = 7, state = NULL")
    for _ in range(2):  # "retry" would fail the same way for ever
        with Campaign.open(url) as c, pytest.raises(StoreError) as refused:
            c.record_finding("办公室", severity="走过场", at=AT)
        assert not isinstance(refused.value, ConcurrentUpdate)
        assert "the database is inconsistent" in str(refused.value) and "track verify" in str(refused.value)


def test_another_writer_is_still_a_concurrent_update(url: str) -> None:
    with Campaign(PLAN, store=url, authority="record") as first, Campaign.open(url) as second:
        first.enroll("办公室", kind="局属单位", at=AT)
        second.record("办公室")
        first.record_finding("办公室", severity="走过场", at=AT)
        with pytest.raises(ConcurrentUpdate):
            second.record_finding("办公室", severity="走过场", at=AT)


def test_no_server_listening_is_unavailable_exit_2() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreUnavailable, match="cannot connect to PostgreSQL") as refused:
        Campaign.open(f"postgresql://nobody:geheim@127.0.0.1:{port}/db")
    assert isinstance(refused.value, OSError) and "geheim" not in str(refused.value)


class _Failed(Exception):
    def __init__(self, sqlstate: str | None, message: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "unavailable", "words"),
    [
        ("53100", True, "out of disk"),
        ("42501", True, "permission denied"),
        ("25006", True, "accepts no writes"),
        ("57P01", True, "shutting down"),
        ("08006", True, "connection to the server failed"),
        ("42P01", False, "no such table"),
        ("23505", False, "duplicate"),
    ],
)
def test_errors_are_sorted_on_their_sqlstate(sqlstate: str, unavailable: bool, words: str) -> None:
    message = "no such table" if sqlstate == "42P01" else "duplicate key value"
    error = explain(_Failed(sqlstate, message), "postgresql://db", "write")
    assert isinstance(error, StoreUnavailable) is unavailable and isinstance(error, StoreError)
    assert words in str(error) and str(error).startswith("postgresql://db: cannot write (")
