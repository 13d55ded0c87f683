"""Command-line conventions through a real process: ``-`` for standard input and output, ``-V``."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import icalendar
import yaml

import campaignflow
from campaignflow.plan import Plan
from tests.conftest import DATA, DEFINITIONS

PLAN = DEFINITIONS / "004-youqu-liangpingyishu.yaml"
SEED = DATA / "seeds" / "000_4727cc8daa934615.txt"


def run(*args: str | Path, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "campaignflow", *map(str, args)]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=120, cwd=cwd, check=False)


def test_validate_reads_a_plan_from_standard_input() -> None:
    done = run("validate", "-", stdin=PLAN.read_bytes())
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("<stdin>: ok — 油区办两评一树工作方案")
    bad = run("validate", "-", stdin=(DATA / "invalid" / "unknown-key.yaml").read_bytes())
    assert bad.returncode == 1
    assert "<stdin>:10:5: error: unknown field 'widnow'" in bad.stdout.decode()


def test_calendar_reads_standard_input_and_writes_standard_output() -> None:
    done = run("calendar", "-", "--format", "ics", "-o", "-", stdin=PLAN.read_bytes())
    assert done.returncode == 0, done.stderr
    assert done.stdout == run("calendar", PLAN, "--format", "ics").stdout  # the same bytes, CRLF kept
    assert icalendar.Calendar.from_ical(done.stdout)["x-wr-calname"] == "油区办两评一树工作方案"


def test_calendar_previous_bumps_the_sequence_of_changed_events(tmp_path: Path) -> None:
    old = tmp_path / "old.ics"
    assert run("calendar", PLAN, "-o", old).returncode == 0
    revised = tmp_path / "revised.yaml"
    revised.write_text(
        PLAN.read_text(encoding="utf-8").replace("8月初—9月上旬", "8月初—9月中旬"), encoding="utf-8"
    )
    done = run("calendar", revised, "--previous", old, "-o", tmp_path / "new.ics")
    assert done.returncode == 0, done.stderr
    events = icalendar.Calendar.from_ical((tmp_path / "new.ics").read_bytes()).walk("VEVENT")
    sequences = {str(e["uid"]).split("@")[0]: int(e["sequence"]) for e in events}
    assert sequences["phase-appraise"] == 1 and sequences["phase-mobilize"] == 0
    wrong = run("calendar", revised, "--previous", old, "--format", "md")
    assert wrong.returncode == 2 and b"--previous" in wrong.stderr


def test_draft_reads_standard_input(tmp_path: Path) -> None:
    done = run("draft", "-", "-o", "-", stdin=SEED.read_bytes())
    assert done.returncode == 0, done.stderr
    piped, named = yaml.safe_load(done.stdout), yaml.safe_load(run("draft", SEED).stdout)
    assert piped["source"] == "<stdin>" and named["source"] == SEED.name
    assert piped["phases"] == named["phases"] and len(piped["phases"]) == 4
    assert b"<stdin>" in done.stderr


def test_standard_input_is_capped() -> None:
    done = run("validate", "-", stdin=b"# " + b"x" * (3 * 1024 * 1024))
    assert done.returncode in (1, 2)
    assert b"larger than" in done.stdout + done.stderr


def test_version_short_and_long() -> None:
    short, long = run("-V"), run("--version")
    assert short.returncode == long.returncode == 0
    assert short.stdout == long.stdout
    assert campaignflow.__version__ in short.stdout.decode()
    assert campaignflow.__version__ == version("campaignflow")


def test_plan_model_validate_reads_a_plain_mapping() -> None:
    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    plan = Plan.model_validate(data)
    assert [str(p.start) for p in plan.phases] == ["2011-07-21", "2011-08-01", "2011-09-11"]
