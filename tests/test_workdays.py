"""Working days: official holidays and 调休 weekends, the Monday–Friday fallback, plan overrides, speed."""

from __future__ import annotations

import datetime
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignflow import workdays
from campaignflow.errors import CampaignflowError
from campaignflow.workdays import (
    DEFAULT,
    CoverageNote,
    WorkCalendar,
    add_workdays,
    is_workday,
    workdays_between,
)

D = datetime.date


def _days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


# ── the official tables ─────────────────────────────────────────────────────────────────────────────


def test_national_day_2012() -> None:
    assert is_workday(D(2012, 9, 29))  # a Saturday worked in lieu
    assert D(2012, 9, 29).weekday() == 5
    assert not is_workday(D(2012, 9, 30))
    assert not any(is_workday(d) for d in _days(D(2012, 10, 1), D(2012, 10, 7)))
    assert is_workday(D(2012, 10, 8))
    assert add_workdays(D(2012, 9, 28), 1) == D(2012, 9, 29)
    assert add_workdays(D(2012, 9, 29), 1) == D(2012, 10, 8)
    assert add_workdays(D(2012, 10, 8), -1) == D(2012, 9, 29)
    assert workdays_between(D(2012, 9, 28), D(2012, 10, 8)) == 2


def test_spring_festival_2012() -> None:
    assert not any(is_workday(d) for d in _days(D(2012, 1, 22), D(2012, 1, 28)))
    assert is_workday(D(2012, 1, 21))  # Saturday worked in lieu
    assert is_workday(D(2012, 1, 29))  # Sunday worked in lieu
    assert D(2012, 1, 21).weekday() == 5 and D(2012, 1, 29).weekday() == 6
    assert workdays_between(D(2012, 1, 20), D(2012, 1, 30)) == 3  # 21, 29, 30
    # January 2012: 22 weekdays, less 2-3 January (元旦) and 23-27 January, plus the two weekend days worked
    assert DEFAULT.count_workdays(D(2012, 1, 1), D(2012, 1, 31)) == 22 - 2 - 5 + 2


def test_2026_holidays_and_adjusted_days() -> None:
    assert not any(is_workday(d) for d in _days(D(2026, 2, 15), D(2026, 2, 23)))  # 春节, nine days
    assert is_workday(D(2026, 2, 14)) and is_workday(D(2026, 2, 28))  # Saturdays worked
    assert is_workday(D(2026, 1, 4))  # a Sunday worked after 元旦
    assert not any(is_workday(d) for d in _days(D(2026, 10, 1), D(2026, 10, 7)))
    assert is_workday(D(2026, 9, 20)) and is_workday(D(2026, 10, 10))
    assert add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_count_workdays_is_inclusive() -> None:
    assert DEFAULT.count_workdays(D(2012, 10, 1), D(2012, 10, 7)) == 0
    assert DEFAULT.count_workdays(D(2012, 9, 29), D(2012, 9, 29)) == 1
    assert DEFAULT.count_workdays(D(2012, 9, 30), D(2012, 9, 29)) == 0
    # 2012: 261 weekdays, 18 of them holidays, 6 weekend days worked in lieu
    assert DEFAULT.count_workdays(D(2012, 1, 1), D(2012, 12, 31)) == 261 - 18 + 6


def test_between_counts_after_a_up_to_b() -> None:
    assert workdays_between(D(2012, 5, 4), D(2012, 5, 4)) == 0
    assert workdays_between(D(2012, 5, 4), D(2012, 5, 7)) == 1  # Friday → Monday
    assert workdays_between(D(2012, 5, 5), D(2012, 5, 7)) == 1  # Saturday → Monday
    assert workdays_between(D(2012, 5, 7), D(2012, 5, 4)) == -1  # antisymmetric: -(Friday → Monday)
    assert workdays_between(D(2012, 5, 6), D(2012, 5, 4)) == 0  # -(Friday → Sunday)
    assert add_workdays(D(2012, 5, 6), -1) == D(2012, 5, 4)  # but one working day before Sunday is Friday
    # across a whole year: Saturday 2011-12-31 (worked in lieu), all of 2012, Friday 2013-01-04
    assert workdays_between(D(2011, 12, 30), D(2013, 1, 4)) == 1 + 249 + 1


# ── outside the tables ──────────────────────────────────────────────────────────────────────────────


def test_table_coverage_is_detected() -> None:
    calendar = WorkCalendar()
    assert calendar.covers(2012) and calendar.covers(2004) and calendar.covers(2026)
    assert not calendar.covers(1990)


@pytest.mark.skipif(WorkCalendar().covers(2027), reason="the installed chinese-calendar knows 2027")
def test_2027_falls_back_to_monday_to_friday_with_one_note() -> None:
    calendar = WorkCalendar()
    assert not calendar.coverage_notes
    year = _days(D(2027, 1, 1), D(2027, 12, 31))
    assert [calendar.is_workday(d) for d in year] == [d.weekday() < 5 for d in year]
    assert calendar.is_workday(D(2027, 10, 1))  # a Friday: no holiday table, so a working day
    calendar.add_workdays(D(2027, 3, 1), 40)
    calendar.workdays_between(D(2027, 1, 1), D(2027, 12, 31))
    assert calendar.coverage_notes == (
        CoverageNote(
            2027, "2027: no official holiday table (chinese-calendar covers 2004–2026); Monday–Friday assumed"
        ),
    )
    assert WorkCalendar().coverage_notes == ()  # notes belong to the calendar that met the year


