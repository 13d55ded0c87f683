"""Benchmark the escalation sweep against a plain loop, every figure measured in the same run.

    python benchmarks/escalation.py            # the full run: 100,000 units (a few minutes)
    python benchmarks/escalation.py --quick    # a small smoke run (5,000 units), used by the tests

The campaign is a realistic mix: every unit owes a 学习心得 (due 2024-03-15) and a 闭卷测试; 10% hand the
report in late, 1% of those were already late once before (their first 限期整改 date passed), 2% fail
the test and 1% have a supervisor's finding. Four rules watch them: overdue (提醒 → 催办 after 3 working
days → 通报批评 the second time), score below the pass mark, any finding, and a repeat of the overdue rule.

Figures (issue 7 and 18 targets in brackets):
  * the headline, cold first sweeps in fresh processes [≤ 10× the plain loop, < 1 s at 100k]: the
    mix on 3-18, seed 003 with the mix of benchmarks/cli.py (its rules all watch events), and
    tests/data/escalation/ladder.yaml with every unit late (two events recorded per unit). Each plain
    loop checks what the sweep's rules check (deadlines — the unit's own or the plan's — against the
    cut-off, scores against the mark, one pass over each unit's events) and builds an event tuple for
    each event the sweep records (a hit with nothing recorded for it yet);
  * the day every unit is late on a SQLite file: opening it and the sweep in one transaction;
  * in one process, for information: the first sweep on 3-18, again on 3-18 (nothing changes: the
    steady state), 3-20 (10% climb to 催办), and a sweep that folds the whole history first;
  * memory of a steady sweep with 1, 4 and 16 rules (tracemalloc peak) [flat in the number of rules]:
    the extra rules are realistic ones that apply to nobody that day.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import pickle
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from campaignflow.engine import Campaign
from campaignflow.escalation import Escalation, sweep
from campaignflow.escalation.episodes import forget
from campaignflow.loader import load_plan, parse_plan
from campaignflow.plan import Plan
from campaignflow.store import SqliteStore

D = datetime.date
LADDER = Path(__file__).resolve().parents[1] / "tests" / "data" / "escalation" / "ladder.yaml"
SEED = Path(__file__).resolve().parents[1] / "definitions" / "003-zhujianju-zhenggainian.yaml"
SEED_DAY = D(2012, 3, 5)  # its study phase (February) is over
CLOCK = time.process_time  # CPU time of this process: the machine is shared
PLAN = """\
id: bench-escalation
title: 督办基准测试方案
year: 2024
unit_kinds: [{name: 科室, head: 科长}]
phases:
  - id: study
    name: 学习阶段
    stage: study
    window: {start: 2024-03-01, end: 2024-03-29}
    artifacts:
      - {id: report, name: 学习心得, deadline: 2024-03-15}
      - {id: exam, name: 闭卷测试, kind: test, pass_mark: 60}
  - id: rectify
    name: 整改阶段
    stage: rectify
    window: {start: 2024-04-01, end: 2024-05-31}
    artifacts: [{id: summary, name: 整改报告}]
rules:
  - id: report_late
    name: 学习心得逾期
    when: {overdue: {artifact: report, workdays: 0}}
    ladder:
      - actions: [提醒]
      - {actions: [催办], after_workdays: 3}
      - {actions: [通报批评], occurrence: 2}
  - id: exam_failed
    name: 闭卷测试不合格
    when: {score_below: {artifact: exam}}
    ladder: [{actions: [通报批评]}]
  - id: any_finding
    name: 督查发现问题
    when: {finding: {}}
    ladder: [{one_of: [批评教育, 约谈]}, {actions: [责任追究], occurrence: 2}]
  - id: repeat_late
    name: 屡次逾期
    when: {repeated: {rule: report_late, times: 2}}
    ladder: [{one_of: [约谈, 诫勉谈话]}]
"""
# Rules that are realistic but apply to nobody on the benchmark's days: they cost a sweep only its
# per-day figures, never per-unit memory.
IDLE_RULES = [
    """\
  - id: idle_{i}
    name: 整改报告逾期{i}
    when: {{overdue: {{artifact: summary, workdays: {i}}}}}
    ladder: [{{actions: [催办]}}]
""",
    """\
  - id: idle_{i}
    name: 学习阶段未完成{i}
    when: {{phase_unfinished: {{phase: study, workdays: {i}}}}}
    ladder: [{{actions: [催办]}}]
