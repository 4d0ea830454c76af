"""The pages. Each route parses the request, calls one function in :mod:`toolkit.web.service` (which
calls the library, as the commands do) and renders a template. No rule, clause or schema knowledge
lives here: questions come from :mod:`toolkit.web.schema_form`, problems from `sendkit validate`'s code.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from flask import (Blueprint, Response, abort, current_app, g, redirect, render_template, request, send_file,
                   session, url_for)
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..errors import Problem, SendkitError
from ..render import fonts
from . import security, service
from .schema_form import (FIRST_TASK, Page, Question, date_parts, display_value, field_id, field_name,
                          humanise, profile_form, singular)

blueprint = Blueprint("web", __name__)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


# ---------------------------------------------------------------------------------------------
# Helpers

def _folder() -> Path:
    return current_app.config["FOLDER"]


def _store() -> service.SessionStore:
    return current_app.extensions["sendkit_store"]


def _profile_path(name: str) -> Path:
    """The profile ``name`` (a file stem) in the workspace folder, or 404."""
    if not _NAME.match(name):
        abort(404)
    first = current_app.config.get("PROFILE")
    if first is not None and first.stem == name:
        return first
    for suffix in (".yaml", ".yml"):
        path = _folder() / f"{name}{suffix}"
        if path.is_file():
            if path in service.find_school_profiles(_folder()):
                return path
    abort(404)


def _state(name: str) -> service.ProfileState:
    return service.load_state(_profile_path(name))


# Advice to someone editing the YAML by hand ("add `urn:` under `school:`", "add it to the profile", "add
# at least one of approved_by, body or committee"): on a page the question itself is the way to add it.
YAML_ADVICE = ("add `", "add it to the profile", "add at least one of")


def problem_text(p: Problem, label: str | None = None) -> str:
    """A problem in the words `sendkit validate` uses, without the file and line (the page is the place).

    A suggestion that tells a YAML editor which key to add is left out: the form asks the question.
    """
    text = p.message.replace("`", "'")
    if p.expected:
        text += f" (expected {p.expected})"
    if p.suggestion and not p.suggestion.startswith(YAML_ADVICE):
        text += ". " + (p.suggestion[:1].upper() + p.suggestion[1:]).replace("`", "'")
    if not label:
        return text
    return f"{label} {text}" if text.startswith(PREDICATES) else f"{label}: {text}"


# Messages that go on from the field's name ("is required but missing", "needs at least one entry"): with
# a label they read as one sentence, "URN is required but missing", not "URN: is required but missing".
PREDICATES = ("is ", "needs ", "must ")


def _beside(p: Problem) -> str:
    """A problem beside its field: the question's own label starts a message that goes on from it."""
    if p.field and p.message.startswith(PREDICATES):
        return problem_text(p, _label_for(p.field).rpartition(": ")[2])
    return problem_text(p)


def _warning_list(name: str, warnings: list[Problem]) -> list[dict[str, Any]]:
    """Profile warnings (the lines `sendkit validate` and `build` print as "warning:"), each linked to
    the question where it can be put right."""
    return [{"text": problem_text(p, _label_for(p.field) if p.field else None),
             "href": _field_link(name, p.field) if p.field else None} for p in warnings]


def _alternatives(field: str) -> list[str]:
    """The fields a problem names: one, or several of which one will do (`people.senco.email |
    people.senco.phone`: the documents need the SENCO's email or phone)."""
    return [f.strip() for f in field.split("|") if f.strip()] or [field]


def _label_for(field: str) -> str:
    """A field path as words for a message: people.senco.phone -> 'SENCO: Phone'; either of two ->
    'SENCO: Email address or Phone number'."""
    either = _alternatives(field)
    if len(either) > 1:
        labels = [_label_for(f) for f in either]
        heads = {label.rpartition(": ")[0] for label in labels}
        if len(heads) == 1 and heads != {""}:  # the same page: say it once
            head, labels = heads.pop() + ": ", [label.rpartition(": ")[2] for label in labels]
        else:
            head = ""
        return head + ", ".join(labels[:-1]) + " or " + labels[-1]
    if field.split(".")[0] == service.LETTERHEAD_FIELD:
        return LETTERHEAD_LABEL
    page = profile_form().page_of_field(field)
    parts = field.split(".")
    plain = [p for p in parts if not p.isdigit()]
    if page is not None:
        for q in page.all_questions():
            if [str(x) for x in q.path] == plain:
                if page.is_list:
                    index = next((int(p) for p in parts if p.isdigit()), None)
                    owner = (singular(page.title) + f" {index + 1}") if index is not None else page.title
                    return owner if q is page.questions[0] else f"{owner}: {q.label}"
                return q.label if q.label == page.title else f"{page.title}: {q.label}"
        return page.title
    return humanise(plain[-1]) if plain else "Profile"


