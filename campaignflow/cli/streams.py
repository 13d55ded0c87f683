"""``-`` on the command line: read a plan or document from standard input, write output to standard output.

Standard input is read with the same size cap as a file, so a pipe that never ends cannot exhaust memory.
"""

from __future__ import annotations

import sys
from pathlib import Path

from campaignflow.errors import CampaignflowError
from campaignflow.loader import MAX_BYTES, load_plan, parse_plan
from campaignflow.plan import Plan

STDIN_NAME = "<stdin>"


def is_dash(path: Path | str | None) -> bool:
    """Whether a path argument is ``-`` (standard input or output)."""
    return path is not None and str(path) == "-"


def read_stdin(limit: int, what: str) -> bytes:
    """Standard input as bytes, refused when it is larger than ``limit`` bytes."""
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise CampaignflowError(
            f"standard input is larger than {limit // 1024 // 1024} MiB; {what} is a few KiB"
        )
    return data


def write_stdout(data: str | bytes) -> None:
    """Write rendered output to standard output as it is (bytes unchanged, text as UTF-8)."""
    sys.stdout.buffer.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    sys.stdout.buffer.flush()


def plan_argument(path: Path) -> Plan:
    """The plan a PLAN argument names: a file, or standard input for ``-``."""
    if is_dash(path):
        return parse_plan(read_stdin(MAX_BYTES, "a plan"), STDIN_NAME)
    return load_plan(path)
