"""``campaignflow dates``: show how a date phrase is read, so a clerk can check it before using it."""

from __future__ import annotations

import json

import click

from campaignflow.dates import Window, parse_window
from campaignflow.errors import DatePhraseError

#: Two years that differ in everything a phrase could borrow from the plan's year (both leap years,
#: other festival days): a phrase read alike with either states its own year.
_PROBES = (2000, 2004)


@click.command("dates")
@click.argument("phrase")
@click.option(
    "--year",
    type=click.IntRange(1949, 2100),
    default=None,
    help="The plan's year, used where the phrase omits it (needed unless the phrase states its own).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help='text: "START END"; json: {"text", "start", "end", "year"} (start is null when open).',
)
def command(phrase: str, year: int | None, fmt: str) -> None:
    """Print the window a date PHRASE stands for: START END (inclusive, ISO dates).

    \b
    A deadline-only phrase ("6月15日前") has an open start, printed as "-". --year may be left
    out when the phrase states its year ("2012年4月25日至5月15日").
    A phrase that cannot be read with certainty (a clock time, a list number, "左右") is refused
    with exit status 1 and a message naming the part that was not understood.

    \b
    Examples:
      campaignflow dates "7月下旬—7月底" --year 2011        → 2011-07-21 2011-07-31
      campaignflow dates "3-6月份" --year 2012              → 2012-03-01 2012-06-30
      campaignflow dates "从即日起至国庆节前" --year 2012   → - 2012-10-01
      campaignflow dates "12月10日前" --year 2012 --format json
    """
    window = parse_window(phrase, year) if year is not None else _own_year(phrase)
    start = window.start.isoformat() if window.start is not None else None
    if fmt == "json":
        data = {"text": phrase, "start": start, "end": window.end.isoformat(), "year": year}
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(f"{start or '-'} {window.end.isoformat()}")


def _own_year(phrase: str) -> Window:
    """The window of a phrase that states its year, whatever the plan's; a usage error otherwise.

    An unreadable phrase raises DatePhraseError, which the group prints as "error: …" (exit status 1).
    """
    readings: list[Window | DatePhraseError] = []
    for probe in _PROBES:
        try:
            readings.append(parse_window(phrase, probe))
        except DatePhraseError as refused:
            readings.append(refused)
    windows = [r for r in readings if isinstance(r, Window)]
    if len(windows) == len(readings) and len({(w.start, w.end) for w in windows}) == 1:
        return windows[0]
    refusals = [r for r in readings if isinstance(r, DatePhraseError)]
    if len(refusals) == len(readings):
        raise refusals[0]
    raise click.UsageError(f"{phrase!r} does not state its year: give the plan's year with --year")
