"""Benchmark the web board: page response times on a seed-003 file of 100,000 units, over real HTTP.

    python benchmarks/web.py                # the full run: 100,000 units (minutes, mostly building the file)
    python benchmarks/web.py --units 10000  # a smaller file
    python benchmarks/web.py --db big.db    # reuse (or create once) a file instead of a temporary one

The file is the scenario of tests/web_scenario.py (every phase populated, 红黄绿 all present, a sweep
recorded). ``campaignflow serve`` runs it in a subprocess on 127.0.0.1, and the benchmark fetches
pages with urllib, wall time per request, best and median of several, and the server's CPU time
per request (from /proc, where there is one: the figure that load on the machine disturbs least):

  * the board page of 2012-07-16, first request (the board is computed) [target ≤ 1 s at 100k], and
    again (the per-process cache keyed on the history's length and the day answers);
  * the board page right after a submission recorded through the API (only the changed unit's row is
    recomputed);
  * the board filtered to one phase's red units, page 5; a unit's page; the JSON board;
  * baselines from the same run: a static file over the same server (the HTTP floor), and in-process
    ``Campaign.board(as_of)`` on the same file (the engine's part of a cold board page).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from campaignflow import Campaign
from tests.web_scenario import AS_OF, name, populate

CID = "zhujianju-zhenggainian-2012"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.status, answer.read()


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def cpu_of(pid: int) -> float | None:
    """The CPU time (user + system) process ``pid`` has used so far, where /proc tells it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:  # noqa: PLR0915 - one straight run, printed as it goes
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="the file to use (created when missing)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cf-web-bench-"))
    db = args.db or tmp / "web.db"
    print(f"campaignflow web benchmark — Python {sys.version.split()[0]}, {args.units:,} units, {db}")
    if not db.exists():
        built = timed(lambda: populate(db, args.units).close())
        print(f"  built the file in {built:.1f} s")

    with Campaign.open(db) as campaign:
        units = len(campaign)
        engine, engine_cpu = [], []
        for _ in range(3):
            started_cpu = time.process_time()
            engine.append(timed(lambda: campaign.board(AS_OF)))
            engine_cpu.append(time.process_time() - started_cpu)
    print(
        f"  {units:,} units; in-process Campaign.board(): best {min(engine) * 1000:.0f} ms "
        f"(CPU {min(engine_cpu) * 1000:.0f} ms)"
    )

    with Campaign.open(db) as campaign:  # the scenario records authority: the token is issued, flagged
        token = campaign.issue_token("基准测试", at=datetime.datetime(2012, 7, 16, 9, 0))
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "campaignflow", "serve", str(db), "--port", str(port)]
    started = time.perf_counter()
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                fetch(f"{base}/static/style.css")
                break
            except OSError:
                if server.poll() is not None:
                    failed = server.stderr.read() if server.stderr else ""
                    raise SystemExit(f"serve failed: {failed}") from None
                time.sleep(0.1)
        waited = time.perf_counter() - started
        print(f"  serve answered after {waited:.1f} s (it opens the file and warms today's board first)")
        board = f"{base}/c/{CID}/?as_of={AS_OF.isoformat()}"
        results: dict[str, list[float]] = {}

        def measure(label: str, url: str, n: int = args.repeat) -> None:
            results[label] = [timed(lambda: fetch(url)) for _ in range(n)]

        before = cpu_of(server.pid)
        results["board page, first request"] = [timed(lambda: fetch(board))]
        after_cpu = cpu_of(server.pid)
        cold_cpu = after_cpu - before if before is not None and after_cpu is not None else None
        measure("board page, cached", board)
        after: list[float] = []
        for i in range(3):
            body = json.dumps({"unit": name(30 + 50 * i), "artifact": "self_analysis"}).encode()
            status, _ = fetch(
                f"{base}/api/v1/campaigns/{CID}/commands/submit", body,
                {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )  # fmt: skip
            assert status == 201
            after.append(timed(lambda: fetch(board)))
        results["board page after a submission"] = after
        measure("board: study, red, page 5", f"{board}&phase=study&light=red&page=5")
        query = urllib.parse.urlencode({"name": name(40), "as_of": AS_OF.isoformat()})
        measure("unit page", f"{base}/c/{CID}/unit?{query}")
        measure("JSON board, 100 rows", f"{base}/api/v1/campaigns/{CID}/board?as_of=2012-07-16")
        measure("static file (baseline)", f"{base}/static/style.css")
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\n  {'request':34} {'best':>9} {'median':>9}  ratio to Campaign.board()")
    floor = min(engine)
    for label, times in results.items():
        best, median = min(times), statistics.median(times)
        print(f"  {label:34} {best * 1000:7.0f} ms {median * 1000:7.0f} ms  {median / floor:5.2f}×")
    kept = max(results["board page, cached"] + results["board page after a submission"])
    cold = max(results["board page, first request"])
    print(
        f"\n  board page of a day already shown, also right after a write: at most {kept * 1000:.0f} ms "
        f"(target ≤ 1 s: {'met' if kept <= 1.0 else 'NOT met'})"
    )
    print(
        f"  board page of a day not shown before: {cold * 1000:.0f} ms "
        f"(target ≤ 1 s: {'met' if cold <= 1.0 else 'NOT met'}; bounded by Campaign.board())"
    )
    if cold_cpu is not None:
        print(
            f"  its CPU time in the server: {cold_cpu * 1000:.0f} ms "
            f"({cold_cpu / min(engine_cpu):.2f}× the CPU of Campaign.board() in-process)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
