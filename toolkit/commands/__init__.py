"""Thin click commands: parse options, call one library function, hand the result to a reporter.

Each module here holds the commands of one job; ``toolkit.cli`` gathers them. No logic lives here
beyond choosing the exit code.
"""

from __future__ import annotations

import functools
import sys
from datetime import date

import click

from ..dates import parse_date_text
from ..errors import report_error


def handle_errors(func):
    """The CLI's error boundary: whatever stops a command is shown as ``report_error`` decides.

    Bad input: its message on stderr and exit code 2, never a traceback. A bug: its type only and
    exit code 3 (the traceback with ``SENDKIT_DEBUG=1`` or ``sendkit --debug``). Ctrl-C: 130.
    click's own usage errors pass through to click, which prints them with exit code 2.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 - the one catch-all of the CLI
            ctx = click.get_current_context(silent=True)
            command = f"sendkit {ctx.info_name}" if ctx is not None and ctx.info_name else "sendkit"
            report = report_error(exc, command=command)
            for line in report.lines:
                click.echo(line, err=True)
            if report.traceback:
                click.echo(report.traceback, err=True, nl=False)
            sys.exit(report.exit_code)

    return wrapper


def as_of_option(default_today: bool = True):
    """A click callback for --as-of: YYYY-MM-DD or DD/MM/YYYY, checked to be a real date."""

    def convert(ctx, param, value: str | None) -> date | None:
        if value is None:
            return date.today() if default_today else None
        parsed = parse_date_text(value)
        if parsed is None:
            raise click.BadParameter(f"`{value}` is not a real date; write YYYY-MM-DD or DD/MM/YYYY")
        return parsed

    return convert


def split_csv(value: str | None, allowed: tuple[str, ...], option: str) -> list[str]:
    """Parse a comma-separated option such as ``--format html,pdf`` against its allowed values."""
    if not value:
        return list(allowed)
    items = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [v for v in items if v not in allowed]
    if not items:  # `--format ,` would otherwise build nothing and report success
        raise click.BadParameter(f"no value given; choose from {', '.join(allowed)}", param_hint=option)
    if bad:
        raise click.BadParameter(f"{', '.join(bad)} not recognised; choose from {', '.join(allowed)}",
                                 param_hint=option)
    return items
