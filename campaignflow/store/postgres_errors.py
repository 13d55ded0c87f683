"""PostgreSQL's errors in a clerk's words, sorted as SQLite's are (:mod:`~campaignflow.store.sqlite_errors`).

A server that cannot be reached, refuses the login, is out of disk or connections, is shutting down,
accepts no writes (a standby) or holds a lock too long is :class:`~campaignflow.errors.StoreUnavailable`
(an ``OSError``: the CLI exits with status 2 and says what is wrong); anything else is a
:class:`~campaignflow.errors.StoreError` (status 1). The split is made on the error's SQLSTATE code,
not on its message; an error without one (no server answered) is unavailability.
"""

from __future__ import annotations

import errno

from campaignflow.errors import StoreError, StoreUnavailable

__all__ = ["explain"]

#: SQLSTATE prefixes (classes or codes) that mean the database cannot be reached or used just now.
_UNAVAILABLE = (
    ("08", errno.ECONNREFUSED, "the connection to the server failed"),
    ("28", errno.EACCES, "the server refused the login"),
    ("42501", errno.EACCES, "permission denied"),
    ("25006", errno.EACCES, "the server accepts no writes (a read-only standby or transaction)"),
    ("53", errno.ENOSPC, "the server is out of disk, memory or connections"),
    ("55P03", errno.EBUSY, "another writer holds a lock; try again"),
    ("57P0", errno.EIO, "the server is shutting down or restarting; try again"),
    ("58", errno.EIO, "an input/output error on the server"),
)


def explain(exc: BaseException, where: str, doing: str) -> StoreError:
    """The error to raise for a psycopg error ``exc``, met while ``doing`` (e.g. "write") on ``where``."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    state = getattr(exc, "sqlstate", None)
    if state is None:
        return StoreUnavailable(errno.ECONNREFUSED, f"cannot {doing} ({first})", where)
    for prefix, code, why in _UNAVAILABLE:
        if state.startswith(prefix):
            return StoreUnavailable(code, f"cannot {doing} ({why}: {first})", where)
    return StoreError(f"{where}: cannot {doing} ({first})")
