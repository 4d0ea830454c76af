"""Readability of parent-facing text, computed offline (CoP 6.81: clear, straightforward language).

Flesch reading ease = 206.835 - 1.015 x (words / sentences) - 84.6 x (syllables / words). 60 and
above reads as plain English. Syllables are counted by rule, not by a pronunciation dictionary, so
this works with no network (textstat's current release downloads one at run time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n|\n(?=\s*[-•*\d])")
# Abbreviations whose full stop does not end a sentence.
_ABBREV = re.compile(r"\b(Mr|Mrs|Ms|Dr|Prof|St|e\.g|i\.e|etc|No|Nos|vs|approx)\.", re.I)
_URLISH = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")

# Words the rules get wrong that are common in SEND documents.
_SYLLABLE_EXCEPTIONS = {
    "sendiass": 3, "senco": 2, "sendco": 2, "ehc": 3, "ehcp": 4, "send": 1, "sen": 3, "every": 2,
    "business": 2, "different": 3, "evening": 2, "interest": 3, "area": 3, "areas": 3, "idea": 3,
    "ideas": 3, "being": 2, "create": 2, "created": 3, "people": 2, "our": 1, "hour": 1, "hours": 1,
    "fire": 1, "science": 2, "video": 3, "radio": 3, "period": 3, "media": 3,
    "review": 2, "reviews": 2, "reviewed": 2, "poem": 2, "quiet": 2, "diet": 2, "naive": 2,
    "therapy": 3, "therapies": 3, "autism": 3, "dyslexia": 4, "where": 1, "there": 1, "here": 1,
    "were": 1, "come": 1, "some": 1, "one": 1, "done": 1, "gone": 1, "none": 1, "give": 1, "live": 1,
    "have": 1, "are": 1, "whole": 1, "use": 1, "used": 1, "uses": 2, "lesson": 2, "lessons": 2,
}


@lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Syllables in one word, by rule (cached: documents repeat their words)."""
    w = word.lower().strip("'’-")
    w = re.sub(r"['’]s$", "", w)
    if not w:
        return 0
    if w in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[w]
    if "-" in w:
        return sum(count_syllables(part) for part in w.split("-") if part)
    if len(w) <= 3:
        return 1
    if w.isupper() and len(w) <= 5:  # acronyms read letter by letter are rare enough to ignore
        return max(1, len(re.findall(r"[aeiouy]+", w)))
    stem = w
    # Silent endings: "-es" (makes), "-ed" (assessed; not -ted/-ded), a final "e" (but not "-le").
    if re.search(r"[^aeiouy]es$", stem) and not re.search(r"(s|sh|ch|x|z|c|g)es$", stem):
        stem = stem[:-2]
    elif re.search(r"[^td]ed$", stem):
        stem = stem[:-2]
    elif stem.endswith("e") and not stem.endswith(("le", "ee", "ye")):
        stem = stem[:-1]
    groups = re.findall(r"[aeiouy]+", stem)
    count = len(groups)
    # Vowel pairs that are two syllables: "ia" (special-ia), "io" (pat-io), "eo", "ua", "uo".
    count += len(re.findall(r"(?<![aeiou])(ia|io|iu|eo|ua|uo|ie(?=r$)|ious)", stem))
    if re.search(r"[^aeiouy]le$", w):
        count += 0 if groups and stem.endswith("le") else 1
    if re.search(r"(tion|sion|cial|tial|cious|tious)", stem):
        count -= len(re.findall(r"(tion|sion|cial|tial|cious|tious)", stem))
    return max(1, count)


@dataclass(frozen=True)
class Readability:
    flesch_reading_ease: float
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    def as_dict(self) -> dict:
        return {
            "flesch_reading_ease": round(self.flesch_reading_ease, 1),
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
            "words_per_sentence": round(self.words_per_sentence, 1),
            "plain_english": self.flesch_reading_ease >= PLAIN_ENGLISH,
        }


PLAIN_ENGLISH = 60.0


def measure(text: str) -> Readability:
    """Flesch reading ease of ``text``; list items and paragraphs count as sentences."""
    text = _URLISH.sub(" link ", text)
    text = _ABBREV.sub(lambda m: m.group(1), text)
    sentences = [s for s in _SENTENCE_END.split(text) if s and _WORD.search(s)]
    words = _WORD.findall(text)
    if not words:
        return Readability(0.0, 0, 0, 0)
    syllables = sum(count_syllables(w) for w in words)
    n_sent = max(1, len(sentences))
    score = 206.835 - 1.015 * (len(words) / n_sent) - 84.6 * (syllables / len(words))
    return Readability(score, len(words), n_sent, syllables)


def flesch_reading_ease(text: str) -> float:
    return measure(text).flesch_reading_ease
