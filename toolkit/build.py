"""The build: one school profile -> its documents in every format, plus build.json.

Everything is composed and rendered in memory first; files are written only when all of a
school's outputs exist, each by write-then-rename, and build.json last. A failure never leaves a
school's previous good outputs half-overwritten.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import sys
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import __version__
from .catalogue import Catalogue, load_catalogue
from .clauses import ClauseLibrary, Outline, bundled_library, bundled_outline
from .compose import Composed, compose_documents
from .dates import add_months
from .document import Document
from .errors import ClauseError, Problem, ProfileError, read_input
from .limits import MAX_TEXT_BYTES
from .output import sha256_file, staged_folder, write_atomic
from .workers import process_pool
from .profile import Profile, load_profile
from .readability import PLAIN_ENGLISH, measure
from .render.html import render_html
from .render.pdf import render_pdf
from .resources import data_dir, package_data
from .schema import approver

DOCUMENTS = ("policy", "report")
FORMATS = ("html", "pdf", "docx")
FILE_NAMES = {"send-policy": "send-policy", "sen-information-report": "sen-information-report"}
DOCUMENT_TYPES = {"policy": "send-policy", "report": "sen-information-report"}
BUILD_FILE = "build.json"


@dataclass
class BuildOptions:
    formats: tuple[str, ...] = FORMATS
    documents: tuple[str, ...] = DOCUMENTS
    allow_incomplete: bool = False
    edition: str | None = None
    # A "Made with sendkit" line in each document: off, since the documents are the school's own.
    credit: bool = False
    # A school's own Word file (letterhead, house styles) as the base of every DOCX (--word-template).
    word_template: Path | None = None
    # Processes rendering one school's documents at once (spare cores when a single school is built).
    # Not an input of the build: outputs are identical whatever it is.
    render_workers: int = 1


@dataclass
class BuildResult:
    slug: str
    folder: Path
    manifest: dict[str, Any]
    outputs: list[Path] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # document types rendered (the others were unchanged)


def coverage(doc: Document, catalogue: Catalogue, setting: str) -> dict[str, Any]:
    """Which applicable requirements the document's sections satisfy, and why others do not apply."""
    satisfied: dict[str, list[str]] = {}
    not_applicable: dict[str, str] = {}
    unsatisfied: list[str] = []
    readability = measure(body_text(doc))
    for req in catalogue.for_document(doc.type):
        applies, reason = req.applies(doc.type, setting)
        if not applies:
            not_applicable[req.id] = reason or "not applicable"
            continue
        where = [s.anchor or s.heading for s in doc.sections if req.id in s.satisfies]
        if req.id == "COP-6.81-PLAIN" and readability.flesch_reading_ease >= PLAIN_ENGLISH:
            where.append(f"whole document (Flesch reading ease {readability.flesch_reading_ease:.1f})")
        if where:
            satisfied[req.id] = where
        else:
            unsatisfied.append(req.id)
    return {"complete": not unsatisfied, "satisfied": satisfied, "not_applicable": not_applicable,
            "unsatisfied": unsatisfied, "readability": readability.as_dict()}


def approval_record(model) -> dict[str, Any]:
    """Who approved the SEND policy, when, the minute, and when its next review is due."""
    policy = model.policy
    return {"approved_by": approver(policy, getattr(model, "governance", None), getattr(model, "school", None)), "approved_on": policy.approved_on.isoformat(),
            "minute_reference": getattr(policy, "minute_reference", None),
            "review_cycle_months": policy.review_cycle_months,
            "next_review": add_months(policy.approved_on, policy.review_cycle_months).isoformat()}


def profile_facts(model) -> dict[str, Any]:
    """The school's facts as data, for build.json: `sendkit diff` compares two builds' facts."""
    return model.model_dump(mode="json", exclude={"extends"})


