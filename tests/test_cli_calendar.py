"""``campaignflow calendar``: formats, output files, per-unit calendars from a tracking file, exit codes."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result

from campaignflow import load_plan
from campaignflow.calendar import render
from campaignflow.cli import calendar, main
from campaignflow.engine import Campaign
from tests.conftest import DATA, DEFINITIONS

PLAN = DEFINITIONS / "004-youqu-liangpingyishu.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(calendar.command, [str(a) for a in args])


def ok(*args: str | Path) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A tracking file on plan 004: 张三 with 整改提高 extended by 2个月, and 办公室."""
    path = tmp_path / "track.db"
    at = datetime.datetime(2011, 7, 21, 9, 0)
    with Campaign(load_plan(PLAN), store=path, authority="record") as campaign:
        campaign.enroll("张三", kind="主要负责同志", at=at)
        campaign.enroll("办公室", kind="办公室", at=at)
        campaign.extend("张三", phase="rectify", by="2个月", at=at, actor="督导组", reason="评议结果特别差")
    return path


@pytest.mark.parametrize("fmt", ["ics", "html", "md", "json", "mermaid"])
def test_each_format_to_stdout_is_what_render_gives(fmt: str) -> None:
    result = ok(PLAN, "--format", fmt, "--today", "2011-08-15")
    expected = render(load_plan(PLAN), fmt, today=datetime.date(2011, 8, 15))
    assert result.stdout_bytes == (expected if isinstance(expected, bytes) else expected.encode())
    assert result.stderr == ""


def test_default_format_is_markdown() -> None:
    assert ok(PLAN).stdout.startswith("# 油区办两评一树工作方案 — 工作日程\n")


def test_output_file_and_format_from_its_suffix(tmp_path: Path) -> None:
    target = tmp_path / "两评一树.ics"
    result = ok(PLAN, "-o", target)
    assert result.stdout == ""
    assert result.stderr == f"{target}: ics calendar written\n"
    data = target.read_bytes()
    assert data == render(load_plan(PLAN), "ics")
    assert b"\r\n" in data  # written as bytes: CRLF line ends survive on every platform
    ok(PLAN, "-o", tmp_path / "t.html")
    assert (tmp_path / "t.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ok(PLAN, "--format", "json", "-o", tmp_path / "t.txt")  # --format wins over the suffix
    assert json.loads((tmp_path / "t.txt").read_text(encoding="utf-8"))["plan"]["year"] == 2011


def test_alarm_days() -> None:
    calendar_ = icalendar.Calendar.from_ical(ok(PLAN, "--format", "ics", "--alarm-days", "7").stdout_bytes)
    assert {a.decoded("TRIGGER") for a in calendar_.walk("VALARM")} == {datetime.timedelta(days=-7, hours=9)}
    result = run(PLAN, "--format", "ics", "--alarm-days", "-1")
    assert result.exit_code == 2


def test_today_word_reads_the_clock() -> None:
    assert 'class="status"' in ok(PLAN, "--format", "html", "--today", "today").stdout


def test_bad_today_is_a_usage_error() -> None:
    result = run(PLAN, "--today", "2011-02-30")
    assert result.exit_code == 2
    assert "Invalid value for '--today': '2011-02-30' is not an ISO date" in result.stderr


def test_invalid_plan_exits_1_with_the_plan_error() -> None:
    path = DATA / "invalid" / "bad-date.yaml"
    result = run(path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}:")
    assert "[bad-date]" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_plan_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path / "nothing.yaml")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert run().exit_code == 2  # neither PLAN nor --db


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    result = run(PLAN, "-o", tmp_path / "no-such-dir" / "x.ics")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot write ")


def test_coverage_notes_go_to_stderr() -> None:
    result = ok(DATA / "calendar" / "outside-tables.yaml", "--format", "json")
    assert result.stderr.startswith("note: 2030: no official holiday table")
    assert json.loads(result.stdout)["notes"][0]["year"] == 2030


# ── per-unit calendars ────────────────────────────────────────────────────────────────────────────


def test_unit_calendar_from_a_tracking_file(db: Path) -> None:
    text = ok("--db", db, "--unit", "张三").stdout
    assert "- 单位：张三（主要负责同志）" in text
    assert "2011-09-11 至 2011-12-31<br>（原定10月31日结束，已延期）" in text
    assert "12月31日：整改台账、整改方案" in text
    assert "整改措施" not in text  # owed by 办公室 only
    assert ok(PLAN, "--db", db, "--unit", "张三").stdout == text  # PLAN may be given too


def test_unit_ics_dates(db: Path) -> None:
    data = ok(PLAN, "--db", db, "--unit", "办公室", "--format", "ics").stdout_bytes
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    due = [e for e in events if str(e["SUMMARY"]).startswith("截止")]
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in due] == [
        ("截止：整改措施", datetime.date(2011, 9, 10))
    ]


def test_unknown_unit_exits_1(db: Path) -> None:
    result = run("--db", db, "--unit", "李四")
    assert result.exit_code == 1
    assert result.stderr == "error: unit '李四' is not enrolled\n"


def test_unit_and_db_go_together(db: Path) -> None:
    assert run(PLAN, "--unit", "张三").exit_code == 2
    assert run(PLAN, "--db", db).exit_code == 2


def test_plan_must_match_the_tracking_file(db: Path) -> None:
    result = run(DEFINITIONS / "000-jiedao-yongchuangyiliu.yaml", "--db", db, "--unit", "张三")
    assert result.exit_code == 1
    assert "tracks plan 'youqu-liangpingyishu-2011', not 'jiedao-yongchuangyiliu-2012'" in result.stderr


def test_through_the_campaignflow_group(tmp_path: Path) -> None:
    """Registered under the root group, the same exit codes come through its error boundary."""
    if "calendar" not in main.commands:  # the lead registers it in campaignflow/cli/__init__.py
        main.add_command(calendar.command)
    runner = CliRunner()
    assert runner.invoke(main, ["calendar", str(PLAN), "--format", "mermaid"]).stdout.startswith("gantt\n")
    assert runner.invoke(main, ["calendar", str(DATA / "invalid" / "bad-date.yaml")]).exit_code == 1
    assert runner.invoke(main, ["calendar", str(PLAN), "--today", "x"]).exit_code == 2
