"""The profile form, derived from the profile's JSON Schema (the one `sendkit schema` prints).

Nothing here names a profile field. Each schema property becomes a question: its title is the label,
its description the hint, an enum the choices, ``format: date`` a date input, ``format: email``/``uri``
the input type, an array of text a one-per-line box and an array of groups an "add another" list.
A new field in the schema appears in the form by itself (and must have a ``description``: the hint
a headteacher reads; tests/web/test_hints.py fails without one). A field marked ``internal`` (slug,
extends, word_template) is not asked; saving keeps what the file says. A field marked ``same_as`` repeats
another one, which asks it: the page shows it only while the file gives it differently (to clear it).

Pages: each group (schema object) gets a page for its own simple questions, and each sub-group or
list of groups gets a page of its own. Tasks (the task list's rows) gather the top-level sections;
:data:`TASKS` only orders and names them, and any top-level section it does not mention gets a task
of its own, so the schema can grow without this file changing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

# The task list's rows, in order: (title, top-level schema sections). Presentation only: a section the
# schema gains later and that is not listed here becomes a row of its own after these.
TASKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Your school", ("school", "extends", "word_template")),
    ("People", ("people",)),
    ("Needs and provision", ("provision",)),
    ("Partners and services", ("partners",)),
    ("Local Offer and SENDIASS", ("local_offer", "sendiass")),
    ("Complaints", ("complaints", "policies")),
    ("Transition", ("transition", "admissions")),
    ("Training", ("staff_training",)),
    ("Accessibility", ("accessibility_plan",)),
    ("Approval", ("policy", "report", "governance", "parent_meetings_per_year")),
)
FIRST_TASK = "your-school"  # the task whose answers (type, phase) decide what the others ask

# Words the schema's generated titles write in title case that people write in capitals.
_ACRONYMS = {"sen": "SEN", "senco": "SENCO", "sencos": "SENCOs", "send": "SEND", "sendiass": "SENDIASS", "urn": "URN", "url": "web address",
             "npq": "NPQ", "nasenco": "NASENCO", "ehc": "EHC", "ehcp": "EHCP", "la": "LA", "id": "ID",
             "adhd": "ADHD", "sendco": "SENDCo"}

MAX_RADIOS = 8


def humanise(text: str) -> str:
    """'Sen Governor' or 'sen_governor' -> 'SEN governor'; 'maintained-nursery' -> 'Maintained nursery'."""
    words = re.split(r"[\s_-]+", str(text).strip())
    out = []
    for i, word in enumerate(w for w in words if w):
        lower = word.lower()
        if lower in _ACRONYMS:
            out.append(_ACRONYMS[lower])
        else:
            out.append(lower.capitalize() if i == 0 else lower)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def singular(title: str) -> str:
    """'Interventions' -> 'Intervention', 'Therapies' -> 'Therapy': one entry of a list, for its legend."""
    head, _, last = title.rpartition(" ")
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}" if head else last


def slug_of(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


@dataclass
class Question:
    """One schema property as a form question."""

    path: tuple  # (section, ..., name); list items are not in it (see ``item_path``)
    name: str
    label: str
    hint: str | None
    kind: str  # text, email, url, date, choice, boolean, integer, lines, group, list
    required: bool
    choices: tuple[str, ...] = ()
    default: Any = None
    children: list["Question"] = field(default_factory=list)  # a group's or a list item's questions
    input_format: str | None = None
    same_as: str | None = None  # the dotted path of the field whose value this one repeats (asked there)

    @property
    def dotted(self) -> str:
        return ".".join(str(p) for p in self.path)

    @property
    def hint_sentence(self) -> str:
        return sentence(self.hint)

    @property
    def simple(self) -> bool:
        return self.kind not in ("group", "list")

    def at(self, prefix: tuple) -> "Question":
        """This question re-rooted under a list item's path (``prefix`` + own name)."""
        return Question(prefix + (self.name,), self.name, self.label, self.hint, self.kind, self.required,
                        self.choices, self.default, [c.at(prefix + (self.name,)) for c in self.children],
                        self.input_format, self.same_as)


@dataclass
class Page:
    """One question page: the simple questions of a group, a sub-group, or a list of groups."""

    id: str  # dotted path of the group, or of the list
    task: str
    title: str
    hint: str | None
    questions: list[Question]
    is_list: bool = False  # an "add another" page: questions[0] is the list question

    def all_questions(self) -> Iterable[Question]:
        def walk(qs):
            for q in qs:
                yield q
                yield from walk(q.children)

        return walk(self.questions)


@dataclass
class Task:
    id: str
    title: str
    sections: tuple[str, ...]
    pages: list[Page] = field(default_factory=list)


