"""The web board in a real browser: ``campaignflow serve`` on 127.0.0.1, Debian's headless chromium.

A seed-003 tracking file with 10,000 units is served by the real command; chromium loads the board
and a unit page, and the DOM it built must show the engine's counts, a unit's light as a word, its
history and what it owes. Pages with hostile names must arrive as text (nothing executed: the
scripts would mark the page). Screenshots and PDFs go to ``test-artifacts/web/`` (or
``$CAMPAIGNFLOW_ARTIFACTS``) for people to look at; the PDFs must be A4.

Skipped only when no chromium binary exists, and never under ``CI=true`` (there a missing browser
is a failure: ``.ci/run`` installs Debian's chromium).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from campaignflow import Campaign, load_plan
from tests.conftest import DATA, ROOT
from tests.test_calendar_browser import hex_rgb, read_png
from tests.web_scenario import AS_OF, name, populate

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true but no chromium on PATH: the web browser test must run in CI")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary on PATH (apt-get install chromium)"
)

UNITS = 10_000
CID = "zhujianju-zhenggainian-2012"
TIMEOUT = 120
ARTIFACTS = Path(os.environ.get("CAMPAIGNFLOW_ARTIFACTS", ROOT / "test-artifacts")) / "web"
HOSTILE = '<script>document.body.dataset.pwned="unit"</script>'


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen[str]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Two servers started with the real CLI: seed 003 with 10,000 units, and a hostile plan."""
    tmp = tmp_path_factory.mktemp("served")
    seed = tmp / "seed.db"
    populate(seed, UNITS).close()
    hostile = tmp / "hostile.db"
    with Campaign(load_plan(DATA / "web" / "hostile.yaml"), store=hostile, authority="record") as c:
        c.enroll(HOSTILE, kind="科室<i>站办</i>", at=AS_OF.replace(month=2, day=1))
    servers = [start(seed), start(hostile)]
    try:
        yield {"seed": servers[0].url, "hostile": servers[1].url, "db": str(seed)}
    finally:
        for server in servers:
            server.process.terminate()
            server.process.wait(timeout=30)


def start(db: Path) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "campaignflow", "serve", str(db), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"campaignflow serve exited {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(f"{url}/api/v1/campaigns", timeout=5) as answer:
                if answer.status == 200:
                    return Server(url, process)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("campaignflow serve did not answer in time")


def chromium(tmp: Path, url: str, *args: str) -> str:
    assert CHROMIUM is not None
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
        "--disable-background-networking", "--disable-component-update", "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}", *args, url,
    ]  # fmt: skip
    env = {**os.environ, "HOME": str(tmp)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False)
    assert result.returncode == 0, f"chromium failed ({result.returncode}):\n{result.stderr[-3000:]}"
    return result.stdout