""",
    """\
  - id: idle_{i}
    name: 严重问题{i}
    when: {{finding: {{severity: [严重{i}]}}}}
    ladder: [{{one_of: [组织处理, 纪律处分]}}]
""",
]
ENROLLED, ON_TIME, FIRST_DEADLINE = D(2024, 3, 1), D(2024, 3, 8), D(2024, 3, 5)
FIRST_SWEEP, DAY, CLIMB = D(2024, 3, 7), D(2024, 3, 18), D(2024, 3, 20)


def plan_with(rules: int, *, realistic: bool = True) -> Plan:
    """The benchmark plan with ``rules`` rules: its four real ones (or only the overdue rule, when not
    ``realistic``), padded with idle ones."""
    head, body = PLAN.split("rules:\n")
    kept = body.split("  - id: ")[1:]
    real = min(rules, 4 if realistic else 1)
    text = "rules:\n" + "".join("  - id: " + r for r in kept[:real])
    text += "".join(IDLE_RULES[i % 3].format(i=i) for i in range(real, rules))
    return parse_plan(head + text, "bench-escalation.yaml")


def populate(plan: Plan, n: int) -> Campaign:
    """Enrol ``n`` units and give them the benchmark's mix of history (untimed)."""
    c = Campaign(plan)
    names = [f"第{i:06d}科室" for i in range(n)]
    c.enroll_many(((u, "科室") for u in names), at=ENROLLED)
    late = {u for i, u in enumerate(names) if i % 10 == 3}  # 10% late with the report
    again = {u for i, u in enumerate(names) if i % 100 == 3}  # 1%: late once already (within the 10%)
    for i, unit in enumerate(names):
        if unit in again:
            c.set_deadline(unit, "report", due=FIRST_DEADLINE, at=ENROLLED, reason="限期整改")
        if unit not in late:
            c.submit(unit, "report", at=ON_TIME)
        c.record_score(unit, "exam", 50 if i % 50 == 7 else 85, at=ON_TIME)  # 2% fail
        if i % 100 == 11:
            c.record_finding(unit, severity="轻微", at=ON_TIME)  # 1%
    if any(r.id == "report_late" for r in plan.rules):
        sweep(c, FIRST_SWEEP)  # the 1% are late for their 限期整改 date of 3-05 …
        for unit in again:  # … which is then moved back to the plan's date, so they are late again
            c.set_deadline(unit, "report", due=D(2024, 3, 15), at=FIRST_SWEEP, reason="恢复原期限")
        sweep(c, FIRST_SWEEP)
    return c


def plain_loop(c: Campaign, day: datetime.date) -> int:
    """The baseline: every rule's check over the same records, and a record built for each event the
    sweep would record — the report's deadline (the unit's own or the plan's) against the cut-off, the
    score against the mark, and one pass over the unit's events for findings, for the times the report
    was escalated (the repeat rule) and for what stands already; each hit of a rule with nothing
    standing gets an event tuple ``(unit, "escalated", day, rule)`` in a list of new events, as the
    sweep appends one to the unit's history. Returns the number of hits; see :func:`made_by_plain`."""
    calendar = c.plan.workcalendar
    due = D(2024, 3, 15)
    cutoff = calendar.add_workdays(due, 0)
    cutoffs: dict[datetime.date, datetime.date] = {}
    ok = ("submitted", "approved")
    hits = 0
    made: list[tuple[str, str, datetime.date, str]] = []
    for record in c.records():
        items = record.items
        found = late = 0
        standing: set[str] | None = None
        for event in record.events:
            kind = event.kind
            if kind == "finding":
                found = 1
            elif kind == "escalated":
                rule = event.payload.get("rule")
                late += rule == "report_late"
                standing = standing or set()
                standing.add(rule)
            elif kind == "resolved" and standing:
                standing.discard(event.payload.get("rule"))
        item = items.get("report") if items else None
        if item is None or item.status not in ok:
            own = record.deadlines.get("report") if record.deadlines else None
            if own is None:
                overdue = day > cutoff
            else:
                limit = cutoffs.get(own)
                if limit is None:
                    limit = cutoffs[own] = calendar.add_workdays(own, 0)
                overdue = day > limit
            if overdue:
                hits += 1
                if not standing or "report_late" not in standing:
                    made.append((record.name, "escalated", day, "report_late"))
                    late += 1  # the repeat rule counts it at once
        exam = items.get("exam") if items else None
        if exam is not None and exam.score is not None and exam.score < 60:
            hits += 1
            if not standing or "exam_failed" not in standing:
                made.append((record.name, "escalated", day, "exam_failed"))
        if found:
            hits += 1
            if not standing or "any_finding" not in standing:
                made.append((record.name, "escalated", day, "any_finding"))
        if late >= 2:
            hits += 1
            if not standing or "repeat_late" not in standing:
                made.append((record.name, "escalated", day, "repeat_late"))
    MADE[:] = made
    return hits


