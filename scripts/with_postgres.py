"""Run a command against a throwaway PostgreSQL server, then remove every trace of it.

    python scripts/with_postgres.py -- .venv/bin/pytest -m "not browser" -q

What it does:

1. finds PostgreSQL's initdb, pg_ctl and postgres (``--bindir``, else on PATH, else the
   newest /usr/lib/postgresql/*/bin);
2. creates a cluster in a new temporary directory: superuser ``postgres``, trust
   authentication, listening only on 127.0.0.1 on a free port, no Unix socket, and
   durability switched off (fsync, synchronous_commit, full_page_writes) for speed;
3. creates the database ``kurs`` and runs the command with
   ``KURS_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/kurs`` (pytest-django makes its
   own ``test_kurs`` next to it);
4. always stops the server and deletes the directory, also after Ctrl-C or SIGTERM, and
   exits with the command's exit code (128 + N when it was killed by signal N).

initdb refuses to run as root, so as root the server programs run as the ``postgres``
user, who then owns the temporary directory. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

MIN_MAJOR_VERSION = 14  # the oldest PostgreSQL that Django 5.2 supports
DATABASE = "kurs"
SUPERUSER = "postgres"
SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres")
START_ATTEMPTS = 3  # a free port can be taken by someone else before the server binds it
CHILD_GRACE_SECONDS = 10.0


class Failure(Exception):
    """Setting up the server failed; the message says why."""


class Terminated(Exception):
    """This script received SIGTERM."""


@dataclass(frozen=True)
class RunAs:
    """The system user the server programs run as (None: this process's user)."""

    user: str | None
    uid: int
    gid: int

    @classmethod
    def for_current_process(cls) -> RunAs:
        if os.geteuid() != 0:
            return cls(user=None, uid=os.geteuid(), gid=os.getegid())
        try:
            entry = pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise Failure(
                f"running as root, but there is no {SUPERUSER!r} user to run PostgreSQL as "
                "(initdb refuses root); install Debian's postgresql package or run as a "
                "normal user"
            ) from None
        return cls(user=entry.pw_name, uid=entry.pw_uid, gid=entry.pw_gid)


@dataclass(frozen=True)
class Cluster:
    bindir: Path
    version: str
    root: Path
    port: int
    run_as: RunAs

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    @property
    def url(self) -> str:
        return f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"


# Finding PostgreSQL --------------------------------------------------------------------


def _version_key(path: Path) -> tuple[int, ...]:
    """Sort /usr/lib/postgresql/<version>/bin numerically (9.6 < 15 < 16)."""
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.name)) or (0,)


def find_bindir(explicit: str | None) -> Path:
    """The directory with initdb, pg_ctl and postgres."""
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    else:
        on_path = [shutil.which(name) for name in SERVER_PROGRAMS]
        if all(on_path):
            # Resolve symlinks so that all three come from the same installation.
            candidates.append(Path(os.path.realpath(on_path[0] or "")).parent)
        candidates.extend(
            sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
        )
    for bindir in candidates:
        if all(os.access(bindir / name, os.X_OK) for name in SERVER_PROGRAMS):
            return bindir
    if explicit:
        raise Failure(f"{explicit} does not contain {', '.join(SERVER_PROGRAMS)}")
    raise Failure(
        "PostgreSQL's initdb, pg_ctl and postgres were not found on PATH or in "
        "/usr/lib/postgresql/*/bin; install them with: apt-get install postgresql"
    )


