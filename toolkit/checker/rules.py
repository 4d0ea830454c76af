"""What ``sendkit rules`` shows: every requirement with its ID, force, source and how the checker
recognises it, and the note rules; as text, JSON or Markdown.

The "Code hooks" part of ``docs/checker-rules.md`` is :func:`hooks_markdown`, generated from the
hooks' docstrings (as yamllint and sqlfluff generate their rule docs): a test keeps the page current,
``pytest tests/checker/test_rules.py --update-golden`` writes it again, and ``sendkit rules --format
markdown`` prints it after a table of every requirement.
"""

from __future__ import annotations

import inspect
import json
import textwrap
from dataclasses import dataclass, field
from typing import Any

from ..catalogue import FORCES, Catalogue, Requirement
from .engine import checker_catalogue
from .hooks import HOOKS
from .notes import load_note_rules

# Where the generated part of docs/checker-rules.md starts and ends.
BEGIN = ("<!-- generated from the hooks' docstrings (sendkit rules --format markdown); do not edit: "
         "pytest tests/checker/test_rules.py --update-golden writes it again -->")
END = "<!-- end of generated part -->"
WIDTH = 104


@dataclass(frozen=True)
class RuleInfo:
    """One requirement as ``sendkit rules`` lists it."""

    id: str
    title: str
    force: str
    source: str
    applies_to: tuple[str, ...]
    mainstream_only: bool
    recognised_by: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "force": self.force, "source": self.source,
                "applies_to": list(self.applies_to), "mainstream_only": self.mainstream_only,
                "recognised_by": self.recognised_by}


def hook_summary(name: str) -> tuple[str, str]:
    """A hook's docstring as (first line, the rest as one paragraph)."""
    doc = inspect.getdoc(HOOKS[name]) or ""
    first, _, rest = doc.partition("\n")
    return first.strip(), " ".join(rest.split())


def _recognised_by(req: Requirement) -> dict[str, Any]:
    if req.hook:
        summary, details = hook_summary(req.hook)
        module = HOOKS[req.hook].__module__
        return {"kind": "hook", "hook": req.hook, "module": module, "summary": summary, "details": details}
    if req.signals is not None:
        s = req.signals
        out: dict[str, Any] = {"kind": "signals"}
        out.update({key: [p.pattern for p in patterns] for key, patterns in s.patterns().items()})
        out.update({"present_at": s.present_at, "partial_at": s.partial_at,
                    "min_sentence_words": s.min_sentence_words})
        out.update({k: True for k in ("count_quoted", "list_items_full") if getattr(s, k)})
        if req.partial_when:
            out["partial_when"] = req.partial_when
        return out
    return {"kind": "none", "summary": "not judged by sendkit check: the generator satisfies it in the documents "
                                       "it writes (letters, curriculum information, annual reviews)"}


def list_rules(edition: str | None = None, ids: tuple[str, ...] = (), doc_type: str | None = None) -> list[RuleInfo]:
    """Every requirement of ``edition`` (or those in ``ids``, or applying to ``doc_type``), in catalogue order."""
    catalogue: Catalogue = checker_catalogue(edition)
    chosen = [r for r in catalogue if (not ids or r.id in ids) and (doc_type is None or r.applies(doc_type)[0])]
    return [RuleInfo(r.id, r.title, r.force, r.source, r.applies_to, r.mainstream_only, _recognised_by(r))
            for r in chosen]


def _how(info: RuleInfo) -> str:
    how = info.recognised_by
    if how["kind"] == "hook":
        return f"code hook `{how['hook']}`: {how['summary']}"
    if how["kind"] == "signals":
        counts = [f"{len(how[k])} {k.replace('_', ' ')}".removesuffix("s" if len(how[k]) == 1 else "")
                  for k in ("headings", "phrases", "concrete", "context", "present_requires", "exclude") if k in how]
        return f"signals ({', '.join(counts)}); present at {how['present_at']:g}, partial at {how['partial_at']:g}"
    return how["summary"]


