"""`sendkit serve`: a local web app around the same library the commands use.

:func:`create_app` is a Flask application factory: everything the app needs comes from ``config``
(the workspace folder, the per-run token), nothing lives at module level, so tests build as many
apps as they like and drive them with Flask's test client.
"""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path
from typing import Any

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # uploads: documents to check, pupil lists


def create_app(config: dict[str, Any] | None = None):
    """Build the web app.

    ``config`` keys: ``FOLDER`` (where profiles are opened and created; default the working
    directory), ``PROFILE`` (a profile to open first), ``TOKEN`` (the per-run token in the first
    address; random if not given), ``ALLOWED_HOSTS`` (host names besides 127.0.0.1/localhost that
    may reach the app, e.g. the --host given), ``AS_OF`` (a date to judge reviews by, for tests).
    """
    from flask import Flask
    from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

    from . import security, views
    from .service import SessionStore

    here = Path(__file__).parent
    app = Flask(__name__, static_folder=str(here / "static"), static_url_path="/static",
                template_folder=str(here / "templates"))
    app.config.update(
        FOLDER=Path.cwd(),
        PROFILE=None,
        TOKEN=secrets.token_urlsafe(24),
        SECRET_KEY=secrets.token_bytes(32),  # per run: a restarted server forgets every session
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES + 64 * 1024,  # the file plus the form around it
        MAX_FORM_MEMORY_SIZE=2 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="sendkit_session",
        ALLOWED_HOSTS=(),
        AS_OF=None,
    )
    app.config.update(config or {})
    app.config["FOLDER"] = Path(app.config["FOLDER"]).resolve()
    if app.config["PROFILE"] is not None:
        app.config["PROFILE"] = Path(app.config["PROFILE"]).resolve()
    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(here / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    app.jinja_env.autoescape = True  # profile values and uploads are data, never template code
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    from ..dates import long_date
    from .schema_form import humanise, singular

    app.jinja_env.globals["humanise"] = humanise
    app.jinja_env.globals["singular"] = singular
    app.jinja_env.filters["long_date"] = lambda day: long_date(date.fromisoformat(day) if isinstance(day, str) else day)
    app.extensions["sendkit_store"] = SessionStore()
    security.install(app)
    app.register_blueprint(views.blueprint)
    views.install_error_pages(app)
    return app


def start_url(app) -> str:
    """The path (with the per-run token) to open first."""
    return f"/start?token={app.config['TOKEN']}"


__all__ = ["create_app", "start_url", "MAX_UPLOAD_BYTES"]