def ladder_loop(c: Campaign, day: datetime.date) -> int:
    """The baseline for tests/data/escalation/ladder.yaml: each of its rules' checks in a plain loop,
    and an event tuple built for each hit with nothing recorded before (as :func:`plain_loop`)."""
    calendar = c.plan.workcalendar
    report = calendar.add_workdays(D(2024, 3, 15), 0)
    ledger = calendar.add_workdays(D(2024, 4, 15), 0)
    inspect = calendar.add_workdays(D(2024, 4, 30), 2)
    ok, order = ("submitted", "approved"), {"study": 0, "inspect": 1}
    hits = 0
    made: list[tuple[str, str, datetime.date, str]] = []
    for record in c.records():
        items = record.items
        others = 0
        recorded: set[str] | None = None
        for event in record.events:
            kind = event.kind
            if kind == "escalated":
                recorded = recorded or set()
                recorded.add(event.payload.get("rule"))
            else:
                others += kind in ("finding", "rejected", "graded", "voted")
        hits += others
        item = items.get("report") if items else None
        if (item is None or item.status not in ok) and day > report:
            hits += 2  # report_late, and report_again counting it
            for rule in ("report_again", "report_late"):
                if not recorded or rule not in recorded:
                    made.append((record.name, "escalated", day, rule))
        item = items.get("ledger") if items else None
        if item is None or item.status not in ok:
            hits += day > ledger
        hits += day > inspect and order.get(record.phase, 2) <= 1
        exam = items.get("exam") if items else None
        if exam is not None and exam.score is not None and exam.score < 60:
            hits += 1
    MADE[:] = made
    return hits


#: The event tuples the last plain loop built (kept so that building them is not optimised away).
MADE: list[tuple[str, str, datetime.date, str]] = []


def seed_loop(c: Campaign, day: datetime.date) -> int:
    """The baseline for seed 003, whose rules all watch events (grades, findings, votes): one pass over
    every unit's events for the kinds they watch (none of its rules watches a date)."""
    hits = 0
    watched = ("graded", "finding", "voted")
    for record in c.records():
        for event in record.events:
            hits += event.kind in watched
    MADE.clear()  # nothing to record: every unit of the mix is judged on events it does not have
    return hits


LOOPS: dict[str, Callable[[Campaign, datetime.date], int]] = {
    "mix": plain_loop,
    "ladder": ladder_loop,
    "seed": seed_loop,
}


def seed003(n: int) -> Campaign:
    """Seed 003 with ``n`` units, the mix of benchmarks/cli.py: 85% have handed in the study phase's
    documents (and, for 局属单位, a test score), 5% have their own deadline, 10% nothing."""
    plan = load_plan(SEED)
    c = Campaign(plan)
    kinds = ("局属单位", "科室站办")
    names = [f"第{i:06d}单位" for i in range(n)]
    c.enroll_many(((u, kinds[i % 2]) for i, u in enumerate(names)), at=datetime.datetime(2012, 2, 1, 9))
    owed = {
        kind: [a.id for a in plan.phases[0].artifacts
               if a.kind in ("document", "meeting") and (not a.owed_by or kind in a.owed_by)]
        for kind in kinds
    }  # fmt: skip
    handed = datetime.datetime(2012, 2, 20, 9)
    for i, unit in enumerate(names):
        if i % 20 == 3:
            for artifact in owed[kinds[i % 2]]:
                c.set_deadline(unit, artifact, due=D(2012, 3, 7), at=handed)
        elif i % 10 != 7:
            for artifact in owed[kinds[i % 2]]:
                c.submit(unit, artifact, at=handed)
            if kinds[i % 2] == "局属单位":
                c.record_score(unit, "closed_test", 90, at=handed)
    return c


