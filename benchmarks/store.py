"""Benchmark the durable stores — SQLite and PostgreSQL side by side — each against its raw driver.

    python benchmarks/store.py                       # 1,000 and 100,000 units (a few minutes)
    python benchmarks/store.py --quick               # 200 and 2,000 units, used by the tests
    python benchmarks/store.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

PostgreSQL runs when ``--postgres`` or CAMPAIGNFLOW_TEST_POSTGRES names a server (each run works in a
schema of its own and drops it); otherwise only SQLite is measured, and the output says so.

Figures (issue 17), all wall time, every baseline measured in the same run on the same machine:
  * enrol N units: ``enroll_many`` into a new campaign, against the raw driver inserting the same rows
    (sqlite3 ``executemany`` / psycopg ``COPY``: one events row and one units row per unit) in one
    transaction;
  * one-unit command at the small and the large size: ``Campaign.open`` + ``record_finding`` on one unit +
    close, median of 15 random units, against the raw driver doing that command's minimum (read the
    unit's row and events, insert one event, update the unit's version, one transaction) on a fresh
    connection; and for SQLite the whole ``campaignflow track finding`` process, median of 5, with
    the ratio of the large file to the small one (target: ≤ 1.5× and ≤ 300 ms);
  * four concurrent writers: four processes each recording findings on random units of the large
    campaign (retrying a stale write), events per second, against four processes doing the raw
    command above;
  * open for a sweep: ``Campaign.open`` + ``units()`` (every unit's record, from the stored states) + the
    events of the kinds a sweep folds (``preload``) at the large size, against the raw driver reading
    every event row and decoding its payload, and against folding the whole history (the old path).
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from campaignflow.engine import Campaign
from campaignflow.errors import ConcurrentUpdate
from campaignflow.escalation.episodes import memory_of
from campaignflow.loader import load_plan

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "definitions" / "003-zhujianju-zhenggainian.yaml"
AT = datetime.date(2012, 3, 1)
SEVERITY = "走过场"


def names(n: int) -> list[str]:
    return [f"单位{i:06d}" for i in range(n)]


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


# ---- targets ------------------------------------------------------------------------------------


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """A URL whose tables land in a fresh schema, dropped afterwards."""
    import psycopg  # noqa: PLC0415

    schema = f"cf_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def enrol(target: str, n: int) -> float:
    plan = load_plan(PLAN)
    kinds = [k.name for k in plan.unit_kinds]
    rows = [(name, kinds[i % len(kinds)]) for i, name in enumerate(names(n))]
    with Campaign(plan, store=target, authority="record") as campaign:
        return timed(lambda: campaign.enroll_many(rows, at=plan.phases[0].start, by="办公室"))


def command(target: str, unit: str) -> float:
    def run() -> None:
        with Campaign.open(target) as campaign:
            campaign.record_finding(unit, severity=SEVERITY, note="基准", at=AT, by="督查组")

    return timed(run)


def open_for_sweep(target: str, *, replay: bool = False) -> float:
    """``Campaign.open`` and what a sweep reads before it evaluates: every unit's record and the events of
    the kinds it folds; with ``replay``, by folding the whole history instead (the path before #17)."""

    def run() -> None:
        with Campaign.open(target) as campaign:
            if replay:
                ledger: Any = campaign._ledger
                ledger.fold_all()
            campaign.units()
            campaign.preload(memory_of(campaign).relevant)

    return timed(run)


def cli_command(target: str, unit: str) -> float:
    argv = [sys.executable, "-m", "campaignflow", "track", "finding", target, unit, "--severity", SEVERITY,
            "--at", AT.isoformat(), "--by", "督查组"]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


# ---- raw driver baselines -----------------------------------------------------------------------


def _event_row(unit: str, seq: int, kind: str, payload: dict[str, Any]) -> tuple[Any, ...]:
    at = "2012-03-01T00:00:00+08:00"
    return (seq, unit, kind, at, "办公室", json.dumps(payload, ensure_ascii=False))


class RawSqlite:
    """The same rows through plain sqlite3: one events table, one units table."""

    def __init__(self, path: str) -> None:
        self.path = path
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("CREATE TABLE IF NOT EXISTS units (name TEXT PRIMARY KEY, version INTEGER) WITHOUT ROWID")
        db.execute(
            "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, unit TEXT, kind TEXT, at TEXT, "
            "by TEXT, payload TEXT)"
        )
        db.execute("CREATE INDEX IF NOT EXISTS events_unit ON events (unit, seq)")
        db.close()

    def connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        db.execute("PRAGMA synchronous = NORMAL")
        return db

    def enrol(self, n: int) -> float:
        db = self.connect()

        def run() -> None:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                [_event_row(u, i + 1, "enrolled", {"kind": "科室站办"}) for i, u in enumerate(names(n))],
            )
            db.executemany("INSERT INTO units VALUES (?, 1)", [(u,) for u in names(n)])
            db.execute("COMMIT")

        took = timed(run)
        db.close()
        return took

    def command(self, unit: str, db: sqlite3.Connection | None = None) -> float:
        """One command's minimum on ``db``, or on a connection opened (and closed) for it."""

        def run() -> None:
            conn = db or self.connect()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("SELECT version FROM units WHERE name = ?", (unit,)).fetchone()
            conn.execute("SELECT * FROM events WHERE unit = ? ORDER BY seq", (unit,)).fetchall()
            seq = conn.execute("SELECT max(seq) FROM events").fetchone()[0] + 1
            conn.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", _event_row(unit, seq, "finding", {}))
            conn.execute("UPDATE units SET version = version + 1 WHERE name = ?", (unit,))
            conn.execute("COMMIT")
            if db is None:
                conn.close()

        return timed(run)

    def read_all(self) -> float:
        def run() -> None:
            db = self.connect()
            for row in db.execute("SELECT * FROM events ORDER BY seq"):
                json.loads(row[5])
            db.close()

        return timed(run)


