"""`sendkit diff OLD NEW -o OUT`: what changed since last year, for the governors."""

from __future__ import annotations

from pathlib import Path

import click

from ..diff import compare, write_changes
from ..errors import display_path
from . import as_of_option, handle_errors


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for changes.md, changes.html, changes.json and the tracked-changes Word files.")
@click.option("--as-of", "as_of", default=None, callback=as_of_option(), metavar="DATE",
              help="The date of the tracked changes and of judging documents (default: today).")
@handle_errors
def diff_command(old, new, out_dir, as_of):
    """Compare last year's version (OLD) with this year's (NEW): two profiles, two build folders
    (a school's or a trust's) or two built documents in the same format (.docx, .html, .pdf ...).

    Writes a plain-English summary for governors (changes.md, changes.html), the same as data
    (changes.json) and this year's documents as Word files with the differences as tracked changes
    (<document>-tracked.docx), which the board can accept or reject in Word. Exit code 0 whether
    or not anything changed; 2 when the inputs cannot be compared.
    """
    result = compare(old, new, as_of)
    for changes in result.schools:
        for warning in changes.warnings:
            click.echo(f"warning: {warning}", err=True)
    written = write_changes(result, out_dir, as_of)
    if result.empty:
        click.echo("No changes.")
    else:
        for changes in result.schools:
            lost = sum(1 for c in changes.coverage if c.lost)
            click.echo(f"{changes.school or changes.new_source}: {len(changes.facts)} fact(s), "
                       f"{len(changes.sections)} section(s), {len(changes.coverage)} statutory item(s) changed"
                       + (f", {lost} now missing or weaker" if lost else ""))
    click.echo(f"{len(written)} file(s) in {display_path(out_dir)}")
