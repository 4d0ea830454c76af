"""A prose lint over every built example and test document (#9.3): proselint, plus rules of our own
for the slips a parent notices in generated text. It must find nothing.

Each paragraph and list item is linted on its own (as a reader meets it): joined into one text, a
heading followed by a sentence that starts with the same words reads to proselint as a repeated phrase.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.clauses import bundled_library, bundled_outline
from toolkit.compose import _short_name, compose
from toolkit.compose import place_words as compose_place_words
from toolkit.document import ListBlock, Paragraph
from toolkit.profile import load_profile

from tests.test_every_fact import PROFILES

# proselint checks that do not suit this text, each with the reason.
PROSELINT_OFF = {
    # counts "advisory" (teachers) as a spelling of "advisor" against "adviser"
    "spelling.consistency": False,
}

# Our own rules: (name, pattern, what is wrong).
OUR_RULES = [
    ("iso-date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "a date written as a computer writes it"),
    ("marker", re.compile(r"\[to complete"), "a to-complete marker"),
    ("doubled-word", re.compile(r"\b(\w+) \1\b", re.IGNORECASE), "the same word twice"),
    ("capital-the", re.compile(r"(?<=[a-z,]) The (?=[A-Z])"), "'The' capitalised inside a sentence"),
    ("empty-value", re.compile(r"\bNone\b|\(\s*\)|: \.|, \.|\s[,.;:](?!\w)"), "a missing value or stray punctuation"),
    ("double-space", re.compile(r"\S  +\S"), "two spaces"),
    ("your-learner", re.compile(r"\byour (pupil|student|young person)\b"), "a parent's child called by the school's word for learners"),
    ("bracket-possessive", re.compile(r"\)'s\b|\b\w+s's\b"), "'s after a bracket or a plural"),
    ("age-hyphen", re.compile(r"\baged \d+-\d+\b"), "an age range written with a hyphen (say 4 to 7)"),
]


def _units(doc):
    """Each paragraph and list item's text, with where it is."""
    for section in doc.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                yield section.heading, block.text
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield section.heading, "".join(i.text for i in item)


def _lead_in_problems(doc) -> list[str]:
    """A list is introduced by a sentence of its own (ending in a colon), never dropped in bare; and a
    sentence ending in a colon has its list (an empty list in the profile leaves none)."""
    problems = []
    for section in doc.sections:
        for block, after in zip(section.blocks, section.blocks[1:] + [None]):
            if isinstance(block, Paragraph) and block.text.rstrip().endswith(":") and not isinstance(after, ListBlock):
                problems.append(f"{section.heading}: a lead-in with no list after it (“{block.text[-50:]}”)")
        for before, block in zip([None] + section.blocks, section.blocks):
            if isinstance(block, ListBlock) and not (isinstance(before, Paragraph) and
                                                     before.text.rstrip().endswith(":")):
                problems.append(f"{section.heading}: a list with no lead-in ({block.text.splitlines()[0][:50]})")
    return problems


# A sentence ends at . ! or ? followed by a space and a capital (or a quote or bracket opening one).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[“\"(]?[A-Z])")
_WORD = re.compile(r"[\w’'-]+")
_PHONE = re.compile(r"(?<![\w])\+?\d[\d ()-]{8,}\d")
_EMAIL = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+")


# A full stop that ends an abbreviation ("Read Write Inc. Fresh Start") ends no sentence.
_ABBREVIATION = re.compile(r"\b(Inc|Ltd|Co|St|Dr|Mr|Mrs|Ms|Mx|Prof|No|etc|e\.g|i\.e)\.")


# a web or email address, without the full stop or comma that may follow it
_ADDRESS = re.compile(r"(?:https?://|\S+@)\S+?(?=[.,;:]?(?:\s|$))")


def sentences(text: str) -> list[str]:
    masked = _ABBREVIATION.sub(lambda m: m.group(1) + "\u2024", text.strip())
    return [s.replace("\u2024", ".") for s in _SENTENCE_END.split(masked) if s]


def _opening(sentence: str, n: int = 2) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(sentence)[:n])


