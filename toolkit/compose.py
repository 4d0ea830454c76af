"""Composition: profile + clause library + outline -> Document. Knows nothing about file formats.

Clause bodies are Jinja2 run in a sandbox with StrictUndefined; every profile value is escaped for
Markdown on the way out, so a value is always data, never template code or markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable, get_origin

from jinja2 import StrictUndefined, TemplateError, pass_context
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markupsafe import Markup

from .clauses import DOCUMENT_KINDS, Clause, ClauseLibrary, Outline, bundled_library, bundled_outline
from .dates import add_months, long_date
from .document import Document, Inline, ListBlock, Paragraph, Section
from .errors import ClauseError, IncompleteProfileError, Problem, display_path
from .profile import Profile, model_at
from .schema import AREA_NAMES, approver, can_hold, qualification_deadline

DOCUMENT_TITLES = {"send-policy": "SEND policy", "sen-information-report": "SEN information report"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+\-!|{}<>~&])")
_MARKER = re.compile(r"⟦to complete: ([^⟧]+)⟧")


class _Missing(str):
    """Stands in for a missing profile value under --allow-incomplete; renders as a visible marker.

    Clauses reach into list items (`item.name`, `area.examples`): those lookups give a falsy,
    empty-iterating part that still renders as the marker, so a loop over a missing list shows the
    marker once instead of failing or looping over the characters of the path.
    """

    def __getattr__(self, name: str) -> "_Missing":
        if name.startswith("_"):
            raise AttributeError(name)
        return _MissingPart(self)

    def __getitem__(self, key):
        return _MissingPart(self) if isinstance(key, str) else str.__getitem__(self, key)


class _MissingPart(_Missing):
    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        return iter(())


def md_escape(value: Any) -> str:
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def longdate(value: date | str | None) -> str:
    if value is None:
        raise TemplateError("longdate() was given no date")
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return long_date(value)


_STRAIGHT_QUOTED = re.compile(r'(^|[\s(\[])"([^"\s][^"]*?)"')


def _curly_quotes(value: Any) -> Any:
    """A school's "tell us" button prints as “tell us”, like the quotes in our own clauses."""
    return _STRAIGHT_QUOTED.sub(r"\1“\2”", value) if isinstance(value, str) and '"' in value else value


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, _Missing):
        return Markup(f"⟦to complete: {value}⟧")
    if value is None:
        raise TemplateError("printed a value the profile does not have (guard it with {% if %} "
                            "or list it under `requires:`)")
    if isinstance(value, date):
        value = longdate(value)
    return Markup(md_escape(_curly_quotes(value)))


def _join_and(items: Iterable[Any], last: str = "and") -> Any:
    items = [i for i in items if i not in (None, "")]
    if any(isinstance(i, _Missing) for i in items):  # keep the marker visible
        return _finalize(next(i for i in items if isinstance(i, _Missing)))
    if any(isinstance(i, Markup) for i in items):  # a link among them: escape the rest, keep the link
        items = [_finalize(i) for i in items]
        joined = items[0] if len(items) == 1 else Markup(", ").join(items[:-1]) + Markup(f" {last} ") + items[-1]
        return Markup(joined) if items else ""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _link(url: Any, text: Any = None) -> Markup:
    if isinstance(url, _Missing):
        return _finalize(url)
    label = md_escape(text if text is not None else url)
    return Markup(f"[{label}](<{str(url).replace('>', '%3E')}>)")


def _email(address: Any) -> Markup:
    if isinstance(address, _Missing):
        return _finalize(address)
    return Markup(f"[{md_escape(address)}](<mailto:{address}>)")


def _names(items: Iterable[Any]) -> list[Any]:
    return [i if isinstance(i, _Missing) else i["name"] if isinstance(i, dict) else str(i) for i in items or []]


# Words in a school's or council's name that are ordinary words, not the name of a place.
_GENERIC_NAME_WORDS = {
    "School", "Schools", "Primary", "Secondary", "Infant", "Junior", "Nursery", "Academy", "College", "High",
    "Special", "Free", "Community", "Church", "Learning", "Trust", "Multi", "Academy", "County", "Council",
    "Borough", "Metropolitan", "City", "District", "Local", "Offer", "Road", "Lane", "Street", "Hill", "Way",
    "Walk", "Avenue", "Close", "Drive", "Site", "Campus", "Centre", "Service", "Services", "The", "And", "Of",
    "Information", "Advice", "Support", "Family", "Families", "Children", "Young", "People", "Parent", "Parents"}


