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
    """Save ``sheets`` as the workbook ``path``."""
    book = Workbook()
    book.remove(book.worksheets[0])
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    fills = {light: PatternFill("solid", fgColor=colour) for light, colour in FILLS.items()}
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        ws.append(list(sheet.header))
        for cell in ws[1]:
            cell.font, cell.fill = bold, header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        widths = [min(display_width(h), HEADER_WIDTH) for h in sheet.header]  # long headers wrap
        lines = max((-(-display_width(h) // (HEADER_WIDTH + 2)) for h in sheet.header), default=1)
        if lines > 1:
            ws.row_dimensions[1].height = 15 * lines
        for i, row in enumerate(sheet.rows):
            ws.append(list(row))
            for j, value in enumerate(row):
                widths[j] = max(widths[j], display_width(_shown(value)))
                if isinstance(value, datetime.datetime):
                    ws.cell(i + 2, j + 1).number_format = TIME_FORMAT
                elif isinstance(value, datetime.date):
                    ws.cell(i + 2, j + 1).number_format = DATE_FORMAT
            light = sheet.lights.get(i)
            if light is not None:
                ws.cell(i + 2, 1).fill = fills[light]
        wrap = Alignment(wrap_text=True, vertical="top")
        for j, width in enumerate(widths, 1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = min(width + 3, MAX_WIDTH)
            if width + 3 > MAX_WIDTH:  # long particulars wrap inside their column
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.alignment = wrap
        ws.freeze_panes = ws.cell(2, sheet.frozen_columns + 1).coordinate
        last = get_column_letter(len(sheet.header))
        ws.auto_filter.ref = f"A1:{last}{len(sheet.rows) + 1}"
        _print_setup(ws, sum(min(w + 3, MAX_WIDTH) for w in widths), sheet.frozen_columns)
    book.save(path)
    return path


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
