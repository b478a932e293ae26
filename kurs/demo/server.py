"""Running Kurs under gunicorn from inside the `kurs` command (`kurs serve`, `kurs demo`).

The server is gunicorn, started in-process through its `BaseApplication` API: no
separate config file, and the same process prepares the static files first so that
WhiteNoise can serve them with DEBUG off.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connections
from gunicorn.app.base import BaseApplication

DEFAULT_ADDR = "127.0.0.1:8000"
DEFAULT_WORKERS = 2
# Threads per worker: most requests wait on the database, not the CPU.
THREADS = 4

_ADDR = re.compile(r"^(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):(?P<port>\d{1,5})$")


def parse_addr(addr: str) -> tuple[str, int]:
    """`HOST:PORT` (IPv6 in brackets) as (host, port); CommandError when malformed."""
    match = _ADDR.match(addr.strip())
    port = int(match["port"]) if match else 0
    if match is None or not 0 < port < 65536:
        raise CommandError(f"--addr must look like HOST:PORT (e.g. {DEFAULT_ADDR}), not {addr!r}")
    return match["host"] or "127.0.0.1", port


class KursApplication(BaseApplication):
    """gunicorn serving `kurs.wsgi:application` with options given in code."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            # Settings newer than the installed gunicorn (see serve()) are skipped.
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self) -> Any:
        # Imported here: the WSGI handler (and WhiteNoise with it) reads the collected
        # static files when it is created, so it must come after collectstatic.
        from kurs.wsgi import application

        return application


def collect_static() -> None:
    call_command("collectstatic", interactive=False, verbosity=0)


def serve(addr: str, workers: int) -> None:
    """Serve until interrupted (SIGINT/SIGTERM stop gunicorn gracefully)."""
    host, port = parse_addr(addr)
    if workers < 1:
        raise CommandError("--workers must be at least 1.")
    collect_static()
    # Forked workers must not share the connections the preparation opened.
    connections.close_all()
    bind = f"{host}:{port}"
    KursApplication(
        {
            "bind": bind,
            "workers": workers,
            "worker_class": "gthread",
            "threads": THREADS,
            "timeout": 60,
            # Ctrl+C or SIGTERM should not wait half a minute for idle keep-alive clients.
            "graceful_timeout": 10,
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "kurs",
            # gunicorn >= 25.1 opens a control socket at one fixed path per user; a
            # second server (the demo next to production, parallel tests) would clash.
            "control_socket_disable": True,
        }
    ).run()


@contextmanager
def worker_beside(base_url: str | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """`kurs worker` as a child process for as long as the block runs (the demo's server).

    A process, not a thread: gunicorn forks its workers from this process, and a fork
    must not copy a thread that is halfway through a task. The child gets this process's
    database and email settings explicitly, and `--parent` makes it stop by itself should
    this process die without cleaning up. Ctrl+C reaches both (same process group).
    `base_url` is where the demo listens: the links in the worker's emails lead there,
    unless KURS_BASE_URL says otherwise.
    """
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "KURS_DATABASE_URL": f"sqlite:///{database['NAME']}",
        "KURS_EMAIL_BACKEND": settings.EMAIL_BACKEND,
        "KURS_EMAIL_FILE_PATH": str(settings.EMAIL_FILE_PATH),
    }
    if base_url and "KURS_BASE_URL" not in os.environ:
        env["KURS_BASE_URL"] = base_url
    process = subprocess.Popen(
        [sys.executable, "-m", "kurs.cli", "worker", "--parent", str(os.getpid())], env=env
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
