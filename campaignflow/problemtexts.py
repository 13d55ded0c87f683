"""The catalog's templates of ``validate``'s problems: each message a plan check can report, in English.

The library's :class:`~campaignflow.errors.Problem` messages (and ``validate --format json``) stay
English, a contract; ``validate``'s text output reads them by these templates
(:func:`campaignflow.messages.translate`) and prints the catalog's Chinese under ``--lang zh`` or a
Chinese locale. A message no template reads is printed in English, as it is.
"""

from __future__ import annotations

from typing import Final

from campaignflow.catalog import N_

__all__ = ["PROBLEMS"]

#: Templates of the problems' messages, with the words nested in them (``{what}``, ``{reason}`` …).
PROBLEMS: Final = (
    # the line of a problem, and what the loader adds to a message
    N_("{location}: error: {message} [{code}]"),
    N_("{location}: warning: {message} [{code}]"),
    N_("{message} (first at line {line})"),
    N_("cannot read file: {error}"),
    N_("{problem} (and {count} more)"),
    # the semantic checks (checks.py)
    N_("{what} '{name}' is declared twice"),
    N_("{what} '{name}' is not declared (declared: {known})"),
    N_("{what} '{name}' is not declared (nothing is declared yet)"),
    N_("role"),
    N_("severity"),
    N_("vote option"),
    N_("grade"),
    N_("phase id"),
    N_("artifact id"),
    N_("rule id"),
    N_("milestone id"),
    N_("a reviewer chain names the same role twice"),
    N_("pass_mark is only for artifacts of kind test"),
    N_("vote is only for artifacts of kind vote"),
    N_("items is only for documents (a ledger, 台账); a {kind} has no items"),
    N_("held_by is only for meetings, tests and votes; a document is not held"),
    N_("attended_by is only for meetings and votes; a {kind} is not attended"),
    N_(
        "a report due on fixed days is tracked period by period as handed in; sign-off per period is not "
        "tracked, so name the receiver with submit_to instead of reviewer"
    ),
    N_("a recurring duty has a deadline per period; this single deadline is ignored by the sweep"),
    N_("phase {phase} has no window yet; tracking and calendars need one"),
    N_("the campaign ends ({end}) before it starts ({start})"),
    N_("{name} ends ({end}) before it starts ({start})"),
    N_(
        "phase {phase} starts {start}, before the phase listed ahead of it ({before}, {before_start}); "
        "list phases in date order"
    ),
    N_("phase {phase} ({start} – {end}) overlaps {other} ({other_start} – {other_end})"),
    N_("phase {phase} ({start} – {end}) lies outside the campaign window"),
    N_("milestone {milestone} ({start} – {end}) lies outside the campaign window"),
    N_("phase {phase} starts in {year}, far from the plan's year {plan_year}"),
    N_("milestone {milestone} ends before it starts"),
    N_(
        "{artifact} is due {due}, but phase {phase} starts on each unit's enrolment, not on one day; give "
        "a date (6月10日前) instead"
    ),
    N_("{artifact} is due {due}, outside its phase {phase} ({start} – {end})"),
    N_("a rule cannot count its own repetitions"),
    N_(
        "findings are matched by their exact text: list the plan's severities under `severities:` so that "
        "a mistyped one is refused instead of matching no rule"
    ),
    N_("{trigger} needs an artifact of kind {needs}; {artifact} is a {kind}"),
    N_("give a mark here or a pass_mark on {artifact}"),
    N_("a ladder step needs at least one action or one_of"),
    N_("ladder steps must climb: each needs a later occurrence or more after_workdays than the last"),
    N_("measure '{action}' is not one campaignflow knows; it is proposed as written"),
    N_("automatic {action} needs '{field}'"),
    N_("no send_back move leads to {phase}; declare it under moves.send_back"),
    N_("延期 needs its phase listed under moves.extend"),
    N_("send_back must go backwards, but {to} comes after {origin}"),
    N_("'{text}' is a placeholder still to be filled in"),
    N_("complete: false needs a note saying what is missing"),
    N_("{day} is listed both as a holiday and a workday"),
    # the loader: bytes, YAML, the shape of the file (loader.py, planyaml.py)
    N_("only plain YAML data is allowed here: {problem}"),
    N_("could not determine a constructor for the tag {tag}"),
    N_("a plan is a mapping of fields (id:, title:, phases: …), but this file holds a list"),
    N_("a plan is a mapping of fields (id:, title:, phases: …), but this file holds a single value"),
    N_("cannot read a date phrase until the plan has a valid 'year'"),
    N_(
        "cannot read a date phrase until the plan has a valid 'year' ({count} date phrases, first here, "
        "wait for it)"
    ),
    N_("still to do: {todo}"),
    N_("file is {encoding}; save it as UTF-8"),
    N_(
        "file is not UTF-8 (it looks like GBK/GB18030, common for files saved by Chinese Windows editors): "
        "byte 0x{byte} cannot be read; save it as UTF-8"
    ),
    N_("file is not UTF-8: byte 0x{byte} cannot be read; save it as UTF-8"),
    N_("control character U+{char} is not allowed in a plan file; delete it"),
    N_("control character U+{char} (written as an escape) is not allowed in plan text; delete it"),
    N_("file is empty; a plan needs at least id, title, year, unit_kinds and phases"),
    N_("file is larger than {size}; a plan is a few KiB"),
    N_("{value} is not a real date ({reason})"),
    N_("day is out of range for month"),
    N_("month must be in 1..12"),
    N_("'{value}' is not a date (YYYY-MM-DD)"),
    N_("a number with {count} digits is too large for any field"),
    N_("'{value}' is not a valid {kind} value (!!{kind})"),
    N_("YAML syntax: {problem} ({context})"),
    N_("YAML syntax: {problem}"),
    N_("a tab character is used for indentation; YAML allows only spaces"),
    N_("nesting deeper than {depth} levels"),
    N_("the file holds more than {count} values; a plan holds a few hundred"),
    N_("the file expands to more than {count} values through aliases (&/*); refused"),
    N_("merge keys (<<) are not allowed in plan files"),
    N_("duplicate key '{key}' (first on line {line}); YAML would keep only the last one"),
    # PyYAML's words in a syntax error: its problem and its context
    N_("mapping values are not allowed here"),
    N_("mapping values are not allowed in this context"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected node content"),
    N_("did not find expected <document start>"),
    N_("found unexpected end of stream"),
    N_("found unexpected ':'"),
    N_("found undefined alias"),
    N_("found character that cannot start any token"),
    N_("found unknown escape character"),
    N_("but found another document"),
    N_("expected a single document in the stream"),
    N_("while scanning a simple key"),
    N_("while scanning for the next token"),
    N_("while parsing a quoted scalar"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning an alias"),
    N_("while scanning an anchor"),
    N_("while scanning a tag"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow node"),
    N_("while parsing a block node"),
    # pydantic's errors as diagnostics.py words them, and the plan models' own
    N_("missing required field '{field}' in {path}"),
    N_("missing required field '{field}'"),
    N_("unknown field '{field}' in {path} (did you mean '{hint}'?)"),
    N_("unknown field '{field}' (did you mean '{hint}'?)"),
    N_("unknown field '{field}' in {path}; allowed here: {allowed}"),
    N_("unknown field '{field}'; allowed here: {allowed}"),
    N_("'{field}' should be {expected}, not {got} {value} (put it in quotes)"),
    N_("'{field}' should be {expected}, not {got} {value}"),
    N_("text"),
    N_("a whole number"),
    N_("a number"),
    N_("true or false"),
    N_("a date (YYYY-MM-DD)"),
    N_("a list"),
    N_("a mapping"),
    N_("a date"),
    N_("the number"),
    N_("the text"),
    N_("the value"),
    N_("the list"),
    N_("the mapping"),
    N_("NoneType"),
    N_("'{field}' is {value}; it must be one of {choices} or {last} (did you mean '{hint}'?)"),
    N_("'{field}' is {value}; it must be one of {choices} or {last}"),
    N_("'{field}' is {value}; it must be one of {choices}"),
    N_("'{field}' is {value}; an id is lowercase ASCII letters, digits and _, starting with a letter"),
    N_("'{field}' must not be empty"),
    N_("'{field}' is {value}: input should be greater than {limit}"),
    N_("'{field}' is {value}: input should be greater than or equal to {limit}"),
    N_("'{field}' is {value}: input should be less than {limit}"),
    N_("'{field}' is {value}: input should be less than or equal to {limit}"),
    N_("'{field}' is {value}: string should have at most {limit} characters"),
    N_("'{field}' is {value}: list should have at most {limit} items after validation, not {count}"),
    N_("'{field}' is {value}: list should have at most {limit} item after validation, not {count}"),
    N_("'{field}': {message}"),
    N_("{day} is outside the supported dates ({range})"),
    N_("a window is a date phrase such as '2012年4月25日至5月15日' or a mapping {start: DATE, end: DATE}"),
    N_("workdays_after_start is {n}: at most {most} (ten years of working days)"),
    N_("a deadline is a date, a phrase such as '12月10日前', or {workdays_after_start: N}"),
    N_("a duration is a phrase such as '2个月', '半年' or '5个工作日'"),
    N_("give exactly one trigger of: {names}; found {count}"),
    N_("give exactly one trigger of: {names}; found {count} ({given})"),
    N_("{day} is not a due day of every week: use 周一…周日 or 1–7"),
    N_("{day} is not a due day of every month: use days 1–28, or 末 for the month's last day"),
    N_("{day} is not a due day of every {every}: use 末 (the period's last day)"),
    N_("with days each day is one deadline: leave count out (it is 1)"),
    N_("give milestone {id} either a window or the phase it happens in"),
    N_(
        "phase {id}: starts: on_enrolment is only for a first phase whose window is a deadline alone "
        "({why}); remove it"
    ),
    N_("a later phase starts where the one before it ends"),
    N_("its window has a start"),
    N_(
        "phase {id} has only a deadline ({text}) and nothing says when it starts: give the campaign a "
        "window with a start (window: 2012年5月至12月), write the phase's start (2012年5月20日至6月15日), "
        "or say `starts: on_enrolment` (each unit starts it the day it enrolls)"
    ),
    # why a date phrase was not read (dates.py, phrase.py, durations.py)
    N_("cannot read date phrase '{text}' at '{unread}': {reason}"),
    N_("cannot read date phrase '{text}' at '{unread}'"),
    N_("there are four quarters (季度)"),
    N_("a day and a part of the month together"),
    N_("not a date"),
    N_("the range has no readable end"),
    N_("a start with no end; give the end too (从…至…)"),
    N_("a number with no 月 or 日"),
    N_("not part of a date range"),
    N_("a deadline names a day (e.g. 6月15日前, 6月底前)"),
    N_("即日起 needs an end (从即日起至…)"),
    N_("cannot end a range from 即日起; write the year"),
    N_("no month is given"),
    N_("次年 is only read at the end of a range"),
    N_("年内 is already a deadline"),
    N_("cannot start a range"),
    N_("年内 cannot end a range"),
    N_("a year inside a range of months"),
    N_("a number whose unit (月 or 日) is not clear"),
    N_("the end ({end}) is before the start ({start})"),
    N_("no such date in {year}"),
    N_("a deadline names one day (e.g. 6月15日前), not a span"),
    N_("the phrase is empty"),
    N_("a clock time, not a date"),
    N_("a list item number, not a date"),
    N_("a list of dates (、), not one window"),
    N_("an approximate time cannot be read exactly"),
    N_("not a length of time such as 2个月, 半年, 三周 or 5个工作日"),
    N_("a length of zero"),
)
