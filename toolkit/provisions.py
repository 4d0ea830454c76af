"""The legal provisions a clause may give as its basis (`basis:` in its front matter).

A committed list (toolkit/data/provisions.yaml), so that clause loading and the tests never need the
reference document; `python -m toolkit.provisions REFERENCE` checks that every provision is still cited
in it (CI runs that when ../shared/reference/requirements.md exists).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import SendkitError
from .resources import package_data

# Words that state the law to a reader: a clause saying any of them must name its legal basis.
LEGAL_WORDS = r"\b(?:must|the law|legal(?:ly)?|rights?|dut(?:y|ies))\b"


@dataclass(frozen=True)
class Provision:
    id: str
    cite: str  # as a person would write it: "Children and Families Act 2014, s.36(1) and (8)"
    says: str  # the point the documents rely on
    find: str  # text the reference contains where it cites this provision


@lru_cache(maxsize=1)
def load_provisions() -> dict[str, Provision]:
    """Every known provision, by ID."""
    with open(package_data("provisions.yaml"), encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    found: dict[str, Provision] = {}
    for entry in data["provisions"]:
        if entry["id"] in found:
            raise SendkitError(f"provisions.yaml: `{entry['id']}` is listed twice")
        found[entry["id"]] = Provision(str(entry["id"]), str(entry["cite"]), str(entry["says"]),
                                       str(entry["find"]))
    return found


def unmatched(reference_text: str) -> list[Provision]:
    """The provisions whose citation the reference no longer contains."""
    return [p for p in load_provisions().values() if p.find not in reference_text]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m toolkit.provisions PATH/TO/requirements.md", file=sys.stderr)
        return 2
    try:
        text = Path(args[0]).read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{args[0]}: cannot be read ({exc.strerror})", file=sys.stderr)
        return 2
    missing = unmatched(text)
    for p in missing:
        print(f"{args[0]}: provision {p.id} ({p.cite}) is not cited there: no `{p.find}`", file=sys.stderr)
    if not missing:
        print(f"{len(load_provisions())} provisions, each cited in {args[0]}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
