"""The requirement catalogue: the legal items, as data, shared by the generator and the checker.

``toolkit/data/requirements.yaml`` is read into typed models, as yamllint validates a rule's ``CONF``
and Vale loads a rule into a typed definition: every key is known (a misspelt ``phrase:`` is an
error, not silently ignored), every regular expression is compiled when the catalogue loads, and a
mistake is a :class:`CatalogueError` naming the file, the line and the key. Hook names are resolved
by the checker when it loads the catalogue (``toolkit.checker.engine.checker_catalogue``): the
hooks are checker code, and the catalogue sits below both the generator and the checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Iterable, Literal, Optional, get_args

import yaml
from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, ValidationError,
                      create_model, model_validator)

from .errors import CatalogueError, Problem, did_you_mean, display_path, read_text_input
from .resources import package_data
from .vocabulary import Group, expand_all, parse_vocabulary

Force = Literal["must", "should", "good"]
FORCES: tuple[str, ...] = get_args(Force)  # strongest first; the checker's --fail-on ranks by it
REPORT = "sen-information-report"
POLICY = "send-policy"
DocumentType = Literal["send-policy", "sen-information-report", "letter", "curriculum", "annual-review"]
DOCUMENT_TYPES: tuple[str, ...] = get_args(DocumentType)


def _compile(value: Any) -> re.Pattern:
    if isinstance(value, re.Pattern):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a regular expression must be text, not {type(value).__name__}")
    try:
        pattern = re.compile(value, re.I)
    except re.error as exc:
        raise ValueError(f"regular expression `{value}` does not compile: {exc}") from None
    if pattern.search("") is not None:
        raise ValueError(f"regular expression `{value}` matches empty text, so it would match every sentence")
    return pattern


def _not_empty(value: tuple) -> tuple:
    if not value:
        raise ValueError("needs at least one entry")
    return value


# A case-insensitive regular expression, compiled once when the catalogue loads.
Regex = Annotated[re.Pattern, PlainValidator(_compile)]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Signals(_Strict):
    """How a careful reader recognises an item (see ``toolkit/checker/signals.py`` for the scoring)."""

    headings: tuple[Regex, ...] = ()
    phrases: tuple[Regex, ...] = ()
    concrete: tuple[Regex, ...] = ()
    present_requires: tuple[Regex, ...] = ()
    context: tuple[Regex, ...] = ()
    exclude: tuple[Regex, ...] = ()
    present_at: float = 3
    partial_at: float = 0.5
    min_sentence_words: int = Field(5, ge=0)
    count_quoted: bool = False
    list_items_full: bool = False
    pointers_count: bool = False  # a link or "see our ... policy" is the item itself (accessibility plan, other policies)
    needs_count: bool = False  # a description of needs is the item itself (kinds of SEN, definitions)

    @model_validator(mode="after")
    def _something_to_find(self) -> "Signals":
        if not (self.headings or self.phrases):
            raise ValueError("signals need `phrases:` or `headings:` (nothing to look for)")
        if self.partial_at > self.present_at:
            raise ValueError(f"partial_at ({self.partial_at}) is above present_at ({self.present_at})")
        return self

    def patterns(self) -> dict[str, tuple[re.Pattern, ...]]:
        """The regular expressions by key, for listing how an item is recognised."""
        return {k: getattr(self, k) for k in ("headings", "phrases", "concrete", "present_requires", "context",
                                              "exclude") if getattr(self, k)}


class Requirement(_Strict):
    """One legal item: what it is, where it comes from, and how the checker recognises it."""

    id: Text
    title: Text
    force: Force
    applies_to: Annotated[tuple[DocumentType, ...], AfterValidator(_not_empty)]  # document types
    source: Text
    mainstream_only: bool = False
    what: Optional[Text] = None  # the item in a few words, for messages ("No statement of {what} found")
    signals: Optional[Signals] = None  # recognised from data ...
    hook: Optional[Text] = None  # ... or by a code hook (toolkit/checker/hooks/)
    partial_when: Optional[Text] = None  # the message when the evidence only reaches partial
    missing_message: Optional[Text] = None

    @model_validator(mode="after")
    def _one_way_to_judge(self) -> "Requirement":
        if self.signals is not None and self.hook is not None:
            raise ValueError("give `signals:` or a `hook:`, not both (the hook would win silently)")
        return self

    @property
    def extra(self) -> dict[str, Any]:
        """The recognition fields that are set (what the untyped catalogue kept in a dict)."""
        return {k: getattr(self, k) for k in ("what", "signals", "hook", "partial_when", "missing_message")
                if getattr(self, k) is not None}

    def applies(self, document_type: str, setting: str = "mainstream") -> tuple[bool, str | None]:
        """Whether this requirement applies, and the reason when it does not."""
        types = {document_type} if document_type != "combined" else {POLICY, REPORT}
        if not types & set(self.applies_to):
            return False, f"not required in a {document_type}"
        if self.mainstream_only and setting == "special":
            return False, "applies to mainstream schools only (SEND Regulations 2014, Schedule 1)"
        return True, None


# What an edition may change in an entry: any field but the ID, each optional.
EditionOverride = create_model(
    "EditionOverride", __base__=_Strict,
    **{name: (Optional[f.annotation], None) for name, f in Requirement.model_fields.items() if name != "id"})


class Entry(Requirement):
    """An entry as written in the file: a requirement and what each edition changes in it."""

    editions: dict[str, EditionOverride] = {}


class Edition(_Strict):
    name: Text
    effective: date
    title: Text


class CatalogueFile(_Strict):
    editions: Annotated[tuple[Edition, ...], AfterValidator(_not_empty)]
    requirements: tuple[Entry, ...]
    # The words schools use for the same thing, by group; a signal names a group as {group} and reads
    # every variant (toolkit/vocabulary.py). Expanded into the signals before they are compiled.
    vocabulary: dict[str, tuple[Text, ...]] = {}


@dataclass(frozen=True)
class Catalogue:
    edition: str
    requirements: tuple[Requirement, ...]
    source: str = "requirements.yaml"  # the file, as shown in error messages
    file: CatalogueFile | None = field(default=None, compare=False, hash=False, repr=False)

    def __iter__(self):
        return iter(self.requirements)

    def __getitem__(self, rid: str) -> Requirement:
        for r in self.requirements:
            if r.id == rid:
                return r
        raise KeyError(rid)

    def ids(self) -> list[str]:
        return [r.id for r in self.requirements]

    def for_document(self, document_type: str) -> list[Requirement]:
        types = {document_type} if document_type != "combined" else {POLICY, REPORT}
        return [r for r in self.requirements if types & set(r.applies_to)]

    def error(self, rid: str, key: str, message: str, suggestion: str | None = None) -> CatalogueError:
        """A CatalogueError about ``key`` of entry ``rid``, at its line (in this edition's override if it
        sets the key)."""
        loc: tuple = ()
        if self.file is not None:
            for i, entry in enumerate(self.file.requirements):
                if entry.id == rid:
                    override = entry.editions.get(self.edition)
                    loc = ("requirements", i) + (("editions", self.edition) if override is not None and
                                                 key in override.model_fields_set else ()) + (key,)
        problem = _located(Path(self.source), loc, f"{rid}: {key}", message, suggestion)
        return CatalogueError(f"{problem.file}: the requirement catalogue has a problem", [problem])


def _located(path: Path, loc: tuple, field_name: str | None, message: str, suggestion: str | None = None,
             text: str | None = None) -> Problem:
    """A Problem at the line of ``loc`` in the YAML at ``path`` (marks are only read when reporting)."""
    from .yamlmarks import load_marked

    line = None
    try:
        mark = load_marked(path, text=text).mark(loc)
        line = mark.line if mark else None
    except Exception:  # noqa: BLE001 - a line number is a help, never a reason to hide the real message
        pass
    return Problem(message, display_path(path), line, field_name, suggestion=suggestion)


def _field_name(data: Any, loc: tuple) -> str:
    """``SCH1-04: signals.phrases[2]`` for a location inside an entry, else the dotted path."""
    if len(loc) >= 2 and loc[0] == "requirements" and isinstance(loc[1], int):
        entries = data.get("requirements") if isinstance(data, dict) else None
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        rid = entry.get("id") if isinstance(entry, dict) else None
        head, loc = (f"{rid}" if rid else f"requirements[{loc[1]}]"), loc[2:]
    else:
        head = ""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return f"{head}: {path}" if head and path else head or path


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The model whose fields are valid at ``loc`` (for suggesting a misspelt key)."""
    model: type[BaseModel] | None = CatalogueFile
    parts = [p for p in loc if not isinstance(p, int)]
    while parts and model is not None:
        part = parts.pop(0)
        if model in (Entry, EditionOverride) and part == "signals":
            model = Signals
        elif model is Entry and part == "editions":
            model = EditionOverride if parts else None
            parts = parts[1:]  # the edition's name
        elif model is CatalogueFile:
            model = {"editions": Edition, "requirements": Entry}.get(part)
        else:
            model = None
    return model


