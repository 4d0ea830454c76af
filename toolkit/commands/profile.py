"""`sendkit validate` and `sendkit schema`: the school profile."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..build import word_template_problems
from ..compose import missing_facts
from ..errors import ExitCode, InputError, SendkitError, did_you_mean
from ..output import write_atomic
from ..resources import data_dir
from ..profile import json_schema, load_profile, profile_warnings
from . import handle_errors


@click.command("validate")
@click.argument("profiles", nargs=-1, required=True, type=click.Path(path_type=Path))
@handle_errors
def validate_command(profiles):
    """Check school PROFILES and report every problem at once.

    Exit code 0: valid and complete. 1: valid, but facts the documents need are missing (build with
    --allow-incomplete to mark them). 2: invalid.
    """
    invalid = incomplete = 0
    for path in profiles:
        try:
            profile = load_profile(path)
            unusable = word_template_problems(profile)
            if unusable:  # `sendkit build` would stop at it: the profile is not valid as it stands
                raise InputError(f"{path}: the Word template (word_template:) cannot be used", unusable)
            gaps = missing_facts(profile)
        except SendkitError as exc:
            invalid += 1
            for line in exc.lines():
                click.echo(line, err=True)
            continue
        for warning in profile_warnings(profile):
            click.echo(f"warning: {warning}", err=True)
        if gaps:
            incomplete += 1
            click.echo(f"{path}: valid, but {len(gaps)} fact(s) the documents need are missing:", err=True)
            for problem in gaps:
                click.echo(f"  - {problem}", err=True)
        else:
            click.echo(f"{path}: valid and complete ({profile.model.school.name}, {profile.setting})")
    if invalid:
        sys.exit(ExitCode.INPUT_ERROR)
    if incomplete:
        sys.exit(ExitCode.FINDINGS)


@click.command("schema")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file instead of stdout.")
@handle_errors
def schema_command(output):
    """Print the school profile schema as JSON Schema (for editor autocompletion)."""
    text = json.dumps(json_schema(), indent=2) + "\n"
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def _examples() -> dict[str, Path]:
    return {p.stem: p for p in sorted(data_dir("school_profiles").glob("*.yaml"))
            if "term-dates" not in p.name}


@click.command("new")
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--example", default="oakfield-primary", show_default=True,
              help="Which bundled example school to start from.")
@click.option("--list", "list_examples", is_flag=True, help="List the bundled example profiles.")
@handle_errors
def new_command(target, example, list_examples):
    """Start a school profile at TARGET from a bundled example (never overwrites a file)."""
    examples = _examples()
    if list_examples or target is None:
        for name, path in examples.items():
            first = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
            click.echo(f"{name:24} {first}")
        if target is None and not list_examples:
            click.echo("\nUsage: sendkit new TARGET.yaml [--example NAME]", err=True)
            sys.exit(ExitCode.INPUT_ERROR)
        return
    if example not in examples:
        hint = did_you_mean(example, examples) or "see `sendkit new --list`"
        raise SendkitError(f"no example profile `{example}`: {hint}")
    if target.exists():
        raise SendkitError(f"{target}: already exists; choose another name (sendkit never overwrites a profile)")
    write_atomic(target, examples[example].read_text(encoding="utf-8"))
    click.echo(f"{target}: copied from the {example} example. Edit it, then run "
               f"`sendkit validate {target}` and `sendkit build {target} -o site`.")