def _task_status(state: service.ProfileState, task) -> str:
    if state.file is None:
        return "cannot-start"
    if task.id != FIRST_TASK:
        first = profile_form().task(FIRST_TASK)
        # The letterhead is in the first task's sections but decides nothing the other tasks ask.
        gate = [p for p in state.problems if (p.field or "").split(".")[0] in first.sections
                and (p.field or "").split(".")[0] != service.LETTERHEAD_FIELD] if first is not None else []
        if first is not None and (state.file.get(("school",)) is None or gate):
            return "cannot-start"
    return "incomplete" if state.problems_under(task.sections) else "completed"


STATUS_TAGS = {
    "completed": {"text": "Completed"},
    "incomplete": {"text": "Incomplete", "classes": "govuk-tag--blue"},
    "cannot-start": {"text": "Cannot start yet", "classes": "govuk-tag--grey"},
}


def _first_page_url(name: str, task) -> str:
    return url_for("web.question", name=name, page_id=task.pages[0].id)


def _task_url(name: str, task, state: service.ProfileState) -> str:
    answered = state.file is not None and any(state.file.get((s,)) is not None for s in task.sections)
    if not answered:
        return _first_page_url(name, task)
    # still to give or correct: straight to the first page that asks one (check your answers is one link
    # away on every page); a completed task opens on its answers
    for problem in state.problems_under(task.sections):
        page = profile_form().page_of_field(_alternatives(problem.field or "")[0])
        if page is not None and page.task == task.id:
            return url_for("web.question", name=name, page_id=page.id)
    return url_for("web.task", name=name, task_id=task.id)


def _field_link(name: str, field: str) -> str | None:
    if field.split(".")[0] == service.LETTERHEAD_FIELD:  # not a question: the letterhead page sets it
        return url_for("web.letterhead", name=name) + "#" + LETTERHEAD_ANCHOR
    field = _alternatives(field)[0]  # either of several: the first one's question
    page = profile_form().page_of_field(field)
    if page is None:
        return None
    return url_for("web.question", name=name, page_id=page.id) + "#" + _anchor_for(page, field)


def _anchor_for(page: Page, field: str) -> str:
    """The id of the input a problem at ``field`` belongs to (the first input of a group)."""
    parts = field.split(".")
    for q in page.all_questions():
        qparts = [str(p) for p in q.path]
        plain = [p for p in parts if not p.isdigit()]
        if plain == qparts:
            if page.is_list:
                return field_id(parts)
            return field_id(q.path) + ("-day" if q.kind == "date" else "")
    for q in page.all_questions():
        if q.simple and [str(p) for p in q.path][:len(parts)] == parts:
            return field_id(q.path) + ("-day" if q.kind == "date" else "")
    return "main-content"


# ---------------------------------------------------------------------------------------------
# The documents' typeface for the app's own pages (GOV.UK Frontend's stylesheet names it first; without
# these rules a machine without it installed fell back to another face)

@blueprint.get("/fonts.css")
def font_css():
    css = fonts.web_font_css(lambda name: url_for("web.font", name=name))
    return Response(css, mimetype="text/css", headers={"Cache-Control": "max-age=86400"})


@blueprint.get("/fonts/<name>")
def font(name: str):
    if name not in fonts.WEB_FONT_FILES:
        abort(404)
    return send_file(fonts.font_file(name), mimetype="font/woff2", max_age=86400)


# ---------------------------------------------------------------------------------------------
# Start and home

@blueprint.get("/start")
def start():
    """The address printed at start: the token becomes this browser's session."""
    if not security.check_token(request.args.get("token")):
        abort(403)
    session.clear()
    session["auth"] = True
    security.csrf_token()
    security.session_id()
    first = current_app.config.get("PROFILE")
    if first is not None:
        return redirect(url_for("web.tasks", name=first.stem))
    return redirect(url_for("web.home"))


@blueprint.get("/")
def home():
    profiles = []
    for path in service.find_school_profiles(_folder()):
        state = service.load_state(path)
        school = state.file.get(("school", "name")) if state.file is not None else None
        profiles.append({"name": path.stem, "file": path.name, "school": school or path.stem})
    return render_template("home.html", profiles=profiles, examples=_examples(), folder=_folder(),
                           errors=[], values={})


