"""`sendkit reviews`: the EHCP annual review schedule, calendar and letters from a pupil list."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

import click

from ..render.docx import check_word_template
from ..reviews.letters import LETTER_KINDS
from ..reviews.outputs import LETTER_FORMATS
from ..reviews.runner import ReviewSettings, run_reviews
from . import as_of_option, handle_errors, split_csv


@click.command("reviews")
@click.argument("pupils", type=click.Path(path_type=Path))
@click.option("--profile", "profile_path", required=True, type=click.Path(path_type=Path),
              help="The school profile (school, SENCO, local authority, SENDIASS).")
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for schedule.json/csv, reviews.ics, overview.html and letters/.")
@click.option("--as-of", callback=as_of_option(), metavar="DATE", help="Schedule as of this date (default: today).")
@click.option("--term-dates", type=click.Path(path_type=Path),
              help="Term dates YAML: proposed dates move earlier off holidays and inset days.")
@click.option("--under5-months", type=click.IntRange(3, 6), default=6, show_default=True,
              help="Months between reviews for a child under 5 (CoP 9.178: 3 to 6).")
@click.option("--advice-weeks", type=click.IntRange(3, 26), default=6, show_default=True,
              help="Weeks before the meeting to send requests for advice.")
@click.option("--redact", is_flag=True,
              help='Replace names by "Pupil <id>" and drop contact details in every output, for sharing.')
@click.option("--calendar-names", type=click.Choice(["id", "initials", "full"]), default="id",
              show_default=True, help="How calendar events name a pupil (calendars are often shared).")
@click.option("--letters/--no-letters", default=True, show_default=True, help="Write the letters.")
@click.option("--letter-format", default=",".join(LETTER_FORMATS), show_default=True,
              help="Comma-separated: docx, pdf.")
@click.option("--letter-kinds", default=",".join(LETTER_KINDS), show_default=True,
              help="Comma-separated: " + ", ".join(LETTER_KINDS) + ".")
@click.option("--word-template", type=click.Path(path_type=Path), default=None, metavar="DOCX",
              help="The school's own Word file (letterhead, house styles) the Word letters are written into. "
                   "Overrides the profile's word_template:.")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0,
              help="Processes for rendering letters (0: one per core, up to 4).")
@handle_errors
def reviews(pupils, profile_path, out_dir, as_of, term_dates, under5_months, advice_weeks, redact,
            calendar_names, letters, letter_format, letter_kinds, word_template, jobs):
    """Schedule EHCP annual reviews for the pupils in PUPILS (CSV or YAML) and write the letters.

    Exit code 0 when every row was scheduled, 1 when some rows had errors (listed, and in
    schedule.json), 2 when an input cannot be used at all, 3 on an internal error (which shows
    no pupil data).
    """
    settings = ReviewSettings(
        as_of=as_of, under5_months=under5_months, advice_weeks=advice_weeks, term_dates=term_dates,
        redact=redact, calendar_names=calendar_names, letters=letters,
        letter_formats=tuple(split_csv(letter_format, LETTER_FORMATS, "--letter-format")),
        letter_kinds=tuple(split_csv(letter_kinds, LETTER_KINDS, "--letter-kinds")),
        jobs=jobs or min(os.cpu_count() or 1, 4), generated_at=datetime.now().astimezone(),
        word_template=check_word_template(word_template) if word_template else None)
    result = run_reviews(pupils, profile_path, out_dir, settings)
    for line in result.summary():
        click.echo(line)
    if result.errors:
        click.echo(f"{len(result.errors)} problem(s) in {pupils}; those rows were left out:", err=True)
        for error in result.errors:
            click.echo(f"  {error.terminal()}", err=True)
    sys.exit(result.exit_code)


