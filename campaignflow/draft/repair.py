"""Repair the typing and OCR noise that real documents put inside date phrases, and say what was repaired.

Pasted web pages and scanned files spell dates loosely: ``20l0年`` (a letter l for the digit 1),
``2020 年 8 月`` (spaces), ``2020年8中旬`` (月 dropped), ``6月10以前`` (日 dropped), and a blank where
the year was cleared (``( 年 7 月 至 12月)``). :func:`repair_dates` rewrites only those forms, each into
the one reading the words leave, and returns a note for every change so the draft reports it as a
guess. It never adds a number: a blank year becomes the masked year ``**年``, which the draft treats
like ``20xx年`` (unknown until the clerk gives ``--year``).
"""

from __future__ import annotations

import re

__all__ = ["repair_dates"]

_DATE_CHAR = r"[0-9年月日号至到~\-—–]"
_SPACE_IN_DATE = re.compile(rf"(?<={_DATE_CHAR}) +(?={_DATE_CHAR}|上旬|中旬|下旬|底|初|末|以前|之前|前)")
_SPACE_BEFORE_YEAR = re.compile(r"(?<=[(\[【]) +(?=年)")
_OCR_YEAR = re.compile(r"(?<![0-9A-Za-z])(?=[0-9lIoO]{4}年)(?=[0-9]*[lIoO])((?:19|2[0oO])[0-9lIoO]{2})年")
_OCR_DIGITS = str.maketrans("lIoO", "1100")
_NO_MONTH = re.compile(r"(?<=年)([0-9]{1,2})(?=上旬|中旬|下旬)")
_NO_DAY = re.compile(r"(?<=月)([0-9]{1,2})(?=以前|之前|前(?![0-9]))")
_BLANK_YEAR = re.compile(r"(?<=[(\[【])年(?=[0-9]{1,2}月|年底|年末)")


def repair_dates(text: str) -> tuple[str, list[str]]:
    """``text`` with its date noise repaired, and one note per repair (empty when nothing changed)."""
    notes: list[str] = []

    def apply(pattern: re.Pattern[str], fix: str | None, why: str) -> None:
        nonlocal text
        changed = False

        def replace(match: re.Match[str]) -> str:
            nonlocal changed
            new = match[0].translate(_OCR_DIGITS) if fix is None else match.expand(fix)
            if new != match[0]:
                changed = True
            return new

        text = pattern.sub(replace, text)
        if changed:
            notes.append(why)

    before = text
    apply(_SPACE_IN_DATE, "", "spaces inside a date")
    apply(_SPACE_BEFORE_YEAR, "", "spaces inside a date")
    apply(_OCR_YEAR, None, "a letter in a year read as a digit (l → 1, O → 0)")
    apply(_NO_MONTH, r"\1月", "月 missing after the month number")
    apply(_NO_DAY, r"\1日", "日 missing after the day number")
    apply(_BLANK_YEAR, "**年", "a blank year, taken as masked")
    if text == before:
        return text, []
    return text, list(dict.fromkeys(notes))