@dataclass
class Form:
    tasks: list[Task]

    @property
    def pages(self) -> list[Page]:
        return [p for t in self.tasks for p in t.pages]

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def repeats_of(self, dotted: str) -> list[Question]:
        """The questions whose value repeats the field ``dotted`` (schema ``same_as``): `policies:`
        complaints, which the complaints page asks."""
        return [q for page in self.pages for q in page.questions if q.same_as == dotted]

    def task_of_field(self, dotted: str) -> Task | None:
        top = dotted.split(".")[0]
        return next((t for t in self.tasks if top in t.sections), None)

    def page_of_field(self, dotted: str) -> Page | None:
        """The page that asks ``dotted`` (e.g. people.senco.phone, provision.interventions.2.name)."""
        parts = [p for p in dotted.split(".") if not p.isdigit()]
        best, best_len = None, -1
        for page in self.pages:
            for q in page.all_questions():
                qparts = [str(p) for p in q.path]
                n = len(qparts)
                if parts[:n] == qparts and n > best_len:
                    best, best_len = page, n
                elif qparts[:len(parts)] == parts and best is None:
                    best, best_len = page, 0  # a group or list asked for as a whole: its first page
        return best


# ---------------------------------------------------------------------------------------------
# From the JSON Schema

def _resolve(node: dict, defs: dict) -> dict:
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return merged
    return node


def _unwrap_optional(node: dict, defs: dict) -> tuple[dict, bool]:
    """(the non-null alternative, whether null is allowed) for ``anyOf: [X, null]``."""
    node = _resolve(node, defs)
    if "anyOf" in node:
        options = [_resolve(o, defs) for o in node["anyOf"]]
        real = [o for o in options if o.get("type") != "null"]
        if len(real) == 1:
            merged = {**real[0], **{k: v for k, v in node.items() if k != "anyOf"}}
            return merged, len(real) < len(options)
    return node, False


def _kind(node: dict, defs: dict) -> tuple[str, tuple[str, ...], str | None]:
    if node.get("enum") or node.get("const") is not None:
        return "choice", tuple(node.get("enum") or [node["const"]]), None
    kind = node.get("type")
    fmt = node.get("format")
    if kind == "object" or "properties" in node:
        return "group", (), None
    if kind == "array":
        items, _ = _unwrap_optional(node.get("items", {}), defs)
        return ("list" if items.get("type") == "object" or "properties" in items else "lines"), (), None
    if kind == "boolean":
        return "boolean", (), None
    if kind == "integer":
        return "integer", (), None
    if fmt == "date":
        return "date", (), None
    if fmt == "email":
        return "email", (), fmt
    if fmt in ("uri", "url"):
        return "url", (), fmt
    if fmt in ("tel", "phone"):
        return "tel", (), fmt
    return "text", (), fmt


def is_internal(raw: dict) -> bool:
    """A setting marked ``internal`` in the schema (slug, extends, word_template): it steers how the
    documents are made, so the form does not ask it; saving leaves what the file says untouched."""
    return bool(raw.get("internal"))


def _label(raw: dict, name: str) -> str:
    """The schema's own ``title=`` as written ("Local Offer web address"), else the name humanised.

    Pydantic titles every property from its name ("Sen Governor"); only a title that differs from
    that was written by someone, and it is kept exactly. A group's schema title is its class
    (Contact), so a ``$ref`` without a title of its own is named by its property."""
    title = raw.get("title")
    refers = "$ref" in raw or any("$ref" in o for o in raw.get("anyOf", ()))  # pydantic titles no group
    if title and (refers or title != name.replace("_", " ").title()):
        return title
    return humanise(name)


def sentence(text: str | None) -> str:
    """A hint as a sentence: capital first letter, and a full stop unless it ends with a web or email
    address ("For example https://www.example.sch.uk." would put the stop in the address)."""
    if not text:
        return ""
    text = text.strip()
    text = text[:1].upper() + text[1:]
    last = text.rsplit(" ", 1)[-1]
    if text.endswith((".", "?", "!")) or "://" in last or "@" in last:
        return text
    return text + "."


def _questions(obj: dict, defs: dict, prefix: tuple) -> list[Question]:
    obj = _resolve(obj, defs)
    required = set(obj.get("required", []))
    out = []
    for name, raw in obj.get("properties", {}).items():
        if is_internal(raw):
            continue
        node, _nullable = _unwrap_optional(raw, defs)
        kind, choices, fmt = _kind(node, defs)
        label = _label(raw, name)
        hint = raw.get("description") or (node.get("description") if kind != "group" else None)
        q = Question(prefix + (name,), name, label, hint, kind, name in required, choices,
                     raw.get("default", node.get("default")), input_format=fmt, same_as=raw.get("same_as"))
        if kind == "group":
            q.hint = raw.get("description") or node.get("description")
            q.children = _questions(node, defs, q.path)
        elif kind == "list":
            items, _ = _unwrap_optional(node["items"], defs)
            q.children = _questions(items, defs, q.path)
            q.hint = raw.get("description") or node.get("description")
        out.append(q)
    return out


