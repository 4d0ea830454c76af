"""The size and depth limits every input is held to, in one place.

sendkit's inputs are small: a profile or trust file is kilobytes, a clause a page, a pupil list of
10,000 children a few megabytes, a published SEND document well under a megabyte of text. A file far
beyond these is the wrong file (or a hostile one) and would only keep the user waiting, so each limit
is refused early, with the file, line and field, instead of being parsed for minutes.
"""

from __future__ import annotations

MB = 1024 * 1024

# Any YAML or text input read from disk (profiles, trust files, clauses, term dates, pupil lists,
# checker configuration, labels). PyYAML reads about 2 MB a second.
MAX_TEXT_BYTES = 20 * MB
# How deep YAML mappings and lists may nest. A profile is about 5 levels deep; PyYAML's composer
# recurses once per level and Python stops at about 1,000 frames.
MAX_NESTING = 64
# One value (a name, a sentence, a paragraph of provision). The longest real value is a paragraph;
# a 5 MB school name made the PDF layout run for minutes.
MAX_VALUE_CHARS = 20_000
# The text of one document to check (a SEND policy is 20,000 to 60,000 characters; this is about 300
# pages). The checker's time grows with the text: an 8 MB web page took 46 s, 19 MB over 120 s.
MAX_DOCUMENT_CHARS = 1_000_000
# Values an anchor-and-alias file may expand to, beyond one per character of text.
MAX_ALIAS_EXPANSION = 10_000

__all__ = ["MB", "MAX_TEXT_BYTES", "MAX_NESTING", "MAX_VALUE_CHARS", "MAX_ALIAS_EXPANSION", "MAX_DOCUMENT_CHARS"]