def _detail(info: RuleInfo) -> list[str]:
    """Everything the checker looks for: each pattern, the thresholds, the hook's description."""
    how = info.recognised_by
    if how["kind"] == "hook":
        return textwrap.wrap(how["details"], WIDTH, initial_indent=" " * 16, subsequent_indent=" " * 16) + [
            f"{'':16}({how['module']})"]
    if how["kind"] != "signals":
        return []
    out = []
    for key in ("headings", "phrases", "concrete", "context", "present_requires", "exclude"):
        for pattern in how.get(key, []):
            out.append(f"{'':8}{key:<17} {pattern}")
    if how.get("partial_when"):
        out.extend(textwrap.wrap(f"partial: {how['partial_when']}", WIDTH, initial_indent=" " * 8,
                                 subsequent_indent=" " * 8))
    return out


def render_text(rules: list[RuleInfo], edition: str, notes: bool = True, detail: bool = False) -> str:
    lines = [f"Requirements in edition {edition} ({len(rules)}); force is {' > '.join(FORCES)}:", ""]
    for info in rules:
        lines.append(f"{info.id}  [{info.force}]  {info.title}")
        lines.append(f"    source:     {info.source}")
        applies = ", ".join(info.applies_to) + (" (mainstream schools only)" if info.mainstream_only else "")
        lines.append(f"    applies to: {applies}")
        lines.extend(textwrap.wrap(_how(info), WIDTH, initial_indent="    recognised: ",
                                   subsequent_indent=" " * 16))
        if detail:
            lines.extend(_detail(info))
        lines.append("")
    if notes:
        lines.append("Notes (reported beside the results, never failing a run; switch one off with `disable:`):")
        for rule in load_note_rules():
            lines.extend(textwrap.wrap(f"{rule.id}  [{rule.kind}]  {rule.message}", WIDTH, subsequent_indent=" " * 4))
    return "\n".join(lines).rstrip() + "\n"


def render_json(rules: list[RuleInfo], edition: str, notes: bool = True, detail: bool = True) -> str:
    data: dict[str, Any] = {"edition": edition, "requirements": [r.as_dict() for r in rules]}
    if notes:
        data["notes"] = [{"id": r.id, "kind": r.kind, "message": r.message} for r in load_note_rules()]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def hooks_markdown(edition: str | None = None) -> str:
    """The "Code hooks" list of docs/checker-rules.md: one entry per hook, from its docstring, headed by
    the requirement IDs that use it (in catalogue order; a hook no entry uses is listed last)."""
    catalogue = checker_catalogue(edition)
    users: dict[str, list[str]] = {}
    for req in catalogue:
        if req.hook:
            users.setdefault(req.hook, []).append(req.id)
    names = list(users) + sorted(set(HOOKS) - set(users))
    out = []
    for name in names:
        summary, details = hook_summary(name)
        head = f"**{', '.join(users.get(name, ['(unused)']))} `{name}`**"
        text = f"- {head}: {summary}" + (f" {details}" if details else "")
        out.append(textwrap.fill(text, WIDTH, subsequent_indent="  ", break_on_hyphens=False,
                                 break_long_words=False))
    return "\n".join(out) + "\n"


def render_markdown(rules: list[RuleInfo], edition: str, notes: bool = True, detail: bool = False) -> str:
    """Every requirement as a Markdown table, then the generated code-hooks list (what the docs embed)."""
    rows = ["| ID | Force | Source | Recognised by |", "|---|---|---|---|"]
    for info in rules:
        how = _how(info).replace("|", "\\|")
        rows.append(f"| {info.id} | {info.force} | {info.source} | {how} |")
    return (f"# Requirements in edition {edition}\n\n" + "\n".join(rows) + "\n\n## Code hooks\n\n"
            + generated_block(edition))


def generated_block(edition: str | None = None) -> str:
    """The generated part of docs/checker-rules.md, between its markers."""
    return f"{BEGIN}\n\n{hooks_markdown(edition)}\n{END}\n"


def update_page(text: str, edition: str | None = None) -> str:
    """``text`` (docs/checker-rules.md) with its generated part written again."""
    start, end = text.index(BEGIN), text.index(END) + len(END) + 1
    return text[:start] + generated_block(edition) + text[end:]


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
