"""The ``sendkit`` command. Each job's commands live in ``toolkit.commands``."""

from __future__ import annotations

import click

from . import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sendkit")
def main() -> None:
    """Generate and check SEND documents for schools in England."""


def _register() -> None:
    from .commands import build as build_commands

    for command in build_commands.COMMANDS:
        main.add_command(command)

    from .commands import profile as profile_commands

    for command in profile_commands.COMMANDS:
        main.add_command(command)

    from .commands import check as check_commands

    for command in check_commands.COMMANDS:
        main.add_command(command)

    from .commands import evaluate as evaluate_commands

    for command in evaluate_commands.COMMANDS:
        main.add_command(command)

    from .commands import explain as explain_commands

    for command in explain_commands.COMMANDS:
        main.add_command(command)

    from .commands import reviews as reviews_commands

    for command in reviews_commands.COMMANDS:
        main.add_command(command)


_register()
