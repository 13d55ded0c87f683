"""Plan files in: bytes → YAML nodes with marks → strict model → semantic checks → :class:`Plan`.

Loading is safe (PyYAML's safe constructors, never arbitrary objects) and strict: duplicate keys,
merge keys, non-UTF-8 bytes, alias bombs and absurd sizes are refused, and every problem in a file
is reported at once with its line and column, including pydantic's, which are mapped back to the
YAML node they came from.
"""

from __future__ import annotations

import os
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from campaignflow import checks
from campaignflow.diagnostics import describe
from campaignflow.errors import PlanError, Problem, ProblemList
from campaignflow.plan import Plan

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
_OPEN = (
    yaml.FlowSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.BlockMappingStartToken,
)
_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built
Loc = tuple[str | int, ...]


class _Bad:
    """Stands in for a scalar that could not be constructed, so one bad date does not hide other errors."""

    def __repr__(self) -> str:
        return "<unreadable>"


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader whose timestamp constructor reports impossible dates instead of aborting the load."""

    bad_scalars: list[tuple[yaml.Node, str]]


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        loader.bad_scalars.append((node, f"{node.value} is not a real date ({exc})"))
        return _Bad()


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


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
    file = Path(path)
    with file.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    return check_plan_text(data, str(path))


def check_plan_text(text: str | bytes, path: str = "<string>") -> LoadResult:
    """Load a plan from text or bytes and report every problem instead of raising."""
    problems = ProblemList(path)
    plan = _load(text, problems)
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
    root = _compose(text, problems)
    if root is None:
        return None
    if not _check_nodes(root, problems):
        return None  # an alias bomb: constructing it would exhaust memory
    loader = _Loader("")
    loader.bad_scalars = []
    try:
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:  # a tag such as !!python/object: never constructed
        mark = exc.problem_mark or root.start_mark
        problems.add(*_pos(mark), "error", "yaml-tag", f"only plain YAML data is allowed here: {exc.problem}")
        return None
    for node, message in loader.bad_scalars:
        problems.add(*_pos(node.start_mark), "error", "bad-date", message)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        problems.add(
            *_pos(root.start_mark),
            "error",
            "not-a-mapping",
            f"a plan is a mapping of fields (id:, title:, phases: …), but this file holds {kind}",
        )
        return None
    index = dict(_index(root, ()))
    reported = [node.start_mark.index for node, _ in loader.bad_scalars]
    year = data.get("year")
    try:
        plan = Plan.model_validate(data, context={"year": year if type(year) is int else None})
    except ValidationError as exc:
        waiting: list[tuple[int, int]] = []  # date phrases that cannot be read without a year
        for error in exc.errors(include_url=False):
            at = (error.get("ctx") or {}).get("at")  # a model-level error that names its own place
            loc = tuple(at) if at else _data_loc(error["loc"], data)
            if any(_within(index, loc, offset) for offset in reported):
                continue  # already reported where the bad scalar was read
            line, col = _locate(index, loc, error["type"])
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
        line, col = _locate(index, finding.loc, "")
        message = finding.message
        if finding.first is not None:
            message += f" (first at line {_locate(index, finding.first, '')[0]})"
        problems.add(line, col, finding.severity, finding.code, message)
    _report_todos(text, problems)
    plan._text = text
    return plan


_TODO = re.compile(r"(?:^|\s)#\s*TODO\b:?\s*(?P<what>.*)$")


def _report_todos(text: str, problems: ProblemList) -> None:
    """Warn at every ``# TODO`` comment: drafts mark what they could not read that way; none may go unseen."""
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
        problems.add(
            0,
            0,
            "error",
            "too-large",
            f"file is larger than {MAX_BYTES // 1024 // 1024} MiB; a plan is a few KiB",
        )
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(1, 1, "error", "not-utf8", "file is UTF-16; save it as UTF-8")
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


def _compose(text: str, problems: ProblemList) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        if not _shallow_enough(loader, problems):
            return None
        loader.dispose()
        loader = _Loader(text)
        return typing.cast(yaml.Node, loader.get_single_node())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (0, 0)
        problem = exc.problem or "invalid YAML"
        message = f"YAML syntax: {problem}" + (f" ({exc.context})" if exc.context else "")
        if "tab" in problem:
            message = "a tab character is used for indentation; YAML allows only spaces"
        problems.add(line, col, "error", "yaml-syntax", message)
        return None
    except yaml.YAMLError as exc:
        problems.add(0, 0, "error", "yaml-syntax", f"YAML syntax: {exc}")
        return None
    finally:
        loader.dispose()


def _shallow_enough(loader: _Loader, problems: ProblemList) -> bool:
    """Refuse nesting deeper than ``MAX_DEPTH`` before composing: PyYAML's composer recurses and can crash."""
    depth = 0
    while loader.check_token():
        token = loader.get_token()
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                problems.add(
                    *_pos(token.start_mark), "error", "too-deep", f"nesting deeper than {MAX_DEPTH} levels"
                )
                return False
        elif isinstance(token, _CLOSE):
            depth -= 1
    return True


def _check_nodes(root: yaml.Node, problems: ProblemList) -> bool:
    """Report duplicate and merge keys; False when aliases expand beyond ``MAX_NODES`` (stop there)."""
    visited = 0
    stack: list[yaml.Node] = [root]
    seen_maps: set[int] = set()
    while stack:
        node = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            problems.add(
                *_pos(root.start_mark),
                "error",
                "alias-bomb",
                f"the file expands to more than {MAX_NODES} values through aliases (&/*); refused",
            )
            return False
        if isinstance(node, yaml.MappingNode):
            if id(node) not in seen_maps:
                seen_maps.add(id(node))
                _check_keys(node, problems)
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return True


def _check_keys(node: yaml.MappingNode, problems: ProblemList) -> None:
    first: dict[str, yaml.Node] = {}
    for key, _ in node.value:
        if key.tag == "tag:yaml.org,2002:merge":
            problems.add(
                *_pos(key.start_mark), "error", "merge-key", "merge keys (<<) are not allowed in plan files"
            )
        elif isinstance(key, yaml.ScalarNode):
            if key.value in first:
                line, _ = _pos(first[key.value].start_mark)
                problems.add(
                    *_pos(key.start_mark),
                    "error",
                    "duplicate-key",
                    f"duplicate key {key.value!r} (first on line {line}); YAML would keep only the last one",
                )
            else:
                first[key.value] = key


def _index(node: yaml.Node, loc: Loc) -> Iterator[tuple[Loc, tuple[yaml.Mark, yaml.Node]]]:
    """Map every data path to the mark of its key (or item) and to its value's node."""
    yield loc, (node.start_mark, node)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*loc, key.value)
            yield child, (key.start_mark, value)
            yield from ((k, v) for k, v in _index(value, child) if k != child)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            yield from _index(value, (*loc, i))


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
        return _pos(key_mark if error_type == "extra_forbidden" else value.start_mark)
    for cut in range(len(loc) - 1, -1, -1):  # a missing field: point at the mapping that lacks it
        if loc[:cut] in index:
            return _pos(index[loc[:cut]][1].start_mark)
    return (1, 1)


def _within(index: dict[Loc, tuple[yaml.Mark, yaml.Node]], loc: Loc, offset: int) -> bool:
    node = index[loc][1] if loc in index else None
    return node is not None and node.start_mark.index <= offset <= node.end_mark.index


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1
