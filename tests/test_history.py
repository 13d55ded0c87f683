"""history.moment(): the fast path for the fixed +08:00 years agrees with pendulum's exact conversion."""

from __future__ import annotations

import datetime

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaignflow.errors import CampaignflowError
from campaignflow.events import parse_time
from campaignflow.history import SHANGHAI, moment


def exact(at: datetime.datetime) -> datetime.datetime:
    """The reference: pendulum's conversion, as moment() did it for every input before the fast path."""
    local = pendulum.instance(at, tz=SHANGHAI) if at.tzinfo is None else pendulum.instance(at)
    value = local.in_timezone(SHANGHAI)
    return datetime.datetime(
        value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond,
        tzinfo=SHANGHAI, fold=value.fold,
    )  # fmt: skip


def same(a: datetime.datetime, b: datetime.datetime) -> bool:
    return (
        type(a) is type(b) is datetime.datetime
        and a.tzinfo is b.tzinfo is SHANGHAI
        and a.replace(tzinfo=None) == b.replace(tzinfo=None)
        and a.utcoffset() == b.utcoffset()
        and a.fold == b.fold
    )


NAIVE = st.datetimes(min_value=datetime.datetime(1949, 1, 1), max_value=datetime.datetime(2100, 12, 31))
HOURS = datetime.timedelta(hours=1)
ZONES = st.sampled_from([
    datetime.UTC, datetime.timezone(-5 * HOURS), datetime.timezone(14 * HOURS),
    pendulum.timezone("Europe/Berlin"), pendulum.timezone("America/New_York"), SHANGHAI,
])  # fmt: skip


@given(NAIVE)
def test_a_naive_datetime_is_shanghai_wall_time(at: datetime.datetime) -> None:
    assert same(moment(at), exact(at))


@given(NAIVE, ZONES)
def test_an_aware_datetime_is_the_same_instant_in_shanghai(
    at: datetime.datetime, zone: datetime.tzinfo
) -> None:
    aware = at.replace(tzinfo=zone)
    got = moment(aware)
    assert same(got, exact(aware)) or (got == aware and got.utcoffset() == exact(aware).utcoffset())
    assert got == aware  # the same instant


@given(st.dates(min_value=datetime.date(1949, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_a_date_is_its_midnight(day: datetime.date) -> None:
    got = moment(day)
    assert got.date() == day and got.time() == datetime.time(0) and got.tzinfo is SHANGHAI


def test_the_dst_years_keep_the_exact_rule() -> None:
    for at in (datetime.datetime(1986, 5, 4, 2, 30), datetime.datetime(1991, 9, 15, 1, 30)):
        assert same(moment(at), exact(at))  # a wall time that did not exist, or happened twice
    summer = moment(datetime.datetime(1990, 7, 1, 12, 0))
    assert summer.utcoffset() == datetime.timedelta(hours=9)
    assert moment(datetime.datetime(1992, 7, 1, 12, 0)).utcoffset() == datetime.timedelta(hours=8)


def test_pendulum_datetimes_and_already_normalised_values() -> None:
    at = pendulum.datetime(2024, 3, 1, 9, 0, tz="Asia/Tokyo")
    got = moment(at)
    assert type(got) is datetime.datetime and got.hour == 8 and got.tzinfo is SHANGHAI
    assert moment(got) is got


def test_anything_else_is_refused() -> None:
    with pytest.raises(CampaignflowError, match="datetime or a date"):
        moment("2024-03-01")  # type: ignore[arg-type]


@given(NAIVE, st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_a_stored_timestamp_reads_back_as_the_exact_conversion(at: datetime.datetime, minutes: int) -> None:
    """parse_time's arithmetic for the fixed years agrees with pendulum's rule for any written offset."""
    written = at.replace(tzinfo=datetime.timezone(datetime.timedelta(minutes=minutes)))
    got = parse_time(written.isoformat())
    assert same(got, exact(written)) and got == written


def test_a_stored_timestamp_at_the_ends_of_the_fixed_years() -> None:
    for text in ("1991-12-31T23:30:00+00:00", "1991-09-15T01:30:00+09:00", "2100-12-31T23:00:00-05:00"):
        assert same(parse_time(text), exact(datetime.datetime.fromisoformat(text)))
    with pytest.raises(ValueError, match="without offset"):
        parse_time("2012-03-01T09:00:00")
