"""Make sure the system programs the test suite needs are here, installing them if we can.

PostgreSQL (initdb, pg_ctl, postgres) and Chromium come from Debian's packages. As root
with apt we install what is missing; otherwise we stop with the exact command to run.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import subprocess
import sys


def postgres_bin() -> str | None:
    if shutil.which("initdb") and shutil.which("pg_ctl"):
        return os.path.dirname(shutil.which("initdb") or "")
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(candidates[-1]) if candidates else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    missing = []
    if postgres_bin() is None:
        missing.append("postgresql")
    if not os.access(args.chromium, os.X_OK):
        missing.append("chromium")
    if not missing:
        return 0
    command = ["apt-get", "install", "-y", *missing]
    can_install = os.geteuid() == 0 and shutil.which("apt-get")
    if not can_install:
        print(
            f"make test needs {', '.join(missing)}. Install with:\n"
            f"  sudo apt-get update && sudo {' '.join(command)}",
            file=sys.stderr,
        )
        return 1
    print(f"Installing {', '.join(missing)} with apt-get ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*command, "-qq"], check=True, env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
