"""Plan files as YAML nodes: read safely, refused when they nest too deep or expand too far.

PyYAML's safe constructors build plain data only; every scalar they cannot build is reported at its
node instead of aborting the load (:class:`PlanLoader`); duplicate and merge keys, escaped control
characters and alias bombs are found in the node tree (:func:`check_nodes`); and :func:`index_nodes`
maps every data path to its node, so that the loader can point at the line and column of a problem.
"""

from __future__ import annotations

import re
import typing
from typing import Any, Final

import yaml

from campaignflow.errors import ProblemList

__all__ = ["MAX_DEPTH", "MAX_NODES", "Loc", "PlanLoader", "check_nodes", "compose", "index_nodes", "pos"]

MAX_NODES = 200_000
MAX_DEPTH = 64
_OPEN = (
    yaml.FlowSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.BlockMappingStartToken,
)
_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
#: How deep a file may nest, by what its text allows, to be composed before its depth is known: the C
#: composer recurses once per level (a few hundred bytes of stack), so this is safe on any thread.
_SAFE_TO_COMPOSE = 4 * MAX_DEPTH
#: A line's indentation and the indicators (- ? :) that may follow it: a block collection starts no
#: further right than the end of this run.
_LEADING: Final = re.compile(r"^[ \t]*(?:[-?:](?:[ \t]+|$))*", re.MULTILINE)
#: YAML's line breaks besides "\n", each made one for measuring lines.
_BREAKS: Final = str.maketrans("\r\x85\u2028\u2029", "\n\n\n\n")

#: Control characters plan text may not hold even when escaped ("\x01"); tab and line breaks may.
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when built
Loc = tuple[str | int, ...]


class _Bad:
    """Stands in for a scalar that could not be constructed, so one bad date does not hide other errors."""

    def __repr__(self) -> str:
        return "<unreadable>"


