"""User-facing messages in the user's language: English, or Chinese when the locale is Chinese.

The catalog is gettext's (``campaignflow/locale/zh_CN/LC_MESSAGES/campaignflow.po``, compiled to
``.mo`` with Babel); its message ids are the English texts, with ``{field}`` placeholders, listed in
:mod:`campaignflow.catalog`, :mod:`campaignflow.problemtexts` and :mod:`campaignflow.drafttexts`. Two
kinds of message pass through here:

* the command line's own words (``error: {message}``, ``refused: {unit}: {reason}`` …), formatted
  with :func:`say`;
* the library's messages (a refused advance's reason, an unknown unit …), which stay English in
  the library and are translated on their way out by :func:`translate`: the text is matched against
  the catalog's templates, and the parts marked as nested (a reason inside a reason) are translated
  in turn. A message no template matches is shown as it is — never garbled, at worst English.
  ``validate``'s problems are read so too (:func:`problem_line`); ``Problem.message`` stays English;
  and ``draft``'s findings (``Finding.message`` stays English);
* a recorded act (:func:`act_line`): its kind, its payload's keys and fixed values in the clerk's
  words (:mod:`campaignflow.words`), the library's messages it holds (why it was flagged) translated.

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
from typing import TYPE_CHECKING, Any, Final

from campaignflow.catalog import MESSAGES, N_, SUMMARIES
from campaignflow.errors import Problem
from campaignflow.words import VALUE_WORDS, event_word, payload_word

if TYPE_CHECKING:
    from campaignflow.events import Event

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "N_",
    "SUMMARIES",
    "act_line",
    "language",
    "located",
    "mode_word",
    "problem_line",
    "refused_measure",
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
    | {"problem", "context", "expected", "got"}  # validate's problems: YAML's words, the types named
)
#: Nested placeholders that hold one word of the catalog (``unit kind``, ``a list``): read whole, never
#: by a template, so that no longer text (``p.yaml:1:2: error: unit kind``) passes for a word.
WORDS: Final = frozenset({"what", "context", "expected", "got"})

_chosen: str | None = None


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


def mode_word(mode: str) -> str:
    """An authority mode (``enforce``, ``record``) as the reader's language names it."""
    return mode if language() == "en" else VALUE_WORDS["mode"].get(mode, mode)


#: Payload keys whose value is a library message (why an act was flagged), translated when shown.
_MESSAGE_KEYS: Final = frozenset({"unauthorised", "out_of_order"})


def act_line(event: Event) -> str:
    """A recorded act as the CLI prints it (:meth:`Event.describe`): as recorded in English; in another
    language the kind and the payload's keys in the clerk's words, and the values that are the
    library's words or messages translated — what the user typed (ids, names, reasons) as it is."""
    if language() == "en":
        return event.describe()
    return event.describe(event_word, key=payload_word, value=_act_value)


def _act_value(key: str, value: Any) -> Any:
    """A payload value to show in the current language (not English): see :func:`act_line`."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in _MESSAGE_KEYS and isinstance(value, str):
        return translate(value)
    if key == "not_applied" and isinstance(value, list):  # a sweep's measures not carried out: 措施：why
        return [refused_measure(str(measure)) for measure in value]
    words = VALUE_WORDS.get(key)
    return words.get(value, value) if words is not None and isinstance(value, str) else value


def located(where: str, message: str) -> str:
    """``where: message`` (a file and its row, a database), the library's ``message`` translated."""
    return f"{where}: {message}" if language() == "en" else f"{where}：{translate(message)}"


def refused_measure(measure: str) -> str:
    """A measure the sweep could not carry out, ``措施：reason``, with the library's reason translated."""
    name, colon, reason = measure.partition("：")
    return f"{name}{colon}{translate(reason)}" if colon else translate(measure)


def problem_line(problem: Problem) -> str:
    """A plan problem as ``validate`` prints it: :meth:`Problem.format` in English; in another language
    the severity and the message in its words, ``path:line:col`` and ``[code]`` as they are (editors
    and CI parse them)."""
    if language() == "en":
        return problem.format()
    template = {
        "error": "{location}: error: {message} [{code}]",
        "warning": "{location}: warning: {message} [{code}]",
    }
    return say(
        template[problem.severity],
        location=f"{problem.path}:{problem.line}:{problem.column}",
        message=problem.message,
        code=problem.code,
    )


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
    for strict in (True, False):  # first read plain fields as single clauses
        for template in _by_detail():
            for values in _matches(template, text):
                if strict and not all(n in NESTED or _clause(v) for n, v in values.items()):
                    continue
                nested = {n: _nested(n, v, catalog, seen) for n, v in values.items()}
                if all(value is not None for value in nested.values()):
                    found = catalog.gettext(template).format(**nested)
                    seen[text] = found
                    return found
    return None


def _clause(value: str) -> bool:
    """Whether a plain field's value reads as one clause: no "; " or ": " inside, and its brackets close
    (``科室) [unknown-ref] (and 2 more`` is a template read astray, not a list of unit kinds)."""
    if "; " in value or ": " in value:
        return False
    depth = {"(": 0, "[": 0}
    for char in value:
        if char in "([":
            depth[char] += 1
        elif char in ")]":
            opening = "(" if char == ")" else "["
            depth[opening] -= 1
            if depth[opening] < 0:
                return False
    return not any(depth.values())


def _nested(
    name: str, value: str, catalog: gettext.NullTranslations, seen: dict[str, str | None]
) -> str | None:
    """A field's value as the template's translation takes it: a plain field as it is; a word from the
    catalog as it stands there; any other nested message translated in turn."""
    if name not in NESTED:
        return value
    if name in WORDS:
        word = catalog.gettext(value)
        return None if word == value else word
    return _translate(value, catalog, seen)


@functools.cache
def _by_detail() -> tuple[str, ...]:
    """The templates with fields, the most literal text first: a text is read by the template that says
    most of it (``dated {when}, before that: {why}; …``), not by a loose one (``{artifact}: {why}``)."""
    from campaignflow.drafttexts import FINDINGS  # noqa: PLC0415 - only a translation reads them
    from campaignflow.problemtexts import PROBLEMS  # noqa: PLC0415

    templates = [t for t in (*MESSAGES, *PROBLEMS, *FINDINGS) if _parts(t)[1]]
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