def _examples() -> dict[str, Path]:
    from ..resources import data_dir

    return {p.stem: p for p in sorted(data_dir("school_profiles").glob("*.yaml")) if "term-dates" not in p.name}


@blueprint.post("/new")
def new_school():
    name = (request.form.get("school_name") or "").strip()
    start_from = request.form.get("start_from") or "blank"
    examples = _examples()
    errors = []
    if not name:
        errors.append({"text": "Enter the school's name", "href": "#school_name"})
    elif len(name) > 200:
        errors.append({"text": "The school's name must be 200 characters or fewer", "href": "#school_name"})
    if start_from != "blank" and start_from not in examples:
        errors.append({"text": "Choose a blank profile or one of the examples", "href": "#start_from"})
    if not errors:
        try:
            path = service.new_profile(_folder(), name, None if start_from == "blank" else examples[start_from])
        except SendkitError as exc:
            errors.append({"text": str(exc), "href": "#school_name"})
        else:
            return redirect(url_for("web.tasks", name=path.stem))
    profiles = [{"name": p.stem, "file": p.name, "school": p.stem} for p in service.find_school_profiles(_folder())]
    return render_template("home.html", profiles=profiles, examples=examples, folder=_folder(), errors=errors,
                           values={"school_name": name, "start_from": start_from}), 400


# ---------------------------------------------------------------------------------------------
# A school: task list, preview, coverage, downloads

@blueprint.get("/school/<name>/")
def tasks(name: str):
    state = _state(name)
    form = profile_form()
    rows = []
    for task in form.tasks:
        status = _task_status(state, task)
        rows.append({"title": {"text": task.title},
                     "href": None if status == "cannot-start" else _task_url(name, task, state),
                     "hint": {"text": _task_hint(state, task, status)} if _task_hint(state, task, status) else None,
                     "status": {"tag": STATUS_TAGS[status]} if status != "completed" else {"text": "Completed"}})
    preview = service.preview(state) if state.valid else None
    problems = [{"text": problem_text(p, _label_for(p.field) if p.field else None),
                 "href": _field_link(name, p.field) if p.field else None} for p in state.problems]
    warnings = _warning_list(name, state.warnings)
    coverage = {}
    if preview is not None:
        for doc_type, items in preview.coverage.items():
            coverage[doc_type] = [{"item": i, "links": [(_label_for(f), _field_link(name, f)) for f in i.fields]}
                                  for i in items]
    return render_template("tasks.html", name=name, state=state, rows=rows, preview=preview, coverage=coverage,
                           letterhead=service.letterhead(state) if state.file is not None else None,
                           problems=problems, warnings=warnings, documents=service.DOCUMENT_NAMES,
                           completed=sum(1 for r in rows if r["status"].get("text") == "Completed"),
                           school=(state.file.get(("school", "name")) if state.file is not None else name) or name)


def _task_hint(state: service.ProfileState, task, status: str) -> str | None:
    if status == "cannot-start":
        return "Answer the questions about your school first"
    parts = []
    count = len(state.problems_under(task.sections))
    if count:
        parts.append(f"{count} answer{'s' if count > 1 else ''} to give or correct")
    warned = len(state.warnings_under(task.sections))
    if warned:
        parts.append(f"{warned} warning{'s' if warned > 1 else ''} to check")
    return "; ".join(parts) or None


