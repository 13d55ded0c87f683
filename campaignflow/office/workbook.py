"""Write the office's sheets as an Excel workbook (openpyxl) or as one CSV file per sheet.

The workbook is what a leader opens: frozen header rows and unit columns, a filter on every sheet,
column widths measured for Chinese text (a Han character is two columns wide), dates and times as
real Excel dates, and the 红黄绿 sheet's lights filled in red, yellow and green. CSV files are
written in UTF-8 with a BOM, which Excel opens as Chinese text.
"""

from __future__ import annotations

import csv
import datetime
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from campaignflow.office.sheets import Cell, Sheet

__all__ = ["FILLS", "csv_paths", "display_width", "write_csv", "write_xlsx"]

#: The fill of each light: Excel's own "bad", "neutral" and "good" cell colours.
FILLS: Final = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE"}
HEADER_FILL: Final = "DDEBF7"
DATE_FORMAT: Final = "yyyy-mm-dd"
TIME_FORMAT: Final = "yyyy-mm-dd hh:mm"
MAX_WIDTH: Final = 50
HEADER_WIDTH: Final = 12
#: About how many width units fit across a landscape A4 page at the default font.
PAGE_WIDTH: Final = 160


def display_width(text: str) -> int:
    """How many columns ``text`` takes in a fixed-width font: wide (Han) and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_xlsx(sheets: Sequence[Sheet], path: Path) -> Path:
    """Save ``sheets`` as the workbook ``path``.

    The workbook is written in openpyxl's write-only mode: rows stream to the file, so a campaign of
    thousands of units costs one row of cells at a time, not a grid of cell objects.
    """
    book = Workbook(write_only=True)
    styles = _Styles()
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        widths = [min(display_width(h), HEADER_WIDTH) for h in sheet.header]  # long headers wrap
        for row in sheet.rows:
            for j, value in enumerate(row):
                widths[j] = max(widths[j], display_width(_shown(value)))
        shown = [min(width + 3, MAX_WIDTH) for width in widths]
        for j, width in enumerate(shown, 1):
            ws.column_dimensions[get_column_letter(j)].width = width
        ws.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{len(sheet.rows) + 1}"
        _print_setup(ws, sum(shown), sheet.frozen_columns)
        lines = max((-(-display_width(h) // (HEADER_WIDTH + 2)) for h in sheet.header), default=1)
        if lines > 1:
            ws.row_dimensions[1].height = 15 * lines
        ws.append([styles.header(ws, text) for text in sheet.header])
        wrapped = [width >= MAX_WIDTH for width in shown]  # long particulars wrap inside their column
        for i, row in enumerate(sheet.rows):
            light = sheet.lights.get(i)
            ws.append(
                [styles.cell(ws, value, wrapped[j], light if j == 0 else None) for j, value in enumerate(row)]
            )
    book.save(path)
    return path


class _Styles:
    """The few styles of the workbook, made once and shared by every cell that wears one."""

    def __init__(self) -> None:
        self.bold = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.header_align = Alignment(wrap_text=True, vertical="center")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.fills = {light: PatternFill("solid", fgColor=colour) for light, colour in FILLS.items()}

    def header(self, ws: Any, text: str) -> Any:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = self.bold, self.header_fill, self.header_align
        return cell

    def cell(self, ws: Any, value: Cell, wrap: bool, light: str | None) -> Any:
        if not wrap and light is None and not isinstance(value, datetime.date):
            return value
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, datetime.datetime):
            cell.number_format = TIME_FORMAT
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        if wrap:
            cell.alignment = self.wrap
        if light is not None:
            cell.fill = self.fills[light]
        return cell


def _print_setup(ws: Any, width: int, frozen: int) -> None:
    """Landscape, the header on every page; a sheet up to a page wide is fitted to it, a wider one
    (进度, one column per artifact) runs over several pages with the unit's columns repeated."""
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    if width <= PAGE_WIDTH:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    elif frozen:
        ws.print_title_cols = f"A:{get_column_letter(frozen)}"


def csv_paths(path: Path, sheets: Sequence[Sheet]) -> list[Path]:
    """Where ``--format csv`` writes each sheet: ``台账-进度.csv``, ``台账-红黄绿.csv`` … beside ``path``."""
    return [path.with_name(f"{path.stem}-{sheet.name}.csv") for sheet in sheets]


def write_csv(sheets: Sequence[Sheet], path: Path) -> list[Path]:
    """Save each sheet as a CSV file (UTF-8 with BOM) named after ``path`` and the sheet; returns them."""
    written = csv_paths(path, sheets)
    for sheet, target in zip(sheets, written, strict=True):
        with target.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(sheet.header)
            writer.writerows([_shown(value) for value in row] for row in sheet.rows)
    return written
