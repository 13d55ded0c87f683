"""A finding of the draft: something the clerk must fill in or check, with the line it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from campaignflow.draft.commented_yaml import Path

__all__ = ["TODO_KINDS", "Finding"]

#: Finding kinds that leave something for the clerk to fill in; the others are guesses or notes to check.
TODO_KINDS = frozenset(
    {"no-window", "year-unknown", "missing-phase", "cut-off", "missing-text", "no-title", "no-unit-kinds",
     "no-phases", "rule-as-note", "garbled", "no-deadline"}
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """Something the clerk must see: ``line`` is the original document line (0: the whole document)."""

    line: int
    kind: str
    message: str
    at: Path = ()  # where in the plan data it belongs, for the YAML comment

    @property
    def todo(self) -> bool:
        """Whether it leaves something to fill in (rather than a guess to check)."""
        return self.kind in TODO_KINDS

    def format(self, path: str) -> str:
        """``DOC:line: kind: message``, the form editors and CI parse."""
        return f"{path}:{self.line}: {self.kind}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """The JSON object ``campaignflow draft --format json`` prints."""
        return {"line": self.line, "kind": self.kind, "message": self.message}
