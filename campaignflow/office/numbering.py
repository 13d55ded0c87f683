"""Word's automatic numbering, written out: the ``一、`` or ``（一）`` a heading shows but its text lacks.

A .docx keeps a numbered paragraph's number as a reference to a list definition (``w:numPr``: a list
and a level), and Word counts as it lays out. The draft reads numbering from the text, so this counts
the same way — per list definition, a level's counter restarting when a higher level moves on — and
writes each label in its level's format (``chineseCounting`` 一, ``decimal`` 1, ``decimalEnclosedCircle``
①, …) into its level's pattern (``%1、``, ``（%1）``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

__all__ = ["Numbering", "format_number"]

_CN = "〇一二三四五六七八九十"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_LEVELS = 9


def format_number(n: int, fmt: str) -> str:
    """``n`` as Word writes it in number format ``fmt``; an unknown format is written in digits."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting"):
        return _chinese(n)
    if fmt == "ideographTraditional" and 1 <= n <= len(_HEAVENLY):
        return _HEAVENLY[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26:
        letter = chr(ord("A") + n - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n <= 39:
        roman = "X" * (n // 10) + ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "")[n % 10 - 1]
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _chinese(n: int) -> str:
    """1–99 in Chinese numerals as a heading counts (十一, 二十), larger numbers in digits."""
    if 0 <= n <= 10:
        return _CN[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[units] if units else "")
    return str(n)


class Numbering:
    """The numbering of one document's paragraphs, counted in reading order (call :meth:`label` once
    per paragraph, in order)."""

    def __init__(self, document: Document) -> None:
        from docx.oxml.ns import qn  # noqa: PLC0415 - the office extra, loaded with the .docx reader

        self._qn = qn
        self.lists: dict[str, str] = {}  # numId → abstractNumId
        self.levels: dict[
            str, dict[int, tuple[int, str, str]]
        ] = {}  # abstractNumId → ilvl → (start, fmt, text)
        self.counts: dict[str, list[int | None]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # a document without any list
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            levels = self.levels.setdefault(abstract.get(qn("w:abstractNumId"), ""), {})
            for lvl in abstract.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(self._value(lvl, "w:start") or "1"),
                    self._value(lvl, "w:numFmt") or "decimal",
                    self._value(lvl, "w:lvlText") or "",
                )
        for num in numbering.findall(qn("w:num")):
            self.lists[num.get(qn("w:numId"), "")] = self._value(num, "w:abstractNumId") or ""

    def _value(self, element: Any, tag: str) -> str | None:
        child = element.find(self._qn(tag))
        return None if child is None else child.get(self._qn("w:val"))

    def label(self, paragraph: Paragraph) -> str:
        """The number Word shows before ``paragraph`` (``一、``, ``（二）``), or "" when it has none."""
        found = self._reference(paragraph)
        if found is None:
            return ""
        num_id, level = found
        abstract = self.lists.get(num_id)
        levels = self.levels.get(abstract or "")
        if not levels or level not in levels:
            return ""
        counts = self.counts.setdefault(abstract or "", [None] * _LEVELS)
        start, fmt, text = levels[level]
        current = counts[level]
        counts[level] = start if current is None else current + 1
        for deeper in range(level + 1, _LEVELS):
            counts[deeper] = None
        if fmt in ("bullet", "none"):
            return ""
        for shown in range(_LEVELS):
            if f"%{shown + 1}" in text:
                start_at, shown_fmt, _ = levels.get(shown, (1, "decimal", ""))
                count = counts[shown] if counts[shown] is not None else start_at
                text = text.replace(f"%{shown + 1}", format_number(count or 0, shown_fmt))
        return text

    def _reference(self, paragraph: Paragraph) -> tuple[str, int] | None:
        """The list and level ``paragraph`` is numbered by: its own, else its style's (or a base style's),
        each of the two taken from the nearest that says it."""
        holders: list[Any] = [paragraph._p.pPr]  # python-docx exposes no numbering API: its XML
        style = paragraph.style
        while style is not None:
            holders.append(style.element.pPr)
            style = style.base_style
        num_id: str | None = None
        level: int | None = None
        for properties in holders:  # the nearest says each: a paragraph may set its level, its style the list
            reference: Any = None if properties is None else properties.numPr
            if reference is None:
                continue
            if level is None and reference.ilvl is not None:
                level = int(reference.ilvl.val)
            if num_id is None and reference.numId is not None:
                num_id = str(reference.numId.val)
        return None if num_id is None else (num_id, level or 0)
