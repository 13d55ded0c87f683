"""The one exception hierarchy of campaignflow.

Every error the library raises on purpose derives from :class:`CampaignflowError`, so an app can
catch one class; anything else escaping the library is a bug in campaignflow::

    CampaignflowError                 a user error: bad input, a refused move, a bad database
    ├── PlanError                     a plan file is invalid; ``.problems`` lists every located problem
    ├── DatePhraseError               a date phrase cannot be read with certainty (also a ValueError)
    ├── MoveNotAllowed                the engine refused a move; ``.missing`` and ``.reason`` say why
    │   ├── NotAuthorized             the actor may not do that act; ``.actor``, ``.act``, ``.allowed``
    │   └── OutOfOrder                dated before the unit's latest event; ``.at``, ``.latest``
    ├── UnknownUnit                   a unit name that is not enrolled (also a KeyError)
    ├── ConcurrentUpdate              another writer changed the unit first (optimistic locking)
    ├── AmbiguousName                 a Chinese name that names several things of a plan; ``.candidates``
    └── StoreError                    a database file is corrupt, foreign, or of a newer schema
        └── StoreUnavailable          … or cannot be reached: read-only, locked, disk full (an OSError)

This module imports nothing of ours, so every other module may import it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


class CampaignflowError(Exception):
    """Root of every error campaignflow raises deliberately; its message is meant for the user."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding in a plan file: where it is, how bad it is, and what to do about it.

    ``line`` and ``column`` are 1-based, as editors show them; 0 means "the whole file".
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """Render as ``path:line:col: severity: message [code]``, the form editors and CI parse."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, str | int]:
        """Render as the JSON object that ``validate --format json`` prints."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class PlanError(CampaignflowError):
    """A plan could not be loaded; ``problems`` holds every problem found, warnings included."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems))
        errors = [p for p in self.problems if p.severity == "error"]
        shown = errors or list(self.problems)
        head = shown[0].format() if shown else "invalid plan"
        more = f" (and {len(shown) - 1} more)" if len(shown) > 1 else ""
        super().__init__(head + more)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity == "error")


class DatePhraseError(CampaignflowError, ValueError):
    """A date phrase was not read: ``unread`` is the part that could not be understood."""

    def __init__(self, text: str, unread: str, reason: str = "") -> None:
        self.text = text
        self.unread = unread
        self.reason = reason
        detail = f": {reason}" if reason else ""
        super().__init__(f"cannot read date phrase {text!r} at {unread!r}{detail}")


class MoveNotAllowed(CampaignflowError):
    """The engine refused to move a unit; nothing was changed.

    ``missing`` names the artifacts not yet in or not yet approved (may be empty when the reason is
    time or the plan's moves); ``reason`` says why in words a clerk can act on.
    """

    def __init__(self, unit: str, reason: str, missing: Sequence[str] = ()) -> None:
        self.unit = unit
        self.reason = reason
        self.missing: tuple[str, ...] = tuple(missing)
        super().__init__(f"{unit}: {reason}" if unit else reason)


class NotAuthorized(MoveNotAllowed):
    """An act the campaign's rules of authority do not allow this actor; nothing was changed.

    ``actor`` is who tried ("" when nobody was named), ``act`` what (``approve``, ``finding`` …),
    ``allowed`` the plan roles that may do it, and ``own`` whether the unit's own actors may.
    """

    def __init__(
        self, unit: str, reason: str, *, actor: str, act: str, allowed: Sequence[str] = (), own: bool = False
    ) -> None:
        self.actor = actor
        self.act = act
        self.allowed: tuple[str, ...] = tuple(allowed)
        self.own = own
        super().__init__(unit, reason)


class OutOfOrder(MoveNotAllowed):
    """An act dated before the unit's latest event (or its enrolment) without a reason to back-date it.

    ``at`` is the refused time, ``latest`` the time of the unit's latest event.
    """

    def __init__(self, unit: str, reason: str, *, at: datetime.datetime, latest: datetime.datetime) -> None:
        self.at = at
        self.latest = latest
        super().__init__(unit, reason)


class UnknownUnit(CampaignflowError, KeyError):
    """A unit name that is not enrolled in the campaign."""

    def __init__(self, unit: str) -> None:
        self.unit = unit
        super().__init__(unit)

    def __str__(self) -> str:
        return f"unit {self.unit!r} is not enrolled"


class ConcurrentUpdate(CampaignflowError):
    """Another writer changed the unit since it was read; reload and retry the command."""

    def __init__(self, unit: str, expected: int, found: int) -> None:
        self.unit = unit
        self.expected = expected
        self.found = found
        super().__init__(
            f"{unit}: changed by another writer (version {found}, expected {expected}); reload and retry"
        )


class AmbiguousName(CampaignflowError):
    """A name given for an artifact, phase, rule or unit kind that the plan uses more than once.

    ``candidates`` are the ids it could mean, each with its name as the plan writes it.
    """

    def __init__(self, what: str, name: str, candidates: Sequence[tuple[str, str]]) -> None:
        self.what = what
        self.name = name
        self.candidates: tuple[tuple[str, str], ...] = tuple(candidates)
        listed = "、".join(f"{ident} ({label})" for ident, label in self.candidates)
        super().__init__(f"{what} {name!r} is ambiguous: the plan has {listed}; give the id")


class StoreError(CampaignflowError):
    """A tracking database cannot be used: corrupt, not ours, or written by a newer campaignflow."""


class StoreUnavailable(StoreError, OSError):
    """The database is fine but cannot be reached: read-only, no permission, locked, disk full or I/O.

    Also an ``OSError`` (``errno``, ``strerror``, ``filename``), so the CLI exits with status 2.
    """

    def __init__(self, code: int, message: str, where: str) -> None:
        OSError.__init__(self, code, message, where)

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


@dataclass
class ProblemList:
    """A collector of problems for one file, so checks report everything at once instead of the first."""

    path: str
    items: list[Problem] = field(default_factory=list)

    def add(self, line: int, column: int, severity: Severity, code: str, message: str) -> None:
        """Record one problem."""
        self.items.append(Problem(self.path, line, column, severity, code, message))

    @property
    def has_errors(self) -> bool:
        """Whether any recorded problem is an error (warnings alone do not fail a load)."""
        return any(p.severity == "error" for p in self.items)