def place_words(context: Any) -> set[str]:
    """Capitalised words the profile uses in names of places and bodies ("Northshire", "Southmoor"):
    a value starting with one is a proper name, whatever case its other words have."""
    school = context.get("school") or {}
    names = [school.get("name"), school.get("local_authority"), school.get("address"),
             (school.get("trust") or {}).get("name"), (context.get("local_offer") or {}).get("name"),
             (context.get("sendiass") or {}).get("name")] + [site.get("name") for site in school.get("sites") or []]
    return {w for n in names if isinstance(n, str) for w in re.findall(r"[A-Z][\w’'-]*", n)} - _GENERIC_NAME_WORDS


_SENTENCE_CASE = re.compile(r"^[A-Z][a-z’'-]*( [a-z][\w’'-]*)+( \(?[A-Z]+\)?)?$")
# "School nursing team", "Lead teacher for the Acorn Centre": a common word, then a lower-case word
_COMMON_START = re.compile(r"^[A-Z][a-z’'-]* (?!(?:of|and|the|for|in|on|to|at|with|or|by|from|a|an|as|&)\b)[a-z]")
_KEEPS_CAPITAL = {"English", "Reception", "Year", "Key", "Makaton", "Braille", "British"}


@pass_context
def _mid_sentence(context: Any, name: Any) -> Any:
    """A value inside a sentence: "The Acorn Centre" reads "the Acorn Centre" after other words, and a
    value in sentence case ("School nursing team", "Children and young people's mental health service
    (CAMHS)") reads "the school nursing team". A name with other capitals ("Northshire NHS speech and
    language therapy", "Barnardo's") or starting with a place the profile names keeps its case.
    A list is treated item by item."""
    if isinstance(name, (list, tuple)):
        return [_mid_sentence(context, n) for n in name]
    if isinstance(name, _Missing):
        return name
    text = str(name)
    kind = Markup if isinstance(name, Markup) else str  # a partner with a link stays a link
    if text.startswith("The "):
        return kind("t" + text[1:])
    head = text.replace("\\", "").split(" (", 1)[0]  # a Markup value's escapes are not its words
    first = head.split(" ", 1)[0]
    if (_SENTENCE_CASE.match(head) or _COMMON_START.match(head)) and first not in _KEEPS_CAPITAL | place_words(context):
        return kind(text[0].lower() + text[1:])
    return name


def _longdate(value: Any) -> Any:
    """A date in words; a missing one stays its visible marker."""
    return value if isinstance(value, _Missing) else longdate(value)


def _described(items: Iterable[Any]) -> list[Any]:
    """Partners as "Name (what they do; phone ..., email ..., website ...)": a description or contact the
    profile gives is never dropped, and an email or web address is a link."""
    out = []
    for i in items or []:
        if not isinstance(i, dict) or isinstance(i, _Missing):
            out.extend(_names([i]))
            continue
        extra = [_finalize(i["description"])] if i.get("description") else []
        ways = [Markup(f"phone {_finalize(i['phone'])}") if i.get("phone") else None,
                Markup("email ") + _email(i["email"]) if i.get("email") else None,
                Markup("website ") + _link(i["url"]) if i.get("url") else None]
        if any(ways):
            extra.append(Markup(", ").join(w for w in ways if w))
        out.append(_finalize(i["name"]) + Markup(" (") + Markup("; ").join(extra) + Markup(")") if extra else i["name"])
    return out


def _channels(person: Any) -> Any:
    """Every way the profile gives to reach a person, as a list's item ends: "head@x or 01632 960100",
    "head@x, 01632 960100 or https://...". Empty when it gives none."""
    if not isinstance(person, dict):
        return ""
    ways = [_email(person["email"]) if person.get("email") else None, person.get("phone"),
            _link(person["website"]) if person.get("website") else None]
    return _join_and([w for w in ways if w], "or")