@blueprint.get("/school/<name>/task/<task_id>")
def task(name: str, task_id: str):
    state = _state(name)
    task = profile_form().task(task_id)
    if task is None:
        abort(404)
    problems = state.problems_under(task.sections)
    by_field: dict[str, list[str]] = {}
    for p in problems:
        for f in _alternatives(p.field or ""):
            by_field.setdefault(f, []).append(problem_text(p))
    cards = []
    for page in task.pages:
        rows = []
        if page.is_list:
            q = page.questions[0]
            items = service.list_items(state, q)
            for i, item in enumerate(items):
                summary = "; ".join(display_value(c, item.get(c.name)) for c in q.children
                                    if item.get(c.name) not in (None, "", []))
                rows.append({"key": {"text": f"{singular(q.label)} {i + 1}"}, "value": {"text": summary},
                             "actions": {"items": [{"href": url_for("web.question", name=name, page_id=page.id)
                                                    + "#" + field_id(q.path + (i,) + (q.children[0].name,)),
                                                    "text": "Change", "visuallyHiddenText": f"{singular(q.label)} {i + 1}"}]}})
            if not items:
                rows.append({"key": {"text": q.label}, "value": {"text": "None given"},
                             "actions": {"items": [{"href": url_for("web.question", name=name, page_id=page.id),
                                                    "text": "Add", "visuallyHiddenText": q.label}]}})
        else:
            for q in page.questions:
                if not service.repeat_shown(state, q):
                    continue  # asked on its own page (see the question page's "asked_elsewhere")
                value = service.current_value(state, q.path)
                shown = display_value(q, value)
                notes = [t for f, texts in by_field.items() if f == q.dotted for t in texts]
                if not shown:
                    inherited, where, _locked = service.inherited(state, q.path)
                    if inherited is not None:
                        shown = f"{display_value(q, inherited)} (from the trust: {where})"
                rows.append({"key": {"text": q.label},
                             "value": {"text": shown or ("; ".join(notes) if notes else "Not given")},
                             "actions": {"items": [{"href": url_for("web.question", name=name, page_id=page.id)
                                                    + "#" + field_id(q.path) + ("-day" if q.kind == "date" else ""),
                                                    "text": "Change", "visuallyHiddenText": q.label}]}})
        cards.append({"page": page, "rows": rows})
    problem_list = [{"text": problem_text(p, _label_for(p.field) if p.field else None),
                     "href": _field_link(name, p.field) if p.field else None} for p in problems]
    warnings = _warning_list(name, state.warnings_under(task.sections))
    letterhead_card = None
    if service.LETTERHEAD_FIELD in task.sections and state.file is not None:
        letterhead_card = {"title": LETTERHEAD_LABEL, "href": url_for("web.letterhead", name=name),
                           "rows": [{"key": {"text": "Letterhead"},
                                     "value": {"text": _letterhead_words(service.letterhead(state))}}]}
    return render_template("task.html", name=name, task=task, cards=cards, problems=problem_list,
                           warnings=warnings, letterhead=letterhead_card)


def _letterhead_words(current: service.Letterhead) -> str:
    """The letterhead in a few words, for the task list and the check-your-answers page."""
    if current.own:
        return current.name or ""
    if current.inherited:
        return f"{current.name} (from the trust: {current.trust_where})"
    return "None: Word files use sendkit's own styles"


# ---------------------------------------------------------------------------------------------
# Question pages

def _input_value(q: Question, value: Any) -> Any:
    if q.kind == "date":
        return date_parts(value)
    if q.kind == "boolean":
        return "yes" if value is True else "no" if value is False else ""
    if q.kind == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else ("" if value is None else str(value))
    return "" if value is None else str(value)


def _submitted_value(q: Question, path: tuple, form: Any) -> Any:
    name = field_name(path)
    if q.kind == "date":
        return {p: form.get(f"{name}-{p}", "") for p in ("day", "month", "year")}
    return form.get(name, "")


