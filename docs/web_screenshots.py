"""Regenerate the screenshots of docs/web.md: ``python docs/web_screenshots.py`` (needs chromium).

It builds the scenario of tests/web_scenario.py with 1,000 units in a scratch folder, starts
``campaignflow serve`` on a free port of 127.0.0.1, and has headless chromium photograph the board,
a unit page, a unit that missed its deadlines, and the day's escalations, on 2012-07-16.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.web_scenario import AS_OF, name, populate

ROOT = Path(__file__).resolve().parent.parent
CID = "zhujianju-zhenggainian-2012"
SHOTS = {
    "web-board.png": (f"/c/{CID}/?as_of={AS_OF}", (1280, 900)),
    "web-unit.png": (
        f"/c/{CID}/unit?" + urllib.parse.urlencode({"name": "办公室", "as_of": AS_OF}),
        (1280, 1500),
    ),
    "web-unit-missed.png": (
        f"/c/{CID}/unit?" + urllib.parse.urlencode({"name": name(40), "as_of": AS_OF}),
        (1280, 900),
    ),
    "web-escalations.png": (f"/c/{CID}/escalations?day={AS_OF}", (1280, 700)),
}


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no chromium on PATH (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="cf-shots-"))
    populate(tmp / "track.db", 1000).close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "campaignflow", "serve", str(tmp / "track.db"), "--port", str(port)]
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/static/style.css", timeout=5).close()
                break
            except OSError:
                time.sleep(0.1)
        for file, (path, (width, height)) in SHOTS.items():
            target = ROOT / "docs" / file
            command = [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={tmp / 'profile'}", f"--screenshot={target}",
                f"--window-size={width},{height}", base + path,
            ]  # fmt: skip
            env = {**os.environ, "HOME": str(tmp)}
            subprocess.run(command, check=True, capture_output=True, timeout=120, env=env)
            print(f"wrote {target.relative_to(ROOT)}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
