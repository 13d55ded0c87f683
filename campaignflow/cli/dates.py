"""``campaignflow dates``: show how a date phrase is read, so a clerk can check it before using it."""

from __future__ import annotations

import json

import click

from campaignflow.dates import parse_window


@click.command("dates")
@click.argument("phrase")
@click.option(
    "--year",
    type=click.IntRange(1949, 2100),
    required=True,
    help="The plan's year, used where the phrase omits it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help='text: "START END"; json: {"text", "start", "end", "year"} (start is null when open).',
)
def command(phrase: str, year: int, fmt: str) -> None:
    """Print the window a date PHRASE stands for: START END (inclusive, ISO dates).

    \b
    A deadline-only phrase ("6月15日前") has an open start, printed as "-".
    A phrase that cannot be read with certainty (a clock time, a list number, "左右") is refused
    with exit status 1 and a message naming the part that was not understood.

    \b
    Examples:
      campaignflow dates "7月下旬—7月底" --year 2011        → 2011-07-21 2011-07-31
      campaignflow dates "3-6月份" --year 2012              → 2012-03-01 2012-06-30
      campaignflow dates "从即日起至国庆节前" --year 2012   → - 2012-10-01
      campaignflow dates "12月10日前" --year 2012 --format json
    """
    window = parse_window(phrase, year)  # DatePhraseError: the group prints "error: …" and exits 1
    start = window.start.isoformat() if window.start is not None else None
    if fmt == "json":
        data = {"text": phrase, "start": start, "end": window.end.isoformat(), "year": year}
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        click.echo(f"{start or '-'} {window.end.isoformat()}")