class RawPostgres:
    """The same rows through plain psycopg: COPY for bulk, one transaction per command."""

    def __init__(self, url: str) -> None:
        import psycopg  # noqa: PLC0415

        self.url, self.psycopg = url, psycopg
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("CREATE TABLE IF NOT EXISTS raw_units (name text PRIMARY KEY, version integer)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS raw_events (seq bigint PRIMARY KEY, unit text, kind text, "
                "at text, by text, payload text)"
            )
            db.execute("CREATE INDEX IF NOT EXISTS raw_events_unit ON raw_events (unit, seq)")
            db.execute("CREATE TABLE IF NOT EXISTS raw_seq (seq bigint NOT NULL)")

    def enrol(self, n: int) -> float:
        db = self.psycopg.connect(self.url)

        def run() -> None:
            with db.cursor() as cursor:
                with cursor.copy("COPY raw_events FROM STDIN") as copy:
                    for i, u in enumerate(names(n)):
                        copy.write_row(_event_row(u, i + 1, "enrolled", {"kind": "科室站办"}))
                with cursor.copy("COPY raw_units FROM STDIN") as copy:
                    for u in names(n):
                        copy.write_row((u, 1))
                cursor.execute("INSERT INTO raw_seq VALUES (%s)", (n,))
            db.commit()

        took = timed(run)
        db.close()
        return took

    def command(self, unit: str, db: Any = None) -> float:
        """One command's minimum on ``db``, or on a connection opened (and closed) for it."""

        def run() -> None:
            conn = db or self.psycopg.connect(self.url)
            with conn.transaction():
                conn.execute("SELECT version FROM raw_units WHERE name = %s FOR UPDATE", (unit,)).fetchone()
                conn.execute("SELECT * FROM raw_events WHERE unit = %s ORDER BY seq", (unit,)).fetchall()
                row = conn.execute("UPDATE raw_seq SET seq = seq + 1 RETURNING seq").fetchone()
                seq = int(row[0]) if row else 0  # a counter row: seq without gaps, as the store's
                conn.execute("INSERT INTO raw_events VALUES (%s, %s, %s, %s, %s, %s)",
                             _event_row(unit, seq, "finding", {}))  # fmt: skip
                conn.execute("UPDATE raw_units SET version = version + 1 WHERE name = %s", (unit,))
            if db is None:
                conn.close()

        return timed(run)

    def connect(self) -> Any:
        return self.psycopg.connect(self.url, autocommit=True)

    def read_all(self) -> float:
        def run() -> None:
            with self.psycopg.connect(self.url) as db:
                for row in db.execute("SELECT * FROM raw_events ORDER BY seq"):
                    json.loads(row[5])

        return timed(run)


# ---- concurrent writers -------------------------------------------------------------------------


def _writer(target: str, units: list[str], count: int, seed: int, raw: str) -> tuple[int, float, float]:
    """``count`` writes on random units; returns them with when writing began and ended (after opening)."""
    rng = random.Random(seed)
    if raw:  # one connection kept open, as the campaign keeps its own
        store: Any = RawSqlite(target) if raw == "sqlite" else RawPostgres(target)
        db = store.connect()
        start = time.perf_counter()
        for _ in range(count):
            store.command(rng.choice(units), db)
        end = time.perf_counter()
        db.close()
        return count, start, end
    with Campaign.open(target) as campaign:
        start = time.perf_counter()
        for _ in range(count):
            unit = rng.choice(units)
            while True:
                try:
                    campaign.record_finding(unit, severity=SEVERITY, at=AT, by=f"写入者{seed}")
                    break
                except ConcurrentUpdate:
                    campaign.refresh()
        return count, start, time.perf_counter()


