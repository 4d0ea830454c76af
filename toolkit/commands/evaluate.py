"""``sendkit evaluate``: measure the checker against auditors' labels in a corpus folder (for CI)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..catalogue import editions
from ..checker.evaluate import evaluate_corpus, render_json, render_text
from ..errors import ExitCode
from . import handle_errors


def default_corpus() -> Path:
    """../shared/corpus beside the current directory, else beside the repository."""
    here = Path.cwd() / ".." / "shared" / "corpus"
    if here.is_dir():
        return here.resolve()
    return (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus").resolve()


def _fraction(value: float | None) -> float | None:
    # Accept 0.85 or 85 (percent) alike.
    if value is None:
        return None
    return value / 100 if value > 1 else value


@click.command("evaluate")
@click.argument("corpus_dir", required=False, type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--min-agreement", type=float, default=None, metavar="X",
              help="Exit 1 when exact agreement is below X (0.85 or 85 for 85%).")
@click.option("--max-critical", type=float, default=None, metavar="Y",
              help="Exit 1 when the critical-error rate is above Y (0.02 or 2 for 2%).")
@click.option("--edition", type=click.Choice([e["name"] for e in editions()]), default=None,
              help="Catalogue edition (default: the current one).")
@click.option("-v", "--verbose", is_flag=True, help="List every disagreement with the checker's message.")
@handle_errors
def evaluate(corpus_dir, as_json, min_agreement, max_critical, edition, verbose):
    """Check every labelled document in CORPUS_DIR (default ../shared/corpus) and compare with labels.yaml."""
    folder = Path(corpus_dir) if corpus_dir else default_corpus()
    if not (folder / "labels.yaml").is_file():
        click.echo(f"corpus not found at {folder}; skipped")
        return
    result = evaluate_corpus(folder, edition=edition)
    click.echo(render_json(result) if as_json else render_text(result, verbose=verbose))
    failures = []
    low, high = _fraction(min_agreement), _fraction(max_critical)
    if low is not None and result.agreement < low:
        failures.append(f"agreement {100 * result.agreement:.1f}% is below {100 * low:.1f}%")
    if high is not None and result.critical_rate > high:
        failures.append(f"critical errors {100 * result.critical_rate:.1f}% are above {100 * high:.1f}%")
    for f in failures:
        click.echo(f"evaluate: {f}", err=True)
    if failures:
        sys.exit(ExitCode.FINDINGS)


