"""User-facing messages in the user's language: English, or Chinese when the locale is Chinese.

The catalog is gettext's (``campaignflow/locale/zh_CN/LC_MESSAGES/campaignflow.po``, compiled to
``.mo`` with Babel); its message ids are the English texts, with ``{field}`` placeholders. Two kinds
of message pass through here:

* the command line's own words (``error: {message}``, ``refused: {unit}: {reason}`` …), formatted
  with :func:`say`;
* the library's messages (a refused advance's reason, an unknown unit …), which stay English in
  the library and are translated on their way out by :func:`translate`: the text is matched against
  the catalog's templates, and the parts marked as nested (a reason inside a reason) are translated
  in turn. A message no template matches is shown as it is — never garbled, at worst English.

:func:`set_language` forces a language (``--lang zh|en``); otherwise the locale decides
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, as gettext reads them).
"""

from __future__ import annotations

import functools
import gettext
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from campaignflow.words import event_word

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "N_",
    "SUMMARIES",
    "kind_word",
    "language",
    "say",
    "set_language",
    "summary",
    "translate",
]

LANGUAGES: Final = ("zh", "en")
DOMAIN: Final = "campaignflow"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
#: Placeholders whose value is itself a message, translated in turn.
NESTED: Final = frozenset(
    {"reason", "details", "why", "rest", "what", "message", "who", "doing", "holds", "status"}
)

_chosen: str | None = None


def N_(message: str) -> str:  # noqa: N802 - the gettext marker's conventional name
    """Mark ``message`` as a catalog entry (Babel extracts it); returns it unchanged."""
    return message