def _reach(person: Any) -> Any:
    """The same as what a reader can do, to follow "To contact her, ": "email head@x, phone 01632 960100
    or see https://..."."""
    if not isinstance(person, dict):
        return ""
    ways = [Markup("email ") + _email(person["email"]) if person.get("email") else None,
            Markup(f"phone {_finalize(person['phone'])}") if person.get("phone") else None,
            Markup("see ") + _link(person["website"]) if person.get("website") else None]
    return _join_and([w for w in ways if w], "or")


def _lower_first(s: Any) -> str:
    s = str(s)
    return s[:1].lower() + s[1:] if s[:2] != s[:2].upper() else s


def _upper_first(s: Any) -> str:
    s = str(s)
    return s[:1].upper() + s[1:]


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "revd", "reverend",
           "canon", "father", "rabbi", "imam"}
# Words that begin a surname of more than one word: "ap Gwilym", "Ó Súilleabháin", "van der Berg", "de Souza".
_SURNAME_PARTICLES = {"ap", "ab", "ferch", "verch", "ó", "ní", "nic", "mac", "mc", "ua", "uí", "van", "von", "de",
                      "da", "das", "dos", "di", "du", "del", "della", "der", "den", "le", "la", "st", "bin", "bint",
                      "al", "el", "ten", "ter"}


def _short_name(name: Any) -> Any:
    """A person named in full once, then by title and surname: "Mrs Priya Sharma" -> "Mrs Sharma",
    "Mr Rhodri ap Gwilym" -> "Mr ap Gwilym", "The Revd Canon Margaret Lowther" -> "Canon Lowther".
    A name without a title, or with only "Revd", stays whole (we cannot know how they like to be called)."""
    if isinstance(name, _Missing):
        return name
    words = str(name).split()
    start = 1 if words and words[0].lower() == "the" else 0
    end = start
    while end < len(words) and words[end].lower().rstrip(".") in _TITLES:
        end += 1
    if end == start or len(words) - end < 2 or words[end - 1].lower().rstrip(".") in {"rev", "revd", "reverend"}:
        return str(name)
    if words[end - 1].lower() in {"sir", "dame"}:  # Sir John, Dame Mary: never "Sir Smith"
        return f"{words[end - 1]} {words[end]}"
    surname = len(words) - 1
    for i in range(end + 1, len(words) - 1):
        if words[i].lower() in _SURNAME_PARTICLES:
            surname = i
            break
    return " ".join([words[end - 1]] + words[surname:])


_RANGE = re.compile(r"^\s*(\d{1,2})\s*[-–—]\s*(\d{1,2})\s*$")


def _ages(value: Any) -> Any:
    """An age range in words: "4-7" -> "4 to 7" (a hyphen reads as minus or as a year range)."""
    m = _RANGE.match(str(value)) if not isinstance(value, _Missing) else None
    return f"{m.group(1)} to {m.group(2)}" if m else value


# The word a role's title is counted by: "Director of Inclusion" -> Directors of Inclusion,
# "Assistant Headteacher (Inclusion)" -> Assistant Headteachers (Inclusion), "SENDCo" -> SENDCos.
_HEAD_NOUN = re.compile(r"^(.*?)(\S+?)(\s+(?:of|for|in)\s+.*|\s*\(.*\))?$")


def _plural(title: Any) -> str:
    m = _HEAD_NOUN.match(str(title))
    if not m:
        return f"{title}s"
    before, noun, after = m.group(1), m.group(2), m.group(3) or ""
    noun = noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + ("es" if re.search(r"(s|x|ch|sh)$", noun) else "s")
    return before + noun + after


def _possessive(title: Any) -> str:
    """ "The SENDCo's qualification"; a title ending in a bracket reads badly with 's ("Assistant
    Headteacher (Inclusion)'s"), so the caller gets "" and says "of our ..." instead."""
    text = str(title)
    return f"{text}'s" if re.search(r"[A-Za-z0-9]$", text) else ""


def _roles(people: Iterable[Any]) -> str:
    """The titles of several people, each once, counted: "SENCOs and Assistant SENCO",
    "Assistant Headteacher (Inclusion) and Early Years Inclusion Lead"."""
    counts: dict[str, int] = {}
    for p in people or []:
        title = p["title"] if isinstance(p, dict) else str(p)
        counts[title] = counts.get(title, 0) + 1
    return _join_and([_plural(t) if n > 1 else t for t, n in counts.items()])


