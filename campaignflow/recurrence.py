"""A duty repeated every period, and the fixed days each period's deadline falls on (每月10日、20日前).

Kept apart from :mod:`campaignflow.plan`, which re-exports it; :mod:`campaignflow.periods` turns it
into the due days the engine, the sweep and the calendars use.
"""

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from campaignflow.fields import Model, new_list

__all__ = ["WEEKDAYS", "Period", "Recurrence"]

Period = Literal["week", "half_month", "month", "quarter", "half_year", "year"]
#: Weekday words, Monday first (ISO weekday 1 … 7).
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class Recurrence(Model):
    """A duty repeated every period, e.g. 每周投稿1篇 is ``{every: week, count: 1}``; with ``on`` days,
    each period's deadline is tracked: 每月10日、20日前 is ``{every: month, days: [10, 20]}``."""

    every: Period
    count: Annotated[int, Field(ge=1)] = 1
    days: list[Annotated[int, Field(ge=1, le=31)] | Annotated[str, Field(max_length=10)]] = Field(
        default_factory=new_list,
        description="the due days of each period: week — 周一…周日 (or 1–7); month — days 1–28 or 末 "
        "(the last day); half_month (15日 and the month's end), quarter, half_year, year — 末. "
        "Empty: one deadline at the end",
    )

    @model_validator(mode="after")
    def _days_fit(self) -> Self:
        for day in self.days:
            if self.every == "week":
                ok = (isinstance(day, int) and day <= 7) or day in WEEKDAYS
                allowed = "周一…周日 or 1–7"
            elif self.every == "month":
                ok = (isinstance(day, int) and day <= 28) or day == "末"
                allowed = "days 1–28, or 末 for the month's last day"
            else:
                ok, allowed = day == "末", "末 (the period's last day)"
            if not ok:
                raise PydanticCustomError(
                    "bad-recurrence",
                    "{day} is not a due day of every {every}: use {allowed}",
                    {"day": day, "every": self.every, "allowed": allowed},
                )
        if self.days and self.count != 1:
            raise PydanticCustomError(
                "bad-recurrence", "with days each day is one deadline: leave count out (it is 1)"
            )
        return self
