"""Measure the checker against human auditors' labels (``labels.yaml`` of a corpus folder).

Agreement: the checker's status is one of the statuses the auditors accepted for that item.
Critical error: ``present`` where every accepted status is ``missing``, or ``missing`` where every
accepted status is ``present`` (the two mistakes that mislead a school or an auditor).
Each document is checked as an SEN information report as of the labels' ``as_of``, from the original
PDF or HTML when it is there (the plain-text extraction beside it otherwise). A document's optional
``setting: special`` in the labels checks it as a special school's (mainstream-only items not applicable).
Documents may be .pdf, .html, .docx, .md or .txt: whatever the readers accept.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from ..errors import InputError, Problem, ProfileError, did_you_mean, display_path
from .config import SETTINGS
from .engine import CheckOptions, check_document

STATUSES = ("present", "partial", "missing", "not_applicable")


@dataclass
class ItemResult:
    id: str
    got: str
    expected: list[str]
    agree: bool
    critical: bool
    message: str = ""


@dataclass
class DocumentEval:
    path: str
    read_from: str
    items: list[ItemResult] = field(default_factory=list)
    error: str | None = None

    @property
    def agreed(self) -> int:
        return sum(i.agree for i in self.items)

    @property
    def critical(self) -> int:
        return sum(i.critical for i in self.items)


@dataclass
class EvalResult:
    corpus: str
    as_of: str
    documents: list[DocumentEval] = field(default_factory=list)

    @property
    def items(self) -> list[ItemResult]:
        return [i for d in self.documents for i in d.items]

    @property
    def agreement(self) -> float:
        items = self.items
        return sum(i.agree for i in items) / len(items) if items else 0.0

    @property
    def critical_rate(self) -> float:
        items = self.items
        return sum(i.critical for i in items) / len(items) if items else 0.0

    @property
    def critical(self) -> int:
        return sum(i.critical for i in self.items)

    def describe(self, *, critical_only: bool = False) -> list[str]:
        """One line per disagreement (or per critical error): "<document> <ID>: got X, expected Y"."""
        return [f"{d.path} {i.id}: got {i.got}, expected {i.expected}" for d in self.documents
                for i in d.items if (i.critical if critical_only else not i.agree)]

    def per_requirement(self) -> dict[str, tuple[int, int, int]]:
        """ID -> (agreed, total, critical)."""
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for i in self.items:
            row = table[i.id]
            row[0] += i.agree
            row[1] += 1
            row[2] += i.critical
        return {k: tuple(v) for k, v in table.items()}

    def as_dict(self) -> dict:
        return {
            "corpus": self.corpus, "as_of": self.as_of,
            "items": len(self.items), "agreement": round(self.agreement, 4),
            "critical": self.critical, "critical_rate": round(self.critical_rate, 4),
            "documents": [{"path": d.path, "read_from": d.read_from, "error": d.error,
                           "agreed": d.agreed, "items": len(d.items), "critical": d.critical,
                           "disagreements": [asdict(i) for i in d.items if not i.agree]}
                          for d in self.documents],
            "requirements": {k: {"agreed": a, "items": n, "critical": c}
                             for k, (a, n, c) in sorted(self.per_requirement().items())},
        }


def is_critical(got: str, expected: list[str]) -> bool:
    return (got == "present" and all(e == "missing" for e in expected)) or \
           (got == "missing" and all(e == "present" for e in expected))


def load_labels(corpus_dir: Path) -> dict:
    """The checked labels of a corpus: ``as_of`` (a date or None) and ``documents``, each a mapping
    with ``setting`` and ``expect`` (requirement ID -> list of accepted statuses).

    Raises InputError listing every problem with its line: a typo in the labels must not silently
    become a disagreement or a crash halfway through a long evaluation.
    """
    from ..catalogue import editions, load_catalogue
    from ..yamlmarks import load_marked

    path = Path(corpus_dir) / "labels.yaml"
    shown = display_path(path)
    try:
        marked = load_marked(path)
    except ProfileError as exc:  # the YAML loader's words are about profiles; these are labels
        raise InputError(str(exc), exc.problems) from None
    data = marked.data
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise InputError(f"{shown}: expected a mapping with `as_of` and `documents`",
                         [Problem("no `documents:` mapping of file name to `expect:`", shown, 1,
                                  suggestion="see tests/checker/heldout/labels.yaml for the layout")])
    problems: list[Problem] = []

    def problem(where: tuple, message: str, expected: str | None = None, suggestion: str | None = None) -> None:
        mark = marked.mark(where)
        problems.append(Problem(message, shown, mark.line if mark else None, ".".join(map(str, where)),
                                expected, suggestion))

    as_of = data.get("as_of")
    if as_of is not None:
        try:
            as_of = date.fromisoformat(str(as_of))
        except ValueError:
            problem(("as_of",), f"`{as_of}` is not a date", "YYYY-MM-DD, e.g. 2026-11-22")
    known = {rid for e in editions() for rid in load_catalogue(e["name"]).ids()}
    documents: dict[str, dict] = {}
    for rel, entry in data["documents"].items():
        where = ("documents", rel)
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            problem(where, "must be a mapping with `expect:`", "expect: {SCH1-01: present, ...}")
            continue
        setting = entry.get("setting") or "mainstream"
        if setting not in SETTINGS:
            problem(where + ("setting",), f"`{setting}` is not a setting", " or ".join(SETTINGS))
        expect = entry.get("expect") or {}
        if not isinstance(expect, dict):
            problem(where + ("expect",), "must map requirement IDs to statuses", "SCH1-01: present")
            expect = {}
        accepted: dict[str, list[str]] = {}
        for rid, statuses in expect.items():
            statuses = [statuses] if isinstance(statuses, str) else statuses
            if rid not in known:
                problem(where + ("expect", rid), f"`{rid}` is not a requirement ID in the catalogue",
                        suggestion=did_you_mean(rid, known))
            elif not isinstance(statuses, list) or not statuses or any(st not in STATUSES for st in statuses):
                problem(where + ("expect", rid), f"`{statuses}` is not a status or a list of statuses",
                        " or ".join(STATUSES))
            else:
                accepted[rid] = list(statuses)
        documents[rel] = {**entry, "setting": setting, "expect": accepted}
    if problems:
        raise InputError(f"{shown}: {len(problems)} problem(s) in the labels", problems)
    return {**data, "as_of": as_of, "documents": documents}


def _read(path: Path):
    """The document from its original (PDF/HTML) with the readers, else the text extraction beside it."""
    from ..readers import read_document

    try:
        return read_document(str(path)), path.name
    except Exception as exc:  # noqa: BLE001  -- fall back to the plain text, and say so
        txt = path.with_suffix(".txt")
        if txt.exists() and txt != path:
            return read_document(str(txt)), f"{txt.name} (original unreadable: {exc})"
        raise


def evaluate_corpus(corpus_dir: str | Path, *, edition: str | None = None) -> EvalResult:
    """Check every labelled document of ``corpus_dir`` and compare with the labels."""
    corpus = Path(corpus_dir)
    labels = load_labels(corpus)
    as_of = labels.get("as_of")
    as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of)) if as_of else date.today()
    result = EvalResult(str(corpus), as_of.isoformat())
    for rel, entry in labels["documents"].items():
        expect = (entry or {}).get("expect") or {}
        setting = (entry or {}).get("setting") or "mainstream"
        if setting not in SETTINGS:
            raise InputError(f"{corpus / 'labels.yaml'}: documents.{rel}.setting is {setting!r}; "
                             f"use one of {', '.join(SETTINGS)}")
        options = CheckOptions(doc_type="sen-information-report", setting=setting, edition=edition, as_of=as_of)
        path = corpus / rel
        doc_eval = DocumentEval(rel, rel)
        result.documents.append(doc_eval)
        try:
            document, read_from = _read(path)
        except Exception as exc:  # noqa: BLE001  -- one bad file must not stop the evaluation
            doc_eval.error = f"{type(exc).__name__}: {exc}"
            continue
        doc_eval.read_from = read_from
        report = check_document(document, options)
        got = {f.id: f for f in report.results}
        for rid, accepted in expect.items():
            accepted = [accepted] if isinstance(accepted, str) else list(accepted)
            finding = got.get(rid)
            status = finding.status if finding else "not_applicable"
            doc_eval.items.append(ItemResult(rid, status, accepted, status in accepted,
                                             is_critical(status, accepted), finding.message if finding else ""))
    return result


def render_text(result: EvalResult, *, verbose: bool = False) -> str:
    """A table per document and per requirement, then the totals."""
    lines = [f"Corpus {result.corpus} (as of {result.as_of})", ""]
    lines.append(f"{'document':58} {'agree':>9} {'%':>6} {'critical':>8}")
    for d in result.documents:
        if d.error:
            lines.append(f"{d.path[:58]:58} error: {d.error}")
            continue
        pct = 100 * d.agreed / len(d.items) if d.items else 0
        lines.append(f"{d.path[:58]:58} {d.agreed:>4}/{len(d.items):<4} {pct:>5.1f}% {d.critical:>8}")
        if verbose:
            for i in d.items:
                if not i.agree:
                    flag = "CRITICAL " if i.critical else ""
                    lines.append(f"    {flag}{i.id}: got {i.got}, expected {'/'.join(i.expected)} -- {i.message}")
    lines += ["", f"{'requirement':20} {'agree':>9} {'%':>6} {'critical':>8}"]
    for rid, (a, n, c) in sorted(result.per_requirement().items()):
        lines.append(f"{rid:20} {a:>4}/{n:<4} {100 * a / n:>5.1f}% {c:>8}")
    n = len(result.items)
    lines += ["", f"Total: {sum(i.agree for i in result.items)}/{n} exact agreement "
                  f"({100 * result.agreement:.1f}%), {result.critical} critical errors "
                  f"({100 * result.critical_rate:.1f}%)"]
    return "\n".join(lines)


def render_json(result: EvalResult) -> str:
    return json.dumps(result.as_dict(), indent=2)