def concurrent(target: str, units: list[str], count: int, raw: str = "") -> float:
    """Events per second of four processes writing at once (CLOCK_MONOTONIC is shared by processes)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        done = pool.starmap(_writer, [(target, units, count, seed, raw) for seed in range(4)])
    return sum(n for n, _, _ in done) / (max(end for _, _, end in done) - min(start for _, start, _ in done))


# ---- the run ------------------------------------------------------------------------------------


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def measure(kind: str, small_target: str, large_target: str, raws: tuple[Any, Any], args: Any) -> None:
    small, large = args.small, args.units
    raw_small, raw_large = raws
    print(f"\n{kind}")
    ours, raw = enrol(large_target, large), raw_large.enrol(large)
    enrol(small_target, small)
    raw_small.enrol(small)
    print(f"  enrol {large:,} units        {ours:8.2f} s   raw driver {raw:6.2f} s   ({ours / raw:.1f}×)")
    rng = random.Random(1)
    for size, target, baseline in ((small, small_target, raw_small), (large, large_target, raw_large)):
        picks = [names(size)[rng.randrange(size)] for _ in range(args.samples)]
        lib = median([command(target, unit) for unit in picks])
        base = median([baseline.command(unit) for unit in picks])
        print(f"  one-unit command, {size:>7,} units  {lib * 1000:7.1f} ms   raw driver {base * 1000:6.1f} ms"
              f"   ({lib / base:.1f}×)")  # fmt: skip
    if kind == "SQLite":
        cli = {}
        for size, target in ((small, small_target), (large, large_target)):
            cli[size] = median([cli_command(target, names(size)[i * 7]) for i in range(args.cli)])
        print(f"  track finding process, {small:,} → {large:,} units: {cli[small] * 1000:.0f} ms → "
              f"{cli[large] * 1000:.0f} ms ({cli[large] / cli[small]:.2f}×)")  # fmt: skip
    units = names(large)[:: max(1, large // 1000)]
    lib = concurrent(large_target, units, args.writes)
    base = concurrent(raw_large.path if kind == "SQLite" else raw_large.url, units, args.writes,
                      raw="sqlite" if kind == "SQLite" else "postgres")  # fmt: skip
    print(f"  4 concurrent writers         {lib:8.0f} events/s   raw driver {base:6.0f} events/s"
          f"   (raw/ours {base / lib:.1f}×)")  # fmt: skip
    found: dict[str, list[float]] = {"states": [], "replay": [], "raw": []}
    for _ in range(args.repeat):  # interleaved, best of each
        found["states"].append(open_for_sweep(large_target))
        found["replay"].append(open_for_sweep(large_target, replay=True))
        found["raw"].append(raw_large.read_all())
    lib, replayed, base = (min(found[k]) for k in ("states", "replay", "raw"))
    events = large + 4 * args.writes + 2 * args.samples + args.cli
    print(f"  open for a sweep, {large:,} units (~{events:,} events) {lib:6.2f} s   raw read {base:5.2f} s"
          f"   ({lib / base:.2f}×); folding the whole history instead {replayed:5.2f} s"
          f" ({replayed / base:.1f}×)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 200 and 2,000 units")
    parser.add_argument("--postgres", default=os.environ.get("CAMPAIGNFLOW_TEST_POSTGRES", ""))
    args = parser.parse_args()
    args.small, args.units = (200, 2000) if args.quick else (1000, 100_000)
    args.samples, args.cli, args.writes, args.repeat = (3, 1, 10, 1) if args.quick else (15, 5, 100, 3)
    sizes = f"{args.small:,} and {args.units:,} units"
    print(f"campaignflow store benchmark — Python {sys.version.split()[0]}, {sizes}")
    with tempfile.TemporaryDirectory() as folder:
        small, large = str(Path(folder) / "small.db"), str(Path(folder) / "large.db")
        raws = (RawSqlite(str(Path(folder) / "raw-small.db")), RawSqlite(str(Path(folder) / "raw-large.db")))
        measure("SQLite", small, large, raws, args)
    if not args.postgres:
        print("\nPostgreSQL: skipped (give --postgres URL or set CAMPAIGNFLOW_TEST_POSTGRES)")
        return
    with postgres_schema(args.postgres) as small, postgres_schema(args.postgres) as large:
        raws = (RawPostgres(small), RawPostgres(large))
        measure(f"PostgreSQL ({args.postgres.rsplit('@', 1)[-1]})", small, large, raws, args)


if __name__ == "__main__":
    main()