def cold_child(path: str) -> None:
    """In a fresh process: rebuild the campaign pickled at ``path`` (untimed), then time the plain loop
    and the first sweep this process makes (nothing folded yet); print both, in seconds, then how many
    escalations are new, how many events the plain loop built and how many the sweep recorded."""
    with open(path, "rb") as handle:
        text, events, day, loop = pickle.load(handle)  # our own file, just written
    c = Campaign.replay(parse_plan(text, "bench.yaml"), events)
    gc.collect()
    start = CLOCK()
    LOOPS[loop](c, day)
    plain = CLOCK() - start
    built, events = len(MADE), len(c.events())
    MADE.clear()
    gc.collect()
    start = CLOCK()
    found = sweep(c, day)
    print(plain, CLOCK() - start, sum(e.status == "new" for e in found), built, len(c.events()) - events)


def cold_sweep(c: Campaign, day: datetime.date, runs: int, loop: str) -> tuple[float, float, int, int, int]:
    """The first sweep of ``day`` and the plain loop ``loop``, each in fresh processes: best of ``runs``;
    then the new escalations, the events the plain loop built and those the sweep recorded."""
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as handle:
        pickle.dump((c.plan.text, c.events(), day, loop), handle)
    try:
        found = []
        for _ in range(runs):
            command = [sys.executable, __file__, "--cold-child", handle.name]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
            found.append((float(out[0]), float(out[1]), int(out[2]), int(out[3]), int(out[4])))
    finally:
        Path(handle.name).unlink()
    return min(f[0] for f in found), min(f[1] for f in found), *found[0][2:]


def all_late(n: int) -> Campaign:
    """tests/data/escalation/ladder.yaml with ``n`` units, none of which hands in anything."""
    plan = parse_plan(LADDER.read_text(encoding="utf-8"), str(LADDER))
    c = Campaign(plan)
    c.enroll_many(((f"第{i:06d}科室", "科室") for i in range(n)), at=ENROLLED)
    return c


def sqlite_all_late(n: int) -> None:
    """The day every unit is late on a SQLite file: a fresh process opens it and sweeps, the sweep in
    one transaction (wall time and CPU time of each step; the file is built untimed)."""
    memory = all_late(n)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "late.db"
        store = SqliteStore(path)
        with Campaign(memory.plan, store=store, authority="record"):
            store.append(((u, 0) for u in memory.units()), [e[:5] for e in memory.events()])
        command = [sys.executable, __file__, "--sqlite-child", str(path)]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    opened, opened_cpu, swept, swept_cpu, recorded = map(float, out)
    print(
        f"SQLite file, every unit late (ladder.yaml): open {opened:.2f} s ({opened_cpu:.2f} s CPU), "
        f"sweep in one transaction {swept:.2f} s ({swept_cpu:.2f} s CPU), {recorded:,.0f} events recorded  "
        "[a fresh process, wall time]"
    )


def sqlite_child(path: str) -> None:
    """Open the file at ``path`` and sweep it in one transaction; print wall and CPU seconds of each."""
    wall, cpu = time.perf_counter(), CLOCK()
    c = Campaign.open(path)
    before = len(c.events())  # a sweep folds the whole history first: done here, counted in opening
    opened, opened_cpu = time.perf_counter() - wall, CLOCK() - cpu
    wall, cpu = time.perf_counter(), CLOCK()
    with c.batch():
        sweep(c, DAY)
    swept, swept_cpu = time.perf_counter() - wall, CLOCK() - cpu
    recorded = len(c.events()) - before
    c.close()
    print(opened, opened_cpu, swept, swept_cpu, recorded)


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = CLOCK()
        work()
        times.append(CLOCK() - start)
    return min(times)


def timed(work: Callable[[], list[Escalation]]) -> tuple[float, list[Escalation]]:
    gc.collect()
    start = CLOCK()
    found = work()
    return CLOCK() - start, found


def tally(found: list[Escalation]) -> str:
    counts = {s: sum(e.status == s for e in found) for s in ("new", "standing", "resolved")}
    return ", ".join(f"{n:,} {s}" for s, n in counts.items())


def steady_memory(n: int, rules: int) -> tuple[int, int]:
    """Peak bytes a steady sweep allocates, and the bytes its folded history keeps, with the overdue
    rule and ``rules - 1`` idle ones."""
    c = populate(plan_with(rules, realistic=False), n)
    sweep(c, DAY)
    forget(c)  # measure the folded history from scratch too
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    sweep(c, DAY)
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    sweep(c, DAY)
    peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    return peak, kept


def check(ok: bool) -> str:
    return "✓" if ok else "✗ MISSED"