#: Every message of the catalog, in English: the CLI's own, then the library's it translates.
MESSAGES: Final = (
    N_("error: {message}"),
    N_("refused: {unit}: {reason}"),
    N_("missing: {artifacts}"),
    N_("aborted"),
    N_("interrupted"),
    N_("internal error: this is a bug in campaignflow, please report it."),
    N_("(set CAMPAIGNFLOW_DEBUG=1 to see the traceback)"),
    # validate's report
    N_("{path}: ok — {title}, {count} phases, {span}"),
    N_("no dates yet"),
    N_("{span} for the dated ones; undated: {undated} (track and calendar need their dates)"),
    N_("{count} file(s) checked: {errors} error(s), {warnings} warning(s)"),
    N_("{phase} opens on {date}, not on {day}"),
    N_("{count} required artifact(s) of {phase} not in — {details}"),
    N_("{artifact}: {why}; {details}"),
    N_("{artifact}: {why}"),
    N_("not submitted"),
    N_("no score recorded"),
    N_("no result recorded"),
    N_("awaiting approval by {reviewer}"),
    N_("rejected ({text}); resubmit"),
    N_("{count} item(s) not closed (未销号): {items}"),
    N_("respondents short: {groups}"),
    N_("{unit} has finished the last phase; nothing to advance to"),
    N_("unit {unit} is not enrolled"),
    N_("unknown artifact {artifact} (the plan has: {known})"),
    N_("unknown phase {phase} (the plan has: {known})"),
    N_("{what} {name} is ambiguous: the plan has {candidates}; give the id"),
    N_("artifact"),
    N_("phase"),
    N_("rule"),
    N_("unit kind"),
    N_("a {kind} does not owe {artifact} (owed by {kinds})"),
    N_(
        "{artifact} belongs to {phase}, which {unit} has not reached "
        "(it is in {here}; {later} opens on {date})"
    ),
    N_("{artifact} is already approved; nothing to resubmit"),
    N_("{artifact} needs no sign-off (the plan names no reviewer)"),
    N_("{artifact} is not awaiting review ({status})"),
    N_("{rest}; {reason}"),
    # refusals of the library since: who may act, time order, moves, ledgers, findings, designation, periods
    N_("refused: {reason}"),
    N_("{act} is a decision: it must name who does it (by=…; CLI --by); {who} may do it"),
    N_("{act} is an act that must name who does it (by=…; CLI --by); {who} may do it"),
    N_("{actor} may not {doing} ({act}): only {who} may; {holder} {holds}"),
    N_(
        "{actor} may not {doing} ({act}): {holder} acts for {unit}, and nobody signs off their own "
        "unit's submission; only {who} who does not act for it may"
    ),
    N_("{actor} handed in {artifact} and may not sign it off ({act}); only {who} may"),
    N_("the unit's own actors"),
    N_("a holder of {roles}"),
    N_("holders of {roles}"),
    N_("the unit's own actors or a holder of {roles}"),
    N_("the unit's own actors or holders of {roles}"),
    N_("nobody (the plan declares no role for it)"),
    N_("holds {roles}"),
    N_("acts for {units}"),
    N_("holds {roles} and acts for {units}"),
    N_("is not on the roster"),
    N_("enroll units"),
    N_("enroll units {unit}"),
    N_("hand in for {unit}"),
    N_("add ledger items for {unit}"),
    N_("approve {unit}"),
    N_("reject {unit}"),
    N_("close ledger items (销号) of {unit}"),
    N_("advance {unit}"),
    N_("send back {unit}"),
    N_("extend a phase for {unit}"),
    N_("record scores of {unit}"),
    N_("record votes of {unit}"),
    N_("record grades of {unit}"),
    N_("record findings about {unit}"),
    N_("set deadlines (限期整改) for {unit}"),
    N_("close escalations (销号) of {unit}"),
    N_("change the roster or the authority mode"),
    N_(
        "nobody manages the roster yet: first give an actor a role that manages it ({roles}; CLI "
        "track roster add ACTOR --role ROLE), who then changes it"
    ),
    N_(
        "nobody manages the roster yet: the plan declares no role to manage it; record instead "
        "(set_authority)"
    ),
    N_(
        "{actor} is the last holder of {role}, which manages the roster; give it to another actor "
        "first, or nobody could change the roster again"
    ),
    N_("{name} is not an actor's name (a person or an office, no surrounding spaces)"),
    N_("give exactly one of role= (a plan role) or unit= (an enrolled unit)"),
    N_("unknown role {role} (the plan declares: {roles})"),
    N_("{actor} already holds {role}"),
    N_("{actor} already acts for {unit}"),
    N_("{actor} does not hold {role}"),
    N_("{actor} does not act for {unit}"),
    N_("by must be text, not {value}"),
    N_("nothing submitted"),
    N_("approved"),
    N_("rejected"),
    N_("recorded"),
    N_("issue or revoke actors' API tokens"),
    N_("{actor} holds no token"),
    N_("{actor} is not on the roster: grant them a role or a unit first (a token acts as them)"),
    N_(
        "dated {when}, before that: {why}; to record it anyway, back-date it with a reason "
        "(backdated=True, reason=…; CLI --backdate REASON)"
    ),
    N_("{unit} was enrolled on {date}"),
    N_("{unit}'s latest event is dated {date}"),
    N_("cannot sweep as of {when}: {why}; sweep as of a later time"),
    N_("reason= goes with backdated=True (a reason to back-date the act)"),
    N_("back-dating needs a reason: backdated=True, reason=… (or backdated='the reason'), not {value}"),
    N_("{unit} has finished; the plan allows no send-back to {to} from there (allowed: {allowed})"),
    N_("{unit} is in {phase}; the plan allows no send-back to {to} from there (allowed: {allowed})"),
    N_("the state machine refused the send-back to {to}"),
    N_("the plan allows no extension of {phase} (extendable: {allowed})"),
    N_("{unit} has already left {phase}"),
    N_("{artifact}: item {item} is already closed; nothing to close"),
    N_("{artifact}: item {item} is not in the ledger; nothing to close"),
    N_("{artifact}: item {item} is already open"),
    N_("{unit} has no finding {finding} (open: none)"),
    N_("{unit} has no finding {finding} (open: {listed})"),
    N_("finding {finding} of {unit} is already closed (已销号)"),
    N_("give a finding's term as due= or within=, not both"),
    N_("due= must be a date, not {value}"),
    N_("a term ends on or after the day the finding is recorded ({day}), not {due}"),
    N_("{unit} is already a {kind}"),
    N_("{unit}: unknown unit kind {kind} (the plan has {kinds})"),
    N_("period must be a date, not {value}"),
    N_("{artifact} is not due on {period}; the next: {days}"),
    N_("{artifact} is not due on {period}"),
    N_("{artifact}: every period is handed in already"),
    N_("listed twice"),
    N_("already enrolled as {kind}; to change its kind from a given day, use designate (track designate)"),
    N_("{rule} ({id}): nothing stands to close"),
    # automatic measures a sweep could not carry out (an escalation's not_applied)
    N_("the rule names no artifact; a supervisor must name what to rectify"),
    N_("no phase is left to extend"),
    # the command line's warnings
    N_(
        "warning: --at defaults to now ({day}), but this plan ended on {end}; "
        "pass --at DATE to date the act when it happened"
    ),
)


