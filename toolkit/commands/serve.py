"""`sendkit serve`: the web app on this computer, for people who do not use a terminal."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import SendkitError, display_path
from . import handle_errors


@click.command("serve")
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.1 lets other computers reach the app.")
@click.option("--port", default=0, type=click.IntRange(0, 65535),
              help="Port to listen on (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Print the address but do not open a browser.")
@handle_errors
def serve_command(target, host, port, no_browser):
    """Fill in a school's profile in your browser, preview and download its documents, check a
    document and plan annual reviews. TARGET is a profile to open, or the folder profiles are kept in
    (default: this folder). Stop with Ctrl+C."""
    from werkzeug.serving import make_server

    from ..web import create_app, start_url

    folder, profile = Path.cwd(), None
    if target is not None:
        if target.is_dir():
            folder = target
        elif target.is_file():
            folder, profile = target.resolve().parent, target
        else:
            raise SendkitError(f"{display_path(target)}: no such profile or folder")
    allowed = () if host in ("127.0.0.1", "localhost", "::1") else (host,)
    if allowed:
        click.echo(f"warning: listening on {host}: other computers that can reach this one can open "
                   "sendkit if they learn the address with its token. Use 127.0.0.1 unless you need this.",
                   err=True)
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the terminal
    app = create_app({"FOLDER": folder, "PROFILE": profile, "ALLOWED_HOSTS": allowed})
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise SendkitError(f"cannot listen on {host}:{port} ({exc.strerror}); try another --port") from None
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{server.server_port}{start_url(app)}"
    click.echo(f"sendkit is running at {url}")
    click.echo("Open that address in your browser. Press Ctrl+C here to stop.")
    if not no_browser:
        import webbrowser

        try:
            webbrowser.open(url)
        except Exception:  # no browser on this machine: the printed address is enough
            pass
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.extensions["sendkit_store"].clear()
    click.echo("sendkit stopped.")
