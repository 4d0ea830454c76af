"""The school profile: one YAML file of facts about a school, validated against a schema.

``load_profile`` returns a :class:`Profile` or raises :class:`ProfileError` listing *every* problem at
once, each with file, line, field path, what was expected and a suggestion.

The schema itself (value types, the pydantic models, JSON Schema, validation) lives in
``toolkit.schema`` and the ``extends:`` merging in ``toolkit.inheritance``; their public names are
importable from here too, as they always were.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .dates import add_months, long_date
from .errors import Problem
from .inheritance import load_with_extends
from .resources import data_dir
from .schema import (ACADEMY_TYPES, AREA_NAMES, SPECIAL_TYPES, AccessibilityPlan, Admissions, Approval,
                     AreaEntry, AreaOfNeed, Complaints, Contact, Email, Item, LocalOffer, Model, Partner,
                     Partners, People, Phase, Phone, Policies, Profile, ProfileModel, Provision,
                     QualificationStatus, Report, ResourcedProvision, School, SchoolType, Senco, Sendiass,
                     Slug, StaffTraining, Text, Transition, Trust, Url, annotation_model, dotted, json_schema,
                     model_at, problems_from_validation, slugify, validate_data)

__all__ = [
    "ACADEMY_TYPES", "AREA_NAMES", "SPECIAL_TYPES", "AccessibilityPlan", "Admissions", "Approval", "AreaEntry",
    "AreaOfNeed", "Complaints", "Contact", "Email", "Item", "LocalOffer", "Model", "Partner", "Partners",
    "People", "Phase", "Phone", "Policies", "Profile", "ProfileModel", "Provision", "QualificationStatus",
    "Report", "ResourcedProvision", "School", "SchoolType", "Senco", "Sendiass", "Slug", "StaffTraining", "Text",
    "Transition", "Trust", "Url", "accessibility_plan_period", "annotation_model", "dotted", "json_schema",
    "load_profile", "looks_like_example", "profile_warnings",
    "model_at",
    "problems_from_validation", "slugify", "validate_data",
]


def load_profile(path: str | Path) -> Profile:
    """Load and validate one school profile. Raises ProfileError with every problem found."""
    path = Path(path)
    marked = load_with_extends(path)  # trust profiles: `extends:` merging with provenance
    return validate_data(marked, path)


@lru_cache(maxsize=1)
def _bundled_identities() -> dict[tuple[str, str], str]:
    """("name"|"urn", value) -> the bundled example file that holds it."""
    import yaml

    root = data_dir("school_profiles")
    found: dict[tuple[str, str], str] = {}
    for path in sorted(root.rglob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue
        school = data.get("school") if isinstance(data, dict) else None
        if isinstance(school, dict):
            for key in ("name", "urn"):
                if school.get(key):
                    found.setdefault((key, str(school[key]).strip().lower()), str(path.relative_to(root)))
    return found


def _is_bundled_example(path: Path) -> bool:
    """Whether ``path`` is one of the bundled examples: the package's own copy, or the same file in a
    source checkout (``school_profiles/oakfield-primary.yaml`` built from the repository root after a
    non-editable install), same name and same bytes. A renamed or edited copy is not."""
    root = data_dir("school_profiles").resolve()
    path = path.resolve()
    if root in path.parents:
        return True
    for depth in range(1, len(path.parts)):
        if path.parts[-depth - 1] == "school_profiles":
            bundled = root.joinpath(*path.parts[-depth:])
            try:
                return bundled.is_file() and bundled.read_bytes() == path.read_bytes()
            except OSError:
                return False
    return False


def profile_warnings(profile: Profile) -> list[Problem]:
    """Everything to warn about a profile that still builds: facts read another way than written (a
    trust's `policy_profile.people.senco`), a profile that looks like an unedited example, and an
    accessibility plan whose next review falls outside the three years the law gives a plan."""
    return list(profile.warnings) + looks_like_example(profile) + accessibility_plan_period(profile)


def accessibility_plan_period(profile: Profile) -> list[Problem]:
    """A warning when `accessibility_plan.next_review` is more than three years after `adopted`: an
    accessibility plan covers a period of three years (Equality Act 2010, Schedule 10 paragraph 3, and the
    prescribed-period regulations), so the documents would promise a review later than the law allows.
    Not an error: the documents still build, and the date is the school's."""
    plan = profile.model.accessibility_plan
    if not (plan.adopted and plan.next_review):
        return []
    latest = add_months(plan.adopted, 36)
    if plan.next_review <= latest:
        return []
    mark = profile.mark("accessibility_plan.next_review")
    return [Problem(
        f"the accessibility plan's next review ({long_date(plan.next_review)}) is more than three years after it "
        f"was adopted ({long_date(plan.adopted)}); in law an accessibility plan covers three years, and the "
        "documents print this date", mark.file if mark else str(profile.path), mark.line if mark else None,
        "accessibility_plan.next_review", f"a date no later than {long_date(latest)}",
        suggestion=f"write `next_review: {latest.isoformat()}` or earlier, when the plan will be renewed")]


def looks_like_example(profile: Profile) -> list[Problem]:
    """Warnings for a profile still holding a bundled example's school name or URN (not an error:
    the documents build, but would describe the example school)."""
    if _is_bundled_example(Path(profile.path)):
        return []  # the examples themselves
    school = profile.model.school
    warnings = []
    for key, value, label in (("name", school.name, "name"), ("urn", school.urn, "URN")):
        example = _bundled_identities().get((key, str(value).strip().lower()))
        if example:
            mark = profile.mark(f"school.{key}")
            warnings.append(Problem(
                f"the school's {label} is still the bundled example's ({value}, from {example}): this profile "
                "looks like an unedited example", mark.file if mark else str(profile.path),
                mark.line if mark else None, f"school.{key}",
                suggestion="put in your own school's facts; the documents would describe the example school"))
    return warnings