def server_version(bindir: Path) -> str:
    output = subprocess.run(
        [str(bindir / "postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"(\d+)(?:\.(\d+))?", output)
    if match is None:
        raise Failure(f"cannot read the PostgreSQL version from {output!r}")
    if int(match.group(1)) < MIN_MAJOR_VERSION:
        raise Failure(f"PostgreSQL {match.group(0)} is too old; Kurs needs {MIN_MAJOR_VERSION}+")
    return match.group(0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# Running server programs -------------------------------------------------------------


def _server_env() -> dict[str, str]:
    """Our environment without PG* variables that would point the programs elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_MESSAGES"] = "C"
    return env


def run_server_program(
    cluster: Cluster, args: Sequence[str], *, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run initdb / pg_ctl / postgres as the cluster's user; raise Failure with its output."""
    command = [str(cluster.bindir / args[0]), *args[1:]]
    result = subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cluster.root,  # the caller's directory may be unreadable for the postgres user
        env=_server_env(),
        user=cluster.run_as.uid if cluster.run_as.user else None,
        group=cluster.run_as.gid if cluster.run_as.user else None,
        extra_groups=[] if cluster.run_as.user else None,
        check=False,
    )
    if result.returncode != 0:
        raise Failure(
            f"{' '.join(args)} failed with exit code {result.returncode}:\n"
            f"{result.stdout}{result.stderr}".rstrip()
        )
    return result


def _traversable_by_others(path: Path) -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in [path, *path.parents])


def make_root(run_as: RunAs) -> Path:
    base = Path(tempfile.gettempdir())
    if run_as.user and not _traversable_by_others(base):
        base = Path("/tmp")  # the postgres user must be able to reach its directory
    root = Path(tempfile.mkdtemp(prefix="kurs-pg-", dir=base))
    if run_as.user:
        os.chown(root, run_as.uid, run_as.gid)
    return root


def init_cluster(cluster: Cluster) -> None:
    """initdb with a UTF-8 locale (so that lower() knows umlauts), falling back to C."""
    common = [
        "initdb",
        "-D",
        str(cluster.data),
        "-U",
        SUPERUSER,
        "--auth=trust",
        "--encoding=UTF8",
        "--no-sync",
        "--no-instructions",
    ]
    try:
        run_server_program(cluster, [*common, "--locale=C.UTF-8"])
    except Failure:
        shutil.rmtree(cluster.data, ignore_errors=True)
        run_server_program(cluster, [*common, "--no-locale"])
    settings = {
        "listen_addresses": "'127.0.0.1'",
        "port": str(cluster.port),
        "unix_socket_directories": "''",
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "max_connections": "50",
        "log_min_messages": "warning",
    }
    with (cluster.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("\n# with_postgres.py: throwaway test server\n")
        conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
    # Replace initdb's rules: only the superuser, only over TCP from 127.0.0.1, no password.
    (cluster.data / "pg_hba.conf").write_text(
        f"host all {SUPERUSER} 127.0.0.1/32 trust\n", encoding="utf-8"
    )


def create_database(cluster: Cluster) -> None:
    """CREATE DATABASE in single-user mode: needs no client programs and no connection."""
    run_server_program(
        cluster,
        ["postgres", "--single", "-D", str(cluster.data), "postgres"],
        stdin=f'CREATE DATABASE "{DATABASE}";\n',
    )


def start(cluster: Cluster) -> None:
    run_server_program(
        cluster,
        ["pg_ctl", "-D", str(cluster.data), "-l", str(cluster.log), "-w", "-t", "60", "start"],
    )


def stop(cluster: Cluster) -> None:
    """Stop the server; kill it if pg_ctl cannot. Never raises."""
    pid_file = cluster.data / "postmaster.pid"
    if not pid_file.exists():
        return
    try:
        run_server_program(
            cluster,
            ["pg_ctl", "-D", str(cluster.data), "-m", "immediate", "-w", "-t", "30", "stop"],
        )
    except (Failure, OSError) as error:
        print(f"with_postgres: pg_ctl stop failed ({error}); killing the server", file=sys.stderr)
        with suppress(OSError, ValueError, IndexError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)


def log_tail(cluster: Cluster, lines: int = 30) -> str:
    try:
        return "\n".join(cluster.log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


@contextmanager
def throwaway_cluster(bindir: Path) -> Iterator[Cluster]:
    """A running cluster with the kurs database; stopped and deleted on exit."""
    version = server_version(bindir)
    run_as = RunAs.for_current_process()
    root = make_root(run_as)
    cluster = Cluster(bindir=bindir, version=version, root=root, port=0, run_as=run_as)
    try:
        for attempt in range(1, START_ATTEMPTS + 1):
            cluster = Cluster(
                bindir=bindir, version=version, root=root, port=free_port(), run_as=run_as
            )
            if attempt == 1:
                init_cluster(cluster)
                create_database(cluster)
            else:
                _set_port(cluster)
            try:
                start(cluster)
                break
            except Failure as error:
                if attempt == START_ATTEMPTS:
                    raise Failure(f"{error}\n--- server log ---\n{log_tail(cluster)}") from None
        yield cluster
    finally:
        # A second Ctrl-C must not leave a server or its files behind.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            stop(cluster)
            shutil.rmtree(root, ignore_errors=True)
        finally:
            signal.signal(signal.SIGINT, previous)


def _set_port(cluster: Cluster) -> None:
    with (cluster.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write(f"port = {cluster.port}\n")


# Running the command -------------------------------------------------------------------


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def exit_code(returncode: int) -> int:
    """A shell-style exit code: 128 + N for a command killed by signal N."""
    return 128 - returncode if returncode < 0 else returncode


def run_command(command: Sequence[str], env: dict[str, str]) -> int:
    """Run the command; on Ctrl-C or SIGTERM give it time to finish, then end it."""
    try:
        child = subprocess.Popen(command, env=env)
    except OSError as error:
        print(f"with_postgres: cannot run {command[0]}: {error}", file=sys.stderr)
        return 127
    try:
        return exit_code(child.wait())
    except (KeyboardInterrupt, Terminated) as interruption:
        # Ctrl-C in a terminal reaches the child too; SIGTERM was meant for both of us.
        if isinstance(interruption, Terminated):
            child.send_signal(signal.SIGTERM)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            returncode = child.wait(timeout=CHILD_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            child.terminate()
            try:
                returncode = child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
                returncode = child.wait()
        code = exit_code(returncode)
        fallback = 143 if isinstance(interruption, Terminated) else 130
        return code if code != 0 else fallback


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    argv = list(argv)
    if "--" in argv:
        split = argv.index("--")
        own, command = argv[:split], argv[split + 1 :]
    else:
        own, command = [], argv
    parser = argparse.ArgumentParser(
        prog="with_postgres.py",
        description="Run CMD against a throwaway PostgreSQL server (KURS_DATABASE_URL is set).",
        usage="%(prog)s [--bindir DIR] -- CMD [ARGS...]",
    )
    parser.add_argument("--bindir", help="directory with initdb, pg_ctl and postgres")
    args = parser.parse_args(own)
    if not command:
        parser.error("give the command to run after --")
    return args, command


def main(argv: Sequence[str] | None = None) -> int:
    args, command = parse_args(sys.argv[1:] if argv is None else argv)
    signal.signal(signal.SIGTERM, _raise_terminated)
    started = time.monotonic()
    try:
        with throwaway_cluster(find_bindir(args.bindir)) as cluster:
            print(
                f"with_postgres: PostgreSQL {cluster.version} on 127.0.0.1:{cluster.port} "
                f"(started in {time.monotonic() - started:.1f}s, data in {cluster.root})",
                file=sys.stderr,
                flush=True,
            )
            env = {
                **os.environ,
                "KURS_DATABASE_URL": cluster.url,
                "PGHOST": "127.0.0.1",
                "PGPORT": str(cluster.port),
                "PGUSER": SUPERUSER,
                "PGDATABASE": DATABASE,
            }
            return run_command(command, env)
    except Failure as error:
        print(f"with_postgres: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 143


if __name__ == "__main__":
    sys.exit(main())
