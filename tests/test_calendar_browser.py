"""The HTML timeline in a real browser: Debian's headless chromium renders seed 004's page.

Chromium dumps the DOM it built (every phase, every deadline, the today marker must be there, and
hostile plan text must arrive as text, not elements), takes a 1400×900 screenshot (it must not be
blank: many colours, and each phase bar's stage colour painted), and prints the page to PDF (one
A4 landscape page). The PNG is decoded with the standard library alone (zlib + struct).

Skipped only when no chromium binary exists, and never under ``CI=true``; ``.ci/run`` installs it.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from campaignflow import load_plan
from campaignflow.calendar import render
from campaignflow.calendar.timeline import STAGE_COLOURS
from tests.conftest import DATA, DEFINITIONS, needs

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = needs(
    CHROMIUM is not None,
    "no chromium binary on PATH (Debian: apt-get install chromium); the HTML browser test needs one",
)
TIMEOUT = 120  # seconds per chromium run; a first start on a cold machine takes a few
SIZE = (1400, 900)
PLAN_004 = DEFINITIONS / "004-youqu-liangpingyishu.yaml"
TODAY = datetime.date(2011, 8, 15)


def chromium(tmp: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless chromium on ``page`` with no network, sync or first-run side trips."""
    assert CHROMIUM is not None, "no chromium on PATH: .ci/run installs Debian's chromium"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
        *args,
        page.as_uri(),
    ]
    env = {**os.environ, "HOME": str(tmp)}  # chromium writes its crash and cache dirs under HOME
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False)
    assert result.returncode == 0, f"chromium failed ({result.returncode}):\n{result.stderr[-3000:]}"
    return result


@dataclass(frozen=True)
class Rendered:
    dom: str
    png: Path
    pdf: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    tmp = tmp_path_factory.mktemp("browser")
    page = tmp / "004.html"
    page.write_text(render(load_plan(PLAN_004), "html", today=TODAY), encoding="utf-8")
    dom = chromium(tmp, page, "--dump-dom").stdout
    png, pdf = tmp / "004.png", tmp / "004.pdf"
    chromium(tmp, page, f"--screenshot={png}", f"--window-size={SIZE[0]},{SIZE[1]}")
    chromium(tmp, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    return Rendered(dom, png, pdf)


# ── the DOM chromium built ────────────────────────────────────────────────────────────────────────


def test_dom_holds_every_phase_and_deadline(rendered: Rendered) -> None:
    plan = load_plan(PLAN_004)
    dom = rendered.dom
    for phase in plan.phases:
        assert phase.name in dom
        assert phase.window_text in dom
        assert f'data-phase="{phase.id}"' in dom
    for _, artifact in plan.artifacts():
        assert f'data-artifact="{artifact.id}"' in dom
    assert re.findall(r'data-due="([0-9-]+)"', dom) == ["2011-07-31", "2011-09-10", "2011-10-31"]
    assert 'id="today"' in dom and "今天 8月15日" in dom
    assert "<script" not in dom


def test_hostile_text_arrives_as_text(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(render(load_plan(DATA / "calendar" / "hostile.yaml"), "html"), encoding="utf-8")
    dom = chromium(tmp_path, page, "--dump-dom").stdout
    assert "<script" not in dom and "<img" not in dom and "<i>斜体" not in dom and "<b>办" not in dom
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom  # shown as text, re-escaped by the serialiser


# ── the screenshot ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    pixels: list[tuple[int, int, int]]  # RGB, row by row


def read_png(path: Path) -> Image:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG with zlib and struct (no imaging library)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, bytearray(), b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        unfilter(kind, line, previous, channels)
        pixels += zip(line[0::channels], line[1::channels], line[2::channels], strict=True)
        previous = line
    return Image(width, height, pixels)


def unfilter(kind: int, line: bytearray, previous: bytearray, bpp: int) -> None:
    """Undo one scanline's PNG filter in place (types 0–4 of the PNG specification)."""
    if kind == 0:
        return
    if kind == 2:
        line[:] = bytes((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        return
    for i in range(len(line)):
        left = line[i - bpp] if i >= bpp else 0
        up = previous[i]
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            corner = previous[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + paeth(left, up, corner)) & 0xFF
        else:
            raise AssertionError(f"unknown PNG filter {kind}")


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@pytest.fixture(scope="module")
def screenshot(rendered: Rendered) -> Image:
    return read_png(rendered.png)


def test_screenshot_is_not_blank(screenshot: Image) -> None:
    image = screenshot
    assert (image.width, image.height) == SIZE
    colours = Counter(image.pixels)
    assert len(colours) > 200, f"only {len(colours)} distinct colours: the page looks blank"
    background, most = colours.most_common(1)[0]
    assert background == (255, 255, 255)
    assert most < 0.95 * len(image.pixels), "almost every pixel is the background"


def test_screenshot_paints_each_phase_bar_and_the_today_line(screenshot: Image) -> None:
    colours = Counter(screenshot.pixels)
    plan = load_plan(PLAN_004)
    for phase in plan.phases:
        painted = colours[hex_rgb(STAGE_COLOURS[phase.stage])]
        assert painted > 500, f"{phase.name}: {painted} pixels of its bar colour"
    assert colours[hex_rgb("#e12d39")] > 300  # the today line and its label


# ── printing ──────────────────────────────────────────────────────────────────────────────────────


def test_prints_on_one_a4_landscape_page(rendered: Rendered) -> None:
    pdf = rendered.pdf.read_bytes()
    assert pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", pdf)
    assert boxes, "no page MediaBox in the PDF"
    for width, height in boxes:  # A4 is 842 × 595 points; landscape: wider than tall
        assert abs(float(width) - 841.9) < 2 and abs(float(height) - 595.3) < 2, (width, height)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
