"""Plan files in: bytes → YAML nodes with marks → strict model → semantic checks → :class:`Plan`.

Loading is safe (PyYAML's safe constructors, never arbitrary objects) and strict: duplicate keys,
merge keys, non-UTF-8 bytes, alias bombs and absurd sizes are refused, and every problem in a file
is reported at once with its line and column, including pydantic's, which are mapped back to the
YAML node they came from.
"""

from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass
from typing import Any, Final

import yaml
from pydantic import ValidationError

from campaignflow import checks
from campaignflow.diagnostics import describe
from campaignflow.errors import PlanError, Problem, ProblemList
from campaignflow.inputs import InputTooLarge, read_limited, size_text
from campaignflow.plan import Plan
from campaignflow.planyaml import (
    MAX_DEPTH,
    MAX_NODES,
    Loc,
    PlanLoader,
    check_nodes,
    compose,
    index_nodes,
    pos,
)

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "LoadResult",
    "check_plan_file",
    "check_plan_text",
    "load_plan",
    "parse_plan",
]

_Loader = PlanLoader  # the name tests and older code import

MAX_BYTES = 2 * 1024 * 1024
#: Byte-order marks of encodings that are not UTF-8; UTF-32 first, since its LE mark starts as UTF-16's.
_BOMS: Final = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
#: What YAML may not hold (YAML 1.1's printable set, complemented): C0/C1 controls, surrogates, U+FFFE/F.
_UNPRINTABLE: Final = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class LoadResult:
    """What loading one file found: the plan when it has no errors, and every problem, warnings included."""

    path: str
    plan: Plan | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return self.plan is not None


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Load and check a plan file; raise :class:`PlanError` listing every problem, or ``OSError``."""
    return _unwrap(check_plan_file(path))


def parse_plan(text: str | bytes, path: str = "<string>") -> Plan:
    """Load and check a plan from text or bytes; ``path`` only labels the problems."""
    return _unwrap(check_plan_text(text, path))


def check_plan_file(path: str | os.PathLike[str]) -> LoadResult:
    """Load a plan file and report every problem instead of raising (``OSError`` if it cannot be read)."""
    try:
        data = read_limited(path, MAX_BYTES, "a plan is a few KiB")
    except InputTooLarge:
        problems = ProblemList(str(path))
        _too_large(problems)
        return LoadResult(str(path), None, tuple(problems.items))
    return check_plan_text(data, str(path))


def check_plan_text(text: str | bytes, path: str = "<string>") -> LoadResult:
    """Load a plan from text or bytes and report every problem instead of raising."""
    problems = ProblemList(path)
    # The YAML nodes, the data and the models make no reference cycles that need collecting while the
    # plan is built, but every full collection would walk all of them: parsing ten times the artifacts
    # took 17–21× the time. Reference counting frees everything as usual meanwhile.
    enabled = gc.isenabled()
    gc.disable()
    try:
        plan = _load(text, problems)
    finally:
        if enabled:
            gc.enable()
    if plan is not None and not problems.has_errors:
        plan._path = path
        plan._problems = tuple(sorted(problems.items))
        return LoadResult(path, plan, plan._problems)
    return LoadResult(path, None, tuple(sorted(problems.items)))


def _unwrap(result: LoadResult) -> Plan:
    if result.plan is None:
        raise PlanError(result.problems)
    return result.plan


def _load(raw: str | bytes, problems: ProblemList) -> Plan | None:
    """The plan in ``raw`` with its decoded text kept on it, or None when it cannot be built."""
    text = _decode(raw, problems)
    if text is None:
        return None
    root = compose(text, problems)
    if root is None:
        return None
    if not check_nodes(root, problems):
        return None  # an alias bomb: constructing it would exhaust memory
    loader = PlanLoader("")
    loader.bad_scalars = []
    try:
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:  # a tag such as !!python/object: never constructed
        mark = exc.problem_mark or root.start_mark
        problems.add(*pos(mark), "error", "yaml-tag", f"only plain YAML data is allowed here: {exc.problem}")
        return None
    for node, message in loader.bad_scalars:
        code = "bad-date" if node.tag.endswith(":timestamp") else "bad-value"
        problems.add(*pos(node.start_mark), "error", code, message)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        problems.add(
            *pos(root.start_mark),
            "error",
            "not-a-mapping",
            f"a plan is a mapping of fields (id:, title:, phases: …), but this file holds {kind}",
        )
        return None
    index: dict[Loc, tuple[yaml.Mark, yaml.Node]] = {}

    def located() -> dict[Loc, tuple[yaml.Mark, yaml.Node]]:
        """Every data path's node, mapped on first need: a plan without problems needs none."""
        if not index:
            index.update(index_nodes(root))
        return index

    reported = [node.start_mark.index for node, _ in loader.bad_scalars]
    year = data.get("year")
    try:
        plan = Plan.model_validate(data, context={"year": year if type(year) is int else None})
    except ValidationError as exc:
        waiting: list[tuple[int, int]] = []  # date phrases that cannot be read without a year
        for error in exc.errors(include_url=False):
            at = (error.get("ctx") or {}).get("at")  # a model-level error that names its own place
            loc = tuple(at) if at else _data_loc(error["loc"], data)
            if any(_within(located(), loc, offset) for offset in reported):
                continue  # already reported where the bad scalar was read
            line, col = _locate(located(), loc, error["type"])
            if error["type"] == "date-phrase" and (error.get("ctx") or {}).get("no_year"):
                waiting.append((line, col))
                continue
            code, message = describe(error, loc)
            problems.add(line, col, "error", code, message)
        if waiting:  # one error for the missing year, not one per phrase
            more = f" ({len(waiting)} date phrases, first here, wait for it)" if len(waiting) > 1 else ""
            message = f"cannot read a date phrase until the plan has a valid 'year'{more}"
            problems.add(*waiting[0], "error", "date-phrase", message)
        return None
    for finding in checks.run(plan):
        line, col = _locate(located(), finding.loc, "")
        message = finding.message
        if finding.first is not None:
            message += f" (first at line {_locate(located(), finding.first, '')[0]})"
        problems.add(line, col, finding.severity, finding.code, message)
    _report_todos(text, problems)
    plan._text = text
    return plan


