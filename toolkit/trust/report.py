"""The consistency report over a batch build: OUT/trust-report.json and OUT/index.html.

For each school (and each trust-wide policy): links to every document in every format, the
checker's coverage of the requirements on what was built, missing or incomplete profile data,
publication and next review dates (overdue as of a date), the accessibility plan's review date,
clauses the school rewords, and template text left unfilled. The HTML page is the index of a static
site a trust can upload as it is: lang en-GB, one h1, a table with header cells, and "Overdue"
written out, never shown by colour alone.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined

from .. import __version__
from ..dates import long_date as longdate
from ..errors import display_path
from ..output import replace_together

REPORT_JSON = "trust-report.json"
INDEX_HTML = "index.html"
DOCUMENT_NAMES = {"send-policy": "SEND policy", "sen-information-report": "SEN information report"}


def _overdue(day: str | None, as_of: date) -> bool:
    return bool(day) and date.fromisoformat(day) < as_of


def entry_for(outcome: Any, as_of: date) -> dict[str, Any]:
    """One row of the report (a school or a trust policy) as plain data."""
    target = outcome.target
    profile = target.profile
    manifest = outcome.manifest or {}
    check = (manifest.get("check") or {}).get("documents", {})
    entry: dict[str, Any] = {
        "kind": target.kind,
        "name": target.name,
        "slug": target.slug,
        "profile": display_path(target.path),
        "trust": target.trust_slug,
        "status": outcome.status,
        "error": list(outcome.error),
        "phase": profile.model.school.phase if profile else None,
        "setting": profile.setting if profile else None,
        "documents": [],
        "incomplete": [],
        "accessibility_plan": None,
        "trust_wording_overrides": [],
        "complete": False,
    }
    if profile is not None:
        plan = profile.model.accessibility_plan
        review = plan.next_review.isoformat() if plan and plan.next_review else None
        entry["accessibility_plan"] = {"url": plan.url if plan else None, "next_review": review,
                                       "overdue": _overdue(review, as_of), "missing": review is None}
        overrides = getattr(profile.source, "clause_overrides", {}) or {}
        entry["trust_wording_overrides"] = [{"clause": cid, "file": display_path(p)}
                                            for cid, p in sorted(overrides.items())]
    for document in manifest.get("documents", []):
        checked = check.get(document["type"], {})
        for item in document.get("incomplete", []):  # a field two clauses need is listed once
            if item["field"] not in entry["incomplete"]:
                entry["incomplete"].append(item["field"])
        gaps = checked.get("gaps", [])
        entry["documents"].append({
            "type": document["type"],
            "name": DOCUMENT_NAMES.get(document["type"], document["type"]),
            "title": document.get("title"),
            "published": document.get("published"),
            "next_review": document.get("next_review"),
            "review_overdue": _overdue(document.get("next_review"), as_of),
            "links": [{"format": o["format"], "href": f"{target.slug}/{o['path']}", "sha256": o["sha256"]}
                      for o in document.get("outputs", [])],
            "coverage": {
                "checked_from": checked.get("read_from"),
                "clauses_complete": (document.get("coverage") or {}).get("complete"),
                "clauses_unsatisfied": (document.get("coverage") or {}).get("unsatisfied", []),
                "error": checked.get("error"),
                "must_present": checked.get("must_present"),
                "must_total": checked.get("must_total"),
                "summary": checked.get("summary"),
                "missing": [g["id"] for g in gaps if g["status"] == "missing"],
                "partial": [g["id"] for g in gaps if g["status"] == "partial"],
                "gaps": gaps,
            },
            "template_text": checked.get("template_text", []),
        })
    if entry["accessibility_plan"] and entry["accessibility_plan"]["missing"] and target.kind == "school":
        entry["incomplete"].append("accessibility_plan.next_review")
    entry["complete"] = (outcome.status != "failed" and not entry["incomplete"] and bool(entry["documents"])
                         and all(not d["coverage"]["missing"] and not d["coverage"]["error"]
                                 and not d["template_text"] for d in entry["documents"]))
    return entry


def report_data(result: Any, as_of: date) -> dict[str, Any]:
    """The whole report as plain data (what trust-report.json holds)."""
    entries = [entry_for(o, as_of) for o in result.outcomes]
    trusts = [e for e in entries if e["kind"] == "trust"]
    schools = [e for e in entries if e["kind"] == "school"]
    overdue = [e["slug"] or e["profile"] for e in entries
               if any(d["review_overdue"] for d in e["documents"])
               or (e["accessibility_plan"] or {}).get("overdue")]
    return {
        "tool": {"name": "sendkit", "version": __version__},
        "as_of": as_of.isoformat(),
        "summary": {
            "schools": len(schools),
            "trust_policies": len(trusts),
            "built": sum(1 for e in entries if e["status"] == "built"),
            "up_to_date": sum(1 for e in entries if e["status"] == "up-to-date"),
            "failed": sum(1 for e in entries if e["status"] == "failed"),
            "complete": sum(1 for e in entries if e["complete"]),
            "overdue": overdue,
        },
        "trusts": trusts,
        "schools": schools,
    }


def write_report(result: Any, as_of: date) -> list[Path]:
    """Write OUT/trust-report.json and OUT/index.html (each by write-then-rename)."""
    data = report_data(result, as_of)
    out = Path(result.out_dir)
    json_path, html_path = out / REPORT_JSON, out / INDEX_HTML
    # Both are rendered first and renamed into place one after the other: never one without the other.
    return replace_together({json_path: json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                             html_path: render_index(data)})


def _date(day: str | None) -> str:
    return longdate(date.fromisoformat(day)) if day else "not given"


_TEMPLATE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5; color: #1b1b1b;
       margin: 1.5rem auto; max-width: 80rem; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
caption { text-align: left; font-weight: bold; font-size: 1.15rem; padding: 0.5rem 0; }
th, td { border: 1px solid #6b6b6b; padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #e8eef7; }
a { color: #1d4f91; }
a:focus { outline: 3px solid #ffbf47; }
.overdue, .failed { color: #a4000f; font-weight: bold; }
.ok { color: #205e1f; }
ul { margin: 0; padding-left: 1.1rem; }
.small { font-size: 0.9rem; }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
<p>Checked as of {{ as_of_long }}. {{ s.schools }} school{{ "" if s.schools == 1 else "s" }}{% if s.trust_policies %} and {{ s.trust_policies }} trust-wide polic{{ "y" if s.trust_policies == 1 else "ies" }}{% endif %}:
{{ s.complete }} complete, {{ s.failed }} failed to build, {{ s.overdue|length }} with a review date passed.
Built by sendkit {{ version }}; the same facts are in <a href="trust-report.json">trust-report.json</a>.</p>
{% for group, rows in groups %}{% if rows %}
<table>
<caption>{{ group }}</caption>
<thead>
<tr>
<th scope="col">{{ "Trust" if group == "Trust-wide documents" else "School" }}</th>
<th scope="col">Documents</th>
<th scope="col">Coverage of the requirements</th>
<th scope="col">Published and next review</th>
<th scope="col">Accessibility plan review</th>
<th scope="col">Profile data missing</th>
<th scope="col">Own wording and template text</th>
</tr>
</thead>
<tbody>
{% for e in rows %}
<tr>
<th scope="row">{{ e.name }}{% if e.phase %}<br><span class="small">{{ e.phase }}{% if e.setting == "special" %}, special{% endif %}</span>{% endif %}
{% if e.status == "failed" %}<br><span class="failed">Failed to build</span>{% elif e.status == "up-to-date" %}<br><span class="small">Unchanged since last build</span>{% endif %}</th>
<td>{% if e.documents %}<ul>{% for d in e.documents %}<li>{{ d.name }}: {% for l in d.links %}<a href="{{ l.href }}">{{ l.format|upper }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</li>{% endfor %}</ul>
{% elif e.status == "failed" %}<ul class="small">{% for line in e.error[:6] %}<li>{{ line }}</li>{% endfor %}</ul>{% else %}None built{% endif %}</td>
<td>{% for d in e.documents %}<p>{{ d.name }}: {% if d.coverage.error %}<span class="failed">Not checked</span> ({{ d.coverage.error }}){% elif d.coverage.must_total is not none %}{{ d.coverage.must_present }} of {{ d.coverage.must_total }} legal requirements met{% if d.coverage.missing %}; <span class="failed">Missing:</span> {{ d.coverage.missing|join(", ") }}{% endif %}{% if d.coverage.partial %}; partly met: {{ d.coverage.partial|join(", ") }}{% endif %}{% else %}Not checked{% endif %}</p>{% endfor %}</td>
<td>{% for d in e.documents %}<p>{{ d.name }}: published {{ date(d.published) }}; next review {{ date(d.next_review) }}{% if d.review_overdue %} <span class="overdue">Overdue</span>{% endif %}</p>{% endfor %}</td>
<td>{% if e.accessibility_plan %}{{ date(e.accessibility_plan.next_review) }}{% if e.accessibility_plan.overdue %} <span class="overdue">Overdue</span>{% endif %}{% else %}Not known{% endif %}</td>
<td>{% if e.incomplete %}<ul>{% for f in e.incomplete %}<li><code>{{ f }}</code></li>{% endfor %}</ul>{% elif e.status == "failed" %}See the error{% else %}<span class="ok">None</span>{% endif %}</td>
<td>{% if e.trust_wording_overrides %}<p>Own wording for: {% for o in e.trust_wording_overrides %}<code>{{ o.clause }}</code>{% if not loop.last %}, {% endif %}{% endfor %}</p>{% endif %}
{% for d in e.documents %}{% for n in d.template_text %}<p class="failed">{{ d.name }}: {{ n.message }}{% if n.location %} ({{ n.location }}){% endif %}</p>{% endfor %}{% endfor %}
{% if not e.trust_wording_overrides and not e.documents|selectattr("template_text")|list %}Trust wording; no template text{% endif %}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% endif %}{% endfor %}
</main>
</body>
</html>
"""

_ENV = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_index(data: dict[str, Any]) -> str:
    """The report as one accessible, standalone HTML page linking every document."""
    names = sorted({e["trust"] for e in data["schools"] + data["trusts"] if e["trust"]})
    title = "SEND documents" + (f": {_trust_title(data)}" if names else "")
    template = _ENV.from_string(_TEMPLATE)
    return template.render(title=title, as_of_long=longdate(date.fromisoformat(data["as_of"])),
                           s=data["summary"], version=__version__, date=_date,
                           groups=[("Trust-wide documents", data["trusts"]), ("Schools", data["schools"])])


def _trust_title(data: dict[str, Any]) -> str:
    names = [e["name"] for e in data["trusts"]]
    if names:
        return ", ".join(names)
    return ", ".join(sorted({e["trust"] for e in data["schools"] if e["trust"]}))
