"""``sendkit check``: judge published documents against the statutory requirement catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..catalogue import editions
from ..checker.config import FAIL_ON, SETTINGS, TYPES
from ..checker.run import CheckSettings, check_paths, exit_code, iter_check, new_run, read_path_list, resolve_settings
from ..output import write_atomic
from ..reporters import REPORTERS
from ..reporters.text import render_block, render_overall
from . import as_of_option, handle_errors


@click.command("check")
@click.argument("paths", nargs=-1, required=False, metavar="PATH_OR_URL...")
@click.option("--type", "doc_type", type=click.Choice(TYPES), default=None,
              help="The kind of document (default: auto, detected from title and content).")
@click.option("--setting", type=click.Choice(SETTINGS), default=None,
              help="Special schools: mainstream-only items become not applicable.")
@click.option("--profile", type=click.Path(dir_okay=False), default=None,
              help="Take the setting from a school profile (school.yaml).")
@click.option("--edition", type=click.Choice([e["name"] for e in editions()]), default=None,
              help="Catalogue edition (default: the one in force on --as-of).")
@click.option("--as-of", "as_of", callback=as_of_option(default_today=False), default=None,
              metavar="DATE", help="Judge as on this date, YYYY-MM-DD or DD/MM/YYYY (default: today).")
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Exit 1 when a requirement at or above this force is missing or partial (default: must).")
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: .sendkit.yaml found from here upwards).")
@click.option("--no-waivers", is_flag=True, help="Ignore every waiver (for audits).")
@click.option("--no-color", is_flag=True, help="Never colour the text report.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=0),
              help="Documents checked at once, each in its own process (0: one per CPU); the text report "
                   "shows each document as it finishes.")
@click.option("--from-file", "from_file", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              metavar="FILE", help="Also check the paths or web addresses listed in FILE, one a line "
                                    "(# comments allowed; - reads standard input).")
@handle_errors
def check(paths, doc_type, setting, profile, edition, as_of, fmt, output, fail_on, config, no_waivers,
          no_color, jobs, from_file):
    """Check SEND documents (PDF, Word, HTML, Markdown, text or a web address) against the law.

    Exit code 0: no requirement at or above --fail-on is missing or partial; 1: some is;
    2: a usage error or an unreadable document (the others are still checked).
    """
    paths = list(paths) + (read_path_list(from_file) if from_file else [])
    if not paths:
        raise click.UsageError("give at least one PATH_OR_URL, or --from-file FILE")
    resolved = resolve_settings(CheckSettings(
        type=doc_type, setting=setting, profile=profile, edition=edition,
        as_of=as_of, fail_on=fail_on, config=config, no_waivers=no_waivers))
    for message in resolved.messages:
        click.echo(f"sendkit: {message}", err=True)
    color = not no_color and output is None and fmt == "text" and sys.stdout.isatty()
    if fmt == "text" and output is None:
        # Each document is shown as soon as it is checked (an audit of hundreds takes a while).
        run, done = new_run(resolved), {}
        for i, doc in iter_check(paths, resolved, jobs):
            if doc.error is not None:
                click.echo(f"sendkit: {doc.error}", err=True)
            click.echo(render_block(doc, color=color), nl=False, color=color)
            done[i] = doc
        run.documents.extend(done[i] for i in sorted(done))
        click.echo(render_overall(run, color=color), nl=False, color=color)
        sys.exit(exit_code(run, resolved.fail_on))
    run = check_paths(paths, resolved, jobs)
    for doc in run.documents:
        if doc.error is not None:  # one line per unreadable input, whatever the format
            click.echo(f"sendkit: {doc.error}", err=True)
    text = REPORTERS[fmt](run, color=color)
    if output:
        write_atomic(Path(output), text, create_folder=False)  # a typo in -o is not a new folder
    else:
        click.echo(text, nl=False, color=color)
    sys.exit(exit_code(run, resolved.fail_on))


