"""Benchmark the command line as a user runs it: one fresh process per command, its CPU time.

    python benchmarks/cli.py            # 100,000 units (building the tracking files takes a minute)
    python benchmarks/cli.py --quick    # 2,000 units, once each (a smoke run, used by the tests)

Every figure is the best of several runs, the commands of a group interleaved, so that a busy moment
of the shared machine hits baseline and subject alike; every ratio is of figures from this run.

  * start-up [≤ 2.5×]: ``campaignflow --help`` and ``campaignflow validate definitions/*.yaml`` against
    ``python -c "import transitions, pydantic, yaml"``, the libraries every plan command needs
    (campaignflow's bytecode compiled first, as pip compiles an installed package's);
  * the board of a tracking file of seed 003 with N units (a realistic mix: most units on time, some
    late, some due soon) and of one where every unit is late: the default table [≤ 3 s at 100k] and
    every row as a table (``--all``) against ``--format json`` [≤ 1.5×];
  * the sweep: ``track sweep`` on a fresh copy of each file (the first sweep of the day, cold in
    its process), table against ``--format json``.

The tracking files are built once per size (in memory, then written to SQLite in one transaction)
and kept under the system's temporary directory.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from campaignflow.engine import Campaign
from campaignflow.loader import load_plan
from campaignflow.states import encode
from campaignflow.store import SqliteStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "definitions" / "003-zhujianju-zhenggainian.yaml"
AS_OF = "2012-03-05"  # the study phase (February) is over: its documents are overdue where missing
CLI = [sys.executable, "-m", "campaignflow"]
KINDS = ("局属单位", "科室站办")


def build(path: Path, n: int, *, all_late: bool) -> None:
    """A tracking file of seed 003 with ``n`` units; unless ``all_late``, 85% have handed in the study
    phase's documents, 5% are due soon (a 限期整改 date in the warning window), 10% are late."""
    plan = load_plan(SEED)
    memory = Campaign(plan)
    names = [f"第{i:06d}单位" for i in range(n)]
    at = datetime.datetime(2012, 2, 1, 9, 0)
    memory.enroll_many(((u, KINDS[i % 2]) for i, u in enumerate(names)), at=at)
    if not all_late:
        owed = {
            kind: [a.id for a in plan.phases[0].artifacts if a.kind in ("document", "meeting") and
                   (not a.owed_by or kind in a.owed_by)]
            for kind in KINDS
        }  # fmt: skip
        handed = datetime.datetime(2012, 2, 20, 9, 0)
        for i, unit in enumerate(names):
            if i % 20 == 3:
                for artifact in owed[KINDS[i % 2]]:
                    memory.set_deadline(unit, artifact, due=datetime.date(2012, 3, 7), at=handed)
            elif i % 10 != 7:
                for artifact in owed[KINDS[i % 2]]:
                    memory.submit(unit, artifact, at=handed)
                if KINDS[i % 2] == "局属单位":
                    memory.record_score(unit, "closed_test", 90, at=handed)
    path.unlink(missing_ok=True)
    store = SqliteStore(path)
    with Campaign(plan, store=store):
        events = memory.events()
        states = {u: encode(memory.record(u)) for u in names}  # as the engine stores them
        store.append(((u, 0) for u in names), [e[:5] for e in events], fold=lambda _: states)


def tracking_file(n: int, *, all_late: bool) -> Path:
    folder = Path(tempfile.gettempdir()) / "campaignflow-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"seed003-{n}{'-late' if all_late else ''}-states.db"  # with every unit's state
    if not path.exists():
        start = time.perf_counter()
        build(path, n, all_late=all_late)
        print(f"(built {path} in {time.perf_counter() - start:.1f} s)")
    return path


def cpu(command: list[str], before: Callable[[], None] | None = None) -> float:
    """CPU seconds (user + system) one run of ``command`` takes (``before`` runs first, untimed).

    CPU time of the child, not wall time: on the shared machine other processes' work would land in
    one measurement and not in the other. The command must succeed.
    """
    if before is not None:
        before()
    start = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (end.ru_utime - start.ru_utime) + (end.ru_stime - start.ru_stime)


def race(commands: dict[str, tuple[list[str], Callable[[], None] | None]], runs: int) -> dict[str, float]:
    """The best time of each command over ``runs`` interleaved rounds."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, before) in commands.items():
            times[name].append(cpu(command, before))
    return {name: min(found) for name, found in times.items()}


def check(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run (2,000 units, once each)")
    parser.add_argument("--units", type=int, help="number of units (default 100,000; 2,000 with --quick)")
    args = parser.parse_args(argv)
    n = args.units or (2_000 if args.quick else 100_000)
    runs = 1 if args.quick else 3
    print(f"campaignflow command-line benchmark — Python {sys.version.split()[0]}, {n:,} units")

    plans = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "definitions").glob("*.yaml"))
    # As pip does when it installs a package: an editable install has no bytecode, and a machine that
    # sets PYTHONDONTWRITEBYTECODE would compile campaignflow's modules again at every start (~30 ms).
    compileall.compile_dir(ROOT / "campaignflow", quiet=1)
    print("(campaignflow's bytecode compiled first, as an installed package has it)")
    found = race(
        {
            "import": ([sys.executable, "-c", "import transitions, pydantic, yaml"], None),
            "--help": ([*CLI, "--help"], None),
            "validate": ([*CLI, "validate", *plans], None),
        },
        runs * 5,  # cheap, and the noise of the shared machine is the size of what is measured
    )
    base = found["import"]
    print(f"start-up: import transitions, pydantic, yaml  {base * 1e3:6.0f} ms (the baseline)")
    for name in ("--help", "validate"):
        ratio = found[name] / base
        print(f"start-up: campaignflow {name:<21} {found[name] * 1e3:6.0f} ms = {ratio:.2f}× "
              f"(target ≤ 2.5×) {check(ratio <= 2.5)}")  # fmt: skip

    for all_late in (False, True):
        db = tracking_file(n, all_late=all_late)
        what = "every unit late" if all_late else "realistic mix"
        board = [*CLI, "track", "board", str(db), "--as-of", AS_OF]
        found = race(
            {
                "json": ([*board, "--format", "json"], None),
                "table": (board, None),
                "all": ([*board, "--all"], None),
            },
            runs,
        )
        json_time = found["json"]
        print(f"board ({what}): --format json {json_time:6.2f} s")
        print(f"board ({what}): table         {found['table']:6.2f} s (default rows; target ≤ 3 s at 100k) "
              f"{check(found['table'] <= 3 * n / 100_000)}")  # fmt: skip
        ratio = found["all"] / json_time
        print(f"board ({what}): table --all   {found['all']:6.2f} s = {ratio:.2f}× json (target ≤ 1.5×) "
              f"{check(ratio <= 1.5)}")  # fmt: skip

        copy = db.with_suffix(".sweep.db")

        def fresh(source: Path = db, target: Path = copy) -> None:
            shutil.copyfile(source, target)

        sweep = [*CLI, "track", "sweep", str(copy), "--as-of", AS_OF, "--no-progress"]
        found = race(
            {"json": ([*sweep, "--format", "json"], fresh), "table": (sweep, fresh)}, max(1, runs // 2)
        )
        ratio = found["table"] / found["json"]
        print(f"sweep ({what}): --format json {found['json']:6.2f} s, table {found['table']:6.2f} s "
              f"= {ratio:.2f}× (first sweep of the day, a fresh process)")  # fmt: skip
        copy.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
