"""SQLite's errors in a clerk's words, sorted into "cannot reach the file" and "the file is wrong".

A read-only file, a folder the user may not write, a lock held too long, a full disk or an I/O
error is :class:`~campaignflow.errors.StoreUnavailable` (an ``OSError``: the CLI exits with
status 2 and says what is wrong); anything else — not a database, a damaged one — is a
:class:`~campaignflow.errors.StoreError` (status 1). The split is made on SQLite's own error
code, not on its message.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from campaignflow.errors import StoreError, StoreUnavailable

__all__ = ["explain"]

#: SQLite error-code prefixes (``sqlite_errorname``) that mean the file cannot be reached.
_UNAVAILABLE = (
    ("SQLITE_READONLY", errno.EACCES, "the file or its folder is read-only for this user; a tracking file "
     "needs write access to both, even to be read (SQLite keeps its journal beside it)"),
    ("SQLITE_PERM", errno.EACCES, "permission denied"),
    ("SQLITE_AUTH", errno.EACCES, "permission denied"),
    ("SQLITE_CANTOPEN", errno.EACCES, "the file cannot be opened: check that its folder exists and that "
     "this user may read and write it"),
    ("SQLITE_FULL", errno.ENOSPC, "the disk is full"),
    ("SQLITE_IOERR", errno.EIO, "an input/output error (a failing disk or a network share that went away)"),
    ("SQLITE_BUSY", errno.EBUSY, "another program has held the file locked for more than 10 seconds; try "
     "again"),
    ("SQLITE_LOCKED", errno.EBUSY, "the file is locked; try again"),
)  # fmt: skip
_DAMAGED = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT")


def explain(exc: sqlite3.Error, path: Path | str, doing: str) -> StoreError:
    """The error to raise for ``exc``, met while ``doing`` (e.g. "open the database") on ``path``."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, code, why in _UNAVAILABLE:
        if name.startswith(prefix):
            return StoreUnavailable(code, f"cannot {doing} ({why})", str(path))
    if name.startswith(_DAMAGED):
        return StoreError(
            f"{path}: not a campaignflow tracking database ({exc}): check the file name; "
            "a damaged tracking file must be restored from a backup"
        )
    return StoreError(f"{path}: cannot {doing} ({exc})")