def repeated_openings(text: str) -> list[str]:
    """Two sentences side by side in a paragraph that start with the same two words: "Mrs Nwosu is our
    SENCO. Mrs Nwosu works ...", "You can appeal ... You can appeal if ..."."""
    found = []
    for first, second in zip(sentences(text), sentences(text)[1:]):
        opening = _opening(first)
        if len(opening) == 2 and opening == _opening(second):
            found.append(f"two sentences start “{' '.join(_WORD.findall(second)[:2])}”: “{first[:50]}” / “{second[:50]}”")
    return found


def people(profile) -> list[dict]:
    """Every person the profile names (contacts and SENCOs: whatever may have pronouns)."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            if "pronouns" in value and value.get("name"):
                found.append(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(profile.model.model_dump(mode="python"))
    return found


_THEY = re.compile(r"\b(they|them|their|themselves)\b", re.IGNORECASE)


def they_for_one_person(text: str, persons: list[dict]) -> list[str]:
    """'They', 'them', 'their' for one named person whose profile does not say they/them: a sentence
    naming one person (in full or by title and surname), then a sentence that opens with They or Their,
    or says them or themselves, while the named person is its only possible subject."""
    found = []
    said = sentences(text)
    for i, sentence in enumerate(said):
        named = [p for p in persons if p["name"] in sentence or _short_name(p["name"]) in sentence]
        if len({p["name"] for p in named}) != 1 or named[0].get("pronouns") == "they/them":
            continue
        # the naming sentence itself ("... to see provision for themselves") and the next one
        for later in [sentence] + said[i + 1:i + 2]:
            words = [w.lower() for w in _WORD.findall(later)]
            if "themselves" in words or (later is not sentence and words[:1] in (["they"], ["their"])) or (
                    later is not sentence and "them" in words and not re.search(r"\b[a-z]+s\b[^.]*\bthem\b", later)):
                found.append(f"“they” for {named[0]['name']}: “{sentence[:50]}” / “{later[:60]}”")
    return found


def _facts(text: str, persons: list[dict]) -> set[str]:
    """The contact facts a sentence states: phone numbers, email addresses, people's full names."""
    facts = {re.sub(r"\D", "", m) for m in _PHONE.findall(text)} | {m.lower() for m in _EMAIL.findall(text)}
    return facts | {p["name"] for p in persons if p["name"] != _short_name(p["name"]) and p["name"] in text}


def repeated_facts(section, persons: list[dict]) -> list[str]:
    """The same phone number, email address or person's full name in two sentences side by side, or in
    two blocks side by side, of one section: a reader has just been told it."""
    found = []
    blocks = [b for b in section.blocks if isinstance(b, (Paragraph, ListBlock))]
    for block in blocks:
        if isinstance(block, Paragraph):
            said = sentences(block.text)
            for first, second in zip(said, said[1:]):
                for fact in _facts(first, persons) & _facts(second, persons):
                    found.append(f"{section.heading}: “{fact}” in two sentences in a row: “{second[:60]}”")
    for first, second in zip(blocks, blocks[1:]):
        for fact in _facts(first.text, persons) & _facts(second.text, persons):
            found.append(f"{section.heading}: “{fact}” in two paragraphs or lists in a row: “{second.text[:60]}”")
    return found


_STARTERS = {"a", "an", "the", "our", "we", "each", "every", "all", "some", "most", "this", "these", "they", "it"}


def unparallel_list(items: list[str]) -> list[str]:
    """A list whose items do not share one form: some end with a full stop and some do not (or one holds
    two sentences without a final stop), a list of sentences with an item starting in lower case, or a
    list of fragments with one opening like a sentence ("We ...", "The ...") among lower-case openings."""
    items = [i.strip() for i in items if i.strip()]
    stops = [i.endswith((".", "!", "?")) for i in items]
    found = []
    if any(stops) and not all(stops):
        found.append("some items end with a full stop and some do not: " + " | ".join(i[-30:] for i in items))
    elif not any(stops) and (two := [i for i in items if len(sentences(i)) > 1]):
        found.append(f"an item holds two sentences but has no full stop: “{two[0][:60]}”")
    if all(stops) and (low := [i for i in items if i[:1].islower()]):
        found.append(f"a list of sentences with an item starting in lower case: “{low[0][:60]}”")
    if not any(stops) and sum(i[:1].islower() for i in items) * 2 > len(items):
        for i in items:
            first = _WORD.findall(i)[:1]
            if first and first[0][:1].isupper() and first[0].lower() in _STARTERS and first[0][1:].islower():
                found.append(f"a list of fragments with an item opening like a sentence: “{i[:60]}”")
    return found


