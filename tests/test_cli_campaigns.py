"""Several campaigns in one tracking file from the command line: init, --campaign, campaigns, verify."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli import ok, track
from tests.conftest import DEFINITIONS
from tests.stores import postgres_url
from tests.test_cli_track import PLAN

OTHER = DEFINITIONS / "003-zhujianju-zhenggainian.yaml"
__all__ = ["postgres_url"]  # the fixture, for pytest


def test_two_campaigns_share_one_file(tmp_path: Path) -> None:
    db = tmp_path / "city.db"
    ok("init", db, PLAN, "--authority", "record")  # several campaigns, not who may act, are the point
    out = ok("init", db, OTHER, "--campaign", "专项治理", "--authority", "record")
    assert out.endswith("(zhujianju-zhenggainian-2012) as campaign 专项治理, 4 phases, authority record\n")
    code, _, err = track("init", db, OTHER, "--campaign", "专项治理")
    assert code == 1 and "already tracks campaign 专项治理 (plan zhujianju-zhenggainian-2012)" in err

    code, _, err = track("enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-06")
    assert code == 1
    assert "holds several campaigns (engine-zhengainian, 专项治理 (plan zhujianju-zhenggainian-2012))" in err
    assert "--campaign ID" in err
    ok("enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-06", "--campaign", "engine-zhengainian")
    ok("enroll", db, "--campaign", "专项治理", "办公室", "--kind", "科室站办", "--at", "2012-03-06")
    code, _, err = track("history", db, "办公室", "--campaign", "作风年")
    assert code == 1 and "no campaign '作风年' here; it holds: engine-zhengainian, 专项治理" in err

    listed = json.loads(ok("campaigns", db, "--format", "json"))
    assert listed == [
        {"id": "engine-zhengainian", "plan": "engine-zhengainian", "units": 1, "events": 2},
        {"id": "专项治理", "plan": "zhujianju-zhenggainian-2012", "units": 1, "events": 2},
    ]  # each campaign's first event records its authority mode
    assert (
        ok("campaigns", db).splitlines()[1]
        == "专项治理  plan zhujianju-zhenggainian-2012  1 unit(s)  2 event(s)"
    )
    history = json.loads(ok("history", db, "办公室", "--campaign", "专项治理", "--format", "json"))
    assert [(e["seq"], e["at"][:10]) for e in history] == [(2, "2012-03-06")]


def test_verify_compares_stored_states_with_the_replay(tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    ok("init", db, PLAN, "--authority", "record")
    ok("enroll", db, "办公室", "--kind", "科室站办", "--at", "2012-02-06")
    ok("submit", db, "办公室", "pledge", "--at", "2012-02-07")
    assert ok("verify", db) == f"{db}: 1 unit(s), 1 stored state(s) checked, 0 problem(s)\n"
    con = sqlite3.connect(db)
    con.execute("UPDATE units SET version = 5")
    con.commit()
    con.close()
    code, out, err = track("verify", db)
    assert code == 1 and out.endswith("1 problem(s)\n")
    assert "办公室: stored as 科室站办 version 5, the events give 科室站办 version 2" in err
    assert ok("verify", db, "--repair") == (
        f"{db}: rewrote 1 unit row(s) from their events\n"
        f"{db}: 1 unit(s), 1 stored state(s) checked, 0 problem(s)\n"
    )
    assert ok(
        "submit", db, "办公室", "self_analysis", "--at", "2012-03-01"
    )  # writes go on from the mended row
    assert ok("verify", db, "--repair").startswith(f"{db}: rewrote 0 unit row(s)")


def test_a_database_without_campaigns_says_how_to_start(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    sqlite3.connect(db).close()
    assert ok("campaigns", db) == f"{db}: no campaign yet (start one with 'track init')\n"
    code, _, err = track("status", db)
    assert code == 1 and "no campaign is stored in this database (start one with 'track init')" in err


def test_every_track_command_takes_a_postgres_url(postgres_url: str) -> None:
    ok("init", postgres_url, PLAN, "--authority", "record")
    out = ok("init", postgres_url, OTHER, "--campaign", "专项治理", "--authority", "record")
    assert "postgresql://" in out and "as campaign 专项治理" in out
    at = ("--at", "2012-02-06", "--campaign", "engine-zhengainian")
    assert ok("enroll", postgres_url, "办公室", "--kind", "科室站办", *at).startswith("办公室: 2012-02-06")
    ok("submit", postgres_url, "办公室", "pledge", *at)
    code, _, err = track("status", postgres_url)
    assert code == 1 and "several campaigns" in err and "--campaign ID" in err
    status = json.loads(ok("status", postgres_url, "--campaign", "engine-zhengainian", "--format", "json"))
    assert status["units"] == 1
    listed = json.loads(ok("campaigns", postgres_url, "--format", "json"))
    assert [(c["id"], c["units"], c["events"]) for c in listed] == [
        ("engine-zhengainian", 1, 3),
        ("专项治理", 0, 1),
    ]  # each campaign's first event records its authority mode
    assert ok("verify", postgres_url, "--campaign", "engine-zhengainian").endswith(
        "1 unit(s), 1 stored state(s) checked, 0 problem(s)\n"
    )
    assert "rewrote 0 unit row(s)" in ok(
        "verify", postgres_url, "--campaign", "engine-zhengainian", "--repair"
    )
