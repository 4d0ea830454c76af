"""Code hooks for the checks that data cannot express: contact details near a name, dates in range,
qualifications that changed with an edition, a readability figure.

A hook takes a :class:`Context` and the requirement and returns a :class:`Verdict`. The catalogue
entry names its hook (``hook: senco_contact``); the engine stamps force, title and source.
One module per family; what they share (context, verdict, registry, contact patterns) is in ``base``.
Importing this package registers every hook in ``HOOKS``.
"""

from __future__ import annotations

from . import contacts, dates, qualification, readability, services
from .base import EMAIL, HOOKS, PHONE, SENCO, URL, Context, Verdict, contacts_in, hook, name_near
from .contacts import named_contacts, senco_contact
from .dates import (DateStatement, FoundDate, annual_update, date_statements, find_dates, months_between, own_dates,
                    policy_approval, policy_review)
from .qualification import senco_qualification
from .services import LOCAL_OFFER, iass_contact, local_offer

__all__ = [
    "contacts", "dates", "qualification", "readability", "services",  # the families, one module each
    "EMAIL", "HOOKS", "PHONE", "SENCO", "URL", "Context", "Verdict", "contacts_in", "hook", "name_near",
    "named_contacts", "senco_contact", "DateStatement", "FoundDate", "annual_update", "date_statements", "find_dates",
    "months_between", "own_dates", "policy_approval", "policy_review", "senco_qualification", "LOCAL_OFFER",
    "iass_contact", "local_offer",
]
