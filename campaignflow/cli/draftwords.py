"""``campaignflow draft`` in the clerk's language: its findings, and the YAML's comments, header and note.

The draft library words everything in English (its tests and golden files pin it, and ``--format json``
is a contract); under ``--lang zh`` or a Chinese locale the command translates on the way out, by the
catalog's templates (:mod:`campaignflow.drafttexts`). The YAML is still laid out by
:meth:`~campaignflow.draft.Draft.to_yaml`: each finding goes in with a marker for its message, and each
marked comment line is then written in the clerk's words, so comments stay where the draft places them.
``TODO`` stays as it is in a comment: it is the mark ``validate`` warns at (待办 in its Chinese report).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, Final

from campaignflow.messages import say, translate

if TYPE_CHECKING:
    from campaignflow.draft import Draft, Finding

__all__ = ["finding_line", "summary_line", "yaml_text"]

_MARK: Final = "\x00{}\x00"  # no document text reaches a comment, and YAML escapes it in the data
_MARKED: Final = re.compile(r"^(?P<pad> *)# .*?\x00(?P<n>[0-9]+)\x00")
#: The kinds whose word the catalog has (``guess: {message}`` → ``推测：{message}``).
_KINDS: Final = ("guess", "note", "skipped", "year-override", "encoding", "source")


def finding_line(finding: Finding, shown: str) -> str:
    """``DOC:line: kind: message`` with the message in the reader's words; the kind id stays (tools parse
    it)."""
    return dataclasses.replace(finding, message=translate(finding.message)).format(shown)


def summary_line(shown: str, phases: int, todos: int, others: int) -> str:
    """The last line on standard error: how many phases, TODOs and other findings."""
    template = "{path}: {phases} phase(s), {todos} TODO(s), {others} other finding(s)"
    return say(template, path=shown, phases=phases, todos=todos, others=others)


def yaml_text(draft: Draft) -> str:
    """The draft as :meth:`Draft.to_yaml` writes it, its comments and ``note:`` in the reader's words."""
    from campaignflow.draft import Draft  # noqa: PLC0415 - imported by the command only once it drafts

    marked = [dataclasses.replace(f, message=_MARK.format(i)) for i, f in enumerate(draft.findings)]
    lines = Draft(_data(draft), marked).to_yaml().split("\n")
    header = True
    for n, line in enumerate(lines):
        found = _MARKED.match(line)
        if found is not None:
            lines[n] = f"{found['pad']}# {_comment(draft.findings[int(found['n'])])}"
        elif header and line.startswith("# "):
            lines[n] = f"# {translate(line[2:])}"
        header = header and line.startswith("#")
    return "\n".join(lines)


def _comment(finding: Finding) -> str:
    """A finding's YAML comment: ``TODO: …`` (the mark validate finds) or the kind's word, then its line."""
    if finding.todo:
        text = f"TODO: {translate(finding.message)}"
    elif finding.kind in _KINDS:
        text = say(f"{finding.kind}: {{message}}", message=finding.message)
    else:  # a kind the catalog does not know yet: its id, as in English
        text = f"{finding.kind}: {translate(finding.message)}"
    text = " ".join(text.split())  # as the YAML writer does
    return text + say("[line {line}]", line=finding.line) if finding.line else text


def _data(draft: Draft) -> dict[str, Any]:
    """The plan data with the words the draft writes itself in the reader's language: the ``note:`` of
    an incomplete text and the description of a placeholder unit kind."""
    from campaignflow.draft.assembly import PLACEHOLDER_KINDS  # noqa: PLC0415 - as in yaml_text

    data = dict(draft.data)
    if isinstance(data.get("note"), str):
        data["note"] = _note(data["note"], draft.findings)
    kinds = data.get("unit_kinds")
    if isinstance(kinds, list):
        data["unit_kinds"] = [
            {**k, "description": translate(PLACEHOLDER_KINDS)}
            if isinstance(k, dict) and k.get("description") == PLACEHOLDER_KINDS
            else k
            for k in kinds
        ]
    return data


def _note(note: str, findings: list[Finding]) -> str:
    """The note of an incomplete text, told gap by gap: ``… : {gap} (line N); … . Nothing was filled in.``
    Each gap is a finding's message; a note of another form is translated as a whole."""
    from campaignflow.draft.assembly import INCOMPLETE  # noqa: PLC0415 - as in yaml_text

    head, tail = INCOMPLETE
    if not (note.startswith(head) and note.endswith(tail)):
        return translate(note)
    parts = {f"{f.message} (line {f.line})": f for f in findings}
    rest, gaps = note[len(head) : -len(tail)], []
    while rest:
        fits = [p for p in parts if rest == p or rest.startswith(p + "; ")]
        if not fits:
            return translate(note)
        part = max(fits, key=len)
        gaps.append(say("{message} (line {line})", message=parts[part].message, line=parts[part].line))
        rest = rest[len(part) + 2 :]
    template = "The source text is incomplete: {gaps}. Nothing was filled in."
    return say(template, gaps="；".join(gaps))
