"""A list of units as the 领导小组办公室 sends it: an .xlsx workbook or a CSV file, in Chinese or English.

Excel saves "CSV" in the system code page (GBK/GB18030 on a Chinese Windows) and UTF-8 with a BOM
when asked; both are read, as is plain UTF-8. The header row names the columns — 单位名称/名称/name,
类别/单位类型/kind, and optionally 负责人/head and 联系人/contact — in any order; a title row above
it (``XX单位名单``) is skipped. Every bad row is reported with its row number, so a clerk fixes the
file once: the caller enrols nothing unless :attr:`Units.problems` is empty.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from campaignflow.office.tables import read_table

__all__ = ["COLUMNS", "UnitRow", "Units", "read_units"]

#: Each column's accepted headers (compared without surrounding spaces, English ignoring case).
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "name": ("单位名称", "名称", "单位", "name"),
    "kind": ("类别", "单位类型", "类型", "单位类别", "kind"),
    "head": ("负责人", "head"),
    "contact": ("联系人", "contact"),
}
#: A header may sit below a title row or two; it is looked for in the first rows only.
HEADER_ROWS: Final = 5


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One unit read from the file, with the row it came from (1-based, as Excel numbers rows)."""

    row: int
    name: str
    kind: str
    head: str = ""
    contact: str = ""

    def details(self) -> dict[str, str]:
        """The optional columns that were filled in, in English keys (recorded with the enrolment)."""
        return {key: value for key, value in (("head", self.head), ("contact", self.contact)) if value}


@dataclass(slots=True)
class Units:
    """What a file holds: the good rows, and every problem as ``file:row: message``.

    ``where`` is the word for a row number: ``line`` in a CSV file, ``row`` in a workbook.
    """

    source: Path
    where: str = "line"
    rows: list[UnitRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, row: int, message: str) -> None:
        """Record a problem located at ``row``."""
        self.problems.append(f"{self.source}:{row}: {message}")


def read_units(source: Path, kinds: Collection[str], enrolled: Container[str] = ()) -> Units:
    """The units listed in ``source`` (.xlsx or .csv), checked against the plan's ``kinds``.

    A row is refused when its name is empty or not printable, its kind is not one of ``kinds``, the
    name is listed twice, or it is already ``enrolled``; empty rows are skipped.
    """
    found = Units(source)
    table = read_table(source)
    found.where = table.where
    if table.problem:
        found.problem(*table.problem)
        return found
    _check(found, table.rows, kinds, enrolled)
    return found


def _check(
    found: Units, table: Sequence[tuple[int, list[str]]], kinds: Collection[str], enrolled: Container[str]
) -> None:
    header = _header(table)
    if header is None:
        found.problem(1, "no header row with the columns 单位名称,类别 (or name,kind)")
        return
    at, columns = header
    seen: dict[str, int] = {}
    for row, cells in table:
        if row <= at or not any(cells):
            continue
        value = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}
        name, kind = value["name"], value.get("kind", "")
        if not name:
            found.problem(row, "empty name")
        elif not name.isprintable():
            found.problem(row, f"{name!r} is not a unit name (it holds a line break or a control character)")
        elif kind not in kinds:
            found.problem(row, f"unknown kind {kind!r} (the plan has {'、'.join(kinds)})")
        elif name in seen:
            found.problem(row, f"{name} is listed twice (first on {found.where} {seen[name]})")
        elif name in enrolled:
            found.problem(row, f"{name} is already enrolled")
        else:
            seen[name] = row
            found.rows.append(UnitRow(row, name, kind, value.get("head", ""), value.get("contact", "")))
    if not found.rows and not found.problems:
        found.problem(at, "no units listed below the header")


def _header(table: Sequence[tuple[int, list[str]]]) -> tuple[int, dict[str, int]] | None:
    """The header's row number and each known column's index; None if no early row names name and kind."""
    for row, cells in table[:HEADER_ROWS]:
        columns: dict[str, int] = {}
        for i, text in enumerate(cells):
            key = _column(text)
            if key is not None and key not in columns:
                columns[key] = i
        if "name" in columns and "kind" in columns:
            return row, columns
    return None


def _column(text: str) -> str | None:
    spoken = text.strip().lower()
    for key, names in COLUMNS.items():
        if spoken in names:
            return key
    return None