#: The commands' help summaries (the first paragraph of each docstring), listed by ``--help``.
SUMMARIES: Final = (
    N_("Who may act: actors holding the plan's roles, and actors acting for units."),
    N_("Give ACTOR a --role, or let ACTOR act for a --unit."),
    N_("Take a --role or a --unit from ACTOR again."),
    N_("Show every actor with their roles and units, and the file's authority mode."),
    N_("Show the authority mode, or switch it to MODE (enforce or record); the switch is recorded."),
    N_("Draw the calendar of PLAN: phases with their windows, and every artifact's deadline."),
    N_("Print the window a date PHRASE stands for: START END (inclusive, ISO dates)."),
    N_("Draft a plan file from DOC, a plan document (实施方案) saved as text."),
    N_("Print the JSON Schema (2020-12) of the plan language."),
    N_("Serve the 红黄绿 board, unit pages and the JSON API of a tracking database."),
    N_("Actor tokens for the API's recording commands (stored hashed; shown once)."),
    N_("Issue a token for ACTOR (replacing any earlier one) and print it."),
    N_("List who holds a token, and since when."),
    N_("Revoke ACTOR's token."),
    N_("Track units through campaigns in a SQLite file or PostgreSQL database (history kept, 留痕)."),
    N_("Add ITEM (a problem, a measure) to the ledger ARTIFACT of UNIT (挂账); reopens a closed ITEM."),
    N_("Move UNIT to its next phase; refused (exit 1) with the missing artifacts named."),
    N_("Sign off ARTIFACT of UNIT (审核通过); the plan must name a reviewer for it."),
    N_("Show every unit's 红黄绿 light on --as-of and the counts per phase; records nothing."),
    N_("List the campaigns DB holds: id, plan, units, events."),
    N_("Close (销号) the escalation of RULE for UNIT once its measures are carried out."),
    N_("Close (销号) FINDING of UNIT once rectified; FINDING is the number history and findings show."),
    N_("Close ITEM of the ledger ARTIFACT of UNIT (销号: 完成一件销号一件)."),
    N_("Give UNIT its own deadline for ARTIFACT (限期整改); sweeps and the board then use it."),
    N_("Designate UNIT a unit of KIND from --at on: it then owes what that kind owes."),
    N_("Enroll UNIT of --kind, or every unit listed in --from units.xlsx|units.csv in one transaction."),
    N_("Write DB as the office's workbook: 进度, 红黄绿, 督办, 整改台账 and 留痕, as of --as-of."),
    N_("Extend PHASE for UNIT (延期); a month end stays a month end."),
    N_("Record a supervisor's finding (督查发现的问题) about UNIT; rules on findings escalate it."),
    N_("List UNIT's findings: number, severity, 限期整改 term, and whether closed (已销号)."),
    N_("Record the grade ARTIFACT's result was put into (one of its declared grades, e.g. 落实不好)."),
    N_("Show every recorded act on UNIT, oldest first (留痕)."),
    N_("Record the 挂账 and 销号 of a filled-in 整改台账 sheet (from export) in DB."),
    N_("Start tracking the campaign in PLAN (a plan YAML file) in DB, a new or existing database."),
    N_("List the items of the ledger ARTIFACT of UNIT, open (未销号) and closed (已销号)."),
    N_(
        "List every period of a report due on fixed days (每月10日、20日前): when UNIT handed it in, "
        "and whether it was late — each period on its own, so a late March stays late after an on-time April."
    ),
    N_("Send ARTIFACT of UNIT back (退回重办); it must be resubmitted."),
    N_("Record a test score (闭卷测试成绩); the latest score counts."),
    N_("Send UNIT back to redo a phase, where the plan's moves allow it."),
    N_("Show how many units are in each phase (and which)."),
    N_("Record that UNIT handed in ARTIFACT (a document, or a meeting held)."),
    N_("Escalate the lagging units of DB on --as-of, as the plan's rules say, and record it."),
    N_("Replay the history of a campaign in DB and compare it with every unit's stored state."),
    N_("Record a vote's result as OPTION=COUNT pairs (满意=10 基本满意=5 一般=2)."),
    N_("Check plan files and report every problem with its line and column."),
)


