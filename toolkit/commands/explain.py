"""`sendkit explain PROFILE FIELD.PATH`: a profile value and the file and line it came from."""

from __future__ import annotations

from pathlib import Path

import click

from ..inheritance import explain_field
from ..profile import load_profile
from . import handle_errors


@click.command("explain")
@click.argument("profile", type=click.Path(path_type=Path))
@click.argument("field_path", metavar="FIELD.PATH")
@handle_errors
def explain_command(profile, field_path):
    """Show the value of FIELD.PATH in PROFILE (e.g. people.senco.email), the file and line it came
    from (the school file or the trust file it extends) and what it overrides."""
    loaded = load_profile(profile)
    for line in explain_field(loaded, field_path).lines():
        click.echo(line)


