"""Where the store tests find their backends: memory, a SQLite file, and a PostgreSQL server.

PostgreSQL tests need a server: set ``CAMPAIGNFLOW_TEST_POSTGRES`` to a URL such as
``postgresql://postgres@127.0.0.1:5432/postgres`` (``.ci/run`` starts a throwaway one; see
docs/library.md). Each test gets a schema of its own, dropped afterwards. Without the variable the
tests skip — except under ``CI=true``, where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest

ENV = "CAMPAIGNFLOW_TEST_POSTGRES"
HOW = (
    f"PostgreSQL tests need a server: set {ENV}=postgresql://USER@HOST:PORT/DB "
    "(bash .ci/run starts a throwaway cluster; see docs/library.md)"
)


def server() -> str:
    """The test server's URL; skips the test (fails it under CI=true) when none is given."""
    url = os.environ.get(ENV, "")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {ENV} is not set. {HOW}")
        pytest.skip(HOW)
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose tables land in a fresh schema of the test server, dropped after the test."""
    import psycopg  # noqa: PLC0415 - only when a PostgreSQL test runs

    base = server()
    schema = f"cf_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in base else "?"
    yield f"{base}{joiner}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
