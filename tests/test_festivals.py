"""Festival days (春节前, 国庆节前): the lunar table and the solar term, checked against independent facts."""

from __future__ import annotations

import datetime

import chinese_calendar
import pytest

from campaignflow.daterange import FIRST_YEAR, LAST_YEAR
from campaignflow.festivals import NAMES, day_of

YEARS = range(FIRST_YEAR, LAST_YEAR + 1)


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [
        ("春节", 1949, "1949-01-29"),
        ("春节", 2005, "2005-02-09"),
        ("春节", 2024, "2024-02-10"),
        ("端午", 2020, "2020-06-25"),
        ("中秋节", 1978, "1978-09-17"),  # the two libraries the table was written from disagree here
        ("中秋", 2020, "2020-10-01"),
        ("清明节", 2012, "2012-04-04"),
        ("国庆节", 2012, "2012-10-01"),
        ("五一劳动节", 2012, "2012-05-01"),
        ("七一", 2021, "2021-07-01"),
    ],
)
def test_known_days(name: str, year: int, day: str) -> None:
    assert day_of(name, year) == datetime.date.fromisoformat(day)


def test_each_lunar_festival_falls_where_lunar_months_put_it_every_year() -> None:
    """正月初一 lies between 01-21 and 02-20; 五月初五 is four lunar months (of 29 or 30 days) and four
    days later, 八月十五 three months and ten days after that, a leap month adding 29 or 30 days."""
    for year in YEARS:
        spring, dragon, autumn = (day_of(name, year) for name in ("春节", "端午", "中秋"))
        assert datetime.date(year, 1, 21) <= spring <= datetime.date(year, 2, 20), year
        months = (dragon - spring).days - 4
        assert 116 <= months <= 120 or 145 <= months <= 150, year
        months = (autumn - dragon).days - 10
        assert 87 <= months <= 90 or 116 <= months <= 120, year


def test_the_table_agrees_with_the_public_holidays_chinese_calendar_knows() -> None:
    """chinese-calendar lists the official holidays (2008 on for 清明, 端午 and 中秋): every festival
    day in the table must be a holiday of that festival (中秋 2020 shared its day with 国庆)."""
    expected = {
        "春节": {"Spring Festival"},
        "清明": {"Tomb-sweeping Day"},
        "端午": {"Dragon Boat Festival"},
        "中秋": {"Mid-autumn Festival", "National Day"},
    }
    for year in range(2008, 2026):
        for name, holidays in expected.items():
            day = day_of(name, year)
            off, holiday = chinese_calendar.get_holiday_detail(day)
            weekend = day.weekday() >= 5  # chinese-calendar names no holiday on a weekend day (端午 2012)
            assert off and (holiday in holidays or (holiday is None and weekend)), (name, year)


def test_every_name_has_a_day_and_years_beyond_the_table_are_refused() -> None:
    for name in NAMES:
        assert day_of(name, 2012).year == 2012
    for name in ("春节", "端午节", "清明"):
        with pytest.raises(ValueError, match="1949–2100"):
            day_of(name, LAST_YEAR + 1)
