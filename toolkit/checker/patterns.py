"""Plain text patterns for contact details, shared by the engine (counting a page's links) and the hooks.

They know nothing of requirements: an email address, a UK phone number, a web address.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
URL = re.compile(r"\bhttps?://\S+|\bwww\.[\w.-]+\.\w+\S*|\b[\w-]+(?:\.[\w-]+)*\.(?:gov\.uk|org\.uk|co\.uk|"
                 r"org|com|net|uk)(?:/\S*)?", re.I)
