"""Working days: the official 调休 tables, the declared Monday–Friday fallback, plan overrides."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignflow.errors import CampaignflowError
from campaignflow.workdays import DEFAULT, WorkCalendar, add_workdays, is_workday, workdays_between

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2012, 9, 29), True),  # a Saturday worked before National Day 2012
        (D(2012, 10, 1), False),
        (D(2012, 10, 7), False),  # a Sunday, and a holiday
        (D(2012, 10, 8), True),
        (D(2012, 1, 21), True),  # Saturday before Spring Festival 2012, worked
        (D(2012, 1, 22), False),  # 除夕
        (D(2012, 1, 28), False),
        (D(2012, 1, 29), True),  # Sunday after it, worked
        (D(2015, 9, 3), False),  # 抗战胜利70周年纪念日
        (D(2015, 9, 6), True),  # the Sunday worked for it
        (D(2026, 10, 1), False),
        (D(2026, 11, 23), True),  # a plain Monday
    ],
)
def test_official_tables(day: datetime.date, working: bool) -> None:
    assert is_workday(day) is working


def test_counting_across_national_day() -> None:
    # 2012-09-28 (Fri) to 2012-10-09: 09-29 worked, 10-01..07 off, 10-08 and 10-09 worked.
    assert workdays_between(D(2012, 9, 28), D(2012, 10, 9)) == 3
    assert add_workdays(D(2012, 9, 28), 3) == D(2012, 10, 9)
    assert add_workdays(D(2012, 10, 8), -1) == D(2012, 9, 29)
    assert DEFAULT.count_workdays(D(2012, 10, 1), D(2012, 10, 7)) == 0


def test_years_outside_the_tables_fall_back_and_say_so_once() -> None:
    calendar = WorkCalendar()
    assert not calendar.covers(2027)
    assert calendar.is_workday(D(2027, 10, 1))  # a Friday: no table, so Monday–Friday
    assert not calendar.is_workday(D(2027, 10, 2))
    assert calendar.workdays_between(D(2027, 1, 1), D(2027, 1, 31)) == 20
    notes = calendar.coverage_notes
    assert [n.year for n in notes] == [2027]
    assert "Monday–Friday" in notes[0].message


def test_covered_years_leave_no_note() -> None:
    calendar = WorkCalendar()
    calendar.workdays_between(D(2012, 1, 1), D(2013, 12, 31))
    assert calendar.coverage_notes == ()


def test_plan_overrides_win_over_the_tables() -> None:
    calendar = WorkCalendar(holidays=[D(2012, 5, 2)], workdays=[D(2012, 5, 5)])
    assert not calendar.is_workday(D(2012, 5, 2))
    assert calendar.is_workday(D(2012, 5, 5))
    assert DEFAULT.is_workday(D(2012, 5, 2))


def test_a_day_cannot_be_both() -> None:
    with pytest.raises(CampaignflowError):
        WorkCalendar(holidays=[D(2012, 5, 2)], workdays=[D(2012, 5, 2)])


@given(st.dates(D(2005, 1, 1), D(2030, 12, 31)), st.integers(0, 300))
def test_adding_then_counting_forward_gives_n(day: datetime.date, n: int) -> None:
    later = add_workdays(day, n)
    assert workdays_between(day, later) == n
    assert n == 0 or is_workday(later)


@given(st.dates(D(2005, 1, 1), D(2030, 12, 31)), st.integers(1, 300))
def test_counting_backward_from_a_working_day(day: datetime.date, n: int) -> None:
    earlier = add_workdays(day, -n)
    assert earlier < day and is_workday(earlier)
    assert DEFAULT.count_workdays(earlier, day - datetime.timedelta(days=1)) == n


@given(st.dates(D(2005, 1, 1), D(2030, 12, 31)), st.dates(D(2005, 1, 1), D(2030, 12, 31)))
def test_between_is_antisymmetric_and_matches_a_day_by_day_count(a: datetime.date, b: datetime.date) -> None:
    assert workdays_between(a, b) == -workdays_between(b, a)
    if abs((b - a).days) <= 400:
        low, high = sorted((a, b))
        naive = sum(is_workday(low + datetime.timedelta(days=i)) for i in range(1, (high - low).days + 1))
        assert abs(workdays_between(a, b)) == naive
