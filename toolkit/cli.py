"""The ``sendkit`` command. Each job's commands live in ``toolkit.commands``.

Commands are imported only when used, so `sendkit build` does not pay for the checker's imports and
`sendkit check` does not pay for WeasyPrint's.
"""

from __future__ import annotations

import importlib
import os

import click

from . import __version__
from .errors import DEBUG_VARIABLE

# command name -> "module in toolkit.commands:attribute". A new command adds one line here.
COMMANDS = {
    "build": "build:build_command",
    "validate": "profile:validate_command",
    "schema": "profile:schema_command",
    "new": "profile:new_command",
    "check": "check:check",
    "evaluate": "evaluate:evaluate",
    "explain": "explain:explain_command",
    "rules": "rules:rules",
    "reviews": "reviews:reviews",
    "serve": "serve:serve_command",
    "diff": "diff:diff_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        return getattr(importlib.import_module(f".commands.{module}", __package__), attribute)


def _debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """--debug turns the debug switch on for this command (and its worker processes), as SENDKIT_DEBUG=1."""
    if not value:
        return
    before = os.environ.get(DEBUG_VARIABLE)
    os.environ[DEBUG_VARIABLE] = "1"

    def restore() -> None:  # a caller running several commands in one process keeps its own setting
        if before is None:
            os.environ.pop(DEBUG_VARIABLE, None)
        else:
            os.environ[DEBUG_VARIABLE] = before

    ctx.call_on_close(restore)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sendkit")
@click.option("--debug", is_flag=True, expose_value=False, is_eager=True, callback=_debug,
              help="Show the traceback of an internal error (the same as SENDKIT_DEBUG=1).")
def main() -> None:
    """Generate and check SEND documents for schools in England."""
