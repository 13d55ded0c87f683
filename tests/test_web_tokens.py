"""Actor tokens kept with the campaign, who may issue them, and what a write endpoint refuses.

Tokens are campaign-level events holding only a hash, so any process reading the campaign (another
server, the command line) sees them; issuing one is an act of authority the engine checks. The API
takes its credential from the Authorization header alone: a cross-site form post, which can carry
cookies but no such header, records nothing. An actor the engine refuses gets 403.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from campaignflow import Campaign, load_plan
from campaignflow.credentials import hash_token
from campaignflow.errors import (
    CampaignflowError,
    ConcurrentUpdate,
    MoveNotAllowed,
    NotAuthorized,
    OutOfOrder,
    StoreError,
    StoreUnavailable,
    UnknownUnit,
)
from campaignflow.history import SHANGHAI
from campaignflow.web import TokenBook, app
from campaignflow.web.application import _status
from tests.conftest import ROOT
from tests.test_web_browser import start
from tests.web_scenario import name, populate

PLAN = ROOT / "definitions" / "003-zhujianju-zhenggainian.yaml"
CID = "zhujianju-zhenggainian-2012"
NOW = datetime.datetime(2012, 7, 16, 10, 30, tzinfo=SHANGHAI)
T = datetime.datetime(2012, 2, 1, 9, 0)
OFFICE = "局活动领导小组办公室"  # a role of seed 003's plan


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tokens") / "track.db"
    populate(path, 60).close()
    return path


@pytest.fixture
def db(scenario: Path, tmp_path: Path) -> Path:
    path = tmp_path / "track.db"
    shutil.copyfile(scenario, path)
    return path


def client_for(path: Path, book: TokenBook | None = None) -> TestClient:
    return TestClient(app(str(path), tokens=book, clock=lambda: NOW), raise_server_exceptions=False)


def enforcing() -> Campaign:
    c = Campaign(load_plan(PLAN), authority="enforce")
    c.grant("主任", role=OFFICE, at=T)
    c.enroll("办公室", kind="科室站办", at=T, by="主任")
    c.grant("张三", unit="办公室", at=T, by="主任")
    return c


# ── the library ──────────────────────────────────────────────────────────────────────────────────


def test_a_token_is_kept_hashed_in_the_history_and_replayed() -> None:
    c = enforcing()
    token = c.issue_token("张三", at=T, by="主任")
    assert token.startswith("cf_") and c.token_actor(token) == "张三"
    (event,) = [e for e in c.events() if e.kind == "token_issued"]
    assert (event.unit, event.by, event.payload) == ("", "主任", {"actor": "张三", "hash": hash_token(token)})
    assert token not in repr(c.events())
    assert Campaign.replay(c.plan, c.events()).token_actor(token) == "张三"
    again = c.issue_token("张三", at=T, by="主任")  # a new one replaces the old
    assert (c.token_actor(token), c.token_actor(again)) == (None, "张三")
    c.revoke_token("张三", at=T, by="主任")
    assert c.token_actor(again) is None and Campaign.replay(c.plan, c.events()).token_actor(again) is None
    with pytest.raises(CampaignflowError, match="holds no token"):
        c.revoke_token("张三", at=T, by="主任")


def test_issuing_a_token_is_an_act_of_authority() -> None:
    c = enforcing()
    with pytest.raises(NotAuthorized, match="must name who does it") as nobody:
        c.issue_token("张三", at=T)
    assert nobody.value.act == "token" and OFFICE in nobody.value.allowed
    with pytest.raises(NotAuthorized, match="张三 may not issue or revoke") as clerk:
        c.issue_token("张三", at=T, by="张三")  # acting for a unit is no role
    assert clerk.value.actor == "张三"
    with pytest.raises(CampaignflowError, match="not on the roster"):
        c.issue_token("李四", at=T, by="主任")
    assert not [e for e in c.events() if e.kind.startswith("token")]

    recorded = Campaign(load_plan(PLAN), authority="record")
    token = recorded.issue_token("李四", at=T)
    (event,) = [e for e in recorded.events() if e.kind == "token_issued"]
    assert "unauthorised" in event.payload and recorded.token_actor(token) == "李四"


def test_tokens_live_in_the_store_and_another_process_sees_them(db: Path) -> None:
    with Campaign.open(db) as writer, Campaign.open(db) as server:
        writer.grant("主任", role=OFFICE, at=NOW)
        writer.grant("张三", unit=name(31), at=NOW, by="主任")
        token = writer.issue_token("张三", at=NOW, by="主任")
        assert server.token_actor(token) is None
        server.refresh()
        assert server.token_actor(token) == "张三"
    with Campaign.open(db) as reopened:
        assert reopened.token_actor(token) == "张三"
        assert [a for a, _ in reopened.authority.tokens.holders()] == ["张三"]


# ── the API ──────────────────────────────────────────────────────────────────────────────────────


def test_the_api_takes_the_campaigns_tokens_and_sees_a_revocation_at_once(db: Path) -> None:
    unit = name(31)
    with Campaign.open(db) as c:
        token = c.issue_token("张三", at=NOW, by="领导小组办公室")
    url = f"/api/v1/campaigns/{CID}/commands/submit"
    body = {"unit": unit, "artifact": "self_analysis"}
    auth = {"Authorization": f"Bearer {token}"}
    with client_for(db) as client:
        assert client.post(url, json=body).status_code == 401
        done = client.post(url, json=body, headers=auth)
        assert done.status_code == 201, done.text
        assert done.json()["by"] == "张三"
        with Campaign.open(db) as elsewhere:  # the command line, or another server
            elsewhere.revoke_token("张三", at=NOW, by="领导小组办公室")
        refused = client.post(url, json=body, headers=auth)
        assert refused.status_code == 401 and refused.json()["message"] == "unknown or revoked token"


def test_a_token_file_of_the_older_way_still_works(db: Path, tmp_path: Path) -> None:
    book = TokenBook(tmp_path / "track.db.tokens.json")
    token = book.issue("张三", at=NOW)
    with client_for(db, book) as client:
        done = client.post(
            f"/api/v1/campaigns/{CID}/commands/submit",
            json={"unit": name(31), "artifact": "self_analysis"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert done.status_code == 201 and done.json()["by"] == "张三"


def test_an_act_the_engine_does_not_allow_is_403(tmp_path: Path) -> None:
    path = tmp_path / "enforced.db"
    with Campaign(load_plan(PLAN), store=path) as c:  # a new file enforces authority
        c.grant("主任", role=OFFICE, at=T)
        c.enroll("办公室", kind="科室站办", at=T, by="主任")
        c.grant("张三", unit="办公室", at=T, by="主任")
        token = c.issue_token("张三", at=T, by="主任")
        c.submit("办公室", "public_pledge", at=T, by="张三")
    with client_for(path) as client:
        refused = client.post(  # a finding is a supervisor's decision, not a unit clerk's
            f"/api/v1/campaigns/{CID}/commands/finding",
            json={"unit": "办公室", "severity": "走过场", "at": "2012-02-02T09:00:00"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert refused.status_code == 403, refused.text
    data = refused.json()
    assert (data["error"], data["actor"], data["act"]) == ("not_authorized", "张三", "finding")
    with Campaign.open(path) as c:
        assert c.history("办公室")[-1].kind == "submitted"


def test_a_cross_site_form_post_with_cookies_records_nothing(db: Path) -> None:
    """CSRF: a page elsewhere can make a browser post a form with its cookies, never an
    Authorization header; the API reads no cookie, so the post is refused."""
    with Campaign.open(db) as c:
        token = c.issue_token("张三", at=NOW, by="领导小组办公室")
        before = len(c.history(name(31)))
    with client_for(db) as client:
        client.cookies.set("token", token)
        client.cookies.set("Authorization", f"Bearer {token}")
        forged = client.post(
            f"/api/v1/campaigns/{CID}/commands/submit",
            data={"unit": name(31), "artifact": "self_analysis"},
            headers={"Origin": "https://elsewhere.example", "Referer": "https://elsewhere.example/form"},
        )
        assert forged.status_code == 401
        assert forged.headers["www-authenticate"].startswith("Bearer")
    with Campaign.open(db) as c:
        assert len(c.history(name(31))) == before


def test_errors_answer_by_their_class() -> None:
    """campaignflow.errors decide the status: a subclass (NotAuthorized, OutOfOrder are refused moves
    too) by its own class first; a database that cannot be reached is 503, a damaged one 500."""
    at = datetime.datetime(2012, 2, 1, tzinfo=SHANGHAI)
    cases = [
        (UnknownUnit("x"), 404),
        (ConcurrentUpdate("x", 1, 2), 409),
        (NotAuthorized("x", "no", actor="a", act="approve"), 403),
        (OutOfOrder("x", "late", at=at, latest=at), 422),
        (MoveNotAllowed("x", "no"), 422),
        (StoreUnavailable(5, "I/O error", "track.db"), 503),
        (StoreError("damaged"), 500),
        (CampaignflowError("bad input"), 400),
    ]
    assert [(type(e).__name__, _status(e)) for e, _ in cases] == [(type(e).__name__, s) for e, s in cases]


def test_a_running_server_takes_tokens_issued_and_revoked_by_another_process(tmp_path: Path) -> None:
    """End to end: `campaignflow serve` is running; `campaignflow token add` (another process) issues a
    token into the campaign; a client records with it over HTTP and is refused without it, and after
    `token revoke` is refused with it — no restart, no token file."""
    db = tmp_path / "api.db"
    populate(db, 20).close()
    server = start(db)
    url = f"{server.url}/api/v1/campaigns/{CID}/commands/submit"
    body = json.dumps({"unit": name(11), "artifact": "self_analysis"}).encode()

    def post(token: str | None) -> int:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=60) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as refused:
            return refused.code

    def cli(*args: str) -> str:
        command = [sys.executable, "-m", "campaignflow", "token", *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
        return done.stdout.strip()

    try:
        token = cli("add", str(db), "张三", "--by", "领导小组办公室")
        assert not (tmp_path / "api.db.tokens.json").exists()
        assert post(None) == 401
        assert post(token) == 201
        cli("revoke", str(db), "张三", "--by", "领导小组办公室")
        assert post(token) == 401
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)
    with Campaign.open(db) as c:
        assert [e.by for e in c.history(name(11)) if e.kind == "submitted"][-1] == "张三"
