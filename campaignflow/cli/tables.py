"""Tables on standard output: rich draws the small ones; long ones are written line by line, same look.

rich lays out every cell of a table before it prints the first line (measuring, wrapping, styling),
which made ``track board --all`` on 100,000 units take minutes. Up to :data:`RICH_ROWS` rows rich
draws the table as before — styles, and wrapping to the terminal's width. A longer table is written
in the same heavy-head box, one line per row, each cell padded to the widest of its column (widths by
rich's own measure, so a CJK character counts two) and never wrapped; on a terminal its styled cells
keep their colours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import click
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

__all__ = ["LIMIT", "RICH_ROWS", "Cell", "left_out", "limited", "print_table"]

F = TypeVar("F", bound=Callable[..., Any])

#: Tables of up to this many rows are drawn by rich; longer ones line by line.
RICH_ROWS = 200
#: How many rows a long listing shows unless told (``--limit N``, ``--all``).
LIMIT = 50
Cell = str | Text


def print_table(
    console: Console,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    right: Iterable[int] = (),
) -> None:
    """Print a table with a title, a header and ``rows``; the columns numbered in ``right`` align right."""
    aligned = frozenset(right)
    if len(rows) <= RICH_ROWS:
        table = Table(title=title)
        for i, header in enumerate(headers):
            table.add_column(header, justify="right" if i in aligned else "left")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    console.file.write(_drawn(console, title, headers, rows, aligned))
    console.file.flush()


def left_out(shown: int, total: int, what: str) -> str:
    """The line under a table that stops early: how many rows were left out, and how to see them."""
    return f"… 另有 {total - shown} {what}未列出（共 {total}；--limit N 或 --all 显示全部）"


def _drawn(
    console: Console,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    right: frozenset[int],
) -> str:
    """The table as rich draws it with the heavy-head box, without wrapping, as one string."""
    sizes: dict[str, int] = {}
    styled: dict[tuple[str, str], str] = {}
    colour = console.is_terminal and console.color_system is not None

    def size(text: str) -> int:
        found = sizes.get(text)
        if found is None:
            found = sizes[text] = cell_len(text)
        return found

    plain = [[cell.plain if isinstance(cell, Text) else cell for cell in row] for row in rows]
    widths = [size(h) for h in headers]
    for cells in plain:
        for i, cell in enumerate(cells):
            if size(cell) > widths[i]:
                widths[i] = sizes[cell]

    def line(cells: Sequence[str], original: Sequence[Cell] | None, bar: str) -> str:
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - size(cell))
            shown, given = cell, original[i] if original is not None else cell
            if isinstance(given, Text):
                shown = _ansi(console, given, styled)
            out.append(f" {pad}{shown} " if i in right else f" {shown}{pad} ")
        return bar + bar.join(out) + bar

    total = sum(widths) + 3 * len(widths) + 1
    space = max(0, total - size(title))
    parts = [" " * (space // 2) + title + " " * (space - space // 2)] if title else []
    parts.append("┏" + "┳".join("━" * (w + 2) for w in widths) + "┓")
    parts.append(line(headers, None, "┃"))
    parts.append("┡" + "╇".join("━" * (w + 2) for w in widths) + "┩")
    for cells, row in zip(plain, rows, strict=True):
        parts.append(line(cells, row if colour else None, "│"))
    parts.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
    return "\n".join(parts) + "\n"


def _ansi(console: Console, text: Text, done: dict[tuple[str, str], str]) -> str:
    """A styled cell as terminal escapes, each distinct one rendered once."""
    key = (text.plain, str(text.style))
    found = done.get(key)
    if found is None:
        with console.capture() as captured:
            console.print(text, end="")
        found = done[key] = captured.get()
    return found


def limited(what: str, *, default: str = "") -> Callable[[F], F]:
    """The ``--limit N`` and ``--all`` options of a command whose table can be long."""
    shown = f"{default}, " if default else ""

    def decorate(func: F) -> F:
        func = click.option(
            "--all", "show_all", is_flag=True, help=f"List all {what}, however many (default: {shown}"
            f"the worst first, up to --limit)."
        )(func)  # fmt: skip
        return click.option(
            "--limit", type=click.IntRange(min=0), default=LIMIT, show_default=True,
            help="At most this many rows in the table, the worst first; the rest are counted.",
        )(func)  # fmt: skip

    return decorate
