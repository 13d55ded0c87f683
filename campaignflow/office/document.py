"""A plan document as Word saves it (.docx), turned into the lines ``campaignflow draft`` reads.

Paragraphs come in document order, each with the number Word shows before it (automatic numbering,
:mod:`campaignflow.office.numbering`), and each table row as one line, its cells joined by two spaces:
a timetable kept in a table (阶段 | 时间 | 主要任务) reads as ``动员部署阶段  3月1日-3月15日  召开动员大会``,
a layout the draft knows. Needs the office extra (python-docx). A .docx is a zip archive: its parts'
unpacked sizes are checked before anything is parsed, so a small file that unpacks to gigabytes is
refused, and the XML is parsed without resolving entities (python-docx's parser).
"""

from __future__ import annotations

import errno
import io
import zipfile
from typing import TYPE_CHECKING

from campaignflow.errors import CampaignflowError

if TYPE_CHECKING:
    from docx.table import Table

__all__ = ["MAX_UNPACKED", "UnreadableDocument", "docx_text", "is_zip", "refusal"]

#: The most a .docx may unpack to (all its parts together): a plan document is well under 1 MiB of XML.
MAX_UNPACKED = 64 * 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 .doc, WPS .wps, and other OLE2 files
_ZIP = b"PK\x03\x04"


class UnreadableDocument(CampaignflowError, OSError):
    """The document cannot be read as a plan document's text (exit status 2, like an unreadable file)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(errno.EINVAL, message, path)

    def __str__(self) -> str:
        return f"cannot read {self.filename}: {self.strerror}"


def refusal(raw: bytes, path: str) -> UnreadableDocument | None:
    """Why ``raw`` is a kind of file ``draft`` cannot read as text (a .doc, a PDF), or None."""
    if raw.startswith(_OLE):
        return UnreadableDocument(
            path, "a Word 97–2003 (.doc) or WPS file; save it as .docx (另存为 Word 文档) or as plain text"
        )
    if raw.startswith(b"%PDF"):
        return UnreadableDocument(path, "a PDF; copy its text into a .txt file, or draft from the .docx")
    return None


def is_zip(raw: bytes) -> bool:
    """Whether ``raw`` is a zip archive, as every .docx is."""
    return raw.startswith(_ZIP)


def docx_text(raw: bytes, path: str) -> str:
    """The text of the .docx ``raw``: one line per paragraph and per table row, in document order."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise UnreadableDocument(path, f"a damaged zip archive, not a readable .docx ({exc})") from None
    if "word/document.xml" not in names:
        raise UnreadableDocument(path, "a zip archive without word/document.xml: not a Word .docx file")
    if unpacked > MAX_UNPACKED:
        limit = MAX_UNPACKED // (1024 * 1024)
        raise UnreadableDocument(path, f"it unpacks to more than {limit} MiB; a plan document is far smaller")
    try:
        import docx  # noqa: PLC0415 - the office extra, loaded only for a .docx
    except ImportError:
        raise UnreadableDocument(
            path, "reading a .docx needs the office extra: pip install 'campaignflow[office]'"
        ) from None
    from docx.table import Table  # noqa: PLC0415

    from campaignflow.office.numbering import Numbering  # noqa: PLC0415 - with python-docx, as above

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises whatever its parts' parsers raise
        raise UnreadableDocument(
            path, f"not a readable Word document ({type(exc).__name__}: {exc})"
        ) from None
    numbering = Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_rows(block))
        else:
            lines.append(numbering.label(block) + block.text)
    return "\n".join(lines) + "\n"


def _rows(table: Table) -> list[str]:
    """Each row of ``table`` as one line; a cell merged across columns is written once."""
    found = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        found.append("  ".join(cells))
    return found
