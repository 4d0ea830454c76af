"""The judgement engine: one Document in, one DocumentReport out (a result for every applicable ID).

Each requirement in the catalogue carries its recognition data (``signals``, ``partial_when``) or
names a code ``hook`` (toolkit.checker.hooks, one module per family). The engine reads the document once into parts of
sentences (toolkit.checker.passages), judges each applicable requirement, and stamps force, title
and source from the catalogue of the chosen edition, so a rule can never misreport its own severity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..catalogue import POLICY, REPORT, Catalogue, Requirement, Signals, load_catalogue
from ..errors import did_you_mean
from ..document import Document
from .config import TYPES
from .findings import DocumentReport, Evidence, Finding, Note
from .hooks import HOOKS, Context, Verdict
from .patterns import URL
from .passages import Part, SentenceIndex, parts_of
from .signals import judge_signals, quote, where

DOC_TYPES = tuple(t for t in TYPES if t != "auto")


@dataclass(frozen=True)
class CheckOptions:
    """How to judge: document type (or "auto"), school setting, catalogue edition, the date judged as
    of, and requirement IDs switched off by configuration."""

    doc_type: str = "auto"
    setting: str = "mainstream"
    edition: str | None = None  # None: the current edition
    as_of: date = field(default_factory=date.today)
    disabled: frozenset[str] = frozenset()


_REPORT_CUE = re.compile(r"\b(?:information\s+report|SEN(?:D)?\s+information|local\s+offer|"
                         r"SEN(?:D)?\s+report|school\s+offer)\b", re.I)
_POLICY_CUE = re.compile(r"\bpolicy\b", re.I)
_LINK_TO_REPORT = re.compile(r"\b(?:information\s+report)\b[^.\n]{0,80}\b(?:pdf|download|click|here|link|below|"
                             r"view|read)\b|\b(?:download|click|read|view)\b[^.\n]{0,60}\binformation\s+report\b",
                             re.I)


def detect_type(document: Document) -> str:
    """"sen-information-report", "send-policy" or "combined", from the title first, then the content."""
    parts = parts_of(document)
    return _detect(document, parts)


def _detect(document: Document, parts: list[Part]) -> str:
    if document.type in DOC_TYPES:
        return document.type
    head = " ".join([document.title or ""] + [p.heading for p in parts[:3]])
    report, policy = bool(_REPORT_CUE.search(head)), bool(_POLICY_CUE.search(head))
    if report and policy:
        return "combined"
    if report:
        return REPORT
    if policy:
        # A policy with an information report inside it ("...Policy and Information Report").
        body = " ".join(p.heading for p in parts)
        return "combined" if len(re.findall(r"\binformation\s+report\b", body, re.I)) >= 2 else POLICY
    text = document.text
    n_report = len(_REPORT_CUE.findall(text))
    n_policy = len(re.findall(r"\bthis policy\b|\bpolicy (?:aims|sets out|will be reviewed)", text, re.I))
    if n_policy > n_report:
        return POLICY
    return REPORT


def _type_notes(document: Document, parts: list[Part], doc_type: str, detected: str) -> list[Note]:
    notes: list[Note] = []
    total = sum(p.own_words() for p in parts)
    links = sum(len(p.links) for p in parts) + len(URL.findall(document.text))
    landing = total < 1200 and (any(_LINK_TO_REPORT.search(s.text) for p in parts for s in p.sentences)
                                or links >= 8 and total < 900)
    if landing:
        notes.append(Note("document-type",
                          f"This looks like a landing page ({total} words, {links} links) that points to the "
                          "SEN information report rather than the report itself: check the linked report too"))
    if doc_type != detected:
        notes.append(Note("document-type", f"Checked as {doc_type}, but it reads like a {detected}"))
    return notes


def check_document(document: Document, options: CheckOptions | None = None) -> DocumentReport:
    """Judge ``document`` against every requirement that applies to its type and setting."""
    options = options or CheckOptions()
    catalogue = checker_catalogue(options.edition)
    parts = parts_of(document)
    detected = _detect(document, parts)
    doc_type = detected if options.doc_type in (None, "auto") else options.doc_type
    report = DocumentReport(path=document.source or document.title or "", type=doc_type)
    ctx = Context(document, parts, options.as_of, catalogue.edition, options.setting)
    index = SentenceIndex(parts)  # which sentences hold which words: found once, used by every requirement
    for req in _applicable(catalogue, doc_type):
        if req.id in options.disabled:
            continue
        applies, reason = req.applies(doc_type, options.setting)
        if not applies:
            report.results.append(_stamp(req, Verdict("not_applicable", reason or "not applicable")))
            continue
        report.results.append(_stamp(req, judge(req, ctx, index)))
    report.readability = ctx.readability().as_dict()
    report.notes.extend(_type_notes(document, parts, doc_type, detected))
    return report


def _applicable(catalogue: Catalogue, doc_type: str) -> list[Requirement]:
    if doc_type not in DOC_TYPES:
        raise ValueError(f"unknown document type {doc_type!r}: choose one of {', '.join(DOC_TYPES)}")
    types = {POLICY, REPORT} if doc_type == "combined" else {doc_type}
    return [r for r in catalogue if types & set(r.applies_to)]


def _stamp(req: Requirement, verdict: Verdict) -> Finding:
    return Finding(id=req.id, status=verdict.status, force=req.force, title=req.title, source=req.source,
                   message=verdict.message, evidence=list(verdict.evidence))


def judge(req: Requirement, ctx: Context, index: SentenceIndex | None = None) -> Verdict:
    """One requirement's verdict: its hook when it names one, else its signals."""
    if req.hook:
        return HOOKS[req.hook](ctx, req)
    signals = req.signals
    if signals is None:
        raise ValueError(f"requirement {req.id} has neither signals nor a hook in the catalogue")
    j = judge_signals(ctx.parts, signals, index)
    thing = req.what or (req.title[0].lower() + req.title[1:])
    if j.status == "present":
        how = "under a heading that names it" if j.heading_hit else "in the text"
        return Verdict("present", f"Covered {how}" + (f" ({j.evidence[0].location})" if j.evidence else ""),
                       j.evidence)
    if j.status == "partial":
        msg = req.partial_when or f"{thing[0].upper() + thing[1:]} mentioned only in passing: " \
                                               "describe the school's own arrangements"
        return Verdict("partial", msg, j.evidence)
    quoted = _quoted_only(ctx.parts, signals)
    if quoted:
        return Verdict("missing", f"Only the statutory duty is quoted ({quoted[0].location}); the document does "
                                  f"not give the school's own {thing}", quoted)
    return Verdict("missing", req.missing_message or f"No statement of {thing} found", [])