def headline(c: Campaign, n: int, child_runs: int) -> None:
    """The headline: what the CLI does — a fresh process that opened the campaign sweeps it once —
    for the benchmark mix ``c``, seed 003 and ladder.yaml with every unit late."""
    for what, make, day, loop in (
        ("the benchmark mix, 3-18", lambda: c, DAY, "mix"),
        ("seed 003, the mix of benchmarks/cli.py, 2012-03-05", lambda: seed003(n), SEED_DAY, "seed"),
        ("ladder.yaml, every unit late, 3-18", lambda: all_late(n), DAY, "ladder"),
    ):
        plain, first, new, built, recorded = cold_sweep(make(), day, child_runs, loop)
        ratio = first / plain
        print(
            f"cold first sweep ({what}): {first:.2f} s, {new:,} new, {recorded:,} events recorded; "
            f"plain loop {plain * 1e3:.1f} ms (all rules' checks, {built:,} event records built) — "
            f"{ratio:.1f}× (target ≤ 10×) {check(ratio <= 10)}, < 1 s {check(first < 1)}  "
            f"[fresh processes, best of {child_runs}]"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run (5,000 units)")
    parser.add_argument("--units", type=int, help="number of units (default 100,000; 5,000 with --quick)")
    parser.add_argument("--cold-child", help=argparse.SUPPRESS)
    parser.add_argument("--sqlite-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cold_child:
        cold_child(args.cold_child)
        return 0
    if args.sqlite_child:
        sqlite_child(args.sqlite_child)
        return 0
    n = args.units or (5_000 if args.quick else 100_000)
    runs = 3 if args.quick else 9
    print(f"campaignflow escalation benchmark — Python {sys.version.split()[0]}, {n:,} units, 4 rules")
    if args.quick:
        print("(smoke run: too small and too short for the figures to say anything about the targets)")

    start = CLOCK()
    c = populate(plan_with(4), n)
    print(f"setup: {CLOCK() - start:.1f} s ({len(c.events()):,} events of history)")

    headline(c, n, 1 if args.quick else 3)
    sqlite_all_late(n)
    print("in this process, the campaign kept warm between sweeps (for information):")

    first, found = timed(lambda: sweep(c, DAY))
    recorded = sum(e.status != "standing" for e in found)
    print(f"sweep 3-18   {first * 1e3:8.1f} ms  first sweep of the day: {tally(found)}")
    plain_times, steady_times = [], []
    for _ in range(runs):  # interleaved, so that a busy moment of the machine hits both alike
        plain_times.append(best(1, lambda: plain_loop(c, DAY)))
        steady_times.append(best(1, lambda: sweep(c, DAY)))
    plain, steady = min(plain_times), min(steady_times)
    print(f"plain loop   {plain * 1e3:8.1f} ms  ({plain_loop(c, DAY):,} hits; best of {runs})")
    again = tally(sweep(c, DAY))
    print(f"sweep 3-18   {steady * 1e3:8.1f} ms  again, nothing changes: {again} (best of {runs})")
    climb, found = timed(lambda: sweep(c, CLIMB))
    climbed = sum(e.status != "standing" for e in found)
    print(f"sweep 3-20   {climb * 1e3:8.1f} ms  steps climb: {tally(found)}")
    forget(c)
    cold, found = timed(lambda: sweep(c, CLIMB))
    print(f"sweep 3-20   {cold * 1e3:8.1f} ms  cold, folding all history first: {tally(found)}")
    ratio = steady / plain
    print(f"  steady sweep = {ratio:.1f}× the plain loop; {steady:.2f} s")
    print(
        f"  recording sweeps: first {first:.2f} s = {first / plain:.1f}× the plain loop, climb {climb:.2f} s "
        f"= {climb / plain:.1f}×;"
    )
    print(
        f"  each recorded escalation costs ~{(first - steady) / max(1, recorded) * 1e6:.0f} µs "
        f"(~{(climb - steady) / max(1, climbed) * 1e6:.0f} µs when it climbs), "
        "one append per chunk of 1,024 units"
    )

    sizes = (1, 4, 16)
    memory = {r: steady_memory(n, r) for r in sizes}
    for r in sizes:
        peak, kept = memory[r]
        print(
            f"memory, {r:2d} rule(s): steady sweep peak {peak / 1024:7.0f} KiB; "
            f"folded history kept {kept / 1024:7.0f} KiB ({kept / n:.0f} B/unit)"
        )
    growth = memory[16][0] / max(1, memory[1][0])
    kept_growth = memory[16][1] / max(1, memory[1][1])
    print(
        f"  16 rules / 1 rule: peak {growth:.2f}×, kept {kept_growth:.2f}× (target: flat) "
        f"{check(growth <= 1.25 and kept_growth <= 1.25)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
