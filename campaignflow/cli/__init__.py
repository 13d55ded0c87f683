"""The ``campaignflow`` command line: one click group, one module per command family.

The CLI parses arguments, reads the clock (the only place that does), formats output and maps
errors to exit codes; domain logic lives in the library modules.

Exit codes: 0 success, 1 the input is invalid or a move was refused, 2 usage or I/O error,
3 an internal error (a bug in campaignflow: please report it).
"""

from __future__ import annotations

from campaignflow.cli import (
    calendar,
    campaigns,
    dates,
    designate,
    draft,
    escalation,
    findings,
    office,
    periods,
    serve,
    track,
    validate,
)
from campaignflow.cli.app import main

main.add_command(validate.command)
main.add_command(validate.schema_command)
main.add_command(dates.command)
main.add_command(calendar.command)
track.group.add_command(escalation.sweep_command)
track.group.add_command(periods.periods_command)
track.group.add_command(findings.close_finding_command)
track.group.add_command(findings.findings_command)
track.group.add_command(designate.designate_command)
track.group.add_command(escalation.board_command)
track.group.add_command(escalation.deadline_command)
track.group.add_command(escalation.close_command)
track.group.add_command(campaigns.campaigns_command)
track.group.add_command(campaigns.verify_command)
track.group.add_command(office.export_command)
track.group.add_command(office.import_ledger_command)
main.add_command(track.group)
main.add_command(draft.command)
main.add_command(serve.serve_command)
main.add_command(serve.token_group)

__all__ = ["main"]