def body_text(doc: Document) -> str:
    """The parent-facing text of the document's sections (headings and body)."""
    return "\n\n".join(f"{s.heading}\n\n" + "\n\n".join(b.text for b in s.blocks) for s in doc.sections)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A hash of sendkit's own code: a changed renderer must rebuild, even at the same version."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_digest(paths: Iterable[Path], options: BuildOptions, extra: str = "") -> str:
    """A hash of everything a build reads, so an unchanged school need not be rebuilt."""
    digest = hashlib.sha256()
    digest.update(f"sendkit {__version__}|{_code_digest()}|{options.formats}|{options.documents}|"
                  f"{options.allow_incomplete}|{options.edition}|{options.credit}|{extra}".encode())
    for path in sorted(set(Path(p) for p in paths)):
        digest.update(str(path.name).encode())
        # Only regular files within the input limit: a named pipe among the clauses would wait for ever.
        digest.update(read_input(path, ClauseError if path.suffix == ".md" else ProfileError, "input file",
                                 max_bytes=MAX_TEXT_BYTES if path.suffix in (".md", ".yaml", ".yml") else 2**31))
    return digest.hexdigest()


def profile_digest(profile: Profile, options: BuildOptions, source_files: Iterable[Path] = (), extra: str = "") -> str:
    """A hash of what goes into a school's documents, not of the bytes of its files: the merged profile's
    data (a comment, a blank line or a reordered key in a profile or trust.yaml changes nothing), the
    clause wording it may use (bundled, the trust's, the school's own), the bundled outlines, catalogue
    and page template, and the options."""
    trust = getattr(profile.source, "trust", None)
    facts = json.dumps({"profile": profile.model.model_dump(mode="json"),
                        "trust": [trust.slug, trust.policy_level] if trust is not None else None},
                       sort_keys=True, default=str)
    wording = [Path(p) for p in source_files if Path(p).suffix.lower() not in (".yaml", ".yml")]
    return inputs_digest([*wording, *library_files(), *template_files(profile, options)], options,
                         extra=facts + extra)


