"""What the web pages ask of the library, in one place: the same functions the commands call.

- a profile's state: ``load_profile`` (as `sendkit validate`) and ``missing_facts``;
- saving answers: the round-trip file, checked by ``load_profile`` before it replaces the old one;
- the preview and coverage: ``compose_documents``, ``coverage`` and ``render_html`` (as `sendkit build`);
- downloads: ``build_profile`` into a temporary folder;
- checking a document: ``check_paths`` (as `sendkit check`);
- annual reviews: ``run_reviews`` (as `sendkit reviews`) into a private temporary folder.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, SendkitError
from .profile_file import ProfileFile
from .schema_form import Form, Page, Question, parse_answer, profile_form

DOCUMENT_ORDER = ("sen-information-report", "send-policy")
DOCUMENT_NAMES = {"sen-information-report": "SEN information report", "send-policy": "SEND policy"}


# ---------------------------------------------------------------------------------------------
# Profiles in the workspace folder

def find_school_profiles(folder: Path) -> list[Path]:
    """The school profiles in ``folder``, recognised as `sendkit build FOLDER` recognises them."""
    from ..batch import find_profiles

    try:
        schools, _trusts, _skipped = find_profiles([folder])
    except SendkitError:
        return []
    return [p for p in schools if not p.name.startswith(".")]


@dataclass
class ProfileState:
    """One profile as the pages need it: the file, and what `sendkit validate` says about it."""

    path: Path
    file: ProfileFile | None
    profile: Any = None  # toolkit.profile.Profile when valid
    problems: list[Problem] = field(default_factory=list)  # the schema's (ProfileError)
    gaps: list[Problem] = field(default_factory=list)  # facts the documents need (missing_facts)
    error: str | None = None  # the file cannot be read at all
    merged: Any = None  # the merged data with marks (a trust school's inherited values)
    warnings: list[Problem] = field(default_factory=list)  # what `sendkit validate` and `build` warn about

    @property
    def valid(self) -> bool:
        return self.profile is not None

    def problems_under(self, sections: tuple[str, ...]) -> list[Problem]:
        return [p for p in self.problems + self.gaps
                if (p.field or "").split(".")[0] in sections]

    def warnings_under(self, sections: tuple[str, ...]) -> list[Problem]:
        return [p for p in self.warnings if (p.field or "").split(".")[0] in sections]


_STATE_CACHE: dict[tuple, ProfileState] = {}
_STATE_LOCK = threading.Lock()


def _fingerprint(path: Path) -> tuple:
    try:
        st = path.stat()
        return (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        return (str(path), None, None)


def validate_profile_file(path: Path, gaps: bool = True) -> tuple[Any, list[Problem], list[Problem], Any]:
    """(profile or None, schema problems, missing facts, merged data): what `sendkit validate` reports.

    ``gaps=False`` skips the missing facts (a save only needs the schema's verdict).
    """
    from ..compose import missing_facts
    from ..errors import ProfileError
    from ..inheritance import load_with_extends
    from ..profile import load_profile

    merged = None
    try:
        merged = load_with_extends(path)
    except SendkitError:
        pass
    try:
        profile = load_profile(path)
    except ProfileError as exc:
        problems = exc.problems or [Problem(str(exc), None, None, None)]
        return None, problems, [], merged
    if not gaps:
        return profile, [], [], merged
    from ..batch import library_for

    return profile, [], missing_facts(profile, library_for(profile)), merged


def load_state(path: Path) -> ProfileState:
    """The profile at ``path`` with its problems; cached until the file (or its trust file) changes."""
    key = _fingerprint(path)
    with _STATE_LOCK:
        cached = _STATE_CACHE.get(key)
    if cached is not None and _sources_unchanged(cached):
        return cached
    try:
        pf = ProfileFile.load(path)
    except SendkitError as exc:
        return ProfileState(path, None, error=str(exc))
    except OSError as exc:
        return ProfileState(path, None, error=f"{path.name}: cannot be read ({exc.strerror})")
    profile, problems, gaps, merged = validate_profile_file(path)
    warnings = []
    if profile is not None:
        from ..build import word_template_problems
        from ..profile import profile_warnings

        problems = word_template_problems(profile)  # what `sendkit validate` says of the letterhead file
        warnings = profile_warnings(profile)  # the lines `sendkit validate` and `build` print as "warning:"
    state = ProfileState(path, pf, profile, problems, gaps, merged=merged, warnings=warnings)
    state._sources = _source_prints(merged, state)  # type: ignore[attr-defined]
    with _STATE_LOCK:
        if len(_STATE_CACHE) > 64:
            _STATE_CACHE.clear()
        _STATE_CACHE[key] = state
    return state


def _source_prints(merged: Any, state: ProfileState) -> tuple:
    files = getattr(merged, "source_files", None)
    paths = list(files() if callable(files) else (files or []))
    template = state.profile.word_template if state.profile is not None else None
    if template is not None:  # a letterhead replaced by hand is checked again
        paths.append(template)
    return tuple(_fingerprint(Path(p)) for p in paths)


def _sources_unchanged(state: ProfileState) -> bool:
    return _source_prints(state.merged, state) == getattr(state, "_sources", ())


# ---------------------------------------------------------------------------------------------
# Answers

def current_value(state: ProfileState, path: tuple) -> Any:
    """The value written in the school's own file at ``path`` (None when it is not there)."""
    if state.file is None:
        return None
    return state.file.get(path)


def _mark_words(mark: Any, state: ProfileState) -> str:
    """Where a trust value was written, as the school's `extends:` names the file: trust.yaml:39 (not
    the full path of the folder sendkit serve was started in)."""
    if mark is None or not getattr(mark, "file", None):
        return str(mark)
    where = os.path.relpath(str(mark.file), state.path.parent)
    return f"{where}:{mark.line}" if getattr(mark, "line", None) else where


def inherited(state: ProfileState, path: tuple) -> tuple[Any, str | None, str | None]:
    """(value, where from, locked reason) for a trust school's field the school file does not set."""
    merged = state.merged
    if merged is None or getattr(merged, "trust", None) is None:
        return None, None, None
    value = merged.data
    for part in path:
        if isinstance(value, dict) and part in value:
            value = value[part]
        else:
            value = None
            break
    mark = merged.marks.get(tuple(path)) if hasattr(merged, "marks") else None
    where = None
    if value is not None and mark is not None and Path(str(mark.file)).name != state.path.name:
        where = _mark_words(mark, state)
    elif value is not None and mark is None:
        value = None
    locked = None
    text = tuple(str(p) for p in path)
    for dotted, lock_mark in merged.trust.locked.items():
        target = tuple(dotted.split("."))
        if text[:len(target)] == target:
            locked = (f"The trust sets this for every school ({_mark_words(lock_mark, state)}): schools cannot "
                      "change it.")
            break
    return (value if where else None), where, locked


def _item_from_text(q: Question, value: Any) -> Any:
    """A list item written as plain text (``- Numicon``) is its first required field."""
    if isinstance(value, str) and q.children:
        first = next((c for c in q.children if c.required), q.children[0])
        return {first.name: value}
    return value


def list_items(state: ProfileState, q: Question) -> list[dict]:
    value = current_value(state, q.path)
    if not isinstance(value, list):
        return []
    return [_item_from_text(q, v) if not isinstance(v, dict) else dict(v) for v in value]


def _collect(questions: list[Question], form: Any, prefix: tuple) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in questions:
        path = prefix + (q.name,)
        if not q.simple:  # not asked inside a list item: apply_answers keeps what the file has
            continue
        value, _given = parse_answer(q, form, path)
        if value is not None and value != []:
            out[q.name] = value
    return out


def apply_answers(pf: ProfileFile, page: Page, form: Any, locked: set[str] = frozenset()) -> bool:
    """Write the answers to one page into ``pf`` (not yet saved). Returns True when anything changed."""
    changed = False
    if page.is_list:
        q = page.questions[0]
        count = _int(form.get(f"{q.dotted}.count"), 0)
        existing = pf.get(q.path)
        existing = existing if isinstance(existing, list) else []
        # What a list item holds that its page does not ask (a group or list inside an item, an internal
        # setting the form hides) is kept.
        asked = {c.name for c in q.children if c.simple}
        items = []
        for i in range(min(count, 500)):
            if form.get(f"{q.dotted}.{i}._remove"):
                continue
            item = _collect(q.children, form, q.path + (i,))
            old = existing[i] if i < len(existing) and isinstance(existing[i], dict) else {}
            if item:
                item.update({k: v for k, v in old.items() if k not in asked})
                items.append(item)
        for i, item in enumerate(items):
            old = existing[i] if i < len(existing) else None
            if old is not None and _item_from_text(q, old) == item and not isinstance(old, dict):
                continue  # written as plain text and unchanged: leave it as written
            changed |= pf.set(q.path + (i,), item)
        changed |= pf.set_list_length(q.path, len(items))
        return changed
    for q in page.questions:
        if q.dotted in locked:
            continue
        value, given = parse_answer(q, form, q.path)
        if not given and (q.kind == "boolean" or q.same_as):
            continue  # not on the page: a repeat is shown only while it differs (see repeat_shown)
        if not given:
            value = None
        current = pf.get(q.path)
        if current is None and value is not None and q.default is not None and value == q.default:
            continue  # the schema's default: the file need not say it
        if value != current:
            _follow(pf, q, current, value)
        changed |= pf.set(q.path, value)
    return changed


def _follow(pf: ProfileFile, q: Question, old: Any, new: Any) -> None:
    """A field that repeats ``q`` (schema ``same_as``: `policies: complaints:` beside `complaints:
    policy_url:`) and says what ``q`` said, or stands in for it, changes with it: one address, never two."""
    for repeat in profile_form().repeats_of(q.dotted):
        said = pf.get(repeat.path)
        if said is not None and (old is None or said == old):
            pf.set(repeat.path, new)


def repeat_shown(state: "ProfileState", q: Question) -> bool:
    """Whether a repeating question (``same_as``) is asked: only while the school's file gives it, and not
    as the field it repeats says (then the user can see and clear it)."""
    if not q.same_as or state.file is None:
        return True
    said = state.file.get(q.path)
    return said is not None and said != state.file.get(tuple(q.same_as.split(".")))


def _int(text: Any, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


@dataclass
class SaveResult:
    saved: bool
    problems: list[Problem]  # this page's problems (the answers were not saved when there are any)
    state: ProfileState | None = None


def page_problems(page: Page, problems: list[Problem]) -> list[Problem]:
    """The problems that belong to questions on ``page`` (by field path)."""
    prefixes = [q.dotted for q in page.questions]
    out = []
    for p in problems:
        f = p.field or ""
        if page.is_list:
            if f == prefixes[0] or f.startswith(prefixes[0] + "."):
                out.append(p)
        elif any(f == pre or f.startswith(pre + ".") for pre in prefixes):
            out.append(p)
        elif page.id and (f == page.id) and page.questions:
            out.append(p)  # the whole group is missing: shown on its first question
    return out


_SAVE_LOCK = threading.Lock()  # one save at a time: two tabs saving at once must not lose an answer


def save_page(path: Path, page: Page, form: Any) -> SaveResult:
    with _SAVE_LOCK:
        return _save_page(path, page, form)


def _save_page(path: Path, page: Page, form: Any) -> SaveResult:
    """Apply one page's answers and save them, unless the schema finds a problem on this page.

    The candidate file is validated by `load_profile` (the code behind `sendkit validate`) from a
    temporary copy beside the profile (so `extends:` resolves the same way); the profile itself is
    replaced atomically, with the previous version kept as NAME.yaml.bak.
    """
    state = load_state(path)
    if state.file is None:
        return SaveResult(False, [Problem(state.error or "the profile cannot be read")], state)
    pf = ProfileFile.load(path, private=True)  # a copy: the cached state's file is shared with other requests
    locked = {q.dotted for q in page.questions if inherited(state, q.path)[2]}
    if not apply_answers(pf, page, form, locked):
        # nothing changed: still not right when `sendkit validate` finds a problem on this page (a
        # required answer left empty), so the user is not moved on past it
        mine = page_problems(page, state.problems)
        return SaveResult(not mine, mine, state)
    text = pf.dump()
    from ..output import scratch_copy

    # A private copy beside the profile, so `extends:` resolves as it will from the profile itself.
    with scratch_copy(path, text, suffix=".check.yaml") as candidate:
        _profile, problems, _gaps, _merged = validate_profile_file(candidate, gaps=False)
    mine = page_problems(page, problems)
    if mine:
        return SaveResult(False, mine, state)
    pf.save(text)
    return SaveResult(True, [])  # the next page reads the new state (load_state sees the new file)


def new_profile(folder: Path, name: str, example: Path | None) -> Path:
    """Start a profile for school ``name`` in ``folder`` (blank, or a copy of a bundled example)."""
    from ..output import write_atomic
    from ..profile import slugify

    slug = slugify(name) or "school"
    target = folder / f"{slug}.yaml"
    if target.exists():
        raise SendkitError(f"{target.name} already exists in this folder: open it from the list, or "
                           "choose another name")
    if example is not None:
        pf = ProfileFile.from_text(target, example.read_text(encoding="utf-8"))
        pf.set(("school", "name"), name)
        if pf.get(("school", "slug")) is not None:
            pf.set(("school", "slug"), slug)
        text = pf.dump()
    else:
        pf = ProfileFile.from_text(target, "")
        pf.set(("school", "name"), name)
        header = (f"# {name}: the school profile sendkit builds its SEND documents from.\n"
                  "# Written by `sendkit serve`; it can be edited by hand too (`sendkit validate` checks it).\n")
        text = header + pf.dump()
    write_atomic(target, text)
    return target


# ---------------------------------------------------------------------------------------------
# The school's letterhead: its own Word file, the base of every DOCX (`word_template:`)

LETTERHEAD_FIELD = "word_template"  # the profile setting the letterhead page writes (internal: not a question)


@dataclass
class Letterhead:
    """What a school's Word files are written into, and where that was said."""

    written: str | None  # word_template: as written in the file that gives it (None: sendkit's own styles)
    path: Path | None  # that file, resolved as `sendkit build` resolves it
    own: bool = False  # the school's file gives it (else its trust, or nobody)
    cleared: bool = False  # the school's file says `word_template:` with no value: not the trust's either
    locked: str | None = None  # why the school cannot change it (the trust locks it)
    trust: str | None = None  # the file name of the trust's letterhead, when the trust gives one
    trust_where: str | None = None  # the trust file and line that gives it
    problems: list[Problem] = field(default_factory=list)  # what stops it being used, as `sendkit validate` says

    @property
    def name(self) -> str | None:
        return self.path.name if self.path is not None else None

    @property
    def inherited(self) -> bool:
        return self.written is not None and not self.own


def letterhead(state: ProfileState) -> Letterhead:
    """The letterhead of the profile in ``state``: the school's own, or its trust's (as `sendkit
    explain word_template` would say), with the problems that stop it being used."""
    key = (LETTERHEAD_FIELD,)
    has_key = state.file is not None and LETTERHEAD_FIELD in state.file.data
    own_value = state.file.get(key) if has_key else None
    trust_value, trust_where, trust_path = _trust_letterhead(state)
    locked = inherited(state, key)[2]
    if own_value is not None:
        written = str(own_value)
        path = state.profile.word_template if state.profile is not None else state.path.parent / written
    elif trust_value is not None and not has_key:
        written, path = str(trust_value), trust_path
    else:
        written, path = None, None
    problems = [p for p in state.problems if (p.field or "").split(".")[0] == LETTERHEAD_FIELD]
    return Letterhead(written, path, own_value is not None, has_key and own_value is None, locked,
                      trust_path.name if trust_path is not None else None, trust_where, problems)


def _trust_letterhead(state: ProfileState) -> tuple[Any, str | None, Path | None]:
    """(value, file and line, resolved path) of the letterhead the school's trust gives, if any."""
    trust = getattr(state.merged, "trust", None)
    if trust is None or not isinstance(trust.base.data, dict):
        return None, None, None
    value = trust.base.data.get(LETTERHEAD_FIELD)
    mark = trust.base.marks.get((LETTERHEAD_FIELD,))
    if not value or mark is None:
        return None, None, None
    given = Path(str(value))
    return value, _mark_words(mark, state), given if given.is_absolute() else Path(str(mark.file)).parent / given


def letterhead_file_name(profile_path: Path, suffix: str) -> Path:
    """Where an uploaded letterhead is kept: beside the profile, named after it (one per school in a
    folder of several), never over a Word file the profile names by hand (a trust's shared one)."""
    return profile_path.with_name(f"{profile_path.stem}-letterhead{suffix}")


def save_letterhead(path: Path, data: bytes, filename: str) -> SaveResult:
    """Keep an uploaded Word file beside the profile and point ``word_template:`` at it.

    The bytes are checked by content with `check_word_template`'s own check (what `sendkit build
    --word-template` says); a trust's lock refuses it. The file is written atomically (a file it
    replaces is kept as NAME.bak), then the profile is saved as every page saves it (round trip,
    backup). Nothing is written when there is a problem."""
    with _SAVE_LOCK:
        return _save_letterhead(path, data, filename)


def _save_letterhead(path: Path, data: bytes, filename: str) -> SaveResult:
    from ..output import write_atomic
    from ..render.docx import check_word_template_bytes

    state = load_state(path)
    if state.file is None:
        return SaveResult(False, [Problem(state.error or "the profile cannot be read")], state)
    refused = _locked_problem(state)
    if refused:
        return SaveResult(False, refused, state)
    shown = _safe_name(filename) or "the file"
    try:
        suffix = check_word_template_bytes(data, shown, LETTERHEAD_FIELD)
    except InputError as exc:
        return SaveResult(False, [_as_field_problem(exc)], state)
    target = letterhead_file_name(path, suffix)
    pf = ProfileFile.load(path, private=True)
    changed = pf.set_setting(LETTERHEAD_FIELD, target.name)
    problems = _candidate_problems(path, pf) if changed else []
    if problems:
        return SaveResult(False, problems, state)
    if target.exists():
        shutil.copy2(target, target.with_name(target.name + ".bak"))
    write_atomic(target, data)
    if changed:
        pf.save()
    return SaveResult(True, [])


def stop_letterhead(path: Path, use_trusts: bool = False) -> SaveResult:
    """Word files in sendkit's own styles again: ``word_template:`` removed from the school's file (the
    trust's letterhead, if it gives one, then applies), or set empty when the school wants none of its
    trust's either. The Word file itself is left where it is."""
    with _SAVE_LOCK:
        state = load_state(path)
        if state.file is None:
            return SaveResult(False, [Problem(state.error or "the profile cannot be read")], state)
        refused = _locked_problem(state)
        if refused:
            return SaveResult(False, refused, state)
        pf = ProfileFile.load(path, private=True)
        if letterhead(state).trust is not None and not use_trusts:
            changed = pf.set_setting(LETTERHEAD_FIELD, None)
        else:
            changed = pf.set((LETTERHEAD_FIELD,), None)
        problems = _candidate_problems(path, pf) if changed else []
        if problems:
            return SaveResult(False, problems, state)
        if changed:
            pf.save()
        return SaveResult(True, [])


def _locked_problem(state: ProfileState) -> list[Problem]:
    locked = inherited(state, (LETTERHEAD_FIELD,))[2]
    return [Problem(locked, None, None, LETTERHEAD_FIELD)] if locked else []


def _as_field_problem(exc: InputError) -> Problem:
    """The check's one problem (or its headline) as a problem at the letterhead field."""
    if exc.problems:  # "Letter.pdf: cannot be used as the Word template" + the reason: one sentence
        p = exc.problems[0]
        return Problem(str(exc).replace(": cannot", " cannot", 1) + ": " + p.message, p.file, p.line,
                       LETTERHEAD_FIELD, p.expected, p.suggestion)
    return Problem(str(exc), None, None, LETTERHEAD_FIELD)


def _candidate_problems(path: Path, pf: ProfileFile) -> list[Problem]:
    """The schema's problems with the changed profile, checked from a private copy beside it."""
    from ..output import scratch_copy

    with scratch_copy(path, pf.dump(), suffix=".check.yaml") as candidate:
        _profile, problems, _gaps, _merged = validate_profile_file(candidate, gaps=False)
    return [p for p in problems if (p.field or "").split(".")[0] == LETTERHEAD_FIELD]


# ---------------------------------------------------------------------------------------------
# Preview and coverage

@dataclass
class CoverageItem:
    id: str
    title: str
    force: str
    status: str  # present | to-complete | missing
    fields: list[str] = field(default_factory=list)


@dataclass
class Preview:
    html: dict[str, str]  # document type -> the page as it will be published
    coverage: dict[str, list[CoverageItem]]
    complete: bool


_PREVIEW_CACHE: dict[tuple, tuple[str, list[CoverageItem]]] = {}
_PREVIEW_LOCK = threading.Lock()


def preview(state: ProfileState) -> Preview | None:
    """Both documents composed and rendered to HTML, with every requirement's coverage."""
    if not state.valid:
        return None
    html, cover = {}, {}
    for doc_type in DOCUMENT_ORDER:
        html[doc_type], cover[doc_type] = preview_document(state, doc_type)
    complete = all(i.status == "present" for items in cover.values() for i in items)
    return Preview(html, cover, complete)


def preview_document(state: ProfileState, doc_type: str) -> tuple[str, list[CoverageItem]]:
    """One document as it will be published, and its requirements' coverage; cached until a save.

    One document at a time: the preview frame beside a question asks for one, and the two frames of
    the task list are composed in parallel.
    """
    key = (_fingerprint(state.path), getattr(state, "_sources", ()), doc_type)
    with _PREVIEW_LOCK:
        if key in _PREVIEW_CACHE:
            return _PREVIEW_CACHE[key]
    from ..batch import library_for
    from ..build import coverage
    from ..catalogue import load_catalogue
    from ..clauses import bundled_outline
    from ..compose import compose_documents
    from ..render.html import render_html

    profile = state.profile
    library = library_for(profile)
    catalogue = load_catalogue(None)
    composed = compose_documents(profile, library, [bundled_outline(doc_type, library)], allow_incomplete=True)
    doc = composed[0].document
    result = coverage(doc, catalogue, profile.setting)
    items = []
    for req in catalogue.for_document(doc.type):
        if req.id in result["not_applicable"]:
            continue
        sections = [s for s in doc.sections if req.id in s.satisfies]
        fields = sorted({f for s in sections for f in getattr(s, "incomplete", [])})
        if req.id in result["satisfied"] and not fields:
            status = "present"
        elif fields:
            status = "to-complete"
        else:
            status = "missing"
        items.append(CoverageItem(req.id, req.title, req.force, status, fields))
    order = {"to-complete": 0, "missing": 1, "present": 2}
    items.sort(key=lambda i: order[i.status])
    entry = (render_html(doc), items)
    with _PREVIEW_LOCK:
        if len(_PREVIEW_CACHE) > 64:
            _PREVIEW_CACHE.clear()
        _PREVIEW_CACHE[key] = entry
    return entry


# ---------------------------------------------------------------------------------------------
# Downloads

FILE_FORMATS = ("html", "pdf", "docx")


def build_files(state: ProfileState, documents: tuple[str, ...], formats: tuple[str, ...]) -> dict[str, bytes]:
    """Build with `build_profile` (as `sendkit build`) into a temporary folder; return the files' bytes."""
    from ..batch import library_for, source_files
    from ..build import BuildOptions, build_profile

    profile = state.profile
    options = BuildOptions(formats=formats, documents=documents, allow_incomplete=True)
    with tempfile.TemporaryDirectory(prefix="sendkit-serve-") as tmp:
        result = build_profile(profile, Path(tmp), options, library=library_for(profile),
                               source_files=source_files(profile))
        return {p.name: p.read_bytes() for p in result.outputs if p.is_file()}


def zip_bytes(files: dict[str, bytes], folder: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(f"{folder}/{name}" if folder else name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Checking a document

UPLOAD_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "markdown": ".md", "text": ".txt"}


def check_upload(data: bytes, filename: str, setting: str | None = None):
    """Check uploaded document bytes, read by content (not by the name it came with).

    Returns ``(CheckRun, json_text)``. The bytes go to a private temporary folder, removed at once.
    """
    from ..checker.run import CheckSettings, check_paths
    from ..readers import sniff_format
    from ..reporters import REPORTERS

    shown = _safe_name(filename) or "document"
    if not data:
        raise InputError(f"{shown}: the file is empty")
    fmt = sniff_format(data, shown)
    if fmt == "text" and shown.lower().endswith((".md", ".markdown")):
        fmt = "markdown"
    claimed = {".pdf": "pdf", ".docx": "docx"}.get(Path(shown).suffix.lower())
    if claimed and fmt == "text":  # a broken or renamed file: its reader says what is wrong, as `sendkit check` does
        fmt = claimed
    with tempfile.TemporaryDirectory(prefix="sendkit-check-") as tmp:
        target = Path(tmp) / ("upload" + UPLOAD_SUFFIX.get(fmt, ".txt"))
        target.write_bytes(data)
        run = check_paths([str(target)], CheckSettings(setting=setting, search_config=False))
    for doc in run.documents:
        if doc.error:
            doc.error = doc.error.replace(str(target), shown).replace(target.name, shown)
        doc.path = shown
    return run, REPORTERS["json"](run, color=False)


def check_url(url: str, setting: str | None = None):
    """Check a web address, as `sendkit check URL` does (same timeouts and size limits)."""
    from ..checker.run import CheckSettings, check_paths
    from ..reporters import REPORTERS

    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise InputError(f"`{url}` is not a web address: it must start with https:// or http://")
    run = check_paths([url], CheckSettings(setting=setting, search_config=False))
    return run, REPORTERS["json"](run, color=False)


def _safe_name(filename: str | None) -> str:
    name = Path(str(filename or "").replace("\\", "/")).name
    return "".join(c for c in name if c.isprintable() and c not in "<>\"'`")[:120]


# ---------------------------------------------------------------------------------------------
# Annual reviews

@dataclass
class ReviewOutcome:
    rows: list[dict[str, Any]]  # the schedule shown on the page, soonest action first
    errors: list[str]
    files: dict[str, tuple[bytes, str]]  # download name -> (bytes, media type)
    letters: int
    as_of: date | None = None
    term_dates: bool = False  # whether a term dates file was used


def pupil_columns() -> tuple[str, ...]:
    """The columns a pupil list must have, as `sendkit reviews` reads it (the reviews page's hint)."""
    from ..reviews.pupils import REQUIRED_COLUMNS

    return REQUIRED_COLUMNS


class TermDatesError(SendkitError):
    """The uploaded term dates file cannot be used (its reader's message, about the uploaded file)."""


# Each flag in plain words, and the schedule date whose ``law`` (the schedule's own basis text) it
# comes from. The words say what happened; the law is never written here.
FLAG_WORDS: dict[str, tuple[str, str | None, str | None]] = {
    "overdue": ("Overdue", "the date the review had to be held by has passed and no meeting has been held",
                "review_due_by"),
    # CoP 9.178 is guidance for the local authority, not a limit: the words are the schedule's own
    "under5_review_recommended": ("Under-5 review date passed", None, "review_recommended_by"),
    "advice_request_late": ("Advice requests late", "the date to send the requests for advice has passed: "
                            "check they went", "advice_request_send_by"),
    "invitations_late": ("Invitations late", "the date to send the invitations has passed: check they went",
                         "invitations_send_by"),
    "papers_late": ("Papers late", "the date to send out the advice and reports has passed: check they went",
                    "papers_circulate_by"),
    "report_late": ("Report late", "the date to send the review report has passed: check it went",
                    "report_due_by"),
    "la_decision_late": ("Decision late", "the date for the local authority's decision has passed",
                         "la_decision_due_by"),
    "meeting_after_due_date": ("Meeting after the due date", "the meeting is after the date the review is "
                               "due by", "review_due_by"),
    "phase_deadline_at_risk": ("Phase transfer deadline at risk", "the meeting is too late, or not yet booked, "
                               "for the review to be finished before the phase transfer deadline",
                               "phase_transfer_deadline"),
    "looked_after": ("Looked after", "a looked-after child: hold the review with the care plan review (PEP) "
                     "where you can", None),
    "meeting_not_on_school_day": ("Not a school day", "the meeting date given is not a school day", None),
}


def flag_rows(sched: Any) -> list[dict[str, Any]]:
    """Each flag of a pupil's schedule: a short label, plain words, and the date and law it comes from."""
    out = []
    from ..reviews.outputs import flag_words

    for flag in sched.flags:
        label, words, field_name = FLAG_WORDS.get(flag, (flag.replace("_", " ").capitalize(), "", None))
        words = flag_words(flag) if words is None else words
        if flag == "overdue" and sched.review_due_by.date >= sched.as_of and sched.phase_transfer_deadline:
            field_name = "phase_transfer_deadline"  # the phase deadline (reg 18) is the limit that passed
        dated = getattr(sched, field_name, None) if field_name else None
        out.append({"flag": flag, "label": label, "words": words,
                    "date": dated.date if dated is not None else None,
                    "law": dated.law if dated is not None else ""})
    return out


def meeting_cell(sched: Any) -> dict[str, Any]:
    """What the schedule says about the meeting: held, booked, proposed (and why), or to book."""
    proposed = sched.proposed_meeting_date
    overdue = "overdue" in sched.flags
    if sched.meeting_held:
        return {"kind": "held", "date": sched.meeting_date, "law": ""}
    if proposed is not None:
        return {"kind": "proposed", "date": proposed.date, "booked": sched.meeting_date, "overdue": overdue,
                "law": proposed.law}
    if sched.meeting_date is not None:
        return {"kind": "booked", "date": sched.meeting_date, "overdue": overdue, "law": ""}
    return {"kind": "to-book", "date": sched.planning_date, "overdue": overdue,
            "law": sched.latest_meeting_date.law}


def run_review_upload(data: bytes, filename: str, profile_path: Path, as_of: date,
                      term_dates: bytes | None = None) -> ReviewOutcome:
    """Schedule the uploaded pupil list with `run_reviews` (as `sendkit reviews`).

    ``term_dates``: an uploaded term dates YAML, read by ``load_term_dates`` as ``--term-dates`` is
    (a problem in it raises TermDatesError). The list and every output live in a private temporary
    folder (0700) that is removed before this returns; what the pages offer for download is held in
    memory only.
    """
    from ..reviews.calendar import load_term_dates
    from ..reviews.runner import ReviewSettings, run_reviews

    name = _safe_name(filename).lower()
    suffix = ".yaml" if name.endswith((".yaml", ".yml")) else (
        Path(name).suffix if name.endswith((".xlsx", ".xls", ".ods", ".numbers")) else ".csv")
    tmp = tempfile.mkdtemp(prefix="sendkit-reviews-")  # readable by this user only (0700)
    try:
        terms_path = None
        if term_dates is not None:
            terms_path = Path(tmp) / "term-dates.yaml"
            terms_path.write_bytes(term_dates)
            try:
                load_term_dates(terms_path)  # its problems name this field, before any pupil is read
            except SendkitError as exc:
                raise TermDatesError(str(exc), exc.problems) from None
        pupils = Path(tmp) / f"pupils{suffix}"
        pupils.write_bytes(data)
        out = Path(tmp) / "out"
        settings = ReviewSettings(as_of=as_of, term_dates=terms_path, jobs=1,
                                  generated_at=datetime.now().astimezone())
        result = run_reviews(pupils, profile_path, out, settings)
        run = result.run
        rows = []
        for pupil, sched in run.items:
            when, action = sched.next_action(as_of)
            rows.append({"pupil_id": sched.pupil_id,
                         "name": f"{pupil.first_name} {pupil.last_name}".strip(),
                         "year_group": sched.year_group, "next_date": when, "next_action": action,
                         "meeting": meeting_cell(sched),
                         "due_by": sched.review_due_by.date, "due_by_law": sched.review_due_by.law,
                         "flags": flag_rows(sched)})
        errors = [e.terminal() if hasattr(e, "terminal") else str(e) for e in result.errors]
        letters = {str(p.relative_to(out / "letters")): p.read_bytes()
                   for p in sorted((out / "letters").rglob("*")) if p.is_file()} if (out / "letters").is_dir() else {}
        files = {"letters.zip": (zip_bytes(letters, "letters"), "application/zip")}
        for fname, media in (("reviews.ics", "text/calendar"), ("schedule.csv", "text/csv"),
                             ("schedule.json", "application/json")):
            if (out / fname).is_file():
                files[fname] = ((out / fname).read_bytes(), media)
        return ReviewOutcome(rows, errors, files, len(letters), as_of, term_dates is not None)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# What a browser session holds in memory (never on disk, never in the cookie)

class SessionStore:
    """Per-session downloads (check reports, review outputs) in memory, forgotten after ``ttl`` seconds."""

    def __init__(self, ttl: float = 3600.0):
        self.ttl = ttl
        self._data: dict[str, tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def put(self, sid: str, key: str, value: Any) -> None:
        with self._lock:
            self._expire()
            _, bucket = self._data.get(sid, (0.0, {}))
            bucket[key] = value
            self._data[sid] = (time.monotonic(), bucket)

    def get(self, sid: str, key: str) -> Any:
        with self._lock:
            self._expire()
            entry = self._data.get(sid)
            return entry[1].get(key) if entry else None

    def forget(self, sid: str, key: str | None = None) -> None:
        with self._lock:
            if key is None:
                self._data.pop(sid, None)
            elif sid in self._data:
                self._data[sid][1].pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def _expire(self) -> None:
        now = time.monotonic()
        for sid in [s for s, (t, _) in self._data.items() if now - t > self.ttl]:
            del self._data[sid]


__all__ = ["ProfileState", "load_state", "save_page", "letterhead", "save_letterhead", "stop_letterhead", "preview", "build_files", "check_upload", "check_url",
           "run_review_upload", "SessionStore", "find_school_profiles", "new_profile", "Form", "profile_form"]
