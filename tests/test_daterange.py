"""The supported date range, 1949-01-01 – 2100-12-31, held everywhere (issue #21 items 2 and 7)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from campaignflow import Campaign, CampaignflowError, parse_plan
from campaignflow.cli import main
from campaignflow.daterange import FIRST_DAY, LAST_DAY, check_day
from campaignflow.dates import Duration, add_duration, parse_duration, parse_window
from campaignflow.errors import DatePhraseError
from campaignflow.history import moment
from campaignflow.loader import check_plan_text
from campaignflow.workdays import DEFAULT
from tests.cli import ok
from tests.conftest import DEFINITIONS

PLAN_003 = DEFINITIONS / "003-zhujianju-zhenggainian.yaml"
PLAN_004 = DEFINITIONS / "004-youqu-liangpingyishu.yaml"
D = datetime.date


def plan_text(path: Path, change: Any) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def problems(text: str) -> list[tuple[int, str, str]]:
    result = check_plan_text(text, "p.yaml")
    assert not result.ok
    assert all(p.line >= 1 for p in result.problems)
    return [(p.line, p.code, p.message) for p in result.problems]


# ── the library ──────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("day", [FIRST_DAY, LAST_DAY, D(2012, 3, 1)])
def test_the_ends_of_the_range_are_supported(day: datetime.date) -> None:
    assert moment(day).date() == day
    assert moment(datetime.datetime.combine(day, datetime.time(23, 59))).date() == day


@pytest.mark.parametrize(
    "at",
    [
        D(1, 1, 1),
        D(9999, 12, 31),
        D(1948, 12, 31),
        D(2101, 1, 1),
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.timezone(datetime.timedelta(hours=-10))),
        datetime.datetime(1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=14))),
        datetime.datetime(2100, 12, 31, 23, tzinfo=datetime.timezone(datetime.timedelta(hours=-10))),
    ],
)
def test_moment_refuses_what_is_outside(at: datetime.date) -> None:
    with pytest.raises(CampaignflowError, match="outside the supported dates"):
        moment(at)


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(timezones=st.none() | st.timezones()) | st.dates(),
)
def test_moment_never_overflows(at: datetime.date) -> None:
    """Any date or datetime Python can hold, with any offset: a Shanghai time in range, or a refusal."""
    try:
        found = moment(at)
    except CampaignflowError as exc:
        assert "outside the supported dates" in str(exc)
    else:
        assert FIRST_DAY <= found.date() <= LAST_DAY


def test_a_refused_time_is_not_stored() -> None:
    campaign = Campaign(parse_plan(PLAN_003.read_bytes()))
    with pytest.raises(CampaignflowError, match="outside the supported dates"):
        campaign.enroll("办公室", kind="科室站办", at=D(1, 1, 1))
    assert campaign.events() == []
    campaign.enroll("办公室", kind="局属单位", at=D(2012, 2, 1))
    with pytest.raises(CampaignflowError, match="outside"):
        campaign.set_deadline("办公室", "unit_plan", due=D(9999, 12, 31), at=D(2012, 2, 1))
    assert len(campaign.events()) == 1


@pytest.mark.parametrize("phrase", ["9999年1月", "0001-01-01", "2100年12月31日至2101年1月5日", "1900年3月"])
def test_a_phrase_outside_the_range_is_refused(phrase: str) -> None:
    with pytest.raises(DatePhraseError, match="outside the supported dates"):
        parse_window(phrase, 2012)


@pytest.mark.parametrize("length", ["9999年", "9999个月", "9999周", "9999天", "9999个工作日"])
def test_a_duration_cannot_leave_the_range(length: str) -> None:
    duration = parse_duration(length)
    try:
        end = add_duration(D(2012, 3, 1), duration, DEFAULT)
    except CampaignflowError as exc:
        assert "beyond the supported dates" in str(exc) or "outside the supported dates" in str(exc)
    else:
        assert end <= LAST_DAY


def test_a_duration_at_the_end_of_the_range_is_refused() -> None:
    with pytest.raises(CampaignflowError, match="supported dates"):
        add_duration(D(2100, 12, 1), Duration("1个月", months=1))


def test_counting_working_days_stops_at_the_range() -> None:
    with pytest.raises(CampaignflowError, match="beyond the supported dates"):
        DEFAULT.add_workdays(D(2012, 3, 1), 99_999_999_999)
    with pytest.raises(CampaignflowError, match="beyond the supported dates"):
        DEFAULT.add_workdays(D(2012, 3, 1), -99_999_999_999)


def test_check_day_keeps_the_type() -> None:
    now = datetime.datetime(2012, 3, 1, 9, 30)
    assert check_day(now, "x") is now


# ── plans: located problems ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("start", [D(1, 1, 1), D(9999, 12, 1)])
def test_a_window_mapping_outside_the_range_is_located(start: datetime.date) -> None:
    def change(data: dict[str, Any]) -> None:
        data["phases"][0]["window"] = {"start": start, "end": D(9999, 12, 31)}

    found = problems(plan_text(PLAN_003, change))
    assert any(code == "out-of-range" and "outside the supported dates" in m for _, code, m in found)


def test_a_deadline_date_outside_the_range_is_located() -> None:
    def change(data: dict[str, Any]) -> None:
        data["phases"][0]["artifacts"][0]["deadline"] = D(9999, 12, 31)

    assert any(code == "out-of-range" for _, code, _ in problems(plan_text(PLAN_003, change)))


def test_workdays_after_start_is_bounded_and_located() -> None:
    def change(data: dict[str, Any]) -> None:
        data["phases"][0]["artifacts"][0]["deadline"] = {"workdays_after_start": 99_999_999_999}

    found = problems(plan_text(PLAN_003, change))
    assert any(code == "out-of-range" and "workdays_after_start" in m for _, code, m in found)


def test_a_window_phrase_outside_the_range_is_located() -> None:
    def change(data: dict[str, Any]) -> None:
        data["phases"][0]["window"] = "9999年1月"

    assert any("outside the supported dates" in m for _, _, m in problems(plan_text(PLAN_003, change)))


# ── the command line ─────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "t.db")
    ok("init", path, PLAN_004, "--authority", "record")
    ok("enroll", path, "甲", "--kind", "领导班子", "--at", "2011-07-21")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["track", "enroll", "{db}", "乙", "--kind", "领导班子", "--at", "0001-01-01"],
        ["track", "enroll", "{db}", "乙", "--kind", "领导班子", "--at", "9999-12-31T23:59-10:00"],
        ["track", "enroll", "{db}", "乙", "--kind", "领导班子", "--at", "0001-01-01T00:00+14:00"],
        ["track", "sweep", "{db}", "--as-of", "9999-12-31"],
        ["track", "board", "{db}", "--as-of", "0001-01-01"],
        ["track", "extend", "{db}", "甲", "--phase", "rectify", "--by", "9999年", "--at", "2011-07-22"],
        ["calendar", "--db", "{db}", "--unit", "甲", "--today", "9999-12-31"],
        ["dates", "9999年1月", "--year", "2012"],
    ],
)
def test_the_cli_refuses_dates_outside_the_range_and_the_file_still_works(db: str, args: list[str]) -> None:
    runner = CliRunner()
    result = runner.invoke(main, [a.replace("{db}", db) for a in args])
    assert result.exit_code == 1, result.output
    assert "supported dates" in result.output
    after = runner.invoke(main, ["track", "history", db, "甲"])
    assert after.exit_code == 0 and "enrolled" in after.output
    assert runner.invoke(main, ["track", "status", db]).exit_code == 0


def test_an_automatic_extension_beyond_the_range_is_refused(tmp_path: Path) -> None:
    text = PLAN_004.read_text(encoding="utf-8").replace("by: 2个月, automatic", "by: 9999年, automatic")
    plan = parse_plan(text)
    campaign = Campaign(plan)
    campaign.enroll("甲", kind="领导班子", at=D(2011, 7, 21))
    with pytest.raises(CampaignflowError, match="supported dates"):
        campaign.extend("甲", phase="rectify", by="9999年", at=D(2011, 7, 22))
