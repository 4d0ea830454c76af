"""What keeps a local web app local: the per-run token, CSRF, the Host check and the response headers.

- The address printed at start carries a random token; opening it sets a session cookie, and every
  other request without that cookie is refused. Another user on the machine, or a web page in the
  same browser, does not have it.
- Every form carries a CSRF token tied to the session; a POST without it is refused.
- The Host header must name this machine (127.0.0.1, localhost, ::1, or the --host given), so a
  DNS-rebinding page that points its own name at 127.0.0.1 cannot read the app.
- A Content-Security-Policy of 'self': no script, style, font or request leaves the page.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, abort, current_app, g, request, session

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
       "object-src 'none'")
# A built document shown in the preview frame keeps its own inline stylesheet and inlined fonts (it is
# the page as published), but runs no script and loads nothing from elsewhere.
PREVIEW_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src data:; "
               "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")

OPEN_ENDPOINTS = frozenset({"static", "web.font_css", "web.font", "web.start", "web.locked"})


def host_name(host_header: str) -> str:
    host = (host_header or "").strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def session_id() -> str:
    """A random id for this browser session, the key of its in-memory uploads (never pupil data)."""
    sid = session.get("sid")
    if not sid:
        sid = session["sid"] = secrets.token_urlsafe(16)
    return sid


def install(app: Flask) -> None:
    """Register the checks and headers on ``app``."""

    @app.before_request
    def _guard():
        allowed = LOCAL_HOSTS | set(current_app.config.get("ALLOWED_HOSTS", ()))
        if host_name(request.host) not in allowed:
            abort(400, description="This address is not the one sendkit serve printed. Open the address "
                                   "shown in the terminal.")
        if request.endpoint in OPEN_ENDPOINTS:
            return None
        if not session.get("auth"):
            abort(403)
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
                abort(400, description="This form has expired or did not come from sendkit. Go back, "
                                       "reload the page and try again.")
        return None

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", getattr(g, "csp", None) or CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    app.jinja_env.globals["csrf_token"] = csrf_token


def check_token(given: str | None) -> bool:
    expected = current_app.config["TOKEN"]
    return bool(given) and hmac.compare_digest(given, expected)
