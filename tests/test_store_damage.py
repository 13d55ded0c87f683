"""Damaged, inconsistent and unreachable tracking files (issue #21 items 2, 9, 14, 15, 16).

Each test damages a real SQLite tracking file the way a hand edit, a flipped byte or a bad restore
would, then runs the commands a clerk would: every one ends with a clear message and exit 1 or 2,
never a traceback (exit 3).
"""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from campaignflow import Campaign, StoreError, parse_plan
from campaignflow.cli import main
from campaignflow.errors import StoreUnavailable
from tests.conftest import DEFINITIONS

PLAN = DEFINITIONS / "003-zhujianju-zhenggainian.yaml"
READERS = [
    ["track", "history", "{db}", "办公室"],
    ["track", "status", "{db}"],
    ["track", "sweep", "{db}", "--as-of", "2012-03-01"],
    ["track", "board", "{db}", "--as-of", "2012-03-01"],
    ["track", "finding", "{db}", "办公室", "--severity", "走过场", "--at", "2012-02-05"],
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "t.db")
    runner = CliRunner()
    for args in (
        ["track", "init", path, str(PLAN), "--authority", "record"],
        ["track", "enroll", path, "办公室", "--kind", "局属单位", "--at", "2012-02-01"],
        ["track", "finding", path, "办公室", "--severity", "走过场", "--note", "x", "--at", "2012-02-02"],
        ["track", "submit", path, "办公室", "unit_plan", "--at", "2012-02-03"],
    ):
        assert runner.invoke(main, args).exit_code == 0
    return path


def sql(path: str, statement: str, *params: object) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(statement, params)
    connection.close()


def outcomes(path: str) -> list[tuple[int, str]]:
    runner = CliRunner()
    found = []
    for args in READERS:
        result = runner.invoke(main, [a.replace("{db}", path) for a in args])
        assert "internal error" not in result.output, (args, result.output)
        found.append((result.exit_code, result.output))
    return found


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE events SET payload = 'null' WHERE seq = 2",
        "UPDATE events SET payload = '[1, 2]' WHERE seq = 2",
        "UPDATE events SET payload = '{broken' WHERE seq = 2",
        "UPDATE events SET by = x'00ff' WHERE seq = 2",
        "UPDATE events SET at = x'00' WHERE seq = 2",
        "UPDATE events SET at = 'yesterday' WHERE seq = 2",
        "UPDATE events SET seq = -1 WHERE seq = 2",
    ],
)
def test_a_hand_edited_event_row_is_reported_as_damage(db: str, damage: str) -> None:
    sql(db, damage)
    results = outcomes(db)
    assert any(code == 1 and "damaged" in out for code, out in results)
    assert all(code in (0, 1) for code, _ in results)


def test_a_flipped_byte_in_the_stored_plan_is_reported_as_damage(db: str) -> None:
    with sqlite3.connect(db) as connection:
        (text,) = connection.execute("SELECT plan_text FROM campaigns").fetchone()
        at = text.index("phases")
        connection.execute("UPDATE campaigns SET plan_text = ?", (text[:at] + "\x01" + text[at + 1 :],))
    connection.close()
    for code, out in outcomes(db):
        assert code == 1 and "the database is damaged: the plan stored in it no longer loads" in out
    with pytest.raises(StoreError, match="damaged"):
        Campaign.open(db)


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+08:05:43", "9999-12-31T23:59:00-10:00"])
def test_a_file_holding_a_time_at_the_ends_of_the_range_still_opens(db: str, at: str) -> None:
    """Written by an older version, before such times were refused: every command still works."""
    sql(db, "UPDATE events SET at = ? WHERE seq = 2", at)
    for code, out in outcomes(db):
        assert code == 0, out


def test_a_units_row_out_of_step_is_an_inconsistent_file_not_a_retry(db: str) -> None:
    sql(db, "UPDATE units SET version = 7, state = NULL")
    runner = CliRunner()
    for _ in range(2):  # "retry" would fail the same way for ever
        result = runner.invoke(
            main, ["track", "finding", db, "办公室", "--severity", "走过场", "--at", "2012-02-05"]
        )
        assert result.exit_code == 1
        assert "inconsistent" in result.output and "track verify" in result.output
        assert "retry" not in result.output


def test_a_units_row_with_a_wrong_version_and_state_points_at_verify(db: str) -> None:
    sql(db, "UPDATE units SET version = 1")
    result = CliRunner().invoke(main, ["track", "history", db, "办公室"])
    assert result.exit_code == 1 and "track verify" in result.output


@pytest.mark.parametrize("state", ["keep", "drop"])
def test_history_naming_an_artifact_the_stored_plan_lost_is_a_store_error(db: str, state: str) -> None:
    with sqlite3.connect(db) as connection:
        (text,) = connection.execute("SELECT plan_text FROM campaigns").fetchone()
        connection.execute(
            "UPDATE campaigns SET plan_text = ?", (text.replace("id: unit_plan", "id: unit_planx"),)
        )
        if state == "drop":
            connection.execute("UPDATE units SET state = NULL")
    connection.close()
    with pytest.raises(StoreError, match="unit_plan"), Campaign.open(db) as campaign:
        campaign.evidence("办公室", "unit_planx")
    for code, out in outcomes(db):
        assert code == 1 and "unit_plan" in out


def test_the_memory_store_also_refuses_a_history_the_plan_does_not_have() -> None:
    plan_text = PLAN.read_text(encoding="utf-8")
    campaign = Campaign.replay(parse_plan(plan_text), [])
    campaign.enroll("办公室", kind="局属单位", at=datetime.date(2012, 2, 1))
    campaign.submit("办公室", "unit_plan", at=datetime.date(2012, 2, 2))
    revised = parse_plan(plan_text.replace("id: unit_plan", "id: unit_planx"))
    with pytest.raises(StoreError, match="no artifact 'unit_plan'"):
        Campaign.replay(revised, campaign.events())


def test_a_file_that_is_not_a_database_is_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "plan.db"
    path.write_text("id: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["track", "status", str(path)])
    assert result.exit_code == 1 and "not a campaignflow tracking database" in result.output


# ── unreachable files: exit 2 with what is wrong ─────────────────────────────────────────────────


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path is private to its owner)."""
    path = Path(tempfile.mkdtemp(prefix="campaignflow-ro-"))
    path.chmod(0o755)
    yield path
    path.chmod(0o755)
    shutil.rmtree(path)


def run_as_other_user(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI as ``nobody`` when we are root (root ignores file permissions), else as ourselves."""
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "campaignflow", *args],
        capture_output=True,
        text=True,
        cwd="/",
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or (os.geteuid() == 0 and shutil.which("setpriv") is None),
    reason="needs POSIX permissions, and setpriv to drop root's",
)
def test_a_read_only_file_is_an_io_error_that_says_so(shared_dir: Path, db: str) -> None:
    path = shared_dir / "t.db"
    shutil.copy(db, path)
    path.chmod(0o444)
    shared_dir.chmod(0o555)
    for args in (["track", "status", str(path)], ["track", "history", str(path), "办公室"]):
        result = run_as_other_user(args)
        assert result.returncode == 2, result.stderr
        assert "read-only" in result.stderr and "not a campaignflow tracking database" not in result.stderr
        assert "Traceback" not in result.stderr


def test_store_unavailable_is_an_os_error_and_a_store_error() -> None:
    error = StoreUnavailable(13, "cannot write (read-only)", "t.db")
    assert isinstance(error, OSError) and isinstance(error, StoreError)
    assert str(error) == "t.db: cannot write (read-only)"