def _page_context(name: str, page: Page, state: service.ProfileState, submitted: Any = None,
                  problems: list[Problem] = ()) -> dict[str, Any]:
    errors: dict[str, str] = {}
    summary = []
    for p in problems:
        anchor = _anchor_for(page, p.field or page.id)
        key = anchor[:-4] if anchor.endswith("-day") else anchor
        label = _label_for(p.field) if p.field else page.title
        errors.setdefault(key, _beside(p))  # beside its field, whose label is just above
        summary.append({"text": problem_text(p, label), "href": "#" + anchor})
    gaps = {f: problem_text(p) for p in state.gaps for f in _alternatives(p.field or "")}
    # warnings about this page's answers (`sendkit validate`'s "warning:" lines): above the questions,
    # and beside the field they are about
    page_warnings = service.page_problems(page, state.warnings)
    warned: dict[str, str] = {}
    for p in page_warnings:
        warned.setdefault(_anchor_for(page, p.field or page.id).removesuffix("-day"), problem_text(p))
    warning_list = [{"text": problem_text(p, _label_for(p.field) if p.field else page.title),
                     "href": "#" + _anchor_for(page, p.field or page.id)} for p in page_warnings]
    questions = []
    asked_elsewhere = []
    if page.is_list:
        q = page.questions[0]
        if submitted is not None:
            count = int(submitted.get(f"{q.dotted}.count", "0") or 0)
            items = []
            for i in range(count):
                items.append({c.name: _submitted_value(c, q.path + (i, c.name), submitted) for c in q.children})
        else:
            items = [{c.name: _input_value(c, item.get(c.name)) for c in q.children}
                     for item in service.list_items(state, q)]
        added = bool(request.args.get("add") or not items or submitted is None)
        if added:  # an empty item to fill in: left empty, it is not saved
            items.append({c.name: _input_value(c, None) for c in q.children})
        return {"list_question": q, "items": items, "errors": errors, "summary": summary, "gaps": gaps,
                "questions": [], "warnings": warning_list, "asked_elsewhere": [],
                "new_item": added and len(items) > 1}
    form = profile_form()
    for q in page.questions:
        if not service.repeat_shown(state, q):  # one address, asked where the documents read it
            asked_elsewhere.append({"label": q.label, "href": _field_link(name, q.same_as),
                                    "page": (form.page_of_field(q.same_as) or page).title})
            continue
        value = service.current_value(state, q.path)
        inherited_value, where, locked = service.inherited(state, q.path)
        if submitted is not None:
            shown = _submitted_value(q, q.path, submitted)
        elif value is None and q.default is not None and q.kind in ("boolean",):
            shown = _input_value(q, q.default)
        else:
            shown = _input_value(q, value)
        if locked and value is None and inherited_value is not None:
            shown = _input_value(q, inherited_value)  # the trust's value, in the box that cannot change
        elsewhere = None
        if value is None:  # given only in a field that repeats this one: the documents use that meanwhile
            for repeat in form.repeats_of(q.dotted):
                said = service.current_value(state, repeat.path)
                if said is not None:
                    elsewhere = (display_value(q, said), (form.page_of_field(repeat.dotted) or page).title)
        questions.append({"q": q, "value": shown, "error": errors.get(field_id(q.path)),
                          "gap": gaps.get(q.dotted), "warning": warned.get(field_id(q.path)),
                          "inherited": (display_value(q, inherited_value), where) if where else None,
                          "elsewhere": elsewhere, "locked": locked})
    return {"questions": questions, "errors": errors, "summary": summary, "list_question": None, "items": [],
            "warnings": warning_list, "asked_elsewhere": asked_elsewhere}


@blueprint.route("/school/<name>/page/<page_id>", methods=["GET", "POST"])
def question(name: str, page_id: str):
    path = _profile_path(name)
    form = profile_form()
    page = form.page(page_id)
    if page is None:
        abort(404)
    task = form.task(page.task)
    if request.method == "POST":
        result = service.save_page(path, page, request.form)
        if result.saved:
            if request.form.get("action") == "add":
                return redirect(url_for("web.question", name=name, page_id=page.id, add=1) + "#add-another")
            pages = task.pages
            index = pages.index(page)
            if index + 1 < len(pages):
                return redirect(url_for("web.question", name=name, page_id=pages[index + 1].id))
            return redirect(url_for("web.task", name=name, task_id=task.id))
        state = result.state or service.load_state(path)
        context = _page_context(name, page, state, request.form, result.problems)
        return render_template("question.html", name=name, page=page, task=task, preview_ready=state.valid,
                               **context), 400
    state = service.load_state(path)
    if state.file is None:
        return render_template("error.html", title="This profile cannot be opened", message=state.error), 400
    context = _page_context(name, page, state)
    return render_template("question.html", name=name, page=page, task=task, preview_ready=state.valid, **context)


# ---------------------------------------------------------------------------------------------
# The school's letterhead (its own Word file: `word_template:`, which the form does not ask)

LETTERHEAD_ANCHOR = "letterhead"  # the file input's id: problems link to it
LETTERHEAD_LABEL = "Letterhead for Word files"
LETTERHEAD_DONE = {"saved": "Your letterhead is saved. Word files you download are now written into it.",
                   "stopped": "Word files you download now use sendkit's own styles.",
                   "trust": "Word files you download now use your trust's letterhead."}
LETTERHEAD_KEPT = (" The Word file you used before is still in the folder with your profile: delete it yourself "
                   "if you no longer need it.")


def _letterhead_done(code: str) -> str | None:
    kind, _, kept = code.partition("-")
    text = LETTERHEAD_DONE.get(kind)
    return text + LETTERHEAD_KEPT if text and kept == "kept" else text