_TODO = re.compile(r"(?:^|\s)#\s*TODO\b:?\s*(?P<what>.*)$")


def _report_todos(text: str, problems: ProblemList) -> None:
    """Warn at every ``# TODO`` comment: drafts mark what they could not read that way; none may go unseen."""
    if "TODO" not in text:
        return  # most plans: no line to search
    for number, line in enumerate(text.splitlines(), 1):
        found = _TODO.search(line)
        if found is not None:
            column = found.start() + (1 if line[found.start()] == "#" else 2)
            what = found["what"].strip() or "(no text)"
            problems.add(number, column, "warning", "todo", f"still to do: {what}")


def _decode(raw: str | bytes, problems: ProblemList) -> str | None:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if len(raw) > MAX_BYTES:
        _too_large(problems)
        return None
    encoding = _foreign_encoding(raw)
    if encoding is not None:
        problems.add(1, 1, "error", "not-utf8", f"file is {encoding}; save it as UTF-8")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = " (it looks like GBK/GB18030, common for files saved by Chinese Windows editors)"
        except UnicodeDecodeError:
            pass
        problems.add(
            line,
            col,
            "error",
            "not-utf8",
            f"file is not UTF-8{guess}: byte 0x{raw[exc.start]:02x} cannot be read; save it as UTF-8",
        )
        return None
    text = text.removeprefix("\ufeff")
    unreadable = _UNPRINTABLE.search(text)
    if unreadable is not None:  # YAML refuses these; say where, as for every other error
        line = text.count("\n", 0, unreadable.start()) + 1
        col = unreadable.start() - (text.rfind("\n", 0, unreadable.start()) + 1) + 1
        problems.add(
            line,
            col,
            "error",
            "control-char",
            f"control character U+{ord(unreadable[0]):04X} is not allowed in a plan file; delete it",
        )
        return None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        problems.add(
            1,
            1,
            "error",
            "empty-file",
            "file is empty; a plan needs at least id, title, year, unit_kinds and phases",
        )
        return None
    return text


def _too_large(problems: ProblemList) -> None:
    problems.add(
        1, 1, "error", "too-large", f"file is larger than {size_text(MAX_BYTES)}; a plan is a few KiB"
    )


def _foreign_encoding(raw: bytes) -> str | None:
    """The name of a Unicode encoding other than UTF-8 that ``raw`` announces with its byte-order mark."""
    for mark, name in _BOMS:
        if raw.startswith(mark):
            return name
    return None


def _data_loc(loc: tuple[str | int, ...], data: Any) -> Loc:
    """Keep the parts of a pydantic location that name data; drop union and validator tags."""
    kept: list[str | int] = []
    here = data
    for part in loc:
        in_list = isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here)
        if in_list or (isinstance(here, dict) and part in here):
            kept.append(part)
            here = here[part]
        elif isinstance(here, dict) and isinstance(part, str) and not _is_tag(part):
            kept.append(part)  # a missing or unknown key: still part of the path
            break
    return tuple(kept)


def _is_tag(part: str) -> bool:
    return part[:1].isupper() or "[" in part or part in {"str", "int", "list", "dict", "function-plain"}


def _locate(index: dict[Loc, tuple[yaml.Mark, yaml.Node]], loc: Loc, error_type: str) -> tuple[int, int]:
    if loc in index:
        key_mark, value = index[loc]
        return pos(key_mark if error_type == "extra_forbidden" else value.start_mark)
    for cut in range(len(loc) - 1, -1, -1):  # a missing field: point at the mapping that lacks it
        if loc[:cut] in index:
            return pos(index[loc[:cut]][1].start_mark)
    return (1, 1)


def _within(index: dict[Loc, tuple[yaml.Mark, yaml.Node]], loc: Loc, offset: int) -> bool:
    node = index[loc][1] if loc in index else None
    return node is not None and node.start_mark.index <= offset <= node.end_mark.index
