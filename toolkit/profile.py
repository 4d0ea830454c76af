"""The school profile: one YAML file of facts about a school, validated against a schema.

``load_profile`` returns a :class:`Profile` or raises :class:`ProfileError` listing *every* problem at
once, each with file, line, field path, what was expected and a suggestion.

The schema itself (value types, the pydantic models, JSON Schema, validation) lives in
``toolkit.schema`` and the ``extends:`` merging in ``toolkit.inheritance``; their public names are
importable from here too, as they always were.
"""

from __future__ import annotations

from pathlib import Path

from .inheritance import load_with_extends
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
    "Transition", "Trust", "Url", "annotation_model", "dotted", "json_schema", "load_profile", "model_at",
    "problems_from_validation", "slugify", "validate_data",
]


def load_profile(path: str | Path) -> Profile:
    """Load and validate one school profile. Raises ProfileError with every problem found."""
    path = Path(path)
    marked = load_with_extends(path)  # trust profiles: `extends:` merging with provenance
    return validate_data(marked, path)
