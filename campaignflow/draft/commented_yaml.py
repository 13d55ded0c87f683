"""Render plain plan data as block YAML with comments placed at the keys they concern.

PyYAML cannot write comments, and a draft plan is only useful with its ``# TODO:`` lines next to the
fields they are about. This writer walks the data itself (mappings in their insertion order, lists of
mappings as ``- key: …`` items, short lists and flat mappings in flow style, multi-line text as ``|-``
blocks) and lets PyYAML quote every scalar, so the output always loads back to the same data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml

__all__ = ["Path", "render", "scalar"]

Path = tuple[str | int, ...]
_WIDTH = 1_000_000


def scalar(value: Any) -> str:
    """A scalar (or a short list or flat mapping) as PyYAML writes it in flow style, on one line."""
    text: str = yaml.safe_dump(
        value, allow_unicode=True, width=_WIDTH, default_flow_style=True, sort_keys=False
    )
    return text.removesuffix("\n").removesuffix("\n...").strip()


def render(
    data: Mapping[str, Any], comments: Mapping[Path, Sequence[str]], header: Sequence[str] = ()
) -> str:
    """``data`` as YAML; each line of ``comments[path]`` goes, as ``# …``, right above that key or item."""
    writer = _Writer(comments)
    writer.out.extend(f"# {line}" if line else "#" for line in header)
    writer.mapping(data, 0, ())
    return "\n".join(writer.out) + "\n"


def _flat(value: Any) -> bool:
    """Whether a mapping or list goes in flow style: it holds only scalars and lists of scalars."""
    if isinstance(value, Mapping):
        return all(not isinstance(v, Mapping) and _flat(v) for v in value.values())
    if isinstance(value, list):
        return all(not isinstance(v, Mapping | list) for v in value)
    return True


def _literal(text: str) -> list[str] | None:
    """The lines of a ``|-`` block for ``text``, when that form loads back to the same string."""
    lines = text.split("\n")
    if any(not line or line != line.strip() for line in lines):
        return None
    try:
        same = yaml.safe_load("k: |-\n" + "\n".join("  " + line for line in lines)) == {"k": text}
    except yaml.YAMLError:
        return None
    return lines if same else None


class _Writer:
    """Accumulates output lines; knows the comments to place."""

    def __init__(self, comments: Mapping[Path, Sequence[str]]) -> None:
        self.comments = comments
        self.out: list[str] = []

    def comment(self, path: Path, pad: str) -> None:
        for line in self.comments.get(path, ()):
            self.out.append(f"{pad}# {' '.join(line.split())}")

    def mapping(self, data: Mapping[str, Any], indent: int, path: Path, dash: bool = False) -> None:
        """Write ``data``; with ``dash`` its first key goes on a ``- `` line (a list item)."""
        pad = " " * indent
        for n, (key, value) in enumerate(data.items()):
            here = (*path, key)
            first = dash and n == 0
            if not first:
                self.comment(here, pad)
            lead = pad[:-2] + "- " if first else pad
            self.entry(f"{lead}{scalar(key)}:", value, indent, here)

    def entry(self, head: str, value: Any, indent: int, here: Path) -> None:
        block = _literal(value) if isinstance(value, str) and "\n" in value else None
        if block is not None:
            self.out.append(f"{head} |-")
            self.out.extend(" " * (indent + 2) + line for line in block)
        elif isinstance(value, Mapping) and value and not _flat(value):
            self.out.append(head)
            self.mapping(value, indent + 2, here)
        elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
            self.out.append(head)
            self.items(value, indent + 2, here)
        else:
            self.out.append(f"{head} {scalar(value)}")

    def items(self, items: list[Any], indent: int, path: Path) -> None:
        pad = " " * indent
        for i, item in enumerate(items):
            here = (*path, i)
            self.comment(here, pad)
            if isinstance(item, Mapping) and item:
                self.comment((*here, next(iter(item))), pad)
                self.mapping(item, indent + 2, here, dash=True)
                if i < len(items) - 1 and len(item) > 3:
                    self.out.append("")
            else:
                self.out.append(f"{pad}- {scalar(item)}")
