"""Batch builds: many schools (and their trusts' policies) in parallel, rebuilding only what changed.

``plan_batch`` reads the inputs in this process (cheap: YAML and the schema) and decides what to
build: every school profile named or found in a folder, the trust-wide SEND policy of each trust
whose schools share one, and which of those are already up to date (their ``build.json`` records
the same inputs hash and their outputs are on disk with the recorded SHA-256). ``run_batch`` builds
the rest in worker processes that each load the clause library, outlines, catalogue and font
configuration once, runs the checker on what was built, and writes the consistency report.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
import traceback
from concurrent.futures import as_completed
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

from .build import (BUILD_FILE, DOCUMENT_TYPES, BuildOptions, build_profile, profile_digest,
                    write_build_json)
from .catalogue import load_catalogue
from .checker.engine import CheckOptions, check_document
from .checker.notes import find_notes
from .clauses import ClauseLibrary, bundled_library, bundled_outline, parse_clause
from .compose import compose
from .errors import ClauseError, Problem, ProfileError, SendkitError, did_you_mean, display_path, read_text_input
from .facts import policy_profile_unprinted
from .merge import load_cached
from .output import remove_stale_staging, sha256_file, staged_folder
from .profile import Profile, load_profile
from .readers import read_document
from .render.pdf import font_config
from .trust.model import classify_yaml, load_trust_file, trust_policy_profile
from .trust.report import write_report
from .workers import process_pool

SCHOOL, TRUST = "school", "trust"


@dataclass
class BatchOptions:
    build: BuildOptions = field(default_factory=BuildOptions)
    jobs: int = 1  # worker processes; 0 means one per CPU
    force: bool = False  # rebuild even what is up to date
    as_of: date = field(default_factory=date.today)  # for "overdue" and the checker
    report: bool = True  # check what was built and write OUT/index.html and OUT/trust-report.json


@dataclass
class Target:
    """One thing to build: a school's documents, or a trust's trust-wide SEND policy."""

    kind: str  # school | trust
    path: Path  # the school profile, or the trust file the policy is written from
    profile: Profile | None = None
    error: list[str] | None = None  # why it could not be loaded (it then counts as failed)
    documents: tuple[str, ...] = ()  # policy / report
    source_files: list[Path] = field(default_factory=list)
    digest: str | None = None
    up_to_date: bool = False
    trust_slug: str | None = None  # the trust a school belongs to

    @property
    def slug(self) -> str | None:
        return self.profile.slug if self.profile else None

    @property
    def name(self) -> str:
        return self.profile.model.school.name if self.profile else display_path(self.path)


@dataclass
class Outcome:
    """What happened to one target in this run (a small dict crosses the process boundary)."""

    target: Target
    status: str  # built | up-to-date | failed
    seconds: float = 0.0
    error: list[str] = field(default_factory=list)
    manifest: dict[str, Any] | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    out_dir: Path
    seconds: float
    report_files: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]


# ---------------------------------------------------------------------------------------------
# Planning (in the main process)

def find_profiles(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """Split the command's arguments into school profiles, trust files and skipped files.

    A folder means every *.yaml/*.yml file in it, classified by content: a school has `school:` or
    `extends:`; a trust file has trust keys (`trust:`, `defaults:`, ...); anything else (term dates,
    pupil lists) is skipped. A file named on its own is a school unless it is a trust file.
    """
    schools: list[Path] = []
    trusts: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            for candidate in found:
                kind = _classify(candidate, classify_yaml)
                (schools if kind == SCHOOL else trusts if kind == TRUST else skipped).append(candidate)
            if not found:
                raise ProfileError(f"{display_path(path)}: no .yaml files in this folder",
                                   [Problem("no school profiles to build", display_path(path),
                                            suggestion="name the profiles, or the folder that holds them")])
        elif path.is_file() and _classify(path, classify_yaml) == TRUST:
            trusts.append(path)
        else:
            schools.append(path)  # loading it reports a missing or unreadable file as that school's failure
    return _unique(schools), _unique(trusts), skipped


def _classify(path: Path, classify_yaml: Callable[[Any], str]) -> str:
    try:
        return classify_yaml(load_cached(path).data)
    except SendkitError:
        return SCHOOL  # unreadable YAML: building it reports the problem with its line


def _unique(paths: list[Path]) -> list[Path]:
    seen, out = set(), []
    for p in paths:
        try:
            key = p.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop: loading it reports the problem
            key = p.absolute()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def plan_batch(paths: Iterable[Path], out_dir: Path, options: BatchOptions) -> tuple[list[Target], list[Path]]:
    """The targets to build (schools and trust policies) and the files skipped as not profiles.

    Raises ProfileError (exit code 2) when there is nothing to build, or when two targets would write
    the same OUT/<slug>/ folder.
    """
    paths = list(paths)
    school_paths, trust_paths, skipped = find_profiles(paths)
    wanted = options.build.documents
    targets: list[Target] = []
    owners: dict[Path, Path] = {}  # resolved -> as given
    for path in school_paths:
        target = Target(SCHOOL, path, documents=tuple(wanted))
        try:
            profile = load_profile(path)
        except SendkitError as exc:
            target.error = exc.lines()
            targets.append(target)
            continue
        target.profile = profile
        target.source_files = source_files(profile)
        trust = getattr(profile.source, "trust", None)
        if trust is not None:
            target.trust_slug = trust.slug
            if trust.policy_level == "trust":
                target.documents = tuple(d for d in wanted if d != "policy")
                if "policy" in wanted:
                    if trust.policy_owner is None:
                        target.error = [f"{display_path(path)}: the trust has `policy_level: trust` but no "
                                        f"`policy_profile:` to write its SEND policy from",
                                        f"  - {display_path(trust.file)}: add `policy_profile:` or set "
                                        "`policy_level: school`"]
                        target.profile = None
                    else:
                        owners.setdefault(trust.policy_owner.resolve(), trust.policy_owner)
        if target.documents or target.error:
            targets.append(target)
    for path in trust_paths:
        try:
            config = load_trust_file(path)
        except SendkitError as exc:
            targets.append(Target(TRUST, path, error=exc.lines(), documents=("policy",)))
            continue
        if config.policy_level == "trust" and config.policy_owner is not None and "policy" in wanted:
            owners.setdefault(config.policy_owner.resolve(), config.policy_owner)
    for owner in owners.values():
        target = Target(TRUST, owner, documents=("policy",))
        try:
            target.profile = trust_policy_profile(owner)
            target.profile.warnings += unprinted_policy_facts(target.profile)
        except SendkitError as exc:
            target.error = exc.lines()
        else:
            target.trust_slug = target.profile.source.trust.slug
            target.source_files = source_files(target.profile)
        targets.append(target)
    if not targets:
        given = ", ".join(display_path(p) for p in paths)
        raise ProfileError(f"nothing to build: no school profile among {given}",
                           [Problem("skipped: not a school profile", display_path(p),
                                    suggestion="a school profile has `school:` or `extends:`") for p in skipped])
    _check_slugs(targets)
    for target in targets:
        if target.profile is not None:
            target.digest = profile_digest(target.profile, target_options(target, options.build),
                                           target.source_files, extra=target.kind)
            target.up_to_date = not options.force and is_up_to_date(out_dir / target.slug, target.digest)
    return targets, skipped


def source_files(profile: Profile) -> list[Path]:
    """The files a profile was read from (a school's chain and clause wording, or a trust's)."""
    return list(getattr(profile.source, "source_files", [profile.path]))


def target_options(target: Target, options: BuildOptions) -> BuildOptions:
    return replace(options, documents=tuple(target.documents))


def _check_slugs(targets: list[Target]) -> None:
    by_slug: dict[str, list[Target]] = {}
    for target in targets:
        if target.profile is not None:
            by_slug.setdefault(target.slug, []).append(target)
    clashes = sorted(slug for slug, same in by_slug.items() if len(same) > 1)
    problems = []
    for slug in clashes:
        for t in by_slug[slug]:
            mark = t.profile.mark("school.slug") if t.profile.model.school.slug else t.profile.mark("school.name")
            problems.append(Problem(f"builds into OUT/{slug}/", mark.file if mark else display_path(t.path),
                                    mark.line if mark else None, "school.slug",
                                    suggestion="give each school its own `slug:`"))
    if problems:
        raise ProfileError(f"{len(problems)} profiles share the slug {', '.join(clashes)}: each needs its own "
                           "output folder", problems)


def is_up_to_date(folder: Path, digest: str) -> bool:
    """Whether ``folder`` holds a build of exactly these inputs, with every output as recorded."""
    try:
        manifest = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("inputs_sha256") != digest:
        return False
    for document in manifest.get("documents", []):
        for output in document.get("outputs", []):
            path = folder / output.get("path", "")
            try:
                if path.stat().st_size != output.get("bytes") or sha256_file(path) != output.get("sha256"):
                    return False
            except OSError:
                return False
    return True


# ---------------------------------------------------------------------------------------------
# Building (in worker processes)

_WORKER: dict[str, Any] = {}


def _warm_worker(edition: str | None, formats: tuple[str, ...]) -> None:
    """Load once per worker what every school shares: library, outlines, catalogue, fonts."""
    library = bundled_library()
    _WORKER["outlines"] = {t: bundled_outline(t, library) for t in DOCUMENT_TYPES.values()}
    load_catalogue(edition)
    if "pdf" in formats:
        font_config()


def unprinted_policy_facts(profile: Profile) -> list[Problem]:
    """Warnings for facts under a trust's `policy_profile:` that its trust-wide SEND policy never prints."""
    library = library_for(profile)
    policy = compose(profile, library, bundled_outline("send-policy", library), allow_incomplete=True).document
    return policy_profile_unprinted(profile, policy)


def library_for(profile: Profile):
    """The clause library for one profile: the bundled clauses, the trust's wording, the school's own."""
    base = bundled_library()
    source = profile.source
    trust = getattr(source, "trust", None)
    folders = [f for f, _ in trust.clause_folders] if trust is not None else []
    own = getattr(source, "clause_overrides", {}) or {}
    if not folders and not own:
        return base
    groups = [(trust.file, [p for p in sorted(f.glob("*.md")) if p.name.lower() != "readme.md"]) for f in folders]
    groups.append((profile.path, list(own.values())))
    texts = {p: read_text_input(p, ClauseError, "clause file") for _, files in groups for p in files}
    # Keyed by content as well as path: a process that builds more than once (an API caller, the
    # tests, a forked worker) must not reuse wording that has been edited since.
    key = tuple((str(p.resolve()), texts[p]) for _, files in groups for p in files)
    cache = _WORKER.setdefault("libraries", {})
    if key not in cache:
        clauses = dict(base.clauses)
        for owner, files in groups:
            clauses.update(_override_clauses([(p, texts[p]) for p in files], base, owner))
        cache[key] = ClauseLibrary(clauses=clauses, folder=base.folder)
    return cache[key]


def _override_clauses(files: list[tuple[Path, str]], base, owner: Path) -> dict:
    """Parse clause files (path, text) that reword bundled clauses; each must keep an existing clause ID."""
    known = set(load_catalogue().ids())
    found, problems = {}, []
    for path, text in files:
        clause, errors = parse_clause(path, text, known)
        problems += errors
        if clause is None:
            continue
        if clause.id not in base:
            problems.append(Problem(f"there is no bundled clause `{clause.id}` to reword", display_path(path), 1,
                                    "id", suggestion=did_you_mean(clause.id, base.clauses)
                                    or "the file name must be the ID of the clause it rewords"))
            continue
        found[clause.id] = clause
    if problems:
        raise ClauseError(f"{display_path(owner)}: {len(problems)} problem(s) in its own clause wording", problems)
    return found


def build_target(kind: str, path: str, out_dir: str, options: BuildOptions, as_of: date,
                 check: bool = True, digest: str | None = None, reuse: bool = True) -> dict[str, Any]:
    """Build one school's (or one trust's) documents, check them, and record the check in build.json.

    Runs in a worker process; returns a small dict: status, seconds and the error lines if it failed.
    """
    started = time.perf_counter()
    try:
        if "outlines" not in _WORKER:
            _warm_worker(options.edition, options.formats)
        if kind == TRUST:
            profile = trust_policy_profile(Path(path))
        else:
            profile = load_profile(path)
        sources = source_files(profile)
        library = library_for(profile)
        outlines = _WORKER["outlines"] if library is _bundled() else None
        if outlines is None:
            outlines = {t: bundled_outline(t, library) for t in DOCUMENT_TYPES.values()}
        previous = None
        if reuse:  # the last build: documents whose content is unchanged keep their files (not with --force)
            try:
                previous = json.loads((Path(out_dir) / profile.slug / BUILD_FILE).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                previous = None
        # The documents, the check of them and build.json are swapped in together, or not at all.
        with staged_folder(Path(out_dir) / profile.slug) as stage:
            result = build_profile(profile, Path(out_dir), options, library=library, outlines=outlines,
                                   source_files=sources, inputs_sha256=digest, write_manifest=not check,
                                   stage=stage, previous=previous if isinstance(previous, dict) else None)
            if check:
                manifest = result.manifest
                manifest["check"] = check_outputs(stage, manifest, profile.setting, options.edition, as_of)
                manifest["batch"] = _batch_facts(kind, profile)
                write_build_json(stage, manifest)
        # Nothing rendered: what the documents show did not change (a fact they do not show, say).
        return {"status": "built" if result.rendered else "up-to-date", "rendered": result.rendered,
                "seconds": time.perf_counter() - started}
    except SendkitError as exc:
        return {"status": "failed", "seconds": time.perf_counter() - started, "error": exc.lines()}
    except Exception as exc:  # a bug must not stop the other schools; say so plainly
        return {"status": "failed", "seconds": time.perf_counter() - started,
                "error": [f"{path}: internal error ({type(exc).__name__}: {exc}); please report it",
                          *("  " + line for line in traceback.format_exc().splitlines()[-6:])]}


def _bundled():
    return bundled_library()


def _batch_facts(kind: str, profile: Profile) -> dict[str, Any]:
    """Facts the consistency report needs that build.json does not otherwise hold."""
    source = profile.source
    trust = getattr(source, "trust", None)
    return {"kind": kind,
            "trust": trust.slug if trust is not None else None,
            "policy_level": trust.policy_level if trust is not None else None,
            "clause_overrides": {cid: display_path(p) for cid, p in
                                 (getattr(source, "clause_overrides", {}) or {}).items()}}


def check_outputs(folder: Path, manifest: dict, setting: str, edition: str | None, as_of: date) -> dict:
    """Run the checker on what was built: each document read back from its published file."""
    preference = {"html": 0, "docx": 1, "pdf": 2}
    checked: dict[str, Any] = {"as_of": as_of.isoformat(), "documents": {}}
    for document in manifest.get("documents", []):
        outputs = sorted(document.get("outputs", []), key=lambda o: preference.get(o["format"], 9))
        if not outputs:
            continue
        read_from = outputs[0]["path"]
        try:
            doc = read_document(folder / read_from)
        except SendkitError as exc:
            checked["documents"][document["type"]] = {"read_from": read_from, "error": str(exc)}
            continue
        report = check_document(doc, CheckOptions(doc_type=document["type"], setting=setting, edition=edition,
                                                  as_of=as_of))
        notes = [n for n in find_notes(doc, as_of=as_of) if n.kind == "template-text"]
        checked["documents"][document["type"]] = {
            "read_from": read_from,
            "summary": report.summary,
            "must_total": sum(1 for r in report.results if r.force == "must" and r.status != "not_applicable"),
            "must_present": sum(1 for r in report.results if r.force == "must" and r.status == "present"),
            "gaps": [{"id": r.id, "status": r.status, "force": r.force, "title": r.title}
                     for r in report.results if r.status in ("missing", "partial")],
            "template_text": [{"message": n.message, "location": n.location, "text": n.text} for n in notes],
        }
    return checked


def needs_recheck(folder: Path, as_of: date) -> bool:
    """Whether an up-to-date build was checked on another date (or without the report's facts)."""
    manifest = json.loads((folder / BUILD_FILE).read_text(encoding="utf-8"))
    return (manifest.get("check") or {}).get("as_of") != as_of.isoformat() or not manifest.get("batch")


def recheck_folder(folder: str, setting: str, edition: str | None, as_of: date, facts: dict[str, Any]) -> dict[str, Any]:
    """Refresh the checker results of an up-to-date build judged on another date (no rendering). Runs in a
    worker: the daily recheck of a whole trust on a new ``--as-of`` uses every core. A build.json that
    cannot be used says ``rebuild``."""
    started = time.perf_counter()
    path = Path(folder)
    try:
        manifest = json.loads((path / BUILD_FILE).read_text(encoding="utf-8"))
        manifest["check"] = check_outputs(path, manifest, setting, edition, as_of)
        manifest["batch"] = facts
        write_build_json(path, manifest)
    except (SendkitError, OSError, ValueError):
        return {"status": "rebuild", "seconds": time.perf_counter() - started}
    return {"status": "up-to-date", "seconds": time.perf_counter() - started}


# ---------------------------------------------------------------------------------------------

def run_batch(targets: list[Target], out_dir: Path, options: BatchOptions,
              on_done: Callable[[Outcome], None] | None = None) -> BatchResult:
    """Build every target that is not up to date, ``options.jobs`` at a time, then write the report.

    One target's failure is recorded in its Outcome; the others still build.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    remove_stale_staging(out_dir)  # what a killed run left, even for schools not rebuilt now
    outcomes: dict[int, Outcome] = {}

    def finish(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        if on_done:
            on_done(outcome)

    todo, rechecks = [], []
    for i, target in enumerate(targets):
        if target.error:
            finish(i, Outcome(target, "failed", error=target.error))
        elif target.up_to_date:
            try:
                if options.report and needs_recheck(out_dir / target.slug, options.as_of):
                    rechecks.append(i)
                else:
                    finish(i, Outcome(target, "up-to-date"))
            except (OSError, ValueError):
                todo.append(i)  # a build.json we cannot use: build it again
        else:
            todo.append(i)
    jobs = options.jobs or os.cpu_count() or 1
    jobs = max(1, min(jobs, len(todo) + len(rechecks)))
    if jobs > 1:  # longest first (more documents, the trust's policy), so no worker idles at the end
        todo.sort(key=lambda i: (-len(targets[i].documents), targets[i].kind != "trust"))
    build_options = options.build
    if len(todo) == 1 and not rechecks:  # one school: its documents may use the cores the batch does not
        build_options = replace(build_options, render_workers=os.cpu_count() or 1)

    def build_task(i: int) -> tuple[Callable[..., dict[str, Any]], tuple]:
        return build_target, (targets[i].kind, str(targets[i].path), str(out_dir),
                              target_options(targets[i], build_options), options.as_of, options.report,
                              targets[i].digest, not options.force)

    def recheck_task(i: int) -> tuple[Callable[..., dict[str, Any]], tuple]:
        t = targets[i]
        return recheck_folder, (str(out_dir / t.slug), t.profile.setting, options.build.edition, options.as_of,
                                _batch_facts(t.kind, t.profile))

    tasks = [(i, *build_task(i)) for i in todo] + [(i, *recheck_task(i)) for i in rechecks]
    again = []  # rechecked folders whose build.json could not be used: built after all
    for i, raw in _run_tasks(tasks, jobs, options, lambda i: display_path(targets[i].path)):
        if raw.get("status") == "rebuild":
            again.append(i)
        else:
            finish(i, _outcome(targets[i], raw))
    for i, raw in _run_tasks([(i, *build_task(i)) for i in again], 1, options, str):
        finish(i, _outcome(targets[i], raw))
    ordered = [outcomes[i] for i in range(len(targets))]
    for outcome in ordered:
        if not outcome.failed and outcome.target.slug:
            try:
                outcome.manifest = json.loads((out_dir / outcome.target.slug / BUILD_FILE).read_text("utf-8"))
            except (OSError, ValueError):
                outcome.manifest = None
    result = BatchResult(ordered, out_dir, time.perf_counter() - started)
    # The report describes what this run produced: a run that built nothing (every school failed)
    # leaves the previous index.html and trust-report.json as they were.
    if options.report and any(not o.failed for o in ordered):
        result.report_files = write_report(result, options.as_of)
    return result


def _run_tasks(tasks: list[tuple[int, Callable[..., dict[str, Any]], tuple]], jobs: int, options: BatchOptions,
               name: Callable[[int], str]):
    """(index, result) for each (index, function, arguments), in this process or ``jobs`` warm workers."""
    if jobs == 1 or len(tasks) <= 1:
        for i, func, args in tasks:
            yield i, func(*args)
        return
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    with process_pool(jobs, mp_context=context, initializer=_warm_worker,
                      initargs=(options.build.edition, options.build.formats), writes_files=True) as pool:
        futures = {pool.submit(func, *args): i for i, func, args in tasks}
        for future in as_completed(futures):
            i = futures[future]
            try:
                raw = future.result()
            except Exception as exc:  # a worker that died (out of memory, killed)
                raw = {"status": "failed", "error": [f"{name(i)}: the build process stopped "
                                                     f"({type(exc).__name__}: {exc})"]}
            yield i, raw


def _outcome(target: Target, raw: dict[str, Any]) -> Outcome:
    return Outcome(target, raw["status"], raw.get("seconds", 0.0), raw.get("error", []))