class PlanLoader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader whose timestamp constructor reports impossible dates instead of aborting the load."""

    bad_scalars: list[tuple[yaml.Node, str]]


_CONSTRUCTION_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError)


def _reporting(tag: str, construct: Any) -> Any:
    """Wrap a scalar constructor so a value it cannot build is reported at its node, not raised.

    Every YAML type is covered, explicit tags (``!!int abc``, ``!!bool maybe``) and implicit ones
    (a 5,000-digit number) alike: one unreadable value never hides the rest of the file's errors.
    """
    kind = tag.rsplit(":", 1)[-1]

    def construct_or_report(loader: PlanLoader, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return construct(loader, node)
        try:
            return construct(loader, node)
        except _CONSTRUCTION_ERRORS as exc:
            shown = node.value if len(node.value) <= 40 else node.value[:40] + "…"
            if kind == "timestamp":
                message = f"{shown} is not a real date ({exc})" if isinstance(exc, ValueError) else ""
                message = message or f"{shown!r} is not a date (YYYY-MM-DD)"
            elif kind == "int" and node.value.strip("+-").isdigit():
                message = f"a number with {len(node.value)} digits is too large for any field"
            else:
                message = f"{shown!r} is not a valid {kind} value (!!{kind})"
            loader.bad_scalars.append((node, message))
            return _Bad()

    return construct_or_report


for _tag, _construct in list(PlanLoader.yaml_constructors.items()):
    if _tag is not None and _tag.startswith("tag:yaml.org,2002:") and _tag.rsplit(":", 1)[-1] not in (
        "seq", "map", "omap", "pairs", "set",
    ):  # fmt: skip
        PlanLoader.add_constructor(_tag, _reporting(_tag, _construct))


def compose(text: str, problems: ProblemList) -> yaml.Node | None:
    """The node tree of ``text``; None, with the problem reported, when it is not YAML or nests deeper
    than :data:`MAX_DEPTH` levels.

    PyYAML's C composer recurses once per level, so a file nesting thousands of levels would crash it:
    such files are refused by counting levels in the tokens first (:func:`_shallow_enough`). That scan
    costs as much as composing, so a file whose text bounds its nesting within safe reach of the
    composer (:func:`_nesting_bound`) is composed first, and scanned only when its tree turns out deeper
    than :data:`MAX_DEPTH` or it does not compose: the verdict and the message are the scan's either way.
    """
    if _nesting_bound(text) <= _SAFE_TO_COMPOSE:
        loader = PlanLoader(text)
        try:
            root = typing.cast(yaml.Node | None, loader.get_single_node())
        except yaml.YAMLError:
            root = None  # reported below, where the scan finds it
        finally:
            loader.dispose()
        if root is not None and _depth_within(root, MAX_DEPTH):
            return root  # no deeper than MAX_DEPTH in nodes, so none deeper in tokens: the scan passes
    return _scan_and_compose(text, problems)


def _nesting_bound(text: str) -> int:
    """At most how many levels the collections of ``text`` nest: one per flow bracket, and at most two
    (a block collection, and a sequence written at its key's indentation) per column a line can open
    a block collection at (its indentation and the - ? : indicators that follow)."""
    lines = text.translate(_BREAKS) if any(b in text for b in "\r\x85\u2028\u2029") else text
    columns = max((len(run) for run in _LEADING.findall(lines)), default=0) + 1
    return text.count("[") + text.count("{") + 2 * columns


def _depth_within(root: yaml.Node, limit: int) -> bool:
    """Whether no chain of collections from ``root`` down, aliases followed, is longer than ``limit``
    (False for an alias that contains itself). Each node is measured once, however often it is aliased."""
    depth: dict[int, int] = {}  # id(node) → collections on the longest chain from it down
    measuring: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            continue
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = [child for pair in node.value for child in pair]
        key = id(node)
        if children_done:
            found = 1 + max((depth.get(id(child), 0) for child in children), default=0)
            if found > limit:
                return False
            depth[key] = found
            measuring.discard(key)
        elif key not in depth:
            if key in measuring:
                return False  # reached from inside itself
            measuring.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in depth)
    return True


def _scan_and_compose(text: str, problems: ProblemList) -> yaml.Node | None:
    """The node tree of ``text``, once a scan of its tokens found it no deeper than :data:`MAX_DEPTH`."""
    loader = PlanLoader(text)
    try:
        if not _shallow_enough(loader, problems):
            return None
        loader.dispose()
        loader = PlanLoader(text)
        return typing.cast(yaml.Node, loader.get_single_node())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = pos(mark) if mark else (0, 0)
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


def _shallow_enough(loader: PlanLoader, problems: ProblemList) -> bool:
    """Refuse nesting deeper than ``MAX_DEPTH`` before composing: PyYAML's composer recurses and can crash."""
    depth = 0
    while loader.check_token():
        token = loader.get_token()
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                problems.add(
                    *pos(token.start_mark), "error", "too-deep", f"nesting deeper than {MAX_DEPTH} levels"
                )
                return False
        elif isinstance(token, _CLOSE):
            depth -= 1
    return True


def check_nodes(root: yaml.Node, problems: ProblemList) -> bool:
    """Report duplicate and merge keys; False when aliases expand beyond ``MAX_NODES`` (stop there)."""
    visited = 0
    stack: list[yaml.Node] = [root]
    checked: set[int] = set()
    distinct: set[int] = set()
    while stack:
        node = stack.pop()
        visited += 1
        distinct.add(id(node))
        if visited > MAX_NODES:
            if len(distinct) * 2 > visited:  # mostly values written out, not repeated through aliases
                message = f"the file holds more than {MAX_NODES} values; a plan holds a few hundred"
                problems.add(*pos(node.start_mark), "error", "too-large", message)
            else:
                message = f"the file expands to more than {MAX_NODES} values through aliases (&/*); refused"
                problems.add(*pos(root.start_mark), "error", "alias-bomb", message)
            return False
        if isinstance(node, yaml.ScalarNode):
            control = _CONTROL.search(node.value)
            if control is not None and id(node) not in checked:
                checked.add(id(node))
                problems.add(
                    *pos(node.start_mark),
                    "error",
                    "control-char",
                    f"control character U+{ord(control[0]):04X} (written as an escape) is not allowed "
                    "in plan text; delete it",
                )
        elif isinstance(node, yaml.MappingNode):
            if id(node) not in checked:
                checked.add(id(node))
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
                *pos(key.start_mark), "error", "merge-key", "merge keys (<<) are not allowed in plan files"
            )
        elif isinstance(key, yaml.ScalarNode):
            if key.value in first:
                line, _ = pos(first[key.value].start_mark)
                problems.add(
                    *pos(key.start_mark),
                    "error",
                    "duplicate-key",
                    f"duplicate key {key.value!r} (first on line {line}); YAML would keep only the last one",
                )
            else:
                first[key.value] = key


def index_nodes(root: yaml.Node) -> dict[Loc, tuple[yaml.Mark, yaml.Node]]:
    """Map every data path to the mark of its key (or item) and to its value's node; where a key is
    repeated, the last one's."""
    found: dict[Loc, tuple[yaml.Mark, yaml.Node]] = {}

    def visit(node: yaml.Node, loc: Loc, mark: yaml.Mark) -> None:
        found[loc] = (mark, node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                visit(value, (*loc, key.value), key.start_mark)
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                visit(value, (*loc, i), value.start_mark)

    visit(root, (), root.start_mark)
    return found


def pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1
