"""``sendkit rules``: every requirement the checker knows, with its ID, force, source and how it is recognised."""

from __future__ import annotations

import click

from ..catalogue import editions, load_catalogue
from ..checker.config import TYPES
from ..checker.rules import RENDERERS, list_rules
from ..errors import SendkitError, did_you_mean
from . import handle_errors


@click.command("rules")
@click.argument("ids", nargs=-1, metavar="[ID...]")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True,
              help="markdown: a table and the code-hooks list of docs/checker-rules.md.")
@click.option("--edition", type=click.Choice([e["name"] for e in editions()]), default=None,
              help="Catalogue edition (default: the current one).")
@click.option("--type", "doc_type", type=click.Choice([t for t in TYPES if t != "auto"]), default=None,
              help="Only the requirements that apply to this kind of document.")
@click.option("-v", "--verbose", is_flag=True, help="Every pattern and hook description (as when IDs are given).")
@handle_errors
def rules(ids, fmt, edition, doc_type, verbose):
    """List every requirement (or the IDs given, in full) with its force, legal source and how `sendkit
    check` recognises it, and the note rules. The IDs are those `.sendkit.yaml` takes in `disable:` and
    `waivers:`."""
    known = load_catalogue(edition).ids()
    unknown = [i for i in ids if i not in known]
    if unknown:
        hint = did_you_mean(unknown[0], known)
        raise SendkitError(f"`{unknown[0]}` is not a requirement ID in the catalogue"
                           + (f"; {hint}" if hint else "; run `sendkit rules` for the list"))
    chosen = list_rules(edition, tuple(ids), doc_type)
    whole = not ids and doc_type is None
    click.echo(RENDERERS[fmt](chosen, load_catalogue(edition).edition, notes=whole, detail=bool(ids) or verbose),
               nl=False)
