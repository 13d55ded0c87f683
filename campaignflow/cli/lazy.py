"""A click group whose commands are imported only when one of them runs (or its help is asked for).

Every command family pulls in part of the library — the engine, the plan models, the calendar
exports, the sweep, rich — and loading all of them made ``campaignflow --help`` and ``validate``
pay for every other command. A :class:`LazyGroup` knows each lazy command by name, the function
that imports it, and its one-line help (for the group's ``--help``, which would otherwise import
every command to ask it); ``tests/test_cli_lazy.py`` checks those lines against the commands.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import click

__all__ = ["LazyGroup"]


class LazyGroup(click.Group):
    """A click group that imports a command the first time it is looked up by name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[Callable[[], click.Command], str]] = {}

    def add_lazy(self, name: str, load: Callable[[], click.Command], summary: str) -> None:
        """Offer command ``name``, made by ``load()`` on first use; ``summary`` is its one-line help."""
        self.lazy[name] = (load, summary)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(self.lazy[cmd_name][0](), cmd_name)
        return self.commands.get(cmd_name)

    def summary_of(self, name: str) -> str | None:
        """The summary of command ``name`` without importing it (None: a hidden command)."""
        found = self.commands.get(name)
        if found is None:
            return self.lazy[name][1]
        return None if found.hidden else first_paragraph(found)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, from the summaries of commands not imported yet."""
        names = [n for n in self.list_commands(ctx) if n in self.lazy or not self.commands[n].hidden]
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            found = self.commands.get(name)
            if found is not None:
                rows.append((name, found.get_short_help_str(limit)))
            else:
                rows.append((name, shorten(self.lazy[name][1], limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def first_paragraph(command: click.Command) -> str:
    """The first paragraph of a command's help, spaces folded: what a lazy command is offered with."""
    return " ".join((command.short_help or command.help or "").split("\n\n")[0].split())


def shorten(text: str, limit: int) -> str:
    """A summary cut to ``limit`` characters the way click cuts a command's help."""
    if len(text) <= limit:
        return text
    return textwrap.shorten(text, max(limit, 3), placeholder="...", break_on_hyphens=False)
