"""The root ``campaignflow`` group and the error boundary every command runs inside."""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import click

from campaignflow import __version__
from campaignflow.cli import plugins
from campaignflow.cli.lazy import LazyGroup, first_paragraph, shorten
from campaignflow.errors import CampaignflowError
from campaignflow.messages import LANGUAGES, language, say, set_language, summary

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


#: Seconds since the epoch: the clock :func:`now` reads (a test sets it to freeze the time).
clock: Callable[[], float] = time.time


def now() -> datetime.datetime:
    """The current time in Asia/Shanghai: the one place campaignflow reads the clock (for CLI defaults)."""
    from campaignflow.events import SHANGHAI  # noqa: PLC0415 - only the commands that read the clock need it

    return datetime.datetime.fromtimestamp(clock(), SHANGHAI)


def today() -> datetime.date:
    """Today's date in Asia/Shanghai, from :func:`now`."""
    from campaignflow.workdays import plain_date  # noqa: PLC0415 - as for now()

    return plain_date(now())


def help_summary(command: click.Command) -> str:
    """The first paragraph of a command's help, spaces folded: the catalog's id for its summary."""
    return first_paragraph(command)


class LocalGroup(LazyGroup):
    """A group whose ``--help`` lists each command's summary in the user's language, where the catalog
    has it (English otherwise); commands not imported yet are listed by the summaries they were
    offered with, so that ``--help`` imports none of them."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if language() == "en":
            super().format_commands(ctx, formatter)
            return
        rows = []
        for name in self.list_commands(ctx):
            english = self.summary_of(name)
            if english is None:  # hidden
                continue
            translated = summary(english)
            rows.append((name, translated if translated != english else shorten(english, 45)))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


class CampaignflowGroup(LocalGroup):
    """A group that turns every error into a clean message and an exit code, never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.get("standalone_mode", True)
        kwargs["standalone_mode"] = False
        code = self._run(*args, **kwargs)
        if standalone:
            sys.exit(code)
        return code

    def _run(self, *args: Any, **kwargs: Any) -> int:
        set_language(None)  # the locale decides, unless this command says --lang
        plugins.switch_off()  # pydantic's observability hooks, unless the user asks for them
        argv = args[0] if args else kwargs.get("args")
        undecodable = _undecodable(sys.argv[1:] if argv is None else argv)
        if undecodable is not None:
            click.echo(say("error: {message}", message=undecodable), err=True)
            return EXIT_USAGE
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.Exit as done:
            return int(done.exit_code)
        except click.ClickException as exc:
            exc.show()
            return EXIT_USAGE
        except click.exceptions.Abort:
            click.echo(say("aborted"), err=True)
            return EXIT_USAGE
        except OSError as exc:  # first: StoreUnavailable is both, and an I/O error is exit 2
            problem = f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
            click.echo(say("error: {message}", message=problem), err=True)
            return EXIT_USAGE
        except CampaignflowError as exc:
            click.echo(say("error: {message}", message=str(exc)), err=True)
            return EXIT_INVALID
        except KeyboardInterrupt:
            click.echo(say("interrupted"), err=True)
            return 130
        except Exception:
            click.echo(say("internal error: this is a bug in campaignflow, please report it."), err=True)
            if "--debug" in sys.argv or "CAMPAIGNFLOW_DEBUG" in os.environ:
                traceback.print_exc()
            else:
                click.echo(say("(set CAMPAIGNFLOW_DEBUG=1 to see the traceback)"), err=True)
            return EXIT_INTERNAL
        return rv if isinstance(rv, int) else EXIT_OK


def _lang(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    set_language(value)


def _undecodable(argv: Any) -> str | None:
    """What is wrong with the first argument that holds bytes that are not UTF-8 (None: all are text).

    Python hands such bytes over as lone surrogates (GBK typed in a UTF-8 terminal, a file name
    saved by Chinese Windows); they cannot be printed, stored or compared, so they are refused at
    the door for every command at once, with the argument named and a guess at its encoding.
    """
    for number, arg in enumerate(argv if isinstance(argv, list | tuple) else [], 1):
        if not isinstance(arg, str) or arg.isascii():
            continue
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raw = arg.encode("utf-8", "surrogateescape")
            guess = ""
            with contextlib.suppress(UnicodeDecodeError):
                guess = f" (as GBK it reads {raw.decode('gb18030')!r})"
            return f"argument {number} is not UTF-8 text{guess}; set the terminal to UTF-8 or rename the file"
    return None


@click.group(cls=CampaignflowGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", package_name="campaignflow")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    callback=_lang,
    expose_value=False,
    is_eager=True,
    help="Language of messages: zh (中文) or en; default: from the locale (LANG).",
)
def main() -> None:
    """Run Chinese public-sector campaigns (作风建设、专项整治、两评一树 …) from plan files.

    \b
    A plan file (YAML) says what a 实施方案 says: phases and their windows, what each unit must
    hand in, who signs it off, and what happens to units that lag. Start with:
      campaignflow validate definitions/*.yaml     check plans, errors point at line:column
      campaignflow dates "7月下旬—7月底" --year 2011  see how a date phrase is read
      campaignflow schema > plan.schema.json        editor completion for plan files
    """