_CONNECTORS = {"of", "and", "the", "for", "in", "on", "to", "at", "with", "or", "by", "from", "a", "an", "as", "&"}
# Words that keep a capital inside a sentence in these documents (besides the profile's own place names).
_PROPER = {"English", "Reception", "Year", "Key", "Stage", "Makaton", "Braille", "British", "Christmas", "Easter",
           "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "revd"}
_VALUE_BEFORE = {",", ";", "and", "or", "the", "a", "an", "our", "your", "their", "its"}


def place_words(profile) -> set[str]:
    """Capitalised words of the names the profile gives places and bodies (Northshire, Southmoor)."""
    return compose_place_words(profile.model.model_dump(mode="python"))


def sentence_case_mid_sentence(text: str, proper: set[str] = frozenset()) -> list[str]:
    """A value written in sentence case set inside a sentence: "... therapy, School nursing team and ..."
    reads as a slip (a name in title case, "Northshire Parent Carer Forum", is a name and keeps its capitals).
    Fires on a capitalised word straight after a comma, "and", "or" or an article, itself followed by a
    lower-case word that is not a connector ("of", "and"), unless it is a place name or a word such as
    "English"."""
    found = []
    for sentence in sentences(_ADDRESS.sub("address", text)):
        found += _sentence_case_in(re.findall(r"[\w’'&-]+|[,;:]", sentence), proper)
    return found


def _sentence_case_in(words: list[str], proper) -> list[str]:
    found = []
    for i in range(1, len(words) - 1):
        before, word, after = words[i - 1], words[i], words[i + 1]
        if not (word[:1].isupper() and word[1:].islower() and after[:1].islower() and after not in _CONNECTORS):
            continue
        # a title opens a name, whose surname may start in lower case ("Mr ap Gwilym", "Ms van Dijk")
        if word in _PROPER or word in proper or word.rstrip("’'s") in proper or word.lower() in _TITLES:
            continue
        # after "of" or "and" inside a capitalised name ("Code of Practice describes") it is that name's end
        inside_name = before in _CONNECTORS and i >= 2 and words[i - 2][:1].isupper()
        # after a comma, "and" or an article, as a list of values or a role is written; after "at", "in" or "to"
        # a capitalised word is most often a place ("a beach school at Trevessa every summer")
        if before in _VALUE_BEFORE and not inside_name:
            found.append(f"“{word} {after}” in sentence case inside a sentence: “{' '.join(words[max(0, i - 4):i + 4])}”")
    return found


def english_problems(doc, profile) -> list[str]:
    """Our rules that read a paragraph's sentences, a whole list or a whole section (not one line)."""
    persons, proper = people(profile), place_words(profile)
    found = []
    for section in doc.sections:
        found += repeated_facts(section, persons)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                texts = [block.text]
                found += [f"{section.heading}: {p}" for p in repeated_openings(block.text)]
                found += [f"{section.heading}: {p}" for p in they_for_one_person(block.text, persons)]
            elif isinstance(block, ListBlock):
                texts = ["".join(i.text for i in item) for item in block.items]
                found += [f"{section.heading}: {p}" for p in unparallel_list(texts)]
            else:
                continue
            for text in texts:
                found += [f"{section.heading}: {p}" for p in sentence_case_mid_sentence(text, proper)]
    return found


@pytest.fixture(scope="module")
def proselint_lint():
    proselint = pytest.importorskip("proselint")  # noqa: F841 (installed with the test extra)
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    config = {**DEFAULT, "checks": {**DEFAULT["checks"], **PROSELINT_OFF}}

    def lint(text: str) -> list[str]:
        return [f"{r.check_result.check_path}: {r.check_result.message}" for r in LintFile("<text>", text).lint(config)]

    return lint


@pytest.mark.slow
@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_the_prose_lint_finds_nothing(path, proselint_lint):
    library = bundled_library()
    profile = load_profile(path)
    found = []
    for document in ("send-policy", "sen-information-report"):
        doc = compose(profile, library, bundled_outline(document, library)).document
        found += [f"{document} / {p}" for p in english_problems(doc, profile)]
        for heading, text in _units(doc):
            # addresses are not prose ("early-years" in a web address is no phrasal adjective)
            for problem in proselint_lint(re.sub(r"https?://\S+|\S+@\S+", "the address", text)):
                found.append(f"{document} / {heading}: {problem} in “{text[:80]}”")
            for name, pattern, what in OUR_RULES:
                if m := pattern.search(text):
                    found.append(f"{document} / {heading}: {name} ({what}) at “{text[max(0, m.start() - 30):m.end() + 30]}”")
        found += [f"{document} / {p}" for p in _lead_in_problems(doc)]
    assert found == [], f"{Path(path).name}:\n  " + "\n  ".join(found)


def test_our_rules_catch_what_they_say():
    bad = {"iso-date": "We agreed it on 2025-03-12.", "doubled-word": "talk to the the SENCO",
           "capital-the": "We also have The Acorn Centre.", "empty-value": "Phone: None.",
           "double-space": "Our SENCO.  She", "your-learner": "When your young person joins us",
           "bracket-possessive": "The Assistant Headteacher (Inclusion)'s qualification", "age-hyphen": "aged 4-7"}
    for name, text in bad.items():
        pattern = next(p for n, p, _ in OUR_RULES if n == name)
        assert pattern.search(text), name
    clean = "Our SENCO is Mrs Priya Sharma. You can email her at senco@school.example.sch.uk or phone 01632 960104."
    assert not [n for n, p, _ in OUR_RULES if p.search(clean)]


def test_a_repeated_opening_is_found():
    assert repeated_openings("Mrs Nwosu is our SENCO. Mrs Nwosu works three days a week.")
    assert repeated_openings("You can appeal to the SEND Tribunal. You can appeal if the council refuses.")
    assert not repeated_openings("Mrs Nwosu is our SENCO. She works three days a week. As SENCO, she leads training.")
    # an abbreviation's full stop ends no sentence
    assert repeated_openings("We use Read Write Inc. We use it daily.") == []


def test_they_for_one_named_person_is_found_unless_their_profile_says_so():
    carter = {"name": "Mrs Helen Carter", "pronouns": None}
    text = "Mrs Helen Carter is our SEN governor. They meet the SENCO each term."
    assert they_for_one_person(text, [carter])
    assert they_for_one_person("Mrs Helen Carter visits to see provision for themselves.", [carter])
    assert they_for_one_person("Our SENCO, Mrs Helen Carter, leads SEND. Please contact them with questions.", [carter])
    assert not they_for_one_person(text, [{**carter, "pronouns": "they/them"}])
    assert not they_for_one_person("Mrs Helen Carter is our SEN governor. She meets the SENCO each term.", [carter])
    # a role, not a named person: "they" is the usual English for someone unknown
    assert not they_for_one_person("Talk first to your child's class teacher. They know your child best.", [carter])
    # "them" for a plural named in the sentence
    assert not they_for_one_person("Mrs Carter meets parents. She helps them plan.", [carter])


def test_a_fact_repeated_in_adjacent_sentences_or_paragraphs_is_found():
    from toolkit.document import Inline, Section

    person = {"name": "Mrs Sarah Nwosu", "pronouns": None}

    def section(*texts):
        return Section("The SENCO", 3, [Paragraph([Inline(t)]) for t in texts])

    assert repeated_facts(section("Call 01632 960412 to talk. The number is 01632 960412."), [person])
    assert repeated_facts(section("Our SENCO is Mrs Sarah Nwosu.", "Mrs Sarah Nwosu is a qualified teacher."), [person])
    assert repeated_facts(section("Email senco@x.example.sch.uk today.", "Write to senco@x.example.sch.uk."), [person])
    assert not repeated_facts(section("Our SENCO is Mrs Sarah Nwosu.", "Mrs Nwosu is a qualified teacher."), [person])
    assert not repeated_facts(section("Our SENCO is Mrs Sarah Nwosu.", "We meet each term.", "Mrs Sarah Nwosu leads it."),
                              [person])


def test_a_list_whose_items_do_not_share_a_form_is_found():
    assert unparallel_list(["We check progress every term", "The SENCO reports each year."])
    assert unparallel_list(["Ms Kowalczyk, Assistant SENCO. Phone: 01632 960706", "Mr Pritchard, SENCO"])
    assert unparallel_list(["We check progress.", "governors get a report."])
    assert unparallel_list(["termly reading tests", "We screen speech in Reception", "the Boxall Profile"])
    assert not unparallel_list(["termly reading tests", "Makaton signing", "the Boxall Profile"])
    assert not unparallel_list(["We check progress.", "Governors get a report."])
    assert not unparallel_list(["Read Write Inc. Fresh Start: phonics", "Numicon: hands-on maths"])


def test_a_value_in_sentence_case_inside_a_sentence_is_found():
    bad = "Health services: Northshire NHS speech and language therapy, School nursing team and CAMHS."
    assert sentence_case_mid_sentence(bad, {"Northshire"})
    assert sentence_case_mid_sentence("We work with the Mental health support team.", set())
    good = ("Health services: Northshire NHS speech and language therapy, the school nursing team and "
            "Northshire Parent Carer Forum. Most move on to Northshire secondary schools, as the SEND Code of "
            "Practice describes. Children learning English as an additional language. See https://x.example/A b. "
            "We run a beach school at Trevessa every summer. As SENDCo, Mr ap Gwilym leads it.")
    assert sentence_case_mid_sentence(good, {"Northshire"}) == []


def test_the_compose_filters_write_what_the_rules_want():
    from toolkit.compose import _again, _items, _mid_sentence, _pronoun

    sharma = {"name": "Mrs Priya Sharma", "pronouns": None}
    assert _again(sharma, "is") == "Mrs Sharma is" and _pronoun(sharma, "their") == "Mrs Sharma's"
    assert _again({**sharma, "pronouns": "she/her"}, "has") == "She has"
    assert _again({**sharma, "pronouns": "they/them"}, "works") == "They work"
    assert _again({**sharma, "pronouns": "they/them"}, "is", start=False) == "they are"
    assert _pronoun({**sharma, "pronouns": "he/him"}, "them") == "him"
    assert not unparallel_list(_items(["We check progress every term", "Governors get a report."]))
    assert _items(["we check progress", "governors get a report"], form="sentence") == [
        "We check progress.", "Governors get a report."]
    context = {"school": {"name": "Oakfield Primary School", "local_authority": "Northshire County Council"}}
    mid = _mid_sentence.__wrapped__ if hasattr(_mid_sentence, "__wrapped__") else _mid_sentence
    assert mid(context, ["School nursing team", "Northshire speech and language therapy", "Barnardo's",
                         "The Acorn Centre", "Northshire NHS therapy", "Lead teacher for the Acorn Centre"]) == [
        "school nursing team", "Northshire speech and language therapy", "Barnardo's", "the Acorn Centre",
        "Northshire NHS therapy", "lead teacher for the Acorn Centre"]


def test_a_list_without_a_lead_in_and_a_lead_in_without_a_list_are_found():
    from toolkit.document import Document, Inline, Section

    def doc(*blocks):
        return Document("Policy", "send-policy", [Section("Moving on", 2, list(blocks))])

    lead, items = Paragraph([Inline("When your child moves on, this is how we help:")]), ListBlock([[Inline("visits")]])
    assert _lead_in_problems(doc(lead)) and _lead_in_problems(doc(items))
    assert _lead_in_problems(doc(lead, Paragraph([Inline("We plan early.")])))
    assert _lead_in_problems(doc(lead, items)) == []
