"""The catalog's templates of ``campaignflow draft``: each finding the draft reports, and its YAML's words.

The draft library (:mod:`campaignflow.draft`) words its findings in English — its tests, the golden
files and ``draft --format json`` pin them. Under ``--lang zh`` or a Chinese locale the command line
reads each message by :data:`FINDINGS` (:func:`campaignflow.messages.translate`; the document's own
words are fields, a date reader's reason a nested message) and lays out the YAML's comments, header
and ``note:`` by :data:`LAYOUT`, through :mod:`campaignflow.cli.draftwords`.
"""

from __future__ import annotations

from typing import Final

from campaignflow.catalog import N_

__all__ = ["FINDINGS", "LAYOUT"]

#: Templates of the findings' messages (campaignflow/draft/*.py and the command's own notes).
FINDINGS: Final = (
    # reading the lines (build.py, repair.py)
    N_("date written loosely, read as repaired ({reason})"),
    N_("spaces inside a date"),
    N_("a letter in a year read as a digit (l → 1, O → 0)"),
    N_("月 missing after the month number"),
    N_("日 missing after the day number"),
    N_("a blank year, taken as masked"),
    N_("web-page text ignored on line(s) {lines}"),
    N_("garbled characters (mojibake): check against the original"),
    # title, issuer, year (build.py)
    N_("no title line found: write the plan's name"),
    N_("no title line; title made from the purpose clause"),
    N_("issuer read as {issuer}"),
    N_("--year {given} overrides the year {year} the text states"),
    N_("the text masks its year ({masked}): rerun with --year"),
    N_("year {year} read from this line"),
    N_("no year in the text; {year} taken from the cited 文号 {number}"),
    N_("the text states no year: rerun with --year"),
    # gaps in the text (build.py)
    N_("phase {number} is missing: the numbering jumps to {label}"),
    N_("phase {number} is cut off at the end of the text: only '{text}' remains"),
    N_("the text announces {count} phases, but phase {number} is not in it"),
    N_("no phases found: add them by hand"),
    N_("the text starts at {label}: the sections before it are missing"),
    N_("the text breaks off mid-sentence: '…{text}'"),
    # phases: stage and window (build.py, phases.py, headings.py)
    N_("no stage word in '{name}': stage {stage} guessed from its position"),
    N_("stage {stage} guessed from '{word}' in the name"),
    N_("window not read: {reason}"),
    N_(
        "'{phrase}' gives only the end: each unit starts this phase the day it enrolls "
        "(starts: on_enrolment); write the start if the document means another day"
    ),
    N_("'{phrase}' is only a deadline and no dated phase is above it: add the start"),
    N_(
        "'{phrase}' reads as {start} – {end}, before the phase above it; if it falls in the next year, "
        "write the year into the window"
    ),
    N_("no window"),
    N_("the text gives no date for {name}"),
    N_("'{phrase}' masks its year: rerun with --year"),
    N_("'{phrase}' needs the plan's year: rerun with --year"),
    N_("masked year in '{phrase}' taken as --year {year}"),
    N_("'{label}' read as the item number, so the window is '{phrase}' alone"),
    N_("'{text}' in the bracket is not part of the window"),
    N_("'{phrase}' read as the months {first} to {last}"),
    N_("'{phrase}' says when the phase was done: read as its deadline, {deadline}"),
    N_("window read from the heading: {phrase}"),
    N_("window read from the time-line: {phrase}"),
    N_("window read from the sentence: {phrase}"),
    # the plan's parts: window, unit kinds, artifacts, rules (assembly.py, obligations.py)
    N_("campaign window read as {phrase}"),
    N_("the text addresses no unit kind (各科室, 局属单位 …): name them"),
    N_("unit kind {name} from '{words}'"),
    N_(
        "'{name}' is the organisers' meeting (or one already held), not one each unit owes: not drafted; "
        "add it under milestones if it should be shown"
    ),
    N_("deadline '{deadline}' needs the year: rerun with --year"),
    N_("deadline not read: {reason}"),
    N_("document '{name}' read from this sentence"),
    N_("meeting '{name}' read from this sentence"),
    N_("test '{name}' read from this sentence"),
    N_("vote '{name}' read from this sentence"),
    N_("due on the {days} of every month: only 'twice a month' is modelled"),
    N_("{day} read as {date} (分别于 lists several deadlines)"),
    N_("named 评议: the sentence is not under a numbered item with a title"),
    N_("rule: a finding '{case}' leads to {measures}"),
    N_("'{effect}' (a redo or an extension) is not modelled: add it by hand if meant"),
    N_("not read as a rule: {excerpt}"),
    # the command's notes on how the document was read (cli/draft.py)
    N_("the file is not UTF-8; it was read as GB18030 (GBK): check the characters"),
    N_("read from a Word document: line numbers count its paragraphs and table rows"),
    # the YAML's header (build.py)
    N_("(for completion in an editor: campaignflow schema > plan.schema.json beside this file)"),
    N_("Drafted by `campaignflow draft` from {source}."),
    N_("Fill in every TODO and check every guess, then run: campaignflow validate FILE"),
    N_("the unit kinds this plan applies to"),
)

#: The draft's layout words, filled in by the command (never matched against a message): a comment's
#: kind word and line, the ``note:`` of an incomplete text, the summary line on standard error.
LAYOUT: Final = (
    N_("guess: {message}"),
    N_("note: {message}"),
    N_("skipped: {message}"),
    N_("year-override: {message}"),
    N_("encoding: {message}"),
    N_("source: {message}"),
    N_("[line {line}]"),
    N_("{message} (line {line})"),
    N_("The source text is incomplete: {gaps}. Nothing was filled in."),
    N_("{path}: {phases} phase(s), {todos} TODO(s), {others} other finding(s)"),
)
