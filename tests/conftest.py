"""Shared fixtures: paths to test data and the bundled definitions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Timing belongs in benchmarks/, not in unit tests: hypothesis's per-example deadline (200 ms) fails
# property tests at random on a loaded machine, so it is off; the number of examples stays bounded.
settings.register_profile("campaignflow", deadline=None)
settings.load_profile("campaignflow")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DEFINITIONS = ROOT / "definitions"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def needs(available: bool, reason: str) -> pytest.MarkDecorator:
    """Skip a test whose service or program is missing, with ``reason`` saying how to get it.

    Under ``CI=true`` nothing is skipped: CI installs every service, so a missing one is a failure there.
    """
    return pytest.mark.skipif(not available and os.environ.get("CI") != "true", reason=reason)


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with an English locale, whatever the shell running the suite says; the tests
    of Chinese messages set their own."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
