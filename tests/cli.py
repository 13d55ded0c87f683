"""Running the command line in tests: one way to call it, shared by every test of a command.

:func:`run` invokes ``campaignflow ARGS…`` in-process (click's runner, the real entry point and its
error boundary); :func:`track` is ``campaignflow track ARGS…``; :func:`ok` and :func:`refused` are
``track`` commands that must succeed, or be refused (exit 1, a reason on stderr, nothing on stdout);
:func:`on` fixes the database for ``track COMMAND DB ARGS…``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from click.testing import CliRunner

from campaignflow.cli import main

__all__ = ["Ran", "ok", "on", "refused", "run", "track"]


class Ran(NamedTuple):
    """A command's exit status, standard output and standard error (unpacks as ``code, out, err``)."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Both streams, for an assertion's message."""
        return self.stdout + self.stderr


def run(*args: str | Path) -> Ran:
    """``campaignflow ARGS…``."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    return Ran(result.exit_code, result.stdout, result.stderr)


def track(*args: str | Path) -> Ran:
    """``campaignflow track ARGS…``."""
    return run("track", *args)


def ok(*args: str | Path) -> str:
    """``campaignflow track ARGS…``, which must succeed; its standard output."""
    done = track(*args)
    assert done.exit_code == 0, done.output
    return done.stdout


def refused(*args: str | Path) -> str:
    """``campaignflow track ARGS…``, which must be refused: exit 1, nothing on stdout; its stderr."""
    done = track(*args)
    assert done.exit_code == 1, done.output
    assert done.stdout == "" and "Traceback" not in done.stderr
    return done.stderr


def on(db: str | Path) -> Callable[..., Ran]:
    """``campaignflow track COMMAND DB ARGS…`` for one database: ``on(db)("submit", unit, …)``."""

    def command(name: str, *args: str | Path) -> Ran:
        return track(name, db, *args)

    return command