# Items of a list share one form (#9.3): all full sentences ending with a full stop, or all fragments
# without one. A school's own words keep their wording and capitals; only the punctuation and the case
# of a word that opens a sentence are ours to make parallel.
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+[A-Z“\"]")
_STARTERS = {"a", "an", "the", "our", "we", "each", "every", "all", "some", "most", "this", "these", "they", "it"}


_ABBREVIATION = re.compile(r"\b(Inc|Ltd|Co|St|Dr|Mr|Mrs|Ms|Mx|Prof|No|etc|e\.g|i\.e)\.")


def _is_sentences(texts: list[str]) -> bool:
    """Whether a list's items read as full sentences: any holds two sentences, or most end in a stop."""
    if any(_SENTENCE_BREAK.search(_ABBREVIATION.sub("", t)) for t in texts):
        return True
    return sum(t.rstrip().endswith((".", "!", "?")) for t in texts) * 2 > len(texts)


def _as_sentence(text: str) -> str:
    text = _upper_first(text.rstrip())
    return text if text.endswith((".", "!", "?")) else text + "."


def _as_fragment(text: str) -> str:
    text = text.rstrip()
    if text.endswith(".") and not text.endswith(("..", "etc.")):
        text = text[:-1]
    first = text.split(" ", 1)[0]
    if first.lower() in _STARTERS and first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        return first.lower() + text[len(first):]
    return text


def _items(values: Iterable[Any], attribute: str | None = None, form: str | None = None) -> list[Any]:
    """A profile's list made parallel for a bulleted list: every item a sentence (capital, full stop)
    or every item a fragment (no full stop; "We", "The", "Our" opening it lower-cased to follow the
    lead-in), as most of the school's items already are, or as ``form`` ("sentence", "fragment") says.
    With ``attribute`` (e.g. "description"), the items are groups and that field is made parallel."""
    values = list(values or [])
    if any(isinstance(v, _Missing) for v in values):
        return values
    texts = [(v.get(attribute) if attribute else v) for v in values]
    given = [str(t) for t in texts if t]
    sentence = form == "sentence" or (form is None and given and _is_sentences(given))
    shape = _as_sentence if sentence else _as_fragment
    if attribute is None:
        return [shape(str(v)) for v in values]
    return [{**v, attribute: shape(str(v[attribute]))} if v.get(attribute) else v for v in values]


_DETERMINERS = {"a", "an", "the", "our", "two", "three", "four", "five", "six", "some", "every", "each", "all"}


@pass_context
def _alone(context: Any, values: Iterable[Any]) -> str:
    """The one item of a one-item list, to be said in the lead-in's sentence ("Our site has a ramp to the main
    door.") rather than as a list of one under a plural lead-in. "" when there are more, or the item is a
    sentence of its own (the clause then keeps its list, with a singular lead-in)."""
    values = list(values or [])
    if len(values) != 1 or isinstance(values[0], _Missing):
        return ""
    text = str(values[0]["name"] if isinstance(values[0], dict) else values[0]).strip()
    if _is_sentences([text]) or not text:
        return ""
    fragment = _as_fragment(text)
    # only a phrase that can follow "has" or "is" as it stands: "a ramp", never "step-free entrance"
    if fragment.split(" ", 1)[0].lower() not in _DETERMINERS:
        return ""
    return _mid_sentence(context, fragment)