@blueprint.route("/school/<name>/letterhead", methods=["GET", "POST"])
def letterhead(name: str):
    path = _profile_path(name)
    if request.method == "GET":
        state = service.load_state(path)
        if state.file is None:
            return render_template("error.html", title="This profile cannot be opened", message=state.error), 400
        current = service.letterhead(state)
        return _letterhead_page(name, state, current, current.problems, done=_letterhead_done(request.args.get("done", "")))
    upload = request.files.get(LETTERHEAD_ANCHOR)
    if upload is None or not upload.filename:
        problems = [Problem("Choose your school's Word file (.docx or .dotx) to upload", field=service.LETTERHEAD_FIELD)]
        result = service.SaveResult(False, problems)
    else:
        result = service.save_letterhead(path, upload.read(), upload.filename)
    if result.saved:
        return redirect(url_for("web.letterhead", name=name, done="saved"))
    state = service.load_state(path)
    return _letterhead_page(name, state, service.letterhead(state), result.problems), 400


@blueprint.post("/school/<name>/letterhead/stop")
def letterhead_stop(name: str):
    path = _profile_path(name)
    use_trusts = request.form.get("use") == "trust"
    had_own = service.letterhead(service.load_state(path)).own
    result = service.stop_letterhead(path, use_trusts=use_trusts)
    if result.saved:
        done = ("trust" if use_trusts else "stopped") + ("-kept" if had_own else "")
        return redirect(url_for("web.letterhead", name=name, done=done))
    state = service.load_state(path)
    return _letterhead_page(name, state, service.letterhead(state), result.problems), 400


def _letterhead_page(name: str, state: service.ProfileState, current: service.Letterhead, problems, done=None):
    """The letterhead page: each problem in the error summary and beside the file input."""
    texts = [problem_text(p) for p in problems]
    summary = [{"text": text, "href": "#" + LETTERHEAD_ANCHOR} for text in texts]
    school = (state.file.get(("school", "name")) if state.file is not None else None) or name
    return render_template("letterhead.html", name=name, school=school, current=current, errors=summary,
                           field_error=" ".join(texts) or None, done=done, anchor=LETTERHEAD_ANCHOR,
                           task=profile_form().task_of_field(service.LETTERHEAD_FIELD), valid=state.valid)


# ---------------------------------------------------------------------------------------------
# Preview and downloads

@blueprint.get("/school/<name>/preview/<doc_type>")
def preview_document(name: str, doc_type: str):
    if doc_type not in service.DOCUMENT_NAMES:
        abort(404)
    state = _state(name)
    if not state.valid:
        return render_template("error.html", title="No preview yet",
                               message="The preview appears when the profile has no problems left."), 409
    html, _coverage = service.preview_document(state, doc_type)
    g.csp = security.PREVIEW_CSP
    return Response(html, mimetype="text/html")