def _problems(exc: ValidationError, data: Any, path: Path, text: str) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function"))))
        kind, given = err["type"], err.get("input")
        suggestion = None
        if kind == "extra_forbidden":
            model = _model_at(loc[:-1])
            fields = [n for n in model.model_fields] if model else []
            message = f"unknown key `{loc[-1]}`"
            suggestion = did_you_mean(str(loc[-1]), fields) or (f"allowed here: {', '.join(fields)}" if fields else None)
        elif kind == "missing":
            message = "is required but missing"
            suggestion = f"add `{loc[-1]}:`"
        elif kind == "literal_error":
            choices = re.findall(r"'([^']+)'", (err.get("ctx") or {}).get("expected", ""))
            message = f"`{given}` is not one of {', '.join(choices)}"
            suggestion = did_you_mean(str(given), choices)
        elif kind == "value_error":
            message = str((err.get("ctx") or {}).get("error") or err["msg"])
        elif isinstance(given, (dict, list)):
            message = err["msg"]
        else:
            message = f"`{given}`: {err['msg'][0].lower() + err['msg'][1:]}"
        problems.append(_located(path, loc, _field_name(data, loc) or None, message, suggestion, text))
    return sorted(problems, key=lambda p: p.line or 0)


def read_catalogue(path: str | Path, text: str | None = None) -> CatalogueFile:
    """Read and validate a catalogue file. Raises CatalogueError with the file, line and key of each mistake."""
    path = Path(path)
    shown = display_path(path)
    text = read_text_input(path, CatalogueError, "requirement catalogue") if text is None else text
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CatalogueError(f"{shown}: the YAML cannot be read", [
            Problem(exc.problem or "malformed YAML", shown, mark.line + 1 if mark else None)]) from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{shown}: a requirement catalogue has `editions:` and `requirements:`",
                             [Problem("the top level is not a mapping", shown, 1)])
    _expand_vocabulary(data, path, text)
    try:
        parsed = CatalogueFile.model_validate(data)
    except ValidationError as exc:
        problems = _problems(exc, data, path, text)
        raise CatalogueError(f"{shown}: {len(problems)} problem(s) in the requirement catalogue", problems) from None
    problems = []
    names = [e.name for e in parsed.editions]
    seen: dict[str, int] = {}
    for i, entry in enumerate(parsed.requirements):
        if entry.id in seen:
            problems.append(_located(path, ("requirements", i, "id"), f"{entry.id}: id",
                                     f"`{entry.id}` is given twice (also entry {seen[entry.id] + 1})",
                                     "IDs are stable and never reused: give this entry its own ID", text))
        seen.setdefault(entry.id, i)
        for name, override in entry.editions.items():
            if name not in names:
                problems.append(_located(path, ("requirements", i, "editions", name), f"{entry.id}: editions",
                                         f"unknown edition `{name}`", did_you_mean(name, names)
                                         or f"editions: {', '.join(names)}", text))
                continue
            try:
                _merged(entry, override)
            except ValidationError as exc:
                problems += [_located(path, ("requirements", i, "editions", name), f"{entry.id}: editions.{name}",
                                      str((e.get("ctx") or {}).get("error") or e["msg"]), None, text)
                             for e in exc.errors()]
    if len(set(names)) != len(names):
        problems.append(_located(path, ("editions",), "editions", "an edition name is given twice", None, text))
    if problems:
        raise CatalogueError(f"{shown}: {len(problems)} problem(s) in the requirement catalogue", problems)
    return parsed