def _quoted_only(parts: list[Part], signals: Signals) -> list[Evidence]:
    phrases = signals.phrases
    for part in parts:
        for s in part.sentences:
            if s.quoted:
                for p in phrases:
                    m = p.search(s.text)
                    if m:
                        return [Evidence(where(part, s), quote(s.text, m))]
    return []


def requirement_judged(req: Requirement) -> bool:
    """Whether the engine can judge ``req`` (it has signals or a registered hook)."""
    return req.signals is not None or (req.hook in HOOKS if req.hook else False)


@lru_cache(maxsize=None)
def checker_catalogue(edition: str | None = None) -> Catalogue:
    """The catalogue of ``edition`` with every hook name resolved, checked once when it loads: a hook
    that does not exist is a CatalogueError with the file, line and key, not a failure on the first
    document that reaches it."""
    catalogue = load_catalogue(edition)
    resolve_hooks(catalogue)
    return catalogue


def resolve_hooks(catalogue: Catalogue) -> None:
    """Raise CatalogueError for the first entry whose ``hook:`` names no registered hook."""
    for req in catalogue:
        if req.hook and req.hook not in HOOKS:
            raise catalogue.error(req.id, "hook", f"no code hook is called `{req.hook}`",
                                  did_you_mean(req.hook, HOOKS) or f"hooks: {', '.join(sorted(HOOKS))}")
