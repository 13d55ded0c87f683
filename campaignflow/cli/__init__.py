"""The ``campaignflow`` command line: one click group, one module per command family.

The CLI parses arguments, reads the clock (the only place that does), formats output and maps
errors to exit codes; domain logic lives in the library modules.

Exit codes: 0 success, 1 the input is invalid or a move was refused, 2 usage or I/O error,
3 an internal error (a bug in campaignflow: please report it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import click

from campaignflow.cli.app import main
from campaignflow.cli.lazy import LazyGroup

# Each command is imported when it runs: ``campaignflow --help`` and ``validate`` do not load the
# engine, the calendar exports or the sweep. The summaries are the first lines of the commands'
# docstrings (tests/test_cli_lazy.py checks them).


def _command(module: str, name: str) -> Callable[[], click.Command]:
    def load() -> click.Command:
        found: click.Command = getattr(importlib.import_module(f"campaignflow.cli.{module}"), name)
        return found

    return load


def offer_track_commands(group: LazyGroup) -> None:
    """Offer the ``track`` commands of other modules (:data:`TRACK`) in ``group``; cli/track.py calls it."""
    for name, (module, attr, summary) in TRACK.items():
        group.add_lazy(name, _command(module, attr), summary)


#: The ``track`` commands defined outside cli/track.py: name → (module, command, summary).
TRACK = {
    "sweep": (
        "escalation",
        "sweep_command",
        "Escalate the lagging units of DB on --as-of, as the plan's rules say, and record it.",
    ),
    "periods": (
        "periods",
        "periods_command",
        "List every period of a report due on fixed days (每月10日、20日前): when UNIT handed it in, and "
        "whether it was late — each period on its own, so a late March stays late after an on-time April.",
    ),
    "close-finding": (
        "findings",
        "close_finding_command",
        "Close (销号) FINDING of UNIT once rectified; FINDING is the number history and findings show.",
    ),
    "findings": (
        "findings",
        "findings_command",
        "List UNIT's findings: number, severity, 限期整改 term, and whether closed (已销号).",
    ),
    "designate": (
        "designate",
        "designate_command",
        "Designate UNIT a unit of KIND from --at on: it then owes what that kind owes.",
    ),
    "board": (
        "escalation",
        "board_command",
        "Show every unit's 红黄绿 light on --as-of and the counts per phase; records nothing.",
    ),
    "deadline": (
        "escalation",
        "deadline_command",
        "Give UNIT its own deadline for ARTIFACT (限期整改); sweeps and the board then use it.",
    ),
    "close": (
        "escalation",
        "close_command",
        "Close (销号) the escalation of RULE for UNIT once its measures are carried out.",
    ),
    "campaigns": ("campaigns", "campaigns_command", "List the campaigns DB holds: id, plan, units, events."),
    "verify": (
        "campaigns",
        "verify_command",
        "Replay the history of a campaign in DB and compare it with every unit's stored state.",
    ),
    "export": (
        "office",
        "export_command",
        "Write DB as the office's workbook: 进度, 红黄绿, 督办, 整改台账 and 留痕, as of --as-of.",
    ),
    "import-ledger": (
        "office",
        "import_ledger_command",
        "Record the 挂账 and 销号 of a filled-in 整改台账 sheet (from export) in DB.",
    ),
    "status": ("showing", "status", "Show how many units are in each phase (and which)."),
    "history": ("showing", "history", "Show every recorded act on UNIT, oldest first (留痕)."),
    "items": (
        "showing",
        "items",
        "List the items of the ledger ARTIFACT of UNIT, open (未销号) and closed (已销号).",
    ),
    "roster": (
        "roster",
        "group",
        "Who may act: actors holding the plan's roles, and actors acting for units.",
    ),
}

assert isinstance(main, LazyGroup)
main.add_lazy(
    "validate",
    _command("validate", "command"),
    "Check plan files and report every problem with its line and column.",
)
main.add_lazy(
    "schema", _command("validate", "schema_command"), "Print the JSON Schema (2020-12) of the plan language."
)
main.add_lazy(
    "dates",
    _command("dates", "command"),
    "Print the window a date PHRASE stands for: START END (inclusive, ISO dates).",
)
main.add_lazy(
    "calendar",
    _command("calendar", "command"),
    "Draw the calendar of PLAN: phases with their windows, and every artifact's deadline.",
)
main.add_lazy(
    "track",
    _command("track", "group"),
    "Track units through campaigns in a SQLite file or PostgreSQL database (history kept, 留痕).",
)
main.add_lazy(
    "serve",
    _command("serve", "serve_command"),
    "Serve the 红黄绿 board, unit pages and the JSON API of a tracking database.",
)
main.add_lazy(
    "token",
    _command("serve", "token_group"),
    "Actor tokens for the API's recording commands (kept hashed in the campaign; shown once).",
)
main.add_lazy(
    "draft",
    _command("draft", "command"),
    "Draft a plan file from DOC, a plan document (实施方案) saved as text.",
)

__all__ = ["main"]
