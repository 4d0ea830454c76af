"""`sendkit build`: one school, a list of schools, or a trust's folder, in parallel and incrementally."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..batch import BatchOptions, Outcome, plan_batch, run_batch
from ..build import DOCUMENTS, FORMATS, BuildOptions
from ..errors import ExitCode, display_path
from ..profile import profile_warnings
from ..render.docx import check_word_template
from . import as_of_option, handle_errors, split_csv


@click.command("build")
@click.argument("profiles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write OUT/<school-slug>/ into, with OUT/index.html and OUT/trust-report.json.")
@click.option("--format", "formats", default="html,pdf,docx", show_default=True,
              help="Comma-separated: html, pdf, docx.")
@click.option("--documents", default="policy,report", show_default=True,
              help="Comma-separated: policy, report.")
@click.option("--allow-incomplete", is_flag=True,
              help='Write a visible "[to complete: ...]" marker for missing facts instead of failing.')
@click.option("--credit", is_flag=True,
              help='Add a "Made with sendkit" line to each document (off: the documents are the school\'s own).')
@click.option("--word-template", type=click.Path(path_type=Path), default=None, metavar="DOCX",
              help="The school's own Word file (letterhead, logo, house styles): every DOCX is written into "
                   "it, using its styles, headers and footers. Overrides the profile's word_template:.")
@click.option("--edition", default=None, help="Requirement catalogue edition (default: current).")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(min=0),
              help="Schools built at once, each in its own process (0: one per CPU).")
@click.option("--force", is_flag=True, help="Rebuild every school, even those whose inputs have not changed.")
@click.option("--as-of", "as_of", default=None, callback=as_of_option(), metavar="DATE",
              help="Judge review dates (overdue) and requirements as of this date (default: today).")
@click.option("--no-report", is_flag=True,
              help="Do not run the checker on what was built nor write OUT/index.html and OUT/trust-report.json.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary table; errors only.")
@handle_errors
def build_command(profiles, out_dir, formats, documents, allow_incomplete, credit, word_template, edition, jobs, force, as_of, no_report,
                  quiet):
    """Build the SEND policy and SEN information report for each school PROFILE.

    A PROFILE may be a folder: every school profile in it is built (trust files and other YAML are
    recognised and skipped), with the trust-wide SEND policy once. Schools whose inputs have not
    changed since the last build are not rebuilt. Exit code 1 if some schools failed, 2 if all did.
    """
    options = BatchOptions(
        build=BuildOptions(formats=tuple(split_csv(formats, FORMATS, "--format")),
                           documents=tuple(split_csv(documents, DOCUMENTS, "--documents")),
                           allow_incomplete=allow_incomplete, edition=edition, credit=credit,
                           word_template=check_word_template(word_template) if word_template else None),
        jobs=jobs, force=force, as_of=as_of, report=not no_report)
    targets, skipped = plan_batch(profiles, out_dir, options)
    interactive = not quiet and sys.stderr.isatty()
    for path in skipped:
        if not quiet:
            click.echo(f"{display_path(path)}: skipped (not a school profile)", err=True)
    for target in targets:
        for warning in profile_warnings(target.profile) if target.profile is not None else []:
            click.echo(f"warning: {warning}", err=True)

    def report(outcome: Outcome) -> None:
        if outcome.failed:
            for line in outcome.error:
                click.echo(line, err=True)

    if interactive and len(targets) > 1:
        result = _run_with_progress(targets, out_dir, options, report)
    else:
        result = run_batch(targets, out_dir, options, on_done=report)
    if interactive and len(targets) > 1:
        _summary_table(result)
    elif not quiet:
        for outcome in result.outcomes:
            if outcome.failed:
                continue
            manifest = outcome.manifest or {}
            files = sum(len(d.get("outputs", [])) for d in manifest.get("documents", []))
            state = "complete" if manifest.get("complete") else "INCOMPLETE (see build.json)"
            note = ", unchanged" if outcome.status == "up-to-date" else ""
            click.echo(f"{outcome.target.slug}: {files} file(s) in {out_dir / outcome.target.slug} [{state}{note}]")
        if len(targets) > 1 and result.report_files:
            click.echo(f"report: {display_path(result.report_files[-1])}")
    failed = len(result.failed)
    if failed:
        sys.exit(ExitCode.INPUT_ERROR if failed == len(result.outcomes) else ExitCode.FINDINGS)


def _run_with_progress(targets, out_dir, options, report):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("Building", total=len(targets))

        def done(outcome: Outcome) -> None:
            report(outcome)
            progress.advance(task)

        return run_batch(targets, out_dir, options, on_done=done)


def _summary_table(result) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Built in {result.seconds:.1f} s")
    for heading in ("School", "Status", "Documents", "Complete"):
        table.add_column(heading)
    for outcome in result.outcomes:
        manifest = outcome.manifest or {}
        docs = ", ".join(d["type"] for d in manifest.get("documents", []))
        status = {"built": "built", "up-to-date": "unchanged", "failed": "[bold red]FAILED[/]"}[outcome.status]
        complete = "" if outcome.failed else ("yes" if manifest.get("complete") else "[yellow]no[/]")
        table.add_row(outcome.target.slug or display_path(outcome.target.path), status, docs, complete)
    console = Console()
    console.print(table)
    if result.report_files:
        console.print(f"Report: {display_path(result.report_files[-1])}")


