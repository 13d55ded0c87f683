"""Regenerate the pictures in docs/ from what campaignflow renders today: ``python docs/make_images.py``.

Each picture is a headless-chromium screenshot of a page campaignflow renders. A PNG carries, in a ``tEXt``
chunk named ``campaignflow-source``, the SHA-256 of the page it was taken from; ``--check`` (and the test
suite) renders the pages again and reports every picture whose page has changed since, without a browser.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

from campaignflow import load_plan
from campaignflow.calendar import render

ROOT = Path(__file__).resolve().parent.parent
KEY = b"campaignflow-source"


def _calendar_004() -> str:
    plan = load_plan(ROOT / "definitions" / "004-youqu-liangpingyishu.yaml")
    return str(render(plan, "html", today=datetime.date(2011, 8, 15)))


#: picture name → (the page it shows, the browser window size)
IMAGES: dict[str, tuple[Callable[[], str], tuple[int, int]]] = {
    "calendar-004.png": (_calendar_004, (1400, 860)),
}


def digest(page: str) -> str:
    """The fingerprint of a rendered page, as stored in its picture."""
    return hashlib.sha256(page.encode("utf-8")).hexdigest()


def stamp(png: bytes, value: str) -> bytes:
    """``png`` with a ``tEXt`` chunk holding ``value`` right after its header chunk."""
    data = KEY + b"\0" + value.encode("ascii")
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    header_end = 8 + 4 + 4 + 13 + 4  # signature, then IHDR: length, type, 13 bytes of data, CRC
    return png[:header_end] + chunk + png[header_end:]


def stamped(png: bytes) -> str | None:
    """The fingerprint a picture carries, or None for a picture made some other way."""
    pos = 8
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"tEXt" and data.startswith(KEY + b"\0"):
            return data[len(KEY) + 1 :].decode("ascii")
        pos += 12 + length
    return None


def shoot(page: str, size: tuple[int, int], out: Path) -> None:
    """Take a screenshot of ``page`` with headless chromium (no network, no profile left behind)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("make_images: no chromium on PATH (Debian: apt-get install chromium fonts-noto-cjk)")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "page.html"
        html.write_text(page, encoding="utf-8")
        shot = Path(tmp) / "shot.png"
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--window-size={size[0]},{size[1]}", f"--screenshot={shot}", html.as_uri(),
        ]  # fmt: skip
        subprocess.run(command, capture_output=True, timeout=120, env={**os.environ, "HOME": tmp}, check=True)
        out.write_bytes(stamp(shot.read_bytes(), digest(page)))


def stale(folder: Path) -> list[str]:
    """The pictures in ``folder`` whose page renders differently now (or that are missing)."""
    found = []
    for name, (page, _) in IMAGES.items():
        path = folder / name
        if not path.exists() or stamped(path.read_bytes()) != digest(page()):
            found.append(name)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder to write to (default: docs/)")
    parser.add_argument("--check", action="store_true", help="only report stale pictures; exit 1 if any")
    args = parser.parse_args(argv)
    if args.check:
        names = stale(args.out)
        for name in names:
            print(f"{args.out / name}: out of date; run python docs/make_images.py", file=sys.stderr)
        return 1 if names else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (page, size) in IMAGES.items():
        shoot(page(), size, args.out / name)
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
