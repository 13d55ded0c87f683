"""``campaignflow dates``: a clerk checks how a phrase is read."""

from __future__ import annotations

import json

from click.testing import CliRunner

from campaignflow.cli import main


def test_prints_start_and_end() -> None:
    result = CliRunner().invoke(main, ["dates", "7月下旬—7月底", "--year", "2011"])
    assert result.exit_code == 0
    assert result.stdout == "2011-07-21 2011-07-31\n"


def test_open_start_is_a_dash_and_json_has_null() -> None:
    result = CliRunner().invoke(main, ["dates", "12月10日前", "--year", "2012"])
    assert result.stdout == "- 2012-12-10\n"
    result = CliRunner().invoke(main, ["dates", "12月10日前", "--year", "2012", "--format", "json"])
    assert json.loads(result.stdout) == {
        "text": "12月10日前",
        "year": 2012,
        "start": None,
        "end": "2012-12-10",
    }


def test_unreadable_phrase_exits_1_with_a_message() -> None:
    result = CliRunner().invoke(main, ["dates", "9:00-18:30", "--year", "2012"])
    assert result.exit_code == 1
    assert "a clock time" in result.stderr
    assert "Traceback" not in result.output


def test_missing_year_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["dates", "3-6月份"])
    assert result.exit_code == 2
    assert "--year" in result.stderr