def shoot(tmp: Path, url: str, stem: str, size: tuple[int, int] = (1280, 1000)) -> tuple[Path, Path]:
    """A screenshot and an A4 PDF of ``url`` in the artifacts directory."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    png, pdf = ARTIFACTS / f"{stem}.png", ARTIFACTS / f"{stem}.pdf"
    chromium(tmp, url, f"--screenshot={png}", f"--window-size={size[0]},{size[1]}")
    chromium(tmp, url, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    return png, pdf


def cells(dom: str, phase: str) -> dict[str, int]:
    row = re.search(rf'<tr data-phase="{phase}">(.*?)</tr>', dom, re.S)
    assert row is not None, phase
    return {light: int(n) for light, n in re.findall(r'data-light="(\w+)" data-count="(\d+)"', row.group(1))}


def test_board_shows_the_engines_counts_for_10000_units(served: dict[str, str], tmp_path: Path) -> None:
    url = f"{served['seed']}/c/{CID}/?as_of={AS_OF.isoformat()}"
    dom = chromium(tmp_path, url, "--dump-dom")
    with Campaign.open(served["db"]) as campaign:
        board = campaign.board(AS_OF)
    for phase, counts in board.counts.items():
        assert cells(dom, phase) == counts, phase
    assert re.search(r'id="total">(\d+)<', dom).group(1) == str(UNITS + 1)  # type: ignore[union-attr]
    listed = re.findall(r'<tr data-unit="([^"]+)" data-light="(\w+)">', dom)
    assert len(listed) == 100  # one page
    assert listed[0] == (board.rows[0].unit, board.rows[0].light)
    words = dict(re.findall(r'<span class="light light-(\w+)" data-light="\w+">(.)</span>', dom))
    assert words == {"red": "红", "yellow": "黄", "green": "绿"}  # every light carries its word
    png, pdf = shoot(tmp_path, url, "board")
    image = read_png(png)
    colours = Counter(image.pixels)
    for colour in ("#c62828", "#b8860b", "#2e7d32"):  # the three lights are painted
        assert colours[hex_rgb(colour)] > 100, colour
    assert_a4(pdf)


def test_filtered_board_lists_only_red_units_of_a_phase(served: dict[str, str], tmp_path: Path) -> None:
    dom = chromium(
        tmp_path, f"{served['seed']}/c/{CID}/?as_of=2012-07-16&phase=study&light=red&page=2", "--dump-dom"
    )
    rows = re.findall(r'<tr data-unit="[^"]+" data-light="(\w+)">', dom)
    assert rows and set(rows) == {"red"}
    assert 'data-matched="2000"' in dom and "第 2 / 20 页" in dom


def test_unit_page_shows_history_and_what_is_owed(served: dict[str, str], tmp_path: Path) -> None:
    unit = name(40)  # a 局属单位 that handed nothing in: red, seven missed deadlines
    url = f"{served['seed']}/c/{CID}/unit?as_of=2012-07-16&name={unit}"
    dom = chromium(tmp_path, url, "--dump-dom")
    assert re.search(r'id="unit-light">\s*<span class="light light-red" data-light="red">红</span>', dom)
    missed = re.findall(r'data-artifact="(\w+)" data-state="missed"', dom)
    assert len(missed) == 7 + 3  # 学习提高's seven and 查摆问题's three, all past their dates
    assert "✗ 逾期未交" in dom
    with Campaign.open(served["db"]) as campaign:
        history = campaign.history(unit)
        office = campaign.history("办公室")
    assert len(re.findall(r'<tr data-kind="', dom)) == len(history)
    shoot(tmp_path, url, "unit-missed")

    url = f"{served['seed']}/c/{CID}/unit?as_of=2012-07-16&name=办公室"
    dom = chromium(tmp_path, url, "--dump-dom")
    assert len(re.findall(r'<tr data-kind="', dom)) == len(office)
    assert 'id="unit-phase" data-phase="rectify">整改落实阶段' in dom
    assert "窗口服务态度生硬 — 未销号" in dom and "办件超时 — 已销号" in dom
    _, pdf = shoot(tmp_path, url, "unit", (1280, 1400))
    assert_a4(pdf)


def test_hostile_names_are_shown_not_run(served: dict[str, str], tmp_path: Path) -> None:
    base = f"{served['hostile']}/c/hostile-web-2012"
    for url in (f"{served['hostile']}/", f"{base}/?as_of=2012-03-05", f"{base}/unit?as_of=2012-03-05&name="
                + urllib.request.quote(HOSTILE)):  # fmt: skip
        dom = chromium(tmp_path, url, "--dump-dom")
        assert "data-pwned" not in dom and "<title>pwned" not in dom, url  # no injected script ran
        assert "<script" not in dom and "<img" not in dom, url
        assert "&lt;script&gt;" in dom, url
    shoot(tmp_path, f"{base}/?as_of=2012-03-05", "hostile")


def assert_a4(pdf: Path) -> None:
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", data)
    assert boxes
    for width, height in boxes:  # A4 portrait: 595 × 842 points
        assert abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2, (width, height)
