"""Fixtures for the web app: a workspace folder with the example school, and a logged-in test client."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "school_profiles"


@pytest.fixture
def workspace(tmp_path) -> Path:
    folder = tmp_path / "schools"
    folder.mkdir()
    shutil.copy(EXAMPLES / "oakfield-primary.yaml", folder / "oakfield-primary.yaml")
    return folder


@pytest.fixture
def app(workspace):
    from toolkit.web import create_app

    return create_app({"FOLDER": workspace, "TOKEN": "test-token", "AS_OF": date(2026, 10, 1)})


class Client:
    """Flask's test client, signed in through the start address, with the form's CSRF token to hand."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()
        response = self.http.get("/start?token=test-token")
        assert response.status_code == 302
        with self.http.session_transaction() as session:
            self.csrf = session["csrf"]

    def get(self, url, **kw):
        return self.http.get(url, **kw)

    def post(self, url, data=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf)
        return self.http.post(url, data=data, **kw)


@pytest.fixture
def client(app) -> Client:
    return Client(app)


def form_fields(html: str) -> dict[str, str]:
    """The values a browser would send for the text inputs, selects, textareas and checked radios on a page."""
    import lxml.html

    doc = lxml.html.fromstring(html)
    fields: dict[str, str] = {}
    for el in doc.iter("input", "select", "textarea"):
        name = el.get("name")
        if not name or el.get("disabled") is not None:
            continue
        if el.tag == "input" and el.get("type") in ("radio", "checkbox"):
            if el.get("checked") is not None:
                fields[name] = el.get("value")
            continue
        if el.tag == "input" and el.get("type") in ("submit", "file"):
            continue
        if el.tag == "select":
            chosen = [o.get("value") for o in el.iter("option") if o.get("selected") is not None]
            fields[name] = chosen[0] if chosen else ""
        elif el.tag == "textarea":
            fields[name] = el.text or ""
        else:
            fields[name] = el.get("value") or ""
    return fields


def error_summary(html: str) -> list[str]:
    """The texts of the error summary's links."""
    import lxml.html

    doc = lxml.html.fromstring(html)
    return [" ".join(a.text_content().split())
            for a in doc.xpath("//div[contains(@class, 'govuk-error-summary')]//ul//a")]


def error_links(html: str) -> list[str]:
    import lxml.html

    doc = lxml.html.fromstring(html)
    return [a.get("href") for a in doc.xpath("//div[contains(@class, 'govuk-error-summary')]//ul//a")]
