"""Judging a requirement from the signals in its catalogue entry (rules as data).

Each entry's ``signals`` say how a careful reader recognises the item:

``headings``  regular expressions for a heading that names the item ("Admissions", "How will my
              child be helped to join in activities?"). A matching heading followed by substantive
              text in the school's own words is strong evidence.
``phrases``   regular expressions for what the item says in body text. Each distinct phrase found
              in the school's own sentences (not in a quoted list of duties) adds to the score.
``concrete``  optional markers of concrete arrangements (named roles, frequencies, "we run ...");
              a phrase sentence that also has one weighs more than an aim in passing.
``present_requires``  optional expressions of which at least one must be found in the school's own
              text for ``present`` (e.g. an accessibility plan must be linked or summarised).
``present_at`` / ``partial_at``  score thresholds (defaults 3 and 0.5).

``context``   optional expressions that tie a phrase to the item (e.g. "disabled" for admissions):
              a phrase sentence, or a heading's body, without one counts for half.
``exclude``   sentences matching one of these never count.
``count_quoted`` / ``list_items_full``  also count quoted statutory text (for items whose point is to
              restate the law) / count short list entries at full weight (lists of policies).
``min_sentence_words``  shorter sentences are ignored unless they are list entries (default 5).
``pointers_count`` / ``needs_count``  a sentence that only points elsewhere ("the complaints procedure is
              on our website") or only describes a need ("pupils with SEMH may feel anxious") is a
              mention (half weight; a heading over only such text too), unless the item is the pointer
              itself (a link to the accessibility plan) or the needs themselves (the kinds of SEN).

``partial_when`` (a sentence) is the message given when the evidence only reaches ``partial``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..catalogue import Signals
from .findings import Evidence
from .passages import Part, Sentence, SentenceIndex, words

# Aims and duties restated in the school's voice: worth a mention, not an arrangement (section 7).
_AIM = re.compile(
    r"\b(?:aims? to|will (?:endeavour|strive|seek|aim)|endeavours? to|strives? to|committed to|"
    r"commitment to|our aim|we aim|we will ensure|will ensure that|should|ought to|where possible|"
    r"has regard to|have regard to|in line with the code)\b", re.I)
# Generic markers of concrete practice: who does what, how often, with what.
_CONCRETE = re.compile(
    r"\b(?:we (?:offer|provide|run|use|hold|have|meet|invite|ask|work|give|set|make|review|track|"
    r"monitor|assess|plan|check|employ|buy|arrange|deliver|support|ensure|encourage|talk|write|send)|"
    r"our (?:senco|sendco|team|staff|teachers?|teaching assistants?|learning support|pastoral)|"
    r"termly|weekly|daily|each term|every (?:term|half[- ]term|year|week|\d+ weeks?)|"
    r"(?:once|twice|three times|3 times) (?:a|per|each) (?:year|term)|annually|"
    r"teaching assistants?|\bTAs?\b|senco|sendco|educational psychologist|speech and language|"
    r"occupational therap|cahms|camhs|elsa|nurture|intervention|\d+)\b", re.I)

# A sentence that only points elsewhere ("Our complaints procedure is on the website", "Please see our
# admissions policy"): it says where the arrangements are, not what they are (section 7).
_POINTER = re.compile(
    r"\b(?:is|are|can be|will be)\s+(?:available|found|published|set out|detailed|described|explained|located|"
    r"kept|posted)\s+(?:on|in|at|from|within|via)\b|\b(?:please\s+)?(?:see|refer to|read|view|download|"
    r"click)\b[^.]{0,60}\b(?:policy|procedure|plan|website|page|link|document|here|below|above)\b|"
    r"\bavailable\s+(?:on request|from the (?:school )?office)\b|\b(?:is|are)\s+on\s+(?:our|the)\s+"
    r"(?:school(?:'s|’s)?\s+)?website\b|\bcan be (?:requested|obtained)\b|\bfollow (?:the|this) link\b|"
    r"\b(?:you can|can)\s+(?:also\s+)?(?:find|see|read|view|download)\b", re.I)
# A sentence describing a need rather than the support for it ("Pupils with SEMH needs may experience
# anxiety or low mood"): under a heading that names the item, it is not the school's arrangements.
_NEED = re.compile(
    r"\b(?:pupils?|children|child|they|he|she|some|these|learners?|students?|young people)\b[^.]{0,40}?"
    r"\b(?:may|might|can|could|often|sometimes|will)\s+(?:have|experience|find|struggle|display|show|present|"
    r"become|feel|be)\b[^.]{0,80}\b(?:difficult\w*|problems?|challeng\w*|delay\w*|anxi\w*|withdrawn|"
    r"disorders?|impair\w*|behaviours?|hard|suffer\w*|struggl\w*)\b|\b(?:this|these|which|they)\s+(?:includes?|"
    r"may include|can include|can manifest|manifest)\b|\bdifficult(?:y|ies)\s+(?:with|in)\b", re.I)
# The school's own support in a sentence: "we", the staff, what is provided.
_SUPPORT_VOICE = re.compile(
    r"\b(?:we|our|us|staff|teachers?|the school|the academy)\b[^.]{0,40}\b(?:provided?s?|offer(?:s|ed)?|"
    r"support(?:s|ed)?|help(?:s|ed)?|runs?|use[sd]?|work(?:s|ed)?|give[sn]?|ensures?|arrange[sd]?|teach(?:es)?|"
    r"adapt(?:s|ed)?|make[sd]?)\b|\b(?:are|is|will be)\s+(?:supported|helped|"
    r"given|offered|provided)\b", re.I)


def is_pointer(s: Sentence) -> bool:
    """Whether the sentence only says where something is (memoised per sentence)."""
    hit = s.memo.get("pointer")
    if hit is None:
        hit = s.memo["pointer"] = bool(_POINTER.search(s.text)) and s.word_count() <= 30 and \
            not _SUPPORT_VOICE.search(_POINTER.sub(" ", s.text))
    return hit


def is_need(s: Sentence) -> bool:
    """Whether the sentence describes a need, not support given for it (memoised per sentence)."""
    hit = s.memo.get("need")
    if hit is None:
        hit = s.memo["need"] = bool(_NEED.search(s.text)) and not _SUPPORT_VOICE.search(s.text)
    return hit


_CACHE: dict[str, re.Pattern] = {}
_CONCRETE_SEEN: dict[str, bool] = {}


def generic_concrete(text: str) -> bool:
    """Whether ``text`` has a generic marker of concrete practice (memoised: asked by every requirement)."""
    hit = _CONCRETE_SEEN.get(text)
    if hit is None:
        if len(_CONCRETE_SEEN) > 50_000:  # bound the memory of a long batch run
            _CONCRETE_SEEN.clear()
        hit = _CONCRETE_SEEN[text] = bool(_CONCRETE.search(text))
    return hit


def is_aim(s: Sentence) -> bool:
    hit = s.memo.get("aim")
    if hit is None:
        hit = s.memo["aim"] = bool(_AIM.search(s.text))
    return hit


def rx(pattern: str) -> re.Pattern:
    """A compiled, case-insensitive pattern (cached: the catalogue is judged for every document)."""
    p = _CACHE.get(pattern)
    if p is None:
        p = _CACHE[pattern] = re.compile(pattern, re.I)
    return p


@dataclass
class Judgement:
    status: str  # present | partial | missing
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    heading_hit: bool = False
    phrase_hits: int = 0
    requires_met: bool = True


def quote(text: str, match: re.Match | None = None, limit: int = 200) -> str:
    """A short quote around ``match`` (or the start of ``text``), at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    centre = (match.start() + match.end()) // 2 if match else 0
    start = max(0, min(centre - limit // 2, len(text) - limit))
    snippet = text[start:start + limit - 2]
    return ("…" if start else "") + snippet.strip() + "…"


def where(part: Part, sentence: Sentence | None = None) -> str:
    loc = sentence.location if sentence else part.location
    heading = part.heading.strip()
    if len(heading) > 60:
        heading = heading[:57].rstrip() + "…"
    return ", ".join(x for x in (loc, heading) if x)


def judge_signals(parts: list[Part], signals: Signals | dict[str, Any], index: SentenceIndex | None = None) -> Judgement:
    """Score a requirement over the document's parts; see the module docstring for the keys.

    ``signals`` is a catalogue entry's validated :class:`Signals` (a plain dict is validated first).
    ``index`` is the document's SentenceIndex, shared by all its requirements (built when not given):
    each pattern is only tried on the sentences that hold text every match of it needs."""
    if not isinstance(signals, Signals):
        signals = Signals.model_validate(signals)
    if index is None or index.parts is not parts:
        index = SentenceIndex(parts)
    headings, phrases, concrete = signals.headings, signals.phrases, signals.concrete
    requires, exclude, context = signals.present_requires, signals.exclude, signals.context
    present_at = float(signals.present_at)
    partial_at = float(signals.partial_at)
    min_words = signals.min_sentence_words
    count_quoted = signals.count_quoted
    list_full = signals.list_items_full
    pointers_count = signals.pointers_count
    needs_count = signals.needs_count

    def in_context(*texts: str) -> bool:
        return not context or any(c.search(t) for c in context for t in texts)

    def is_concrete(text: str) -> bool:
        return generic_concrete(text) or any(c.search(text) for c in concrete)

    evidence: list[Evidence] = []
    heading_score = 0.0
    heading_hit = False
    best_heading: tuple[float, Part, re.Match] | None = None
    # Only the headings that hold the literal text some heading pattern needs are looked at.
    heading_candidates = [index.headings.candidates(h) for h in headings]
    if any(c is None for c in heading_candidates):
        heading_positions: Any = range(len(parts))
    else:
        heading_positions = sorted(frozenset().union(*heading_candidates))
    for j in heading_positions:
        part = parts[j]
        if not part.heading or index.heading_words[j] > 25:
            continue
        for h, c in zip(headings, heading_candidates):
            m = h.search(part.heading) if c is None or j in c else None
            if not m:
                continue
            own = part.own_words() if not count_quoted else words(part.text)
            own_text = index.own_text(j)
            # A short concrete answer under a question that names the item (Q/A tables, FAQs) is more than
            # a mention: one distinct phrase of the item beside it makes it present.
            value = 3.0 if own >= 30 else 2.0 if own >= 15 and is_concrete(own_text) else \
                1.5 if own >= 8 else 0.5
            if not in_context(part.heading, own_text):
                value = min(value, 1.0)
            # A title with nothing under it (a card in a list of links, a contents entry) names a
            # document kept elsewhere: it says nothing about the school's arrangements.
            if not part.sentences:
                value = 0.0
            # A heading over a short body that is only aims reads as intent, not arrangements.
            if 8 <= own < 60 and not is_concrete(own_text):
                value = min(value, 1.5)
            # A heading over text that only points elsewhere ("our complaints procedure is on the website"),
            # or only describes the need ("SEMH" as an area: what the difficulties are), is a mention.
            body = [s for s in part.sentences if not s.quoted]
            if body and (not pointers_count and all(is_pointer(s) for s in body)
                         or not needs_count and all(is_need(s) or is_pointer(s) for s in body)
                         and any(is_need(s) for s in body)):
                value = min(value, 0.5)
            if value <= 0:
                break
            if best_heading is None or value > best_heading[0]:
                best_heading = (value, part, m)
            break
    if best_heading:
        heading_score, part, m = best_heading
        heading_hit = heading_score >= 1.5
        own = [s for s in part.sentences if not s.quoted]
        body = own[0].text if own else ""
        evidence.append(Evidence(where(part), quote(part.heading + (": " + body if body else ""))))

    # Distinct phrase patterns found in the school's own sentences, weighted by how concrete they are.
    # Only sentences holding the literal text some phrase needs can match: the others are never visited.
    candidates = [index.candidates(p) for p in phrases]
    if any(c is None for c in candidates):
        positions: Any = range(len(index.entries))
    else:
        positions = sorted(frozenset().union(*candidates))
    phrase_weight: dict[int, float] = {}
    phrase_count: dict[int, int] = {}
    support: dict[int, Sentence] = {}  # every own sentence that carries a phrase of the item, by id
    phrase_evidence: dict[int, tuple[float, Part, Sentence, re.Match]] = {}
    for k in positions:
        part, s = index.entries[k]
        if s.quoted and not count_quoted or s.word_count() < min_words and not s.list_item:
            continue
        hits = [(i, m) for i, (p, c) in enumerate(zip(phrases, candidates))
                if (c is None or k in c) and (m := p.search(s.text))]
        if not hits:
            continue
        if exclude and any(x.search(s.text) for x in exclude):
            continue
        for i, m in hits:
            w = 1.0
            if is_aim(s) and not is_concrete(s.text):
                w = 0.5
            elif s.list_item and s.word_count() < 4 and not list_full:
                w = 0.5  # a bare list entry such as an item in a list of policies
            elif not pointers_count and is_pointer(s) or not needs_count and is_need(s):
                w = 0.5  # where the item is kept, or the need it meets: not what the school does
            if not in_context(s.text, part.heading):
                w = min(w, 0.5)
            phrase_count[i] = phrase_count.get(i, 0) + (1 if w == 1.0 else 0)
            support[id(s)] = s
            if w > phrase_weight.get(i, 0):
                phrase_weight[i] = w
                phrase_evidence[i] = (w, part, s, m)
    # The same thing described again and again (interventions in every section) is substance too.
    phrase_score = min(4.0, sum(w + 0.25 * min(max(phrase_count.get(i, 0) - 1, 0), 2)
                                for i, w in phrase_weight.items()))
    for _, part, s, m in sorted(phrase_evidence.values(), key=lambda e: -e[0])[:2]:
        ev = Evidence(where(part, s), quote(s.text, m))
        if ev not in evidence:
            evidence.append(ev)

    score = heading_score + phrase_score
    if best_heading and heading_score > 0:
        for s in best_heading[1].sentences:
            if not s.quoted:
                support[id(s)] = s
    # Everything resting on one short sentence that names no one, no frequency and no practice ("All our
    # clubs are open to every child") is a mention in passing, however many of the item's words it uses.
    if score >= present_at >= 3 and len(support) == 1:
        only = next(iter(support.values())).text
        if words(only) <= 15 and not is_concrete(only):
            score = min(score, max(partial_at, present_at - 0.5))
    requires_met = True
    if requires and score >= present_at:  # only decides between present and partial: skip it otherwise
        requires_met = any(index.could_match_own(r, j) and r.search(index.own_text(j))
                           or any(r.search(l) for l in p.links) for j, p in enumerate(parts) for r in requires)
    if score >= present_at and requires_met:
        status = "present"
    elif score >= partial_at:
        status = "partial"
    else:
        status = "missing"
    return Judgement(status, score, evidence[:3], heading_hit, len(phrase_weight), requires_met)