def test_notes_are_kept_in_the_order_first_met() -> None:
    calendar = WorkCalendar()
    calendar.is_workday(D(2100, 1, 1))
    calendar.is_workday(D(2012, 1, 1))
    calendar.is_workday(D(1999, 1, 1))
    calendar.is_workday(D(2100, 6, 1))
    assert [note.year for note in calendar.coverage_notes] == [2100, 1999]
    assert calendar.is_workday(D(2100, 1, 1))  # a Friday
    assert not calendar.is_workday(D(2100, 1, 2))


# ── a plan's own days ───────────────────────────────────────────────────────────────────────────────


def test_custom_holidays_and_workdays_override_the_tables() -> None:
    calendar = WorkCalendar(
        holidays=[D(2012, 5, 7), D(2027, 3, 1)],  # a Monday off; a Monday outside the tables
        workdays=[D(2012, 10, 3), D(2012, 5, 5)],  # a national holiday worked; a Saturday worked
    )
    assert not calendar.is_workday(D(2012, 5, 7))
    assert calendar.is_workday(D(2012, 10, 3))
    assert calendar.is_workday(D(2012, 5, 5))
    assert not calendar.is_workday(D(2027, 3, 1))
    assert calendar.add_workdays(D(2012, 5, 4), 1) == D(2012, 5, 5)
    assert calendar.add_workdays(D(2012, 5, 5), 1) == D(2012, 5, 8)
    assert calendar.workdays_between(D(2012, 9, 30), D(2012, 10, 8)) == 2
    assert is_workday(D(2012, 5, 7)) and not is_workday(D(2012, 10, 3))  # the default is untouched


def test_a_day_cannot_be_both_off_and_worked() -> None:
    with pytest.raises(CampaignflowError, match="2012-05-07"):
        WorkCalendar(holidays=[D(2012, 5, 7)], workdays=[D(2012, 5, 7)])


# ── properties ──────────────────────────────────────────────────────────────────────────────────────


@given(st.dates(min_value=D(2005, 1, 1), max_value=D(2030, 12, 31)), st.integers(-300, 300))
@settings(max_examples=500)
def test_add_then_count_round_trips(d: datetime.date, n: int) -> None:
    moved = add_workdays(d, n)
    if n >= 0 or is_workday(d):
        assert workdays_between(d, moved) == n
    if n:
        assert is_workday(moved)
        assert (moved > d) == (n > 0)
        # the working days stepped over: after d up to moved, or from moved up to the day before d
        low, high = (
            (d + datetime.timedelta(days=1), moved) if n > 0 else (moved, d - datetime.timedelta(days=1))
        )
        assert DEFAULT.count_workdays(low, high) == abs(n)
    else:
        assert moved == d


def test_the_round_trip_backwards_from_a_day_off() -> None:
    # one working day before Sunday 2012-05-06 is Friday 2012-05-04; counting (Friday, Sunday] finds none
    assert add_workdays(D(2012, 5, 6), -1) == D(2012, 5, 4)
    assert workdays_between(D(2012, 5, 6), D(2012, 5, 4)) == 0


@given(
    st.dates(min_value=D(2005, 1, 1), max_value=D(2030, 12, 31)),
    st.dates(min_value=D(2005, 1, 1), max_value=D(2030, 12, 31)),
)
def test_counts_agree_with_a_day_by_day_walk(a: datetime.date, b: datetime.date) -> None:
    first, last = min(a, b), max(a, b)
    if (last - first).days > 400:
        last = first + datetime.timedelta(days=400)
    walked = sum(is_workday(d) for d in _days(first, last))
    assert DEFAULT.count_workdays(first, last) == walked
    assert workdays_between(first, last) == walked - is_workday(first)
    assert workdays_between(last, first) == -workdays_between(first, last)


@given(st.dates(min_value=D(2005, 1, 1), max_value=D(2030, 12, 31)), st.integers(1, 60))
def test_custom_calendar_round_trips(d: datetime.date, n: int) -> None:
    calendar = WorkCalendar(holidays=[d + datetime.timedelta(days=i) for i in range(0, 30, 3)])
    assert calendar.workdays_between(d, calendar.add_workdays(d, n)) == n
    earlier = calendar.add_workdays(d, -n)
    assert calendar.count_workdays(earlier, d - datetime.timedelta(days=1)) == n


# ── speed: the escalation sweep asks 100,000 times ──────────────────────────────────────────────────


def test_hundred_thousand_queries_take_under_a_second() -> None:
    rng = random.Random(4)
    base = D(2024, 1, 1)
    pairs = [
        (
            base + datetime.timedelta(days=rng.randrange(900)),
            base + datetime.timedelta(days=rng.randrange(900)),
        )
        for _ in range(100_000)
    ]
    calendar = WorkCalendar()
    calendar.workdays_between(base, base + datetime.timedelta(days=1000))  # build the years once
    began = time.perf_counter()
    for due, as_of in pairs:
        calendar.workdays_between(due, as_of)
        calendar.is_workday(as_of)
    assert time.perf_counter() - began < 1.0


def test_module_functions_use_the_default_calendar() -> None:
    assert workdays.DEFAULT is DEFAULT
    assert add_workdays(D(2012, 9, 28), 0) == D(2012, 9, 28)
    assert type(add_workdays(D(2012, 9, 28), 3)) is D