DOWNLOADS = {f"{doc}.{fmt}": (doc, fmt) for doc in service.DOCUMENT_NAMES for fmt in service.FILE_FORMATS}
MEDIA = {"html": "text/html", "pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "json": "application/json", "zip": "application/zip"}


@blueprint.get("/school/<name>/download/<filename>")
def download(name: str, filename: str):
    state = _state(name)
    if not state.valid:
        abort(409)
    from ..build import DOCUMENT_TYPES

    kinds = {v: k for k, v in DOCUMENT_TYPES.items()}  # sen-information-report -> report
    try:
        return _download(name, filename, state, kinds)
    except SendkitError as exc:  # the letterhead cannot be used: `sendkit build` stops with the same words
        reasons = "; ".join(problem_text(p) for p in exc.problems)
        return render_template("error.html", title="The Word files cannot be made",
                               message=f"{exc}: {reasons}" if reasons else str(exc),
                               link={"href": url_for("web.letterhead", name=name),
                                     "text": "Change or stop using the letterhead"}), 409


def _download(name: str, filename: str, state: service.ProfileState, kinds: dict[str, str]) -> Response:
    if filename in DOWNLOADS:
        doc, fmt = DOWNLOADS[filename]
        files = service.build_files(state, (kinds[doc],), (fmt,))
        data = files[filename]
        media = MEDIA[fmt]
    elif filename in ("build.json", f"{name}.zip"):
        files = service.build_files(state, tuple(kinds[d] for d in service.DOCUMENT_ORDER), service.FILE_FORMATS)
        if filename == "build.json":
            data, media = files["build.json"], MEDIA["json"]
        else:
            data, media = service.zip_bytes(files, state.profile.slug), MEDIA["zip"]
    else:
        abort(404)
    return Response(data, mimetype=media,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ---------------------------------------------------------------------------------------------
# Checking a document

@blueprint.route("/check", methods=["GET", "POST"])
def check():
    if request.method == "GET":
        return render_template("check.html", run=None, errors=[], url="", groups=None)
    upload = request.files.get("document")
    url = (request.form.get("url") or "").strip()
    field = "#document" if upload is not None and upload.filename else "#url"  # where a problem is shown
    try:
        if upload is not None and upload.filename:
            run, json_text = service.check_upload(upload.read(), upload.filename)
        elif url:
            run, json_text = service.check_url(url)
        else:
            return render_template("check.html", run=None, url="", groups=None, errors=[
                {"text": "Choose a file to check, or give a web address", "href": "#document"}]), 400
    except SendkitError as exc:
        return render_template("check.html", run=None, url=url, groups=None,
                               errors=[{"text": str(exc), "href": field}]), 400
    _store().put(security.session_id(), "check.json", json_text.encode("utf-8"))
    doc = run.documents[0]
    if doc.error:
        return render_template("check.html", run=None, url=url, groups=None,
                               errors=[{"text": doc.error, "href": field}]), 400
    order = ("missing", "partial", "present", "not_applicable")
    groups = [(status, [f for f in doc.results if f.status == status]) for status in order]
    return render_template("check.html", run=run, doc=doc, groups=groups, errors=[], url=url)


@blueprint.get("/check/report.json")
def check_report():
    data = _store().get(security.session_id(), "check.json")
    if data is None:
        abort(404)
    return Response(data, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="sendkit-check.json"'})


# ---------------------------------------------------------------------------------------------
# Annual reviews

@blueprint.route("/school/<name>/reviews", methods=["GET", "POST"])
def reviews(name: str):
    path = _profile_path(name)
    state = service.load_state(path)
    key = f"reviews:{name}"
    today = current_app.config.get("AS_OF") or date.today()
    if request.method == "GET":
        outcome = _store().get(security.session_id(), key)
        return _reviews_page(name, outcome, [], state.valid, date_parts(outcome.as_of if outcome else today))
    as_of_parts = {p: request.form.get(f"as_of-{p}", "").strip() for p in ("day", "month", "year")}
    as_of, as_of_error = _as_of_date(as_of_parts, today)
    errors = []
    if as_of_error:
        errors.append({"text": as_of_error, "href": "#as_of-day", "field": "as_of"})
    upload = request.files.get("pupils")
    if upload is None or not upload.filename:
        errors.append({"text": "Choose the pupil list to upload", "href": "#pupils", "field": "pupils"})
    if errors:
        return _reviews_page(name, None, errors, state.valid, as_of_parts), 400
    if not state.valid:
        return _reviews_page(name, None, [{"text": "The school profile has problems: correct them first",
                                           "href": url_for("web.tasks", name=name)}], False, as_of_parts), 400
    unusable = service.letterhead(state).problems  # the letters are Word files written into it
    if unusable:
        return _reviews_page(name, None, [{"text": problem_text(p, LETTERHEAD_LABEL),
                                           "href": url_for("web.letterhead", name=name) + "#" + LETTERHEAD_ANCHOR}
                                          for p in unusable], True, as_of_parts), 400
    terms = request.files.get("term_dates")
    terms_data = terms.read() if terms is not None and terms.filename else None
    try:
        outcome = service.run_review_upload(upload.read(), upload.filename, path, as_of, term_dates=terms_data)
    except service.TermDatesError as exc:
        return _reviews_page(name, None, _upload_errors(exc, "term_dates"), True, as_of_parts), 400
    except SendkitError as exc:
        return _reviews_page(name, None, _upload_errors(exc, "pupils"), True, as_of_parts), 400
    _store().put(security.session_id(), key, outcome)
    return _reviews_page(name, outcome, [], True, as_of_parts)


def _reviews_page(name: str, outcome, errors: list[dict], valid: bool, as_of_parts: dict[str, str]):
    """The reviews page; each error is shown in the summary and beside its field."""
    by_field: dict[str, str] = {}
    for e in errors:
        if e.get("field"):
            by_field[e["field"]] = (by_field[e["field"]] + " " + e["text"]) if e["field"] in by_field else e["text"]
    summary = [{"text": e["text"], "href": e["href"]} for e in errors]
    return render_template("reviews.html", name=name, outcome=outcome, errors=summary, field_errors=by_field,
                           valid=valid, as_of=as_of_parts, required_columns=service.pupil_columns())


def _as_of_date(parts: dict[str, str], today: date) -> tuple[date | None, str | None]:
    """The as-of date from the three boxes: none typed is today (as the CLI's --as-of), else a real date.

    The message starts with the CLI's own words for a bad --as-of.
    """
    from ..dates import parse_date_text

    if not any(parts.values()):
        return today, None
    text = f"{parts['day']}/{parts['month']}/{parts['year']}"
    parsed = parse_date_text(text) if all(p.isdigit() for p in parts.values()) else None
    if parsed is None:
        return None, (f"`{text}` is not a real date; enter the day, month and year as numbers, "
                      "for example 1 10 2026")
    return parsed, None


def _upload_errors(exc: SendkitError, field: str) -> list[dict[str, str]]:
    """A reader's error about an uploaded file, for the error summary: its headline, then each problem in
    `sendkit reviews`' words (row and column, what to do). Only the headline goes beside the field: the
    summary just above lists the details, each linked to it."""
    def sentence(text: str) -> str:
        return text[:1].upper() + text[1:]

    headline = _without_paths(str(exc))
    for what in ("the pupil list", "the term dates file"):  # "the pupil list: the pupil list cannot be used"
        if headline.startswith(f"{what}: ") and headline[len(what) + 2:].lower().startswith(what):
            headline = headline[len(what) + 2:]
    errors = [{"text": sentence(headline), "href": "#" + field, "field": field}]
    for p in exc.problems:
        row = f"Row {p.line}: " if p.line and p.line > 1 else ""
        errors.append({"text": sentence(row + _without_paths(problem_text(p))), "href": "#" + field})
    return errors


def _without_paths(text: str) -> str:
    """A reader's message about the temporary copy, as about the file the user uploaded."""
    text = re.sub(r"\S*sendkit-reviews-[^/\s]*/term-dates\.yaml", "the term dates file", text)
    return re.sub(r"\S*sendkit-reviews-[^/\s]*/pupils\.\w+", "the pupil list", text)


@blueprint.get("/school/<name>/reviews/<filename>")
def review_download(name: str, filename: str):
    _profile_path(name)
    outcome = _store().get(security.session_id(), f"reviews:{name}")
    if outcome is None or filename not in outcome.files:
        abort(404)
    data, media = outcome.files[filename]
    return Response(data, mimetype=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blueprint.post("/school/<name>/reviews/forget")
def review_forget(name: str):
    _store().forget(security.session_id(), f"reviews:{name}")
    return redirect(url_for("web.reviews", name=name))


@blueprint.post("/finish")
def finish():
    """End the session: forget every upload held for it."""
    _store().forget(security.session_id())
    session.clear()
    return render_template("error.html", title="You have finished",
                           message="sendkit has forgotten the files you uploaded. Your profiles are saved. "
                                   "You can close this window and stop sendkit with Ctrl+C in the terminal."), 200


# ---------------------------------------------------------------------------------------------
# Error pages: plain words, never a traceback, and the server keeps running

MESSAGES = {
    400: ("Something was wrong with that request", "Go back and try again."),
    403: ("Open sendkit from the address in the terminal",
          "For your school's data, sendkit only answers the browser that opened the address it printed "
          "when it started (the one with ?token=). Copy that address into this browser."),
    404: ("Page not found", "Check the address, or go back to the start."),
    405: ("Page not found", "Go back to the start."),
    409: ("Not ready yet", "The school profile still has problems: correct them on the task list first."),
    413: ("The file is too large", "Files must be smaller than 20 MB."),
}


def install_error_pages(app) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        title, message = MESSAGES.get(exc.code or 500, ("Something went wrong", "Go back and try again."))
        if exc.code == 400 and exc.description and not exc.description.startswith("The browser"):
            message = exc.description
        if isinstance(exc, RequestEntityTooLarge):
            message = "Files must be smaller than 20 MB. Choose a smaller file."
        return render_template("error.html", title=title, message=message), exc.code or 500

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # A bug, not bad input: the one error boundary decides what it shows (its type, never a
        # message that could quote pupil data); the traceback goes to the terminal only in debug mode.
        from ..errors import report_error

        report = report_error(exc, command="sendkit serve")
        if report.traceback:
            import sys

            print(report.traceback, file=sys.stderr)
        return render_template("error.html", title="Sorry, something went wrong",
                               message=" ".join(report.lines) + " Nothing was saved by this request: your "
                                                                "profile is as it was."), 500