def _pages_for(q: Question, task: str) -> list[Page]:
    """A group's own page (its simple questions) then one page per sub-group and per list."""
    if q.kind == "list":
        return [Page(q.dotted, task, q.label, q.hint, [q], is_list=True)]
    if q.kind != "group":
        return []
    simple = [c for c in q.children if c.simple]
    pages = [Page(q.dotted, task, q.label, q.hint, simple)] if simple else []
    for child in q.children:
        pages.extend(_pages_for(child, task))
    return pages


@lru_cache(maxsize=4)
def _build(schema_json: str) -> Form:
    import json

    schema = json.loads(schema_json)
    defs = schema.get("$defs", {})
    top = _questions(schema, defs, ())
    by_name = {q.name: q for q in top}
    # A task's sections include internal ones it does not ask (word_template under "Your school"), so a
    # problem in one still counts against that task and is listed there.
    known = set(schema.get("properties", {}))
    listed = {s for _, sections in TASKS for s in sections}
    rows = [(title, tuple(s for s in sections if s in known)) for title, sections in TASKS]
    rows += [(q.label, (q.name,)) for q in top if q.name not in listed]
    tasks = []
    for title, sections in rows:
        if not any(s in by_name for s in sections):
            continue
        task = Task(slug_of(title), title, sections)
        loose = []  # top-level simple questions (e.g. a number of meetings) share one page
        for name in sections:
            q = by_name.get(name)
            if q is None:  # internal: not asked
                continue
            if q.simple:
                loose.append(q)
            else:
                task.pages.extend(_pages_for(q, task.id))
        if loose:
            task.pages.append(Page(f"{task.id}-more", task.id, "More about " + title[:1].lower() + title[1:]
                                   if task.pages else title, None, loose))
        tasks.append(task)
    return Form(tasks)


def profile_form() -> Form:
    """The form for the current profile schema."""
    import json

    from ..profile import json_schema

    return _build(json.dumps(json_schema()))  # key order kept: the form asks in schema order


# ---------------------------------------------------------------------------------------------
# Values in and out

def field_id(path: Iterable[Any]) -> str:
    """An HTML id for a field path: f-people-senco-email, f-provision-interventions-0-name."""
    return "f-" + "-".join(str(p) for p in path).replace("_", "-")


def field_name(path: Iterable[Any]) -> str:
    return ".".join(str(p) for p in path)


def display_value(q: Question, value: Any) -> str:
    """A stored value as the user reads it on a check-your-answers page."""
    if value is None or value == [] or value == "":
        return ""
    if q.kind == "boolean":
        return "Yes" if value is True else "No" if value is False else str(value)
    if q.kind == "choice":
        return humanise(str(value))
    if q.kind == "date":
        from ..dates import long_date

        if isinstance(value, date):
            return long_date(value)
        return str(value)
    if q.kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def parse_answer(q: Question, form: Any, path: tuple) -> tuple[Any, bool]:
    """The value the user gave for ``q`` at ``path`` in a submitted form: (value, given).

    Values are kept as typed where they cannot be converted (``12x`` for a number, 31/02/2026 for a
    date), so validation reports them in the same words as `sendkit validate`. ``None``: left empty.
    """
    name = field_name(path)
    if q.kind == "date":
        day, month, year = (form.get(f"{name}-{p}", "").strip() for p in ("day", "month", "year"))
        if not (day or month or year):
            return None, False
        if year.isdigit() and not (day or month):
            return int(year), True  # only the year: a qualification "gained in 2019" (else validate says why not)
        try:
            return date(int(year), int(month), int(day)), True
        except ValueError:
            return f"{year}-{month}-{day}", True
    raw = form.get(name)
    if raw is None:
        return None, False
    raw = raw.strip()
    if raw == "":
        return None, True
    if q.kind == "boolean":
        return {"yes": True, "no": False}.get(raw, raw), True
    if q.kind == "integer":
        return (int(raw) if re.fullmatch(r"-?\d+", raw) else raw), True
    if q.kind == "lines":
        items = [line.strip().lstrip("-•* ").strip() for line in raw.splitlines()]
        return [i for i in items if i], True
    return raw, True


def date_parts(value: Any) -> dict[str, str]:
    if isinstance(value, int) and not isinstance(value, bool):  # only the year is known
        return {"day": "", "month": "", "year": str(value)}
    if isinstance(value, date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    if isinstance(value, str):
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
        if m:
            return {"day": str(int(m[3])), "month": str(int(m[2])), "year": m[1]}
    return {"day": "", "month": "", "year": ""}
