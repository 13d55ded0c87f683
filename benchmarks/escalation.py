"""Benchmark the escalation sweep against a plain loop, every figure measured in the same run.

    python benchmarks/escalation.py            # the full run: 100,000 units (about a minute)
    python benchmarks/escalation.py --quick    # a small smoke run (5,000 units), used by the tests

The campaign is a realistic mix: every unit owes a 学习心得 (due 2024-03-15) and a 闭卷测试; 10% hand the
report in late, 1% of those were already late once before (their first 限期整改 date passed), 2% fail
the test and 1% have a supervisor's finding. Four rules watch them: overdue (提醒 → 催办 after 3 working
days → 通报批评 the second time), score below the pass mark, any finding, and a repeat of the overdue rule.

Figures (issue 7 targets in brackets):
  * the plain loop: one pass over the same unit records doing the same date comparisons (per-unit
    deadline or the plan's, "overdue iff as_of > add_workdays(due, N)" with the cut-off precomputed,
    score below the mark), counting hits — the least any sweep must do; best of 5;
  * sweeps: the first on 3-18 (records ~13% new escalations), again on 3-18 (nothing changes: the
    steady state) [< 1 s at 100k, ≤ 10× the plain loop], 3-20 (10% climb to 催办), and a sweep by a
    process that never swept before (folds the whole history first);
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
from campaignflow.loader import parse_plan
from campaignflow.plan import Plan

D = datetime.date
LADDER = Path(__file__).resolve().parents[1] / "tests" / "data" / "escalation" / "ladder.yaml"
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
    """The baseline: every rule's check over the same records, nothing else — the report's deadline
    (the unit's own or the plan's) against the cut-off, the score against the mark, and one pass over
    the unit's events for findings and for the times the report was escalated (the repeat rule)."""
    calendar = c.plan.workcalendar
    due = D(2024, 3, 15)
    cutoff = calendar.add_workdays(due, 0)
    cutoffs: dict[datetime.date, datetime.date] = {}
    ok = ("submitted", "approved")
    hits = 0
    for record in c.records():
        items = record.items
        item = items.get("report") if items else None
        if item is None or item.status not in ok:
            own = record.deadlines.get("report") if record.deadlines else None
            if own is None:
                hits += day > cutoff
            else:
                limit = cutoffs.get(own)
                if limit is None:
                    limit = cutoffs[own] = calendar.add_workdays(own, 0)
                hits += day > limit
        exam = items.get("exam") if items else None
        if exam is not None and exam.score is not None and exam.score < 60:
            hits += 1
        found = late = 0
        for event in record.events:
            kind = event.kind
            if kind == "finding":
                found = 1
            elif kind == "escalated" and event.payload.get("rule") == "report_late":
                late += 1
        hits += found + (late >= 2)
    return hits


def ladder_loop(c: Campaign, day: datetime.date) -> int:
    """The baseline for tests/data/escalation/ladder.yaml: each of its rules' checks, in a plain loop."""
    calendar = c.plan.workcalendar
    report = calendar.add_workdays(D(2024, 3, 15), 0)
    ledger = calendar.add_workdays(D(2024, 4, 15), 0)
    inspect = calendar.add_workdays(D(2024, 4, 30), 2)
    ok, order = ("submitted", "approved"), {"study": 0, "inspect": 1}
    hits = 0
    for record in c.records():
        items = record.items
        item = items.get("report") if items else None
        if item is None or item.status not in ok:
            hits += 2 * (day > report)  # report_late, and report_again counting it
        item = items.get("ledger") if items else None
        if item is None or item.status not in ok:
            hits += day > ledger
        hits += day > inspect and order.get(record.phase, 2) <= 1
        exam = items.get("exam") if items else None
        if exam is not None and exam.score is not None and exam.score < 60:
            hits += 1
        for event in record.events:
            hits += event.kind in ("finding", "rejected", "graded", "voted")
    return hits


def cold_child(path: str) -> None:
    """In a fresh process: rebuild the campaign pickled at ``path`` (untimed), then time the plain loop
    and the first sweep this process makes (nothing folded yet); print both, in seconds."""
    with open(path, "rb") as handle:
        text, events, day, ladder = pickle.load(handle)  # our own file, just written
    c = Campaign.replay(parse_plan(text, "bench.yaml"), events)
    gc.collect()
    start = CLOCK()
    (ladder_loop if ladder else plain_loop)(c, day)
    plain = CLOCK() - start
    gc.collect()
    start = CLOCK()
    found = sweep(c, day)
    print(plain, CLOCK() - start, sum(e.status == "new" for e in found))


def cold_sweep(
    c: Campaign, day: datetime.date, runs: int, *, ladder: bool = False
) -> tuple[float, float, int]:
    """The first sweep of ``day`` and the plain loop, each in fresh processes: best of ``runs``."""
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as handle:
        pickle.dump((c.plan.text, c.events(), day, ladder), handle)
    try:
        found = []
        for _ in range(runs):
            command = [sys.executable, __file__, "--cold-child", handle.name]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
            found.append((float(out[0]), float(out[1]), int(out[2])))
    finally:
        Path(handle.name).unlink()
    return min(f[0] for f in found), min(f[1] for f in found), found[0][2]


def all_late(n: int) -> Campaign:
    """tests/data/escalation/ladder.yaml with ``n`` units, none of which hands in anything."""
    plan = parse_plan(LADDER.read_text(encoding="utf-8"), str(LADDER))
    c = Campaign(plan)
    c.enroll_many(((f"第{i:06d}科室", "科室") for i in range(n)), at=ENROLLED)
    return c


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run (5,000 units)")
    parser.add_argument("--units", type=int, help="number of units (default 100,000; 5,000 with --quick)")
    parser.add_argument("--cold-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cold_child:
        cold_child(args.cold_child)
        return 0
    n = args.units or (5_000 if args.quick else 100_000)
    runs = 3 if args.quick else 9
    print(f"campaignflow escalation benchmark — Python {sys.version.split()[0]}, {n:,} units, 4 rules")
    if args.quick:
        print("(smoke run: too small and too short for the figures to say anything about the targets)")

    start = CLOCK()
    c = populate(plan_with(4), n)
    print(f"setup: {CLOCK() - start:.1f} s ({len(c.events()):,} events of history)")

    # The headline: what the CLI does — a fresh process that opened the campaign sweeps it once.
    child_runs = 1 if args.quick else 3
    for what, campaign, day, ladder in (
        ("the benchmark mix, 3-18", c, DAY, False),
        ("ladder.yaml, every unit late, 3-18", all_late(n), DAY, True),
    ):
        plain, first, new = cold_sweep(campaign, day, child_runs, ladder=ladder)
        ratio = first / plain
        print(
            f"cold first sweep ({what}): {first:.2f} s, {new:,} new; plain loop {plain * 1e3:.1f} ms "
            f"(all rules' checks) — {ratio:.1f}× (target ≤ 10×) {check(ratio <= 10)}, "
            f"< 1 s {check(first < 1)}  [fresh processes, best of {child_runs}]"
        )
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
        f"(~{(climb - steady) / max(1, climbed) * 1e6:.0f} µs when it climbs), an engine command (log) each"
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
