"""`sendkit serve` as a person starts it: prints the address with its token, answers it, stops on Ctrl+C."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .conftest import EXAMPLES


def test_serve_prints_its_address_and_stops_cleanly_on_ctrl_c(tmp_path):
    shutil.copy(EXAMPLES / "oakfield-primary.yaml", tmp_path)
    process = subprocess.Popen([sys.executable, "-m", "toolkit", "serve", str(tmp_path), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/start\?token=([\w-]+)", line)
        assert match, line
        port = match.group(1)
        with pytest.raises(urllib.error.HTTPError) as refused:  # no token, no entry
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)
        assert refused.value.code == 403
        import http.cookiejar

        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = browser.open(match.group(0), timeout=60).read().decode()  # the cookie, then the home page
        assert "Oakfield Primary School" in page
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "sendkit stopped." in out and "Traceback" not in err


def test_serve_refuses_a_missing_target(tmp_path):
    done = subprocess.run([sys.executable, "-m", "toolkit", "serve", str(tmp_path / "nope.yaml"), "--no-browser"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no such profile or folder" in done.stderr