def _merged(entry: Entry, override: BaseModel | None) -> Requirement:
    values = {name: getattr(entry, name) for name in Requirement.model_fields}
    if override is not None:
        values.update({name: getattr(override, name) for name in override.model_fields_set})
    return Requirement.model_validate(values)  # compiled patterns and Signals pass through unchanged


def build_catalogue(file: CatalogueFile, edition: str, source: str = "requirements.yaml") -> Catalogue:
    """The catalogue as it stands in ``edition``: each entry with that edition's changes applied."""
    names = [e.name for e in file.editions]
    if edition not in names:
        raise CatalogueError(f"unknown edition `{edition}`: choose one of {', '.join(names)}")
    reqs = tuple(_merged(entry, entry.editions.get(edition)) for entry in file.requirements)
    return Catalogue(edition, reqs, source, file)


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    with open(package_data("requirements.yaml"), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _expand_vocabulary(data: Any, path: Path, text: str) -> None:
    """Replace each ``{group}`` in the entries' signals (and their editions') by the group's variants."""
    if not isinstance(data, dict):
        return
    try:
        groups = parse_vocabulary(data.get("vocabulary") if isinstance(data.get("vocabulary"), dict) else None)
    except ValueError as exc:
        raise CatalogueError(f"{display_path(path)}: the vocabulary has a problem",
                             [_located(path, ("vocabulary",), "vocabulary", str(exc), None, text)]) from None
    problems = []
    for i, entry in enumerate(data.get("requirements") or []):
        if not isinstance(entry, dict):
            continue
        overrides = entry.get("editions") if isinstance(entry.get("editions"), dict) else {}
        for loc, fields in [((), entry), *((("editions", n), o) for n, o in overrides.items())]:
            if isinstance(fields, dict) and isinstance(fields.get("signals"), dict):
                try:
                    fields["signals"] = expand_all(fields["signals"], groups)
                except ValueError as exc:
                    problems.append(_located(path, ("requirements", i, *loc, "signals"),
                                             f"{entry.get('id')}: signals", str(exc),
                                             f"vocabulary groups: {', '.join(sorted(groups))}", text))
    if problems:
        raise CatalogueError(f"{display_path(path)}: {len(problems)} problem(s) in the requirement catalogue",
                             problems)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Group]:
    """The catalogue's groups of words used for the same thing (parents, pupils, senco, ...)."""
    return parse_vocabulary({k: list(v) for k, v in _package_catalogue().vocabulary.items()})


