"""``campaignflow draft``: turn a plan document (实施方案, text or .docx) into a plan file with TODOs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from campaignflow.cli import draftwords
from campaignflow.cli.app import EXIT_OK, EXIT_USAGE
from campaignflow.cli.streams import STDIN_NAME, is_dash
from campaignflow.inputs import InputTooLarge, read_limited
from campaignflow.messages import language, say

if TYPE_CHECKING:
    from campaignflow.draft import Draft

MAX_BYTES = 5 * 1024 * 1024


def read_document(raw: bytes) -> tuple[str, str | None]:
    """Decode a document: UTF-8 (with or without BOM), UTF-16/32 with a BOM, else GB18030 (said in a note).

    Chinese office documents saved as text are often GBK; reading them as GB18030 is a guess the clerk
    is told about, since a wrong guess shows as garbled characters.
    """
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return raw.decode("utf-32", errors="replace"), None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), None
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
        return text, "the file is not UTF-8; it was read as GB18030 (GBK): check the characters"


def _text(raw: bytes, shown: str) -> tuple[str, tuple[str, str] | None]:
    """The document's text and, if there is one, a note (kind, message) on how it was read: a .docx
    through the office adapter, else :func:`read_document`; a .doc or a PDF is refused (an
    UnreadableDocument, an OSError)."""
    from campaignflow.office import document  # noqa: PLC0415 - the adapter: no heavy import until a .docx

    refused = document.refusal(raw, shown)
    if refused is not None:
        raise refused
    if document.is_zip(raw):
        note = "read from a Word document: line numbers count its paragraphs and table rows"
        return document.docx_text(raw, shown), ("source", note)
    text, encoding = read_document(raw)
    return text, None if encoding is None else ("encoding", encoding)


@click.command("draft")
@click.argument("doc", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--year",
    type=click.IntRange(1949, 2100),
    default=None,
    help="The plan's year; overrides the year the text states (needed when it masks it as 20xx).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Write the plan here instead of to standard output (- for standard output).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help='yaml: a plan file with # TODO comments; json: {"plan": …, "findings": [{line, kind, message}]}.',
)
def command(doc: Path, year: int | None, output: Path | None, fmt: str) -> int:
    """Draft a plan file from DOC, a plan document (实施方案) saved as text.

    \b
    The draft holds what the document states — title, 文号, year, unit kinds, phases with their
    windows as written, deliverables with deadlines, meetings, tests, votes, clear accountability
    rules — and nothing it does not: a phase without a readable date gets no window and a TODO.
    Each finding is printed to standard error as   DOC:line: kind: message
    (--lang zh or a Chinese locale: the message and the plan's comments in Chinese,
    the kind and TODO kept; json stays English)
    (line numbers are those of DOC as written; in a .docx, its paragraphs and table rows
    counted in order). A Word .docx is read as it is (the office extra); a .doc or a PDF
    is refused: save the document as .docx or as text. A DOC of - reads standard input.
    Exit status: 0 drafted, 2 DOC cannot be read.

    \b
    Examples:
      campaignflow draft notice.txt -o plan.yaml && campaignflow validate plan.yaml
      campaignflow draft 实施方案.docx -o plan.yaml
      campaignflow draft notice.txt --year 2012 --format json
      cat notice.txt | campaignflow draft - -o plan.yaml
    """
    try:  # a file's size is checked before anything is read; a FIFO or a device is refused
        if is_dash(doc):
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                raise InputTooLarge(STDIN_NAME, MAX_BYTES, "a plan document is a few KiB")
        else:
            raw = read_limited(doc, MAX_BYTES, "a plan document is a few KiB")
    except OSError as exc:
        click.echo(say("error: {message}", message=f"cannot read {doc}: {exc.strerror or exc}"), err=True)
        return EXIT_USAGE
    shown = STDIN_NAME if is_dash(doc) else str(doc)
    try:
        text, note = _text(raw, shown)
    except OSError as exc:  # an UnreadableDocument
        click.echo(say("error: {message}", message=str(exc)), err=True)
        return EXIT_USAGE
    from campaignflow.draft import Finding, draft_plan  # noqa: PLC0415 - 60 ms of regexes no other command needs

    draft = draft_plan(text, year, source=STDIN_NAME if is_dash(doc) else doc.name)
    if note is not None:
        draft.findings.insert(0, Finding(0, *note))
    english = fmt == "json" or language() == "en"  # json stays English in every language: a contract
    rendered = _render(draft, fmt) if english else draftwords.yaml_text(draft)
    if fmt == "yaml":
        for finding in draft.findings:
            line = finding.format(shown) if english else draftwords.finding_line(finding, shown)
            click.echo(line, err=True)
    if output is not None and not is_dash(output):
        try:
            output.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            problem = f"cannot write {output}: {exc.strerror or exc}"
            click.echo(say("error: {message}", message=problem), err=True)
            return EXIT_USAGE
    else:
        click.echo(rendered, nl=False)
    if fmt == "yaml":
        todos = sum(f.todo for f in draft.findings)
        phases = len(draft.data.get("phases", []))
        where = f" → {output}" if output is not None and not is_dash(output) else ""
        others = len(draft.findings) - todos
        counted = f"{shown}: {phases} phase(s), {todos} TODO(s), {others} other finding(s)"
        if not english:
            counted = draftwords.summary_line(shown, phases, todos, others)
        click.echo(counted + where, err=True)
    return EXIT_OK


def _render(draft: Draft, fmt: str) -> str:
    if fmt == "json":
        data = {"plan": draft.data, "findings": [f.as_dict() for f in draft.findings]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return draft.to_yaml()
