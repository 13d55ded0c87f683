"""Rows of text from a spreadsheet file: the first sheet (or a named one) of an .xlsx, or a CSV file.

CSV files are read as Excel writes them: UTF-8 with or without a BOM, else GBK/GB18030 (a Chinese
Windows' code page); comma- or tab-separated. Rows keep the number a clerk sees in Excel (1-based
rows of the sheet, or lines of the file), so a problem can say where it is.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final
from zipfile import BadZipFile

from campaignflow.inputs import read_limited
from campaignflow.office.cells import cell_text

__all__ = ["ENCODINGS", "Table", "read_table"]

#: The largest file read, checked before reading (100,000 rows of 300 bytes fit).
MAX_BYTES: Final = 32 * 1024 * 1024
#: Encodings tried in turn for a CSV file (GB18030 is a superset of GBK and GB2312).
ENCODINGS: Final = ("utf-8-sig", "gb18030")


@dataclass(slots=True)
class Table:
    """The rows of a file as ``(number, cells)``; ``where`` is ``line`` (CSV) or ``row`` (a sheet).

    ``problem`` is ``(number, message)`` when the file could not be read at all.
    """

    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    where: str = "line"
    problem: tuple[int, str] | None = None


def read_table(source: Path, sheet: str | None = None) -> Table:
    """The rows of ``source``: from its sheet ``sheet`` if it has one by that name, else its first."""
    suffix = source.suffix.lower()
    if suffix in (".xls", ".et"):
        return Table(problem=(1, "an old-format Excel file (.xls): save it as .xlsx or as CSV"))
    data = read_limited(source, MAX_BYTES, "a list or a ledger is a few MiB")  # OSError: FIFO, device
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(io.BytesIO(data), sheet)
    return _csv(data)


def _csv(data: bytes) -> Table:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # gb18030 decodes nearly everything; this is for the rare byte it maps to nothing
        return Table(problem=(1, "neither UTF-8 nor GBK/GB18030 text: save the file as CSV (UTF-8)"))
    first = text.partition("\n")[0]
    dialect = csv.excel_tab if "\t" in first and "," not in first else csv.excel  # Excel's "Unicode text"
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    found = Table()
    try:
        for cells in reader:
            found.rows.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as exc:
        return Table(problem=(reader.line_num, f"not readable as CSV: {exc}"))
    return found


def _xlsx(source: io.BytesIO, sheet: str | None) -> Table:
    from openpyxl import load_workbook  # noqa: PLC0415 - the office extra, loaded when an .xlsx is read
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        return Table(where="row", problem=(1, f"not a readable .xlsx workbook ({exc})"))
    try:
        ws = book[sheet] if sheet is not None and sheet in book.sheetnames else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        return Table([(i, [cell_text(v) for v in values]) for i, values in enumerate(rows, 1)], "row")
    finally:
        book.close()
