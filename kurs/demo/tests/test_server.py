"""`kurs demo` and `kurs serve` really serve: started as processes on a free port.

These need the login template (kurs/templates/registration/login.html) and the
static files it references.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kurs.demo.demo_data import DEMO_PASSWORD

KURS = str(Path(sys.executable).parent / "kurs")
STARTUP_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KURS_")}
    # Static files are collected below the temporary directory, not into the checkout.
    env["KURS_VAR_DIR"] = str(tmp_path / "var")
    env.update(extra)
    return env


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait_for(url: str, process: subprocess.Popen[str], log: Path) -> int:
    """The status of the first answer (redirects are not followed, so a 301 shows)."""
    opener = urllib.request.build_opener(_NoRedirect)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with opener.open(url, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                print(log.read_text()[-5000:])  # shown by pytest when the test fails
            return error.code
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"no answer from {url} within {STARTUP_TIMEOUT}s:\n{log.read_text()}")


@contextmanager
def _running(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[str]]:
    """Run `kurs ...` with its output in `log`; always stopped by its PID afterwards."""
    with log.open("w") as output:
        process = subprocess.Popen(
            args, env=env, stdout=output, stderr=subprocess.STDOUT, text=True
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.terminate()  # gunicorn shuts down gracefully on SIGTERM
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


def _sign_in(base: str, email: str, password: str) -> tuple[int, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(f"{base}/login/", timeout=10) as response:
        page = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "the login page has a CSRF token"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match[1], "username": email, "password": password}
    ).encode()
    try:
        with opener.open(f"{base}/login/", data=data, timeout=10) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def test_demo_serves_the_login_page_and_accepts_a_demo_login(tmp_path):
    port = _free_port()
    db = tmp_path / "data" / "demo.sqlite3"
    log = tmp_path / "demo.log"
    base = f"http://127.0.0.1:{port}"
    # No KURS_* settings at all: `kurs demo` must bring its own (DEBUG off, and so on).
    args = [KURS, "demo", "--addr", f"127.0.0.1:{port}", "--db", str(db), "--workers", "1"]
    with _running(args, _clean_env(tmp_path), log) as process:
        assert _wait_for(f"{base}/login/", process, log) == 200
        assert db.exists()
        status, location = _sign_in(base, "katrin.berger@muster-maschinenbau.de", DEMO_PASSWORD)
        assert status == 302 and "/login/" not in location, (status, location)
        # the background worker runs beside the server
        worker = _wait_for_line(log, r"worker kurs-(\d+)-\w+ started", process)
    output = log.read_text()
    assert f"{base}/" in output
    assert "katrin.berger@muster-maschinenbau.de" in output and DEMO_PASSWORD in output
    # ... and stops with it
    assert _gone(int(worker[1])), output[-3000:]
    assert re.search(r"worker kurs-\d+-\w+ stopped", output), output[-3000:]
    assert str(tmp_path / "data" / "demo-mail") in output


def _wait_for_line(log: Path, pattern: str, process: subprocess.Popen[str]) -> re.Match[str]:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        match = re.search(pattern, log.read_text())
        if match:
            return match
        if process.poll() is not None:
            break
        time.sleep(0.25)
    pytest.fail(f"no line like {pattern!r}:\n{log.read_text()[-5000:]}")


def _gone(pid: int, timeout: float = 15) -> bool:
    """The process has ended (a zombie waiting for its reaper counts as ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False


def test_serve_runs_gunicorn_with_static_files(tmp_path):
    port = _free_port()
    env = _clean_env(
        tmp_path,
        KURS_DEBUG="0",
        KURS_SECRET_KEY="test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        KURS_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        # Plain http in the test; production redirects to https by default.
        KURS_SSL_REDIRECT="0",
    )
    subprocess.run([KURS, "migrate", "-v0"], env=env, check=True, timeout=120)
    log = tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    args = [KURS, "serve", "--addr", f"127.0.0.1:{port}", "--workers", "1"]
    with _running(args, env, log) as process:
        assert _wait_for(f"{base}/login/", process, log) == 200
        # Served by WhiteNoise from the collected files, with DEBUG off.
        assert _wait_for(f"{base}/static/vendor/htmx.min.js", process, log) == 200
        assert _wait_for(f"{base}/static/kurs/kurs.css", process, log) == 200


def test_bad_addr_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [KURS, "serve", "--addr", "nonsense"],
        env=_clean_env(tmp_path, KURS_DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "HOST:PORT" in result.stderr and "Traceback" not in result.stderr