def set_language(lang: str | None) -> None:
    """Use ``lang`` (``zh`` or ``en``) from now on; None: let the locale decide again."""
    global _chosen  # noqa: PLW0603 - one process, one language: the CLI sets it once per command
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _chosen = lang


def language() -> str:
    """``zh`` or ``en``: the one forced, else ``zh`` when the locale's language is Chinese."""
    if _chosen is not None:
        return _chosen
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            first = value.split(":")[0]
            return "zh" if first.lower().startswith("zh") else "en"
    return "en"


@functools.cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"], fallback=True)


def summary(text: str) -> str:
    """A command's help summary (English, as its docstring has it) in the current language, if known."""
    lang = language()
    return text if lang == "en" else _catalog(lang).gettext(text)


def say(msgid: str, /, **fields: object) -> str:
    """The CLI message ``msgid`` (an English catalog id) in the current language, filled in.

    Fields named as nested (``reason``, ``message`` …) are library messages: they are translated too.
    """
    lang = language()
    done = {k: translate(str(v)) if k in NESTED and lang != "en" else v for k, v in fields.items()}
    return _catalog(lang).gettext(msgid).format(**done)


def kind_word(kind: str) -> str:
    """An event kind as the reader's language names it: the id in English, else the clerk's word
    (:mod:`campaignflow.words`: ``rejected`` → ``退回重办``)."""
    return kind if language() == "en" else event_word(kind)


def translate(text: str) -> str:
    """A library message (English) in the current language; unchanged when no template reads it."""
    lang = language()
    if lang == "en" or not text:
        return text
    found = _translate(text, _catalog(lang), {})
    return text if found is None else found


def _translate(text: str, catalog: gettext.NullTranslations, seen: dict[str, str | None]) -> str | None:
    """``text`` translated, or None when no catalog entry reads it (each nested part must be read too)."""
    if text in seen:
        return seen[text]
    seen[text] = None  # a template that leads back to the same text reads nothing
    direct = catalog.gettext(text)
    if direct != text:
        seen[text] = direct
        return direct
    for strict in (True, False):  # first read plain fields as single clauses (no "; " inside)
        for template in _by_detail():
            for values in _matches(template, text):
                if strict and any(n not in NESTED and "; " in v for n, v in values.items()):
                    continue
                nested = {n: _translate(v, catalog, seen) if n in NESTED else v for n, v in values.items()}
                if all(value is not None for value in nested.values()):
                    found = catalog.gettext(template).format(**nested)
                    seen[text] = found
                    return found
    return None


@functools.cache
def _by_detail() -> tuple[str, ...]:
    """The templates with fields, the most literal text first: a text is read by the template that says
    most of it (``dated {when}, before that: {why}; …``), not by a loose one (``{artifact}: {why}``)."""
    templates = [t for t in MESSAGES if "{" in t]
    return tuple(sorted(templates, key=lambda t: -sum(map(len, _parts(t)[0]))))


@functools.cache
def _parts(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A template's literal parts and its field names: ``a {x} b {y}`` → ``("a ", " b ", ""), ("x", "y")``."""
    split = re.split(r"\{(\w+)\}", template)
    return tuple(split[0::2]), tuple(split[1::2])


def _matches(template: str, text: str) -> Iterator[dict[str, str]]:
    """Every way ``text`` reads as ``template``: each field non-empty, shortest first."""
    literals, names = _parts(template)
    if not text.startswith(literals[0]) or not text.endswith(literals[-1]):
        return
    end = len(text) - len(literals[-1])

    def fields(i: int, at: int, found: dict[str, str]) -> Iterator[dict[str, str]]:
        if i == len(names) - 1:
            if at < end:
                yield {**found, names[i]: text[at:end]}
            return
        literal = literals[i + 1]
        j = text.find(literal, at + 1)
        while j != -1 and j < end:
            yield from fields(i + 1, j + len(literal), {**found, names[i]: text[at:j]})
            j = text.find(literal, j + 1)

    yield from fields(0, len(literals[0]), {})
