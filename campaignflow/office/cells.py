"""What a spreadsheet cell holds, as the text a clerk typed: numbers without ``.0``, dates as ISO dates."""

from __future__ import annotations

import datetime

__all__ = ["cell_text"]


def cell_text(value: object) -> str:
    """The cell's value as stripped text; an empty cell is ``""``.

    Excel stores every number as a float, so ``3.0`` typed as ``3`` comes back as ``3``; a date or
    datetime cell becomes ``2012-03-01`` (``2012-03-01T09:30`` with a time of day).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()
