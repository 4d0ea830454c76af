"""`sendkit build`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..build import DOCUMENTS, FORMATS, BuildOptions, build
from ..errors import SendkitError
from . import handle_errors, split_csv


@click.command("build")
@click.argument("profiles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write OUT/<school-slug>/ into.")
@click.option("--format", "formats", default="html,pdf,docx", show_default=True,
              help="Comma-separated: html, pdf, docx.")
@click.option("--documents", default="policy,report", show_default=True,
              help="Comma-separated: policy, report.")
@click.option("--allow-incomplete", is_flag=True,
              help='Write a visible "[to complete: ...]" marker for missing facts instead of failing.')
@click.option("--edition", default=None, help="Requirement catalogue edition (default: current).")
@handle_errors
def build_command(profiles, out_dir, formats, documents, allow_incomplete, edition):
    """Build the SEND policy and SEN information report for each school PROFILE."""
    options = BuildOptions(formats=tuple(split_csv(formats, FORMATS, "--format")),
                           documents=tuple(split_csv(documents, DOCUMENTS, "--documents")),
                           allow_incomplete=allow_incomplete, edition=edition)
    failed = 0
    for path in profiles:
        try:
            result = build(path, out_dir, options)
        except SendkitError as exc:
            failed += 1
            for line in exc.lines():
                click.echo(line, err=True)
            continue
        state = "complete" if result.manifest["complete"] else "INCOMPLETE (see build.json)"
        click.echo(f"{result.slug}: {len(result.outputs) - 1} file(s) in {result.folder} [{state}]")
    if failed:
        sys.exit(2 if failed == len(profiles) else 1)


COMMANDS = [build_command]
