"""The JSON API and the pages through an in-process client (no server, no browser).

The oracle for counts and lights is the library itself, opened separately on the same file; the
tests check that the API and the pages say what the engine says, filter and paginate it right,
record only with a token, and refuse with the engine's reason.
"""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from campaignflow import Campaign, load_plan
from campaignflow.history import SHANGHAI
from campaignflow.web import TokenBook, app
from tests.conftest import DATA
from tests.web_scenario import AS_OF, name, populate

UNITS = 200
CID = "zhujianju-zhenggainian-2012"
HOSTILE = "<script>alert('unit')</script>"
NOW = datetime.datetime(2012, 7, 16, 10, 30, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "track.db"
    populate(path, UNITS, extra=((HOSTILE, "科室站办"),)).close()
    return path


@pytest.fixture
def copy(db: Path, tmp_path: Path) -> Path:
    """A private copy of the file for a test that records."""
    path = tmp_path / "track.db"
    shutil.copyfile(db, path)  # the fixture's campaign is closed: no WAL is left beside it
    return path


@pytest.fixture
def book(tmp_path: Path) -> TokenBook:
    return TokenBook(tmp_path / "tokens.json")


def client_for(path: Path, book: TokenBook | None = None) -> TestClient:
    return TestClient(app(str(path), tokens=book, clock=lambda: NOW), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with client_for(db) as c:
        yield c


@pytest.fixture(scope="module")
def oracle(db: Path) -> Iterator[Campaign]:
    with Campaign.open(db) as campaign:
        yield campaign


# ── reads ─────────────────────────────────────────────────────────────────────────────────────────


def test_campaigns_lists_the_plan_and_its_units(client: TestClient) -> None:
    (found,) = client.get("/api/v1/campaigns").json()
    assert found["id"] == CID and found["units"] == UNITS + 2
    assert [p["id"] for p in found["phases"]] == ["study", "inspect", "rectify", "evaluate"]


def test_board_counts_are_the_engines(client: TestClient, oracle: Campaign) -> None:
    data = client.get(f"/api/v1/campaigns/{CID}/board", params={"as_of": AS_OF.isoformat()}).json()
    board = oracle.board(AS_OF)
    assert data["totals"] == board.totals
    assert {p["phase"]: {k: p[k] for k in ("green", "yellow", "red")} for p in data["phases"]} == board.counts
    # by construction: one unit in ten has a 限期整改 date two working days ahead, and nobody else is yellow
    assert data["totals"]["yellow"] == UNITS // 10
    assert data["matched"] == UNITS + 2 and data["pages"] == 3 and len(data["units"]) == 100


def test_board_defaults_to_the_clocks_day(client: TestClient) -> None:
    assert client.get(f"/api/v1/campaigns/{CID}/board").json()["as_of"] == "2012-07-16"


def test_board_filters_search_and_pages(client: TestClient, oracle: Campaign) -> None:
    board = oracle.board(AS_OF)
    url = f"/api/v1/campaigns/{CID}/board"
    red_study = client.get(url, params={"as_of": "2012-07-16", "phase": "study", "light": "red"}).json()
    assert red_study["matched"] == board.counts["study"]["red"] > 0
    assert {(u["phase"], u["light"], u["light_word"]) for u in red_study["units"]} == {("study", "red", "红")}
    kind = client.get(url, params={"as_of": "2012-07-16", "kind": "领导干部", "size": 500}).json()
    assert kind["matched"] == sum(r.kind == "领导干部" for r in board.rows)
    found = client.get(url, params={"as_of": "2012-07-16", "q": "0012"}).json()
    assert sorted(u["unit"] for u in found["units"]) == [name(12)] + [name(i) for i in range(120, 130)]
    pages = [
        client.get(url, params={"as_of": "2012-07-16", "size": 70, "page": n}).json() for n in (1, 2, 3, 4)
    ]
    listed = [u["unit"] for p in pages for u in p["units"]]
    assert listed == [r.unit for r in board.rows] and pages[3]["units"] == []


def test_a_unit_shows_phase_deadlines_ledger_and_history(client: TestClient, oracle: Campaign) -> None:
    data = client.get(f"/api/v1/campaigns/{CID}/units/办公室", params={"as_of": "2012-07-16"}).json()
    assert (data["phase"], data["phase_name"], data["light_word"]) == ("rectify", "整改落实阶段", "绿")
    assert len(data["history"]) == len(oracle.history("办公室"))
    assert [e["kind_word"] for e in data["history"][-2:]] == ["挂账", "销号"]
    (ledger,) = data["ledgers"]
    assert ledger["items"] == [
        {"item": "窗口服务态度生硬", "closed": False},
        {"item": "办件超时", "closed": True},
    ]
    current = [p for p in data["phases"] if p["current"]]
    assert [p["phase"] for p in current] == ["rectify"]
    closeout = {d["artifact"]: d for d in current[0]["deadlines"]}["rectification_closeout"]
    assert (closeout["state"], closeout["due"]) == ("open", "2012-09-30")


def test_missed_deadlines_are_not_past_ones(client: TestClient) -> None:
    def states(unit: str) -> dict[str, str]:
        data = client.get(f"/api/v1/campaigns/{CID}/units/{unit}", params={"as_of": "2012-07-16"}).json()
        return {
            d["artifact"]: d["state"] for p in data["phases"] if p["phase"] == "study" for d in p["deadlines"]
        }

    assert set(states(name(0)).values()) == {"done"}  # a 局属单位 that handed in on 2-20
    assert set(states(name(35)).values()) == {"late"}  # handed in on 3-10, after 2-29
    assert set(states(name(40)).values()) == {"missed"}  # never handed in
    assert len(states(name(40))) == 7


def test_a_units_escalations_and_a_days_escalations(client: TestClient, oracle: Campaign) -> None:
    data = client.get(f"/api/v1/campaigns/{CID}/units/{name(1)}", params={"as_of": "2012-07-16"}).json()
    (escalation,) = data["escalations"]
    assert (escalation["rule"], escalation["standing"], escalation["actions"]) == (
        "perfunctory_inspection", True, ["全局通报"],
    )  # fmt: skip
    before = client.get(f"/api/v1/campaigns/{CID}/units/{name(1)}", params={"as_of": "2012-07-15"}).json()
    assert before["escalations"] == []
    day = client.get(f"/api/v1/campaigns/{CID}/escalations", params={"day": "2012-07-16"}).json()
    recorded = [
        e for r in oracle.records() for e in r.events if e.kind == "escalated" and e.payload["step"] >= 0
    ]
    assert sorted((e["unit"], e["rule"]) for e in day) == sorted(
        (e.unit, e.payload["rule"]) for e in recorded
    )
    assert {e["rule"] for e in day} == {"perfunctory_inspection", "study_poorly_done"}
    assert client.get(f"/api/v1/campaigns/{CID}/escalations", params={"day": "2012-07-17"}).json() == []


def test_history_and_units(client: TestClient, oracle: Campaign) -> None:
    history = client.get(f"/api/v1/campaigns/{CID}/history/{name(3)}").json()
    assert [e["seq"] for e in history] == [e.seq for e in oracle.history(name(3))]
    units = client.get(f"/api/v1/campaigns/{CID}/units", params={"phase": "study", "size": 5}).json()
    assert units["matched"] == len(oracle.units("study")) and units["units"] == oracle.units("study")[:5]


def test_openapi_describes_reads_and_commands(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    for path in ("board", "units", "units/{unit}", "history/{unit}", "escalations", "commands/submit"):
        assert f"/api/v1/campaigns/{{cid}}/{path}" in paths
    assert not any(p.startswith("/c/") for p in paths)  # pages are not API
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    submit = spec["paths"]["/api/v1/campaigns/{cid}/commands/submit"]["post"]
    assert {"401", "403", "409", "422"} <= set(submit["responses"])


# ── errors: located, never a traceback ────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        (f"/api/v1/campaigns/{CID}/units/nobody", 404, "nobody"),
        ("/api/v1/campaigns/nope/board", 404, CID),
        (f"/api/v1/campaigns/{CID}/board?as_of=2012-13-01", 400, "as_of"),
        (f"/api/v1/campaigns/{CID}/board?light=blue", 400, "light"),
        (f"/api/v1/campaigns/{CID}/board?as_of=2200-01-01", 400, "2100"),
        (f"/c/{CID}/?as_of=yesterday", 400, "yesterday"),
        (f"/c/{CID}/?page=-1", 400, "page"),
        (f"/c/{CID}/unit?name=nobody", 404, "nobody"),
        ("/c/nope/", 404, CID),
    ],
)
def test_bad_requests_say_what_is_wrong(client: TestClient, url: str, status: int, text: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert text in response.text and "Traceback" not in response.text


def test_a_bug_is_a_plain_500(tmp_path: Path) -> None:
    def broken() -> dict[str, Campaign]:
        raise RuntimeError("secret detail of a bug")

    with TestClient(app(broken, clock=lambda: NOW), raise_server_exceptions=False) as client:
        for url in ("/api/v1/campaigns", "/"):
            response = client.get(url)
            assert response.status_code == 500
            assert "secret" not in response.text and "Traceback" not in response.text
            assert "internal error" in response.text


def test_size_limits(client: TestClient) -> None:
    big = client.post(f"/api/v1/campaigns/{CID}/commands/submit", content=b"x" * 70_000)
    assert big.status_code == 413 and big.json()["error"] == "too_large"
    long = client.get(f"/c/{CID}/?q=" + "长" * 3000)
    assert long.status_code == 414


def test_every_response_forbids_scripts(client: TestClient) -> None:
    for url in ("/", f"/c/{CID}/", f"/api/v1/campaigns/{CID}/board", "/static/style.css"):
        headers = client.get(url).headers
        assert "default-src 'none'" in headers["content-security-policy"], url
        assert "script-src" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


# ── writes: a token per actor, the engine's rules ─────────────────────────────────────────────────


def test_recording_needs_a_token(copy: Path, book: TokenBook) -> None:
    token = book.issue("张三", at=NOW)
    unit = name(31)  # in 查摆问题 with a 限期整改 date for its 书面剖析材料: yellow
    body = {"unit": unit, "artifact": "self_analysis", "ref": "剖析材料.pdf"}
    url = f"/api/v1/campaigns/{CID}/commands/submit"
    with client_for(copy, book) as client:
        before = client.get(f"/api/v1/campaigns/{CID}/board", params={"as_of": "2012-07-16"}).json()["totals"]
        assert client.post(url, json=body).status_code == 401
        wrong = client.post(url, json=body, headers={"Authorization": "Bearer cf_not-a-token"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
        done = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
        assert done.status_code == 201, done.text
        event = done.json()
        assert (event["kind"], event["by"], event["unit"]) == ("submitted", "张三", unit)
        assert event["at"] == NOW.isoformat()  # no `at`: now, from the app's clock
        after = client.get(f"/api/v1/campaigns/{CID}/board", params={"as_of": "2012-07-16"}).json()["totals"]
        assert after["yellow"] == before["yellow"] - 1 and after["green"] == before["green"] + 1
    with Campaign.open(copy) as campaign:
        assert campaign.history(unit)[-1].by == "张三"
        assert sum(e.kind == "submitted" and e.payload["artifact"] == "self_analysis"
                   for e in campaign.history(unit)) == 1  # fmt: skip


def test_a_refused_move_says_why_and_what_is_missing(copy: Path, book: TokenBook) -> None:
    token = book.issue("督导组", at=NOW)
    unit = name(40)  # a 局属单位 that handed nothing in
    with Campaign.open(copy) as campaign:
        verdict = campaign.can_advance(unit, at=NOW)
    with client_for(copy, book) as client:
        refused = client.post(
            f"/api/v1/campaigns/{CID}/commands/advance",
            json={"unit": unit},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert refused.status_code == 422
    data = refused.json()
    assert data["error"] == "refused" and data["reason"] == verdict.reason
    assert data["missing"] == list(verdict.missing) and len(data["missing"]) == 7


def test_a_stale_version_is_409_and_records_nothing(copy: Path, book: TokenBook) -> None:
    token = book.issue("张三", at=NOW)
    unit = name(31)
    with client_for(copy, book) as client:
        seen = client.get(f"/api/v1/campaigns/{CID}/units/{unit}").json()["version"]
        with Campaign.open(copy) as other:  # another process records first
            other.record_finding(unit, severity="敷衍应付", at=NOW, by="督导组")
        body = {"unit": unit, "artifact": "self_analysis", "version": seen}
        conflict = client.post(
            f"/api/v1/campaigns/{CID}/commands/submit",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert conflict.status_code == 409
        assert conflict.json()["error"] == "concurrent_update"
        assert (conflict.json()["expected"], conflict.json()["found"]) == (seen, seen + 1)
    with Campaign.open(copy) as campaign:
        assert campaign.history(unit)[-1].kind == "finding"


def test_a_revoked_token_no_longer_works(copy: Path, book: TokenBook) -> None:
    token = book.issue("张三", at=NOW)
    assert book.revoke("张三")
    with client_for(copy, book) as client:
        response = client.post(
            f"/api/v1/campaigns/{CID}/commands/submit",
            json={"unit": name(31), "artifact": "self_analysis"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 401


def test_bad_command_bodies_are_400(copy: Path, book: TokenBook) -> None:
    token = book.issue("张三", at=NOW)
    auth = {"Authorization": f"Bearer {token}"}
    with client_for(copy, book) as client:
        url = f"/api/v1/campaigns/{CID}/commands/submit"
        assert client.post(url, content=b"{not json", headers=auth).status_code == 400
        extra = client.post(url, json={"unit": name(31), "artifact": "x", "sneaky": 1}, headers=auth)
        assert extra.status_code == 400 and "sneaky" in extra.text
        unknown = client.post(url, json={"unit": name(31), "artifact": "nothing"}, headers=auth)
        assert unknown.status_code == 400 and "nothing" in unknown.json()["message"]


# ── pages through the client (the browser tests look at them rendered) ───────────────────────────


def test_pages_escape_every_name(tmp_path: Path) -> None:
    path = tmp_path / "hostile.db"
    with Campaign(load_plan(DATA / "web" / "hostile.yaml"), store=path, authority="record") as c:
        c.enroll(HOSTILE, kind="科室<i>站办</i>", at=datetime.date(2012, 2, 1))
    with client_for(path) as client:
        for url in (
            "/",
            "/c/hostile-web-2012/?as_of=2012-03-05",
            "/c/hostile-web-2012/unit?as_of=2012-03-05&name=" + HOSTILE,
            "/c/hostile-web-2012/timeline?as_of=2012-03-05",
        ):
            html = client.get(url).text
            assert not re.search(r"<script|<img|<i>站办|<b>办", html), url
            assert "&lt;script&gt;" in html, url


def test_board_page_shows_the_engines_counts(client: TestClient, oracle: Campaign) -> None:
    html = client.get(f"/c/{CID}/", params={"as_of": "2012-07-16"}).text
    counts = oracle.board(AS_OF).counts
    for phase, lights in counts.items():
        for light, n in lights.items():
            pattern = rf'<tr data-phase="{phase}">.*?data-light="{light}" data-count="(\d+)"'
            assert int(re.search(pattern, html, re.S).group(1)) == n  # type: ignore[union-attr]


def test_a_database_with_two_campaigns_serves_both(tmp_path: Path) -> None:
    path = tmp_path / "two.db"
    with Campaign(
        load_plan(DATA.parent.parent / "definitions" / "003-zhujianju-zhenggainian.yaml"),
        store=path,
        authority="record",
    ) as a:
        a.enroll("办公室", kind="科室站办", at=datetime.date(2012, 2, 1))
    plan = load_plan(DATA.parent.parent / "definitions" / "004-youqu-liangpingyishu.yaml")
    with Campaign(plan, store=path, campaign="评议", authority="record") as b:
        b.enroll_many(
            [("甲", plan.unit_kinds[0].name), ("乙", plan.unit_kinds[0].name)], at=plan.phases[0].start
        )
    with client_for(path) as client:
        listed = {c["id"]: c["units"] for c in client.get("/api/v1/campaigns").json()}
        assert listed == {CID: 1, "评议": 2}
        board = client.get("/api/v1/campaigns/评议/board", params={"as_of": "2011-08-01"}).json()
        assert sorted(u["unit"] for u in board["units"]) == ["乙", "甲"]
        assert "评议" in client.get("/").text
    with TestClient(app(str(path), campaign="评议", clock=lambda: NOW)) as client:
        assert [c["id"] for c in client.get("/api/v1/campaigns").json()] == ["评议"]


def test_the_kept_board_equals_a_fresh_one_after_writes_from_here_and_elsewhere(
    copy: Path, book: TokenBook
) -> None:
    token = book.issue("督导组", at=NOW)
    url = f"/api/v1/campaigns/{CID}/board"

    def everything(client: TestClient) -> dict[str, object]:
        pages = [
            client.get(url, params={"as_of": "2012-07-16", "size": 500, "page": n}).json() for n in (1, 2)
        ]
        return {"totals": pages[0]["totals"], "phases": pages[0]["phases"],
                "units": [u for p in pages for u in p["units"]]}  # fmt: skip

    with client_for(copy, book) as client:
        everything(client)  # computed and kept
        done = client.post(
            f"/api/v1/campaigns/{CID}/commands/submit",
            json={"unit": name(31), "artifact": "self_analysis"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert done.status_code == 201
        with Campaign.open(copy) as other:  # another process: a late submission and a new unit
            other.submit(name(41), "public_pledge", at=NOW, by="科室")
            other.enroll("新科室", kind="科室站办", at=NOW)
        kept = everything(client)
    with Campaign.open(copy) as fresh:
        board = fresh.board(AS_OF).as_dict()
    assert kept["totals"] == board["totals"]
    assert [{k: p[k] for k in ("phase", "green", "yellow", "red")} for p in kept["phases"]] == [  # type: ignore[attr-defined]
        {k: p[k] for k in ("phase", "green", "yellow", "red")} for p in board["phases"]
    ]
    assert [{k: u[k] for k in ("unit", "phase", "light", "due", "reason")} for u in kept["units"]] == [  # type: ignore[attr-defined]
        {k: u[k] for k in ("unit", "phase", "light", "due", "reason")} for u in board["units"]
    ]
    assert kept["units"][-1]["unit"] == "新科室"  # type: ignore[index]
