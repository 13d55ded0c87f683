"""The message catalog's ids: every English text the CLI shows in the reader's language.

Babel extracts the ``N_(…)`` marks of this module and of :mod:`campaignflow.problemtexts` into the
catalog (``campaignflow/locale/zh_CN/LC_MESSAGES/campaignflow.po``); :mod:`campaignflow.messages`
reads them. Kept apart from the code that translates, so both stay short.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES", "N_", "SUMMARIES"]


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
    # track: the CLI's own lines
    N_("{db}: tracking {title} ({plan}), {count} phases, authority {mode}"),
    N_("{db}: tracking {title} ({plan}) as campaign {campaign}, {count} phases, authority {mode}"),
    N_(
        "{db} already tracks campaign {campaign} (plan {plan}); give the new one another "
        "id with --campaign ID"
    ),
    N_("{source}: nothing enrolled ({count} problem(s))"),
    N_("{db}: enrolled {count} unit(s) from {source}"),
    N_("{count} unit(s) moved on"),
    N_("{unit} {name}: {count} item(s), {open} open"),
    N_("{name} ({artifact}) is not a ledger of items (the plan has no items: true)"),
    N_("⚠ {count} act(s) recorded without authority or out of time order:"),
    N_("{db}: no campaign yet (start one with 'track init')"),
    N_("{id}  plan {plan}  {units} unit(s)  {events} event(s)"),
    N_("{db}: rewrote {count} unit row(s) from their events"),
    N_("{db}: {units} unit(s), {stored} stored state(s) checked, {count} problem(s)"),
    N_("{db} — authority {mode}"),
    N_("actor"),
    N_("角色 roles"),
    N_("单位 units"),
    N_("roles nobody holds: {roles}"),
    N_("none"),
    N_("{workbook}: nothing recorded ({count} problem(s))"),
    N_("{workbook}: {count} act(s) recorded, {unchanged} row(s) unchanged"),
    # the library's messages track shows: a list of units, the 整改台账 sheet, verify
    N_("no header row with the columns 单位名称,类别 (or name,kind)"),
    N_("empty name"),
    N_("{name} is not a unit name (it holds a line break or a control character)"),
    N_("unknown kind {kind} (the plan has {kinds})"),
    N_("{name} is listed twice (first on {what} {row})"),
    N_("line"),
    N_("row"),
    N_("{name} is already enrolled"),
    N_("no units listed below the header"),
    N_("no header with the columns 单位, 材料编号 (or 材料), 事项, 状态"),
    N_("empty 单位"),
    N_("empty 事项"),
    N_("{artifact} is not a ledger of items (items: true) of the plan"),
    N_("状态 {value} is neither {open} nor {closed}"),
    N_("{unit} {name} {item} is listed twice (first on row {row})"),
    N_("{item}: closed (已销号) in the history, but 未销号 in the sheet"),
    N_("{item}: closed (已销号) in the history on {date}, but 未销号 in the sheet"),
    N_("{item}: closed (已销号) in the history on {date} by {actor}, but 未销号 in the sheet"),
    N_("{item}: 已销号 in the sheet, but never added (挂账) in the history"),
    N_("{item}: closed by {actor} in the history, by {named} in the sheet"),
    N_("{column} {text} is not a date (write 2012-03-22)"),
    N_("{unit}: has a stored row but no event enrols it"),
    N_("{unit}: stored as {kind} version {version}, the events give {enrolled} version {latest}"),
    N_("{unit}: the stored state differs from the replayed one ({state})"),
    N_("{unit}: its stored latest time ({stored}) is not that of its latest event ({latest})"),
    N_("{unit}: enrolled by its events but has no stored row"),
    # opening a tracking database
    N_("{db}: no campaign {campaign} here; it holds: {campaigns}"),
    N_("{db}: no campaign is stored in this database (start one with 'track init')"),
    N_(
        "{db}: this database holds several campaigns ({campaigns}); "
        "choose one with --campaign ID (campaign=ID)"
    ),
    N_("{db}: no such tracking database (create it with 'campaignflow track init')"),
    N_(
        "{db}: not a campaignflow tracking database ({cause}): check the file name; "
        "a damaged tracking file must be restored from a backup"
    ),
    N_("{db}: not a campaignflow tracking database (its meta table is foreign)"),
    N_("{db}: no plan is stored in this database"),
    N_("this database tracks plan {stored}, not {plan}"),
    N_("this campaign's authority is already {mode}"),
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