def document_digest(doc: Document, formats: Iterable[str], credit: bool = False,
                    word_template: Path | None = None) -> str:
    """A hash of one composed document as it will be rendered: unchanged, its files need not be rendered again
    (a trust-level fact that this document does not show leaves it untouched)."""
    digest = hashlib.sha256(f"sendkit {__version__}|{_code_digest()}|{tuple(formats)}|{credit}|".encode())
    digest.update(json.dumps(asdict(doc), sort_keys=True, default=str).encode())
    if word_template is not None and "docx" in formats:  # a changed letterhead renders the Word file again
        digest.update(Path(word_template).read_bytes())
    for path in (package_data("style.css"), package_data("templates", "document.html")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _reusable(previous: dict[str, Any] | None, doc_type: str, content: str, folder: Path) -> dict[str, Any] | None:
    """The previous build's entry for this document when its content is the same and its files are intact."""
    for entry in (previous or {}).get("documents", []):
        if entry.get("type") != doc_type or entry.get("content_sha256") != content:
            continue
        for output in entry.get("outputs", []):
            path = folder / output.get("path", "")
            try:
                if path.stat().st_size != output.get("bytes") or sha256_file(path) != output.get("sha256"):
                    return None
            except OSError:
                return None
        return entry
    return None


def library_files() -> list[Path]:
    """The bundled data every build reads: clauses, outlines, catalogue, stylesheet, page template."""
    folders = [data_dir("clauses"), data_dir("policy_templates"), data_dir("report_templates")]
    files = [p for f in folders for p in f.glob("*") if p.is_file()]
    files += [package_data("style.css"), package_data("requirements.yaml"),
              package_data("templates", "document.html")]
    files += sorted(p for p in package_data("fonts").iterdir() if p.is_file())
    return files


def render_document(doc: Document, formats: Iterable[str], credit: bool = False,
                    word_template: Path | None = None) -> dict[str, bytes]:
    """Render one document to each format. ``credit`` adds a "Made with sendkit" line;
    ``word_template`` is the school's Word file the DOCX is written into."""
    out: dict[str, bytes] = {}
    formats = list(formats)
    if "html" in formats:
        out["html"] = render_html(doc, credit=credit).encode("utf-8")
    if "pdf" in formats:
        out["pdf"] = render_pdf(doc, credit=credit)
    if "docx" in formats:
        from .render.docx import render_docx  # python-docx loads only when Word output is asked for
        out["docx"] = render_docx(doc, credit=credit, template=word_template)
    return out


def render_documents(docs: list[Document], formats: Iterable[str], workers: int = 1,
                     credit: bool = False, word_template: Path | None = None) -> list[dict[str, bytes]]:
    """Render several documents, in ``workers`` forked processes when there are PDFs to lay out."""
    formats = tuple(formats)
    if workers > 1 and len(docs) > 1 and "pdf" in formats and sys.platform.startswith("linux"):
        context = multiprocessing.get_context("fork")
        with process_pool(min(workers, len(docs)), mp_context=context) as pool:
            n = len(docs)
            return list(pool.map(render_document, docs, [formats] * n, [credit] * n, [word_template] * n))
    return [render_document(doc, formats, credit, word_template) for doc in docs]


def build_profile(profile: Profile, out_dir: Path, options: BuildOptions = BuildOptions(), *,
                  library: ClauseLibrary | None = None, outlines: dict[str, Outline] | None = None,
                  source_files: Iterable[Path] = (), inputs_sha256: str | None = None,
                  write_manifest: bool = True, stage: Path | None = None,
                  previous: dict[str, Any] | None = None) -> BuildResult:
    """Compose, render and write one school's documents to ``out_dir/<slug>/``.

    ``inputs_sha256``: the inputs hash when the caller has already computed it (a batch plans with it).
    ``write_manifest=False`` leaves writing build.json to a caller that adds to it (the batch's check),
    so it is written once, last.
    The files are written into a staging folder and swapped in together (``output.staged_folder``),
    so a failed or killed build leaves the previous set whole. ``stage``: a caller that adds files
    (the batch's build.json) passes the staging folder it opened and swaps it in itself.
    ``previous``: the last build.json; a document whose composed content is unchanged and whose files
    are intact is not rendered again (the staging folder starts with its files).
    """
    if stage is None:
        with staged_folder(Path(out_dir) / profile.slug) as stage:
            return build_profile(profile, out_dir, options, library=library, outlines=outlines,
                                 source_files=source_files, inputs_sha256=inputs_sha256,
                                 write_manifest=write_manifest, stage=stage, previous=previous)
    library = library or bundled_library()
    catalogue = load_catalogue(options.edition)
    wanted = [DOCUMENT_TYPES[d] for d in options.documents]
    outlines = outlines or {t: bundled_outline(t, library) for t in wanted}
    composed: list[Composed] = compose_documents(profile, library, [outlines[t] for t in wanted],
                                                 allow_incomplete=options.allow_incomplete)
    template = word_template(profile, options) if "docx" in options.formats else None
    folder = Path(out_dir) / profile.slug
    contents = [document_digest(c.document, options.formats, options.credit, template) for c in composed]
    kept = [_reusable(previous, c.document.type, content, folder) for c, content in zip(composed, contents)]
    fresh = iter(render_documents([c.document for c, k in zip(composed, kept) if k is None], options.formats,
                                  options.render_workers, options.credit, template))
    documents, written, rendered_types = [], [], []
    for c, content, old in zip(composed, contents, kept):
        doc = c.document
        if old is not None:
            outputs = old["outputs"]
        else:
            outputs = []
            rendered_types.append(doc.type)
            for fmt, data in next(fresh).items():
                name = f"{FILE_NAMES[doc.type]}.{fmt}"
                digest = write_atomic(stage / name, data)
                written.append(folder / name)
                outputs.append({"format": fmt, "path": name, "sha256": digest, "bytes": len(data)})
        documents.append({
            "type": doc.type,
            "title": doc.title,
            "published": doc.published.isoformat() if doc.published else None,
            "next_review": doc.next_review.isoformat() if doc.next_review else None,
            "sections": [{"heading": s.heading, "anchor": s.anchor, "level": s.level,
                          "clauses": s.clause_ids, "satisfies": s.satisfies, "basis": s.basis}
                         for s in doc.sections],
            "coverage": coverage(doc, catalogue, profile.setting),
            "incomplete": [{"clause": cid, "field": f} for cid, fs in c.missing.items() for f in fs],
            "content_sha256": content,
            "outputs": outputs,
        })
    m = profile.model
    manifest = {
        "sendkit": {"version": __version__},
        "catalogue": {"edition": catalogue.edition},
        "school": {"name": m.school.name, "urn": m.school.urn, "slug": profile.slug,
                   "setting": profile.setting, "local_authority": m.school.local_authority,
                   "trust": m.school.trust.name if m.school.trust else None},
        "profile": str(profile.path),
        "inputs_sha256": inputs_sha256 or profile_digest(profile, options, source_files),
        "options": {"formats": list(options.formats), "documents": list(options.documents),
                    "allow_incomplete": options.allow_incomplete, "credit": options.credit,
                    "word_template": str(template) if template and "docx" in options.formats else None},
        "complete": all(not d["incomplete"] and d["coverage"]["complete"] for d in documents),
        "approval": approval_record(m),
        "documents": documents,
        "facts": profile_facts(m),
    }
    if write_manifest:
        write_build_json(stage, manifest)
        written.append(folder / BUILD_FILE)
    return BuildResult(profile.slug, folder, manifest, written, rendered_types)


def word_template(profile: Profile, options: BuildOptions) -> Path | None:
    """The Word file a school's DOCX is written into: --word-template, else the profile's
    ``word_template:``, else none (sendkit's own styles)."""
    if options.word_template is not None:
        return options.word_template
    given = getattr(profile, "word_template", None)
    if given is None:
        return None
    from .render.docx import check_word_template

    mark = profile.mark("word_template")
    return check_word_template(given, "word_template", f"{mark.file}:{mark.line}" if mark else None)


def word_template_problems(profile: Profile) -> list[Problem]:
    """What stops the profile's ``word_template:`` from being used, in the words `sendkit build` stops
    with (the file is missing, or is not a Word file); [] when there is none or it is usable.
    `sendkit validate` reports them, so a profile it passes builds its Word files too."""
    from .errors import InputError

    try:
        word_template(profile, BuildOptions())
    except InputError as exc:
        if exc.problems:
            return list(exc.problems)
        mark = profile.mark("word_template")
        return [Problem(str(exc), mark.file if mark else str(profile.path), mark.line if mark else None,
                        "word_template", suggestion="give the file's name relative to the profile, or remove "
                                                    "word_template: for sendkit's own styles")]
    return []


def template_files(profile: Profile, options: BuildOptions) -> list[Path]:
    """The Word template, as an input of the build (a changed letterhead rebuilds), when DOCX is made.
    Not checked here: a missing or broken template is that school's build error, found when it builds."""
    if "docx" not in options.formats:
        return []
    template = options.word_template or getattr(profile, "word_template", None)
    return [template] if template is not None and Path(template).is_file() else []


def write_build_json(folder: Path, manifest: dict[str, Any]) -> Path:
    """Write (or rewrite) a school's build.json, the last file of its build."""
    path = folder / BUILD_FILE
    write_atomic(path, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return path


def build(profile_path: str | Path, out_dir: str | Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Load, validate and build one school profile."""
    profile = load_profile(profile_path)
    return build_profile(profile, Path(out_dir), options)
