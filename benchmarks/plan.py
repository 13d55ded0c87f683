"""Benchmark plan parsing: a plan with 10× the artifacts must take at most 12× the time (linear).

    python benchmarks/plan.py            # 1,000 and 10,000 artifacts, best of 5 each, interleaved
    python benchmarks/plan.py --quick    # 100 and 1,000 artifacts, once (a smoke run)

Each plan has four phases and its artifacts spread over them, every one with a name and half of
them with a deadline phrase, so parsing exercises YAML, the models, the date phrases and the checks.
Timings are CPU time of this process; the ratio is of figures measured in the same run.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time

from campaignflow.loader import parse_plan

CLOCK = time.process_time


def plan_text(artifacts: int) -> str:
    """A plan with ``artifacts`` artifacts over four phases (March to December 2024)."""
    lines = [
        "id: bench-plan",
        "title: 解析基准测试方案",
        "year: 2024",
        "unit_kinds: [{name: 科室}]",
        "phases:",
    ]
    months = ((3, 4), (5, 6), (7, 9), (10, 12))
    per = artifacts // len(months)
    for p, (first, last) in enumerate(months):
        lines += [
            f"  - id: phase{p}",
            f"    name: 第{p + 1}阶段",
            f"    stage: {('study', 'inspect', 'rectify', 'evaluate')[p]}",
            f"    window: {first}-{last}月份",
            "    artifacts:",
        ]
        for i in range(per):
            deadline = f", deadline: {last}月底" if i % 2 else ""
            lines.append(f"      - {{id: a{p}_{i}, name: 材料{p}_{i}{deadline}}}")
    return "\n".join(lines) + "\n"


def parse_time(text: str) -> float:
    gc.collect()
    start = CLOCK()
    parse_plan(text, "bench-plan.yaml")
    return CLOCK() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run (100 and 1,000 artifacts, once)")
    args = parser.parse_args(argv)
    small = 100 if args.quick else 1_000
    runs = 1 if args.quick else 5
    texts = {n: plan_text(n) for n in (small, 10 * small)}
    parse_plan(texts[small], "warm-up.yaml")  # imports and the models' first use, not timed
    times: dict[int, list[float]] = {n: [] for n in texts}
    for _ in range(runs):  # interleaved, so that a busy moment of the machine hits both sizes alike
        for n, text in texts.items():
            times[n].append(parse_time(text))
    few, many = min(times[small]), min(times[10 * small])
    ratio = many / few
    print(f"campaignflow plan parse benchmark — Python {sys.version.split()[0]}")
    print(f"parse {small:>6,} artifacts: {few * 1e3:8.1f} ms")
    print(f"parse {10 * small:>6,} artifacts: {many * 1e3:8.1f} ms")
    print(f"  {ratio:.2f}× for 10× the artifacts (target ≤ 12×) {'ok' if ratio <= 12 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