def vocabulary_pattern(name: str) -> str:
    """The regular expression (non-capturing) matching every variant of vocabulary group ``name``."""
    return vocabulary()[name].pattern


@lru_cache(maxsize=1)
def _package_catalogue() -> CatalogueFile:
    return read_catalogue(package_data("requirements.yaml"))


def editions() -> list[dict[str, Any]]:
    """The editions, oldest first: [{"name", "effective", "title"}]. (Read without validating: the CLI
    lists them in its options before any command runs.)"""
    return sorted(_raw()["editions"], key=lambda e: str(e["effective"]))


def edition_for(as_of: date) -> str:
    """The newest edition in force on ``as_of``."""
    chosen = None
    for e in editions():
        if date.fromisoformat(str(e["effective"])) <= as_of:
            chosen = e["name"]
    if chosen is None:
        raise CatalogueError(f"no edition of the catalogue is in force on {as_of.isoformat()}")
    return chosen


CURRENT_EDITION = editions()[-1]["name"]


@lru_cache(maxsize=None)
def load_catalogue(edition: str | None = None) -> Catalogue:
    """The catalogue as it stands in ``edition`` (default: the current one), validated."""
    edition = edition or CURRENT_EDITION
    names = [e["name"] for e in editions()]
    if edition not in names:
        raise CatalogueError(f"unknown edition `{edition}`: choose one of {', '.join(names)}")
    return build_catalogue(_package_catalogue(), edition, display_path(package_data("requirements.yaml")))


def requirement_ids(catalogue: Catalogue | None = None, types: Iterable[str] | None = None) -> list[str]:
    catalogue = catalogue or load_catalogue()
    if types is None:
        return catalogue.ids()
    wanted = set(types)
    return [r.id for r in catalogue if wanted & set(r.applies_to)]
