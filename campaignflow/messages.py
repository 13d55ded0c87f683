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

__all__ = ["LANGUAGES", "MESSAGES", "N_", "language", "say", "set_language", "translate"]

LANGUAGES: Final = ("zh", "en")
DOMAIN: Final = "campaignflow"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
#: Placeholders whose value is itself a message, translated in turn.
NESTED: Final = frozenset({"reason", "details", "why", "rest", "what", "message"})

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


def say(msgid: str, /, **fields: object) -> str:
    """The CLI message ``msgid`` (an English catalog id) in the current language, filled in.

    Fields named as nested (``reason``, ``message`` …) are library messages: they are translated too.
    """
    lang = language()
    done = {k: translate(str(v)) if k in NESTED and lang != "en" else v for k, v in fields.items()}
    return _catalog(lang).gettext(msgid).format(**done)


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
        for template in MESSAGES:
            if "{" not in template:
                continue
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
