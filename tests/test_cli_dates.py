"""``campaignflow dates PHRASE --year Y``: how a clerk checks a phrase before using it in a plan."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from campaignflow.cli import main
from campaignflow.cli.dates import command
from campaignflow.errors import DatePhraseError
from tests.cli import run


def test_prints_start_and_end() -> None:
    result = CliRunner().invoke(command, ["7月下旬—7月底", "--year", "2011"])
    assert result.exit_code == 0
    assert result.stdout == "2011-07-21 2011-07-31\n"


@pytest.mark.parametrize(
    ("phrase", "year", "line"),
    [
        ("3-6月份", "2012", "2012-03-01 2012-06-30"),
        ("從2011年7月下旬開始,至10月底結(jié)束", "2011", "2011-07-21 2011-10-31"),
        ("12月15日—1月10日", "2012", "2012-12-15 2013-01-10"),
        ("12月10日前", "2012", "- 2012-12-10"),
    ],
)
def test_text_format(phrase: str, year: str, line: str) -> None:
    assert run("dates", phrase, "--year", year) == (0, line + "\n", "")


def test_json_format() -> None:
    code, out, _ = run("dates", "2012年4月25日至5月15日", "--year", "2012", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "text": "2012年4月25日至5月15日",
        "start": "2012-04-25",
        "end": "2012-05-15",
        "year": 2012,
    }
    assert list(json.loads(out)) == ["text", "start", "end", "year"]
    assert "2012年" in out  # UTF-8, not \\u escapes


def test_json_open_start_is_null() -> None:
    code, out, _ = run("dates", "年底前", "--year", "2012", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"text": "年底前", "start": None, "end": "2012-12-31", "year": 2012}


@pytest.mark.parametrize(
    ("phrase", "unread"), [("9:00-18:30", "9:00"), ("3、4月份", "3、"), ("6个月左右", "左右")]
)
def test_unreadable_phrase_exits_1_with_a_message(phrase: str, unread: str) -> None:
    code, out, err = run("dates", phrase, "--year", "2012")
    assert code == 1
    assert out == ""
    assert err.startswith("error: cannot read date phrase")
    assert repr(unread) in err
    assert "Traceback" not in err


def test_the_command_raises_date_phrase_error_for_the_group_to_report() -> None:
    result = CliRunner().invoke(command, ["9:00-18:30", "--year", "2012"])
    assert result.exit_code == 1
    assert isinstance(result.exception, DatePhraseError)


def test_year_is_required_unless_the_phrase_states_it_and_checked() -> None:
    code, out, err = run("dates", "9月")
    assert (code, out) == (2, "") and "'9月' does not state its year: give the plan's year with --year" in err
    assert run("dates", "春节前")[0] == 2  # the festival's day depends on the year
    assert run("dates", "9月", "--year", "twenty")[0] == 2
    assert run("dates", "2012年4月25日至5月15日") == (0, "2012-04-25 2012-05-15\n", "")
    assert run("dates", "2005年春节前") == (0, "- 2005-02-09\n", "")
    code, out, _ = run("dates", "2012-02-29", "--format", "json")
    assert json.loads(out) == {"text": "2012-02-29", "start": "2012-02-29", "end": "2012-02-29", "year": None}
    code, _, err = run("dates", "2013年2月29日")
    assert code == 1 and "no such date in 2013" in err  # unreadable whatever the year: the reader's refusal


def test_real_entry_point_has_no_traceback() -> None:
    if "dates" not in main.list_commands(click.Context(main)):  # commands are imported when they run
        pytest.skip("the dates command is not registered in the campaignflow group yet")
    done = subprocess.run(
        [sys.executable, "-m", "campaignflow", "dates", "9：00—18：30", "--year", "2012"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "error: cannot read date phrase" in done.stderr
    assert "Traceback" not in done.stderr
