"""``campaignflow validate`` and ``campaignflow schema``: check plan files, print the plan language."""

from __future__ import annotations

import json
from pathlib import Path

import click

from campaignflow.cli.app import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from campaignflow.cli.streams import STDIN_NAME, is_dash, read_stdin
from campaignflow.errors import Problem
from campaignflow.loader import MAX_BYTES, LoadResult, check_plan_file, check_plan_text
from campaignflow.messages import problem_line, say
from campaignflow.schema import plan_schema


@click.command("validate")
@click.argument("plans", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per problem; json: a list of {path, line, column, severity, code, message}.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1 when any is found).")
def command(plans: tuple[Path, ...], fmt: str, strict: bool) -> int:
    """Check plan files and report every problem with its line and column.

    \b
    Each problem is printed as   path:line:col: error|warning: message [code]
    (--lang zh or a Chinese locale: 错误|警告 and the message in Chinese; json stays English)
    A PLANS of - reads one plan from standard input (reported as <stdin>).
    Exit status: 0 all valid, 1 a plan has errors (or warnings with --strict),
    2 a file could not be read.

    \b
    Examples:
      campaignflow validate definitions/*.yaml
      campaignflow validate my-plan.yaml --strict --format json
      cat my-plan.yaml | campaignflow validate -
    """
    results: list[LoadResult] = []
    unreadable: list[Problem] = []
    for path in plans:
        try:
            if is_dash(path):
                results.append(check_plan_text(read_stdin(MAX_BYTES, "a plan"), STDIN_NAME))
            else:
                results.append(check_plan_file(path))
        except OSError as exc:
            unreadable.append(
                Problem(str(path), 0, 0, "error", "io", f"cannot read file: {exc.strerror or exc}")
            )
    problems = [p for r in results for p in r.problems] + unreadable
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for result in results:
            for problem in result.problems:
                click.echo(problem_line(problem))
            if result.plan is not None:
                plan = result.plan
                dated = len(plan.phases) - len(plan.undated)
                span = "{} – {}".format(*plan.span) if dated else say("no dates yet")
                if plan.undated and dated:
                    undated = ", ".join(p.id for p in plan.undated)
                    span = say(
                        "{span} for the dated ones; undated: {undated} (track and calendar need their dates)",
                        span=span,
                        undated=undated,
                    )
                ok = say("{path}: ok — {title}, {count} phases, {span}", path=result.path, title=plan.title,
                         count=len(plan.phases), span=span)  # fmt: skip
                click.echo(ok)
        for problem in unreadable:
            click.echo(problem_line(problem), err=True)
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        checked = say("{count} file(s) checked: {errors} error(s), {warnings} warning(s)",
                      count=len(plans), errors=errors, warnings=warnings)  # fmt: skip
        click.echo(checked, err=True)
    if unreadable:
        return EXIT_USAGE
    failed = any(not r.ok for r in results) or (strict and any(p.severity == "warning" for p in problems))
    return EXIT_INVALID if failed else EXIT_OK


@click.command("schema")
def schema_command() -> None:
    """Print the JSON Schema (2020-12) of the plan language.

    \b
    Point your editor at it for completion and inline checks, e.g. with yaml-language-server:
      # yaml-language-server: $schema=plan.schema.json
    """
    click.echo(json.dumps(plan_schema(), ensure_ascii=False, indent=2))
