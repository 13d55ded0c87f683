"""``campaignflow serve`` and ``campaignflow token`` through the real entry point (the server itself
is started by tests/test_web_browser.py), and the promise that the library does not load the web stack."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from campaignflow import Campaign
from campaignflow.web import TokenBook
from tests.cli import run
from tests.conftest import ROOT


def test_importing_campaignflow_loads_no_web_stack() -> None:
    code = (
        "import sys, campaignflow, campaignflow.cli\n"
        "web = ('fastapi', 'starlette', 'jinja2', 'uvicorn')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in web or m.startswith('campaignflow.web')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    code, _, err = run("serve", tmp_path / "nothing.db")
    assert code == 2 and "no such tracking database" in err and "Traceback" not in err


def test_serve_refuses_a_file_that_is_not_a_tracking_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not sqlite", encoding="utf-8")
    code, _, err = run("serve", path)
    assert code == 1 and "not a campaignflow tracking database" in err


def test_tokens_are_issued_listed_and_revoked_in_the_campaign(tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    plan = ROOT / "definitions" / "003-zhujianju-zhenggainian.yaml"
    assert run("track", "init", db, plan)[0] == 0  # enforces authority
    assert (
        run("track", "roster", "add", db, "主任", "--role", "局活动领导小组办公室", "--at", "2012-02-01")[0]
        == 0
    )
    grant = ("--role", "局活动领导小组", "--at", "2012-02-01", "--by", "主任")
    assert run("track", "roster", "add", db, "张三", *grant)[0] == 0
    code, _, err = run("token", "add", db, "张三")
    assert code == 1 and "must name who does it" in err
    code, token, err = run("token", "add", db, "张三", "--by", "主任")
    assert code == 0 and token.startswith("cf_") and "not shown again" in err
    assert not (tmp_path / "track.db.tokens.json").exists()
    with Campaign.open(db) as campaign:
        assert campaign.token_actor(token.strip()) == "张三"
        assert token.strip() not in repr(campaign.events())
    code, out, _ = run("token", "list", db)
    assert code == 0 and out.startswith("张三\t2")
    assert run("token", "revoke", db, "张三", "--by", "主任")[0] == 0
    code, _, err = run("token", "revoke", db, "张三", "--by", "主任")
    assert code == 1 and "holds no token" in err
    with Campaign.open(db) as campaign:
        assert campaign.token_actor(token.strip()) is None


def test_a_token_file_of_the_older_way_is_still_managed_and_revoked(tmp_path: Path) -> None:
    db = tmp_path / "track.db"
    assert run("track", "init", db, ROOT / "definitions" / "003-zhujianju-zhenggainian.yaml")[0] == 0
    beside = tmp_path / "track.db.tokens.json"
    code, token, err = run("token", "add", db, "张三", "--tokens", beside)
    assert code == 0 and token.startswith("cf_") and "not shown again" in err
    stored = beside.read_text(encoding="utf-8")
    assert token.strip() not in stored and json.loads(stored)["tokens"][0]["actor"] == "张三"
    code, out, _ = run("token", "list", db)  # the campaign's (none) and the file beside it
    assert code == 0 and out.startswith("张三\t") and "tokens.json" in out
    assert run("token", "revoke", db, "张三")[0] == 0  # revoked wherever it is held
    assert TokenBook(beside).actor_for(token.strip()) is None


def test_a_damaged_token_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text('{"format": 1, "tokens": [{"actor": 1}]}', encoding="utf-8")
    code, _, err = run("token", "list", "x.db", "--tokens", tmp_path / "t.json")
    assert code == 1 and "damaged" in err
