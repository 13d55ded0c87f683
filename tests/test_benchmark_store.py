"""The store benchmark's smoke run prints every figure (SQLite; PostgreSQL too when a server is given)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_the_store_benchmark_smoke_run_prints_its_figures() -> None:
    command = [sys.executable, str(ROOT / "benchmarks" / "store.py"), "--quick"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    assert done.returncode == 0, done.stderr
    for figure in ("enrol 2,000 units", "one-unit command,     200", "track finding process", "4 concurrent",
                   "open for a sweep", "raw driver"):  # fmt: skip
        assert figure in done.stdout
    assert ("PostgreSQL (" in done.stdout) == bool(os.environ.get("CAMPAIGNFLOW_TEST_POSTGRES"))