def _by_area(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Items (interventions, therapies, wellbeing support) grouped by the area of need the profile gives
    each, the areas in the order they first appear and items with none last:
    ``[{"area": "Communication and interaction", "members": [...]}, {"area": None, "members": [...]}]``."""
    items = list(items or [])
    if any(isinstance(i, _Missing) or not isinstance(i, dict) for i in items):
        return [{"area": None, "members": items}]
    groups: dict[Any, list[Any]] = {}
    for i in items:
        groups.setdefault(i.get("area"), []).append(i)
    order = [a for a in groups if a] + ([None] if None in groups else [])
    return [{"area": AREA_NAMES[a] if a else None, "members": groups[a]} for a in order]


# A person's pronouns in each form a clause needs: subject, object, possessive.
_PRONOUN_FORMS = {"she/her": {"they": "she", "them": "her", "their": "her"},
                  "he/him": {"they": "he", "them": "him", "their": "his"},
                  "they/them": {"they": "they", "them": "them", "their": "their"}}
_PLURAL_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do", "goes": "go"}


def _pronoun(person: Any, form: str = "they") -> Any:
    """How a passage refers to a person it has already named: the pronoun the profile gives
    (``form`` is "they", "them" or "their"), else title and surname ("Mrs Sharma", "Mrs Sharma's").
    Never "they" for one person unless their profile says they/them."""
    if isinstance(person, _Missing):
        return person
    name = _short_name(person["name"])
    given = _PRONOUN_FORMS.get(person.get("pronouns") or "")
    if given is None or isinstance(name, _Missing):
        return name if form != "their" or isinstance(name, _Missing) else f"{name}'s"
    return given[form]


def _verb(person: Any, verb: str) -> str:
    """A verb given in its he/she form ("is", "works") agreeing with how ``person`` is referred to:
    "are", "work" for someone whose pronouns are they/them."""
    if isinstance(person, _Missing) or person.get("pronouns") != "they/them":
        return verb
    if verb in _PLURAL_VERBS:
        return _PLURAL_VERBS[verb]
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") else verb


def _again(person: Any, verb: str | None = None, start: bool = True) -> Any:
    """A person named again in a passage, as a sentence's subject: "She is", "They are", "Mrs Sharma is"
    (``start``: capitalised to open a sentence)."""
    subject = _pronoun(person)
    if isinstance(subject, _Missing):
        return subject if verb is None else Markup(f"{_finalize(subject)} {md_escape(_verb(person, verb))}")
    subject = _upper_first(subject) if start else subject
    return subject if verb is None else f"{subject} {_verb(person, verb)}"


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True, finalize=_finalize,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(link=_link, email=_email, join_and=_join_and, longdate=_longdate, channels=_channels,
                       reach=_reach)
    env.filters.update(lower_first=_lower_first, upper_first=_upper_first, names=_names,
                       join_and=_join_and, longdate=_longdate, qualification_deadline=qualification_deadline,
                       short_name=_short_name, described=_described, mid_sentence=_mid_sentence,
                       ages=_ages, plural=_plural, possessive=_possessive, roles=_roles,
                       pronoun=_pronoun, verb=_verb, again=_again, items=_items, alone=_alone,
                       by_area=_by_area)
    return env


_ENV = make_environment()
_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


# ---------------------------------------------------------------------------------------------

def _lookup(context: dict, dotted_path: str) -> Any:
    value: Any = context
    for part in dotted_path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
        if value is None:
            return None
    return value


def _set(context: dict, dotted_path: str, value: Any) -> None:
    """Set a value deep in the context, giving absent groups all their fields (as None), so that a
    clause's `{% if group.optional %}` still works where a marker stands in for `group.required`."""
    parts = dotted_path.split(".")
    target = context
    for depth, part in enumerate(parts[:-1]):
        if not isinstance(target.get(part), dict):
            model = model_at(tuple(parts[:depth + 1]))
            target[part] = {name: None for name in model.model_fields} if model else {}
        target = target[part]
    target[parts[-1]] = value


def _placeholder(dotted_path: str) -> Any:
    """A marker for a missing value: a list holding one marker where the schema expects a list."""
    parts = tuple(alternatives(dotted_path)[0].split("."))
    model = model_at(parts[:-1])
    field = model.model_fields.get(parts[-1]) if model else None
    if field is not None and get_origin(field.annotation) is list:
        return [_Missing(dotted_path)]
    return _Missing(dotted_path)


def _is_empty(value: Any) -> bool:
    # False is no fact: "people.senco.qualification | derived.is_special" asks a mainstream school for it
    return value is None or value is False or value == "" or value == [] or value == {}


@lru_cache(maxsize=None)
def _template(body: str):
    # Compiling Jinja is most of composition's cost; a batch build reuses every clause many times.
    return _ENV.from_string(body)


@lru_cache(maxsize=None)
def _expression(source: str):
    return _ENV.compile_expression(source, undefined_to_none=False)


def alternatives(requirement: str) -> list[str]:
    """The paths of one `requires:` entry: ``sendiass.phone | sendiass.email`` needs one of them."""
    return [p.strip() for p in requirement.split("|") if p.strip()]


def _gaps(clause: Clause, context: dict, schema: type | None = None) -> list[str]:
    """The `requires:` entries a profile leaves empty (an entry with alternatives: all of them).

    A fact this kind of profile cannot hold is never asked for: a trust-wide policy has no SENCO of its
    own, so a clause's branch for it never prints one (StrictUndefined would fail loudly if it did)."""
    gaps = []
    for r in clause.requires:
        given = alternatives(r)
        paths = [p for p in given if schema is None or p.startswith("derived.") or can_hold(schema, p)]
        if all(p.startswith("derived.") for p in paths) and not all(p.startswith("derived.") for p in given):
            continue  # every fact it names is one this kind of profile cannot hold (a computed one stands in)
        if paths and all(_is_empty(_lookup(context, p)) for p in paths):
            # a head never writes `derived.`: the gap is the facts they can give (trust-report.json, messages)
            own = [p for p in given if not p.startswith("derived.")]
            gaps.append(" | ".join(own) if own and len(own) < len(given) else r)
    return gaps


def clause_applies(clause: Clause, context: dict) -> bool:
    if not clause.when:
        return True
    try:
        return bool(_expression(clause.when)(**context))
    except TemplateError as exc:
        raise ClauseError(f"{display_path(clause.path)}: `when: {clause.when}` cannot be evaluated ({exc})") from None


def _render_body(clause: Clause, context: dict) -> str:
    try:
        return _template(clause.body).render(**context)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise ClauseError(
            f"clause `{clause.id}` cannot be rendered",
            [Problem(str(exc.message if hasattr(exc, "message") and exc.message else exc),
                     display_path(clause.path), clause.body_line + line - 1 if line else None)],
        ) from None


# Markdown -> blocks ------------------------------------------------------------------------

def _inlines(children) -> list[Inline]:
    out: list[Inline] = []
    bold = italic = 0
    href = None
    for tok in children or []:
        if tok.type == "strong_open":
            bold += 1
        elif tok.type == "strong_close":
            bold -= 1
        elif tok.type == "em_open":
            italic += 1
        elif tok.type == "em_close":
            italic -= 1
        elif tok.type == "link_open":
            href = tok.attrs.get("href")
        elif tok.type == "link_close":
            href = None
        elif tok.type in ("text", "code_inline"):
            pos = 0
            for m in _MARKER.finditer(tok.content):
                if m.start() > pos:
                    out.append(Inline(tok.content[pos:m.start()], bool(bold), bool(italic), href))
                out.append(Inline(f"[to complete: {m.group(1)}]", True, False, None, marker=True))
                pos = m.end()
            if pos < len(tok.content):
                out.append(Inline(tok.content[pos:], bool(bold), bool(italic), href))
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(Inline(" "))
    # merge neighbours with the same formatting (keeps DOCX runs and golden files small)
    merged: list[Inline] = []
    for inline in out:
        prev = merged[-1] if merged else None
        if prev and (prev.bold, prev.italic, prev.href, prev.marker) == (
                inline.bold, inline.italic, inline.href, inline.marker):
            prev.text += inline.text
        else:
            merged.append(inline)
    return merged


def markdown_to_sections(markdown: str, section: Section, base_level: int | None = None) -> list[Section]:
    """Append the blocks of ``markdown`` to ``section``; `###` headings open sub-sections one level
    below ``base_level`` (default: the section's level). Returns [section, *new sub-sections]."""
    base_level = base_level or section.level
    sections = [section]
    current = section
    tokens = _MD.parse(markdown)
    list_stack: list[ListBlock] = []
    item: list[Inline] | None = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            depth = max(1, int(tok.tag[1]) - 2)  # ### -> one below the clause's section
            current = Section(heading="".join(x.text for x in _inlines(tokens[i + 1].children)),
                              level=base_level + depth)
            sections.append(current)
            i += 3
            continue
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            block = ListBlock(items=[], ordered=tok.type == "ordered_list_open")
            if not list_stack:
                current.blocks.append(block)
            list_stack.append(block)
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            finished = list_stack.pop()
            if list_stack:  # nested list: fold its items into the parent, indented by a dash
                list_stack[-1].items.extend([[Inline("– ")] + it for it in finished.items])
        elif tok.type == "list_item_open":
            item = []
            list_stack[-1].items.append(item)
        elif tok.type == "list_item_close":
            item = None
        elif tok.type == "inline":
            inlines = _inlines(tok.children)
            if item is not None and list_stack:
                if item:
                    item.append(Inline(" "))
                item.extend(inlines)
            elif inlines:
                current.blocks.append(Paragraph(inlines))
        i += 1
    return sections


# Composition --------------------------------------------------------------------------------

@dataclass
class Composed:
    document: Document
    missing: dict[str, list[str]] = field(default_factory=dict)  # clause id -> profile paths


def document_dates(profile: Profile, document_type: str) -> tuple[date, date]:
    """Publication date and next review date for a document."""
    m = profile.model
    if document_type == "send-policy":
        return m.policy.approved_on, add_months(m.policy.approved_on, m.policy.review_cycle_months)
    return m.report.published, add_months(m.report.published, 12)


def compose(profile: Profile, library: ClauseLibrary, outline: Outline, *,
            allow_incomplete: bool = False) -> Composed:
    """Build the Document an outline describes for one school.

    Raises IncompleteProfileError listing every missing field unless ``allow_incomplete``, in which
    case the fields show as visible "[to complete: ...]" markers and are returned in ``missing``.
    """
    context = profile.context()
    document_type = outline.document
    used: list[tuple[Any, list[Clause]]] = []
    missing: dict[str, list[str]] = {}
    where: dict[str, list[tuple[str, str]]] = {}
    for entry in outline.sections:
        clauses = [library[c] for c in entry.clauses if clause_applies(library[c], context)]
        if clauses:
            used.append((entry, clauses))
        for clause in clauses:
            gaps = _gaps(clause, context, type(profile.model))
            if gaps:
                missing[clause.id] = gaps
                where.setdefault(clause.id, []).append(_place(document_type, entry, clause))
    if missing and not allow_incomplete:
        problems = _missing_problems(profile, missing, where)
        raise IncompleteProfileError(
            f"{display_path(profile.path)}: the {DOCUMENT_TITLES[document_type]} needs {len(problems)} "
            f"fact(s) the profile does not have (add them, or use --allow-incomplete to mark them)", problems)
    for paths in missing.values():
        for p in paths:
            # for "a | b": the marker stands where the first is printed and names every choice
            _set(context, alternatives(p)[0], _placeholder(p))

    published, next_review = document_dates(profile, document_type)
    m = profile.model
    title = f"{m.school.name} {outline.title or DOCUMENT_TITLES[document_type]}"
    if document_type == "sen-information-report" and m.report.academic_year:
        title += f" {m.report.academic_year}"
    doc = Document(title=title, type=document_type, author=m.school.name,
                   subject=f"{DOCUMENT_TITLES[document_type]} of {m.school.name} (URN {m.school.urn})",
                   keywords=["SEND", "special educational needs", DOCUMENT_TITLES[document_type],
                             m.school.local_authority],
                   published=published, next_review=next_review)
    doc.front_matter = _front_matter(profile, document_type, published, next_review)
    anchors: set[str] = set()
    for entry, clauses in used:
        heading = entry.heading or clauses[0].title
        section = Section(heading=heading, level=2)
        sections = [section]
        for clause in clauses:
            section.clause_ids.append(clause.id)
            for rid in clause.satisfies:
                if rid not in section.satisfies:
                    section.satisfies.append(rid)
            for pid in clause.basis:
                if pid not in section.basis:
                    section.basis.append(pid)
            section.incomplete += missing.get(clause.id, [])
            body = _render_body(clause, context)
            sections += markdown_to_sections(body, sections[-1], section.level)[1:]
        for s in sections:
            s.anchor = _anchor(s.heading, anchors)
        doc.sections += sections
    return Composed(doc, missing)


def _place(document_type: str, entry: Any, clause: Clause) -> tuple[str, str]:
    """Where a clause's text goes, in a headteacher's words: the document and its section."""
    return f"the {DOCUMENT_TITLES.get(document_type, document_type)}", entry.heading or clause.title


def _places(places: list[tuple[str, str]]) -> str:
    """ "the SEND policy (sections “A” and “B”) and the SEN information report (section “C”)": each
    document named once, however many of its sections need the fact."""
    sections: dict[str, list[str]] = {}
    for document, section in places:
        if section not in sections.setdefault(document, []):
            sections[document].append(section)
    parts = [f"{document} (section{'s' if len(names) > 1 else ''} {_join_and(f'“{n}”' for n in names)})"
             for document, names in sections.items()]
    return _join_and(parts)


def _missing_problems(profile: Profile, missing: dict[str, list[str]],
                      where: dict[str, list[tuple[str, str]]]) -> list[Problem]:
    """One problem per missing field, naming each document and section that needs it."""
    needed_by: dict[str, list[tuple[str, str]]] = {}
    for cid, paths in missing.items():
        # a computed fact (derived.areas) is empty only when the field it comes from is, and that
        # field is asked for in its own words: a head never writes `derived.`
        for p in (p for p in paths if not p.startswith("derived.")):
            for place in where.get(cid, []):
                if place not in needed_by.setdefault(p, []):
                    needed_by[p].append(place)
    problems = []
    for p, places in needed_by.items():
        choices = alternatives(p)
        mark = next((m for m in (profile.mark(c) for c in choices) if m), None) \
            or profile.mark(choices[0].rsplit(".", 1)[0])
        listed = _places(places)
        if len(choices) > 1:
            names = [c.rsplit(".", 1)[-1] for c in choices]
            suggestion = f"add at least one of {', '.join(names[:-1])} or {names[-1]} (only what exists is printed)"
        else:
            suggestion = "add it to the profile"
        problems.append(Problem(f"needed by {listed}", mark.file if mark else display_path(profile.path),
                                mark.line if mark else None, p, suggestion=suggestion))
    return problems


def _front_matter(profile: Profile, document_type: str, published: date, next_review: date) -> list[Paragraph]:
    m = profile.model
    # Two lines: run together ("Published: 24 September 2026 Next review: ...") they read as one date.
    lines = [Paragraph([Inline("Published: ", bold=True), Inline(longdate(published))], style="lead"),
             Paragraph([Inline("Next review: ", bold=True), Inline(longdate(next_review))], style="lead")]
    if document_type == "send-policy":
        minute = f" (minute {m.policy.minute_reference})" if m.policy.minute_reference else ""
        by = approver(m.policy, m.governance, m.school)  # None only in a build that allows missing facts
        approval = f"Approved{f' by {by}' if by else ''} on {longdate(m.policy.approved_on)}{minute}."
        if m.policy.signed_by:
            approval += f" Signed: {m.policy.signed_by}."
        lines.append(Paragraph([Inline(approval)], style="lead"))
    lines.append(Paragraph([Inline(f"{m.school.name}, {m.school.local_authority}. "),
                            Inline(m.school.website, href=m.school.website)], style="lead"))
    return lines


def _anchor(heading: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")[:60] or "section"
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


def compose_documents(profile: Profile, library: ClauseLibrary, outlines: Iterable[Outline], *,
                      allow_incomplete: bool = False) -> list[Composed]:
    """Compose several documents, collecting the missing facts of all before failing."""
    outlines = list(outlines)
    if not allow_incomplete:
        problems = missing_facts(profile, library, outlines=outlines)
        if problems:
            raise IncompleteProfileError(
                f"{display_path(profile.path)}: {len(problems)} fact(s) the documents need are missing "
                "from the profile (add them, or use --allow-incomplete to mark them)", problems)
    return [compose(profile, library, o, allow_incomplete=allow_incomplete) for o in outlines]


def missing_facts(profile: Profile, library: ClauseLibrary | None = None,
                  documents: Iterable[str] = ("send-policy", "sen-information-report"), *,
                  outlines: Iterable[Outline] | None = None) -> list[Problem]:
    """The facts the documents need that the profile lacks (one problem per field), without rendering."""
    library = library or bundled_library()
    if outlines is None:
        outlines = [bundled_outline(d, library) for d in documents]
    context = profile.context()
    missing: dict[str, list[str]] = {}
    where: dict[str, list[tuple[str, str]]] = {}
    for outline in outlines:
        for entry in outline.sections:
            for cid in entry.clauses:
                clause = library[cid]
                if not clause_applies(clause, context):
                    continue
                gaps = missing.get(cid) or _gaps(clause, context, type(profile.model))
                if gaps:
                    missing[cid] = gaps
                    where.setdefault(cid, []).append(_place(outline.document, entry, clause))
    return _missing_problems(profile, missing, where)


__all__ = ["missing_facts", "compose", "compose_documents", "Composed", "add_months", "longdate", "DOCUMENT_KINDS",
           "markdown_to_sections", "document_dates"]
