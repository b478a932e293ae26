"""`kurs createadmin`, `kurs token create` and `kurs generate`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kurs.conftest import PASSWORD
from kurs.goals.models import Cycle
from kurs.orgs.actions import authenticate_token
from kurs.orgs.models import Organization, Role, User

pytestmark = pytest.mark.django_db

KURS = str(Path(sys.executable).parent / "kurs")


def test_createadmin_creates_the_organization_and_an_admin():
    out = io.StringIO()
    call_command(
        "createadmin",
        "--org",
        "Neu AG",
        "--email",
        "Chef@Neu.example",
        "--password",
        PASSWORD,
        "--name",
        "Clara Chef",
        stdout=out,
    )
    user = User.objects.get(email="chef@neu.example")
    assert user.organization is not None and user.organization.name == "Neu AG"
    assert user.role == Role.ADMIN and user.name == "Clara Chef"
    assert user.check_password(PASSWORD)
    assert "Neu AG" in out.getvalue()


def test_createadmin_reuses_an_existing_organization(org):
    call_command(
        "createadmin",
        "--org",
        org.name,
        "--email",
        "zweite@muster.example",
        "--password",
        PASSWORD,
        stdout=io.StringIO(),
    )
    assert Organization.objects.filter(name=org.name).count() == 1
    assert User.objects.get(email="zweite@muster.example").organization == org


def test_createadmin_rejects_a_weak_password_and_leaves_nothing_behind():
    with pytest.raises(CommandError, match="too short"):
        call_command(
            "createadmin",
            "--org",
            "Schwach GmbH",
            "--email",
            "a@schwach.example",
            "--password",
            "abc",
            stdout=io.StringIO(),
        )
    assert not Organization.objects.filter(name="Schwach GmbH").exists()
    assert not User.objects.filter(email="a@schwach.example").exists()


def test_createadmin_rejects_a_bad_email():
    with pytest.raises(CommandError, match="valid email"):
        call_command(
            "createadmin",
            "--org",
            "X GmbH",
            "--email",
            "kein-at-zeichen",
            "--password",
            PASSWORD,
            stdout=io.StringIO(),
        )


def test_token_create_prints_only_a_working_token(owner):
    out = io.StringIO()
    call_command("token", "create", "--user", owner.email.upper(), "--name", "CI", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert authenticate_token(lines[0]) == owner
    assert owner.api_tokens.get().name == "CI"


def test_token_create_for_an_unknown_person():
    with pytest.raises(CommandError, match="nobody@"):
        call_command("token", "create", "--user", "nobody@example.org", stdout=io.StringIO())


def test_generate_reports_progress_on_stderr():
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "generate", "--org", "Gen GmbH", "--people", "30", "--seed", "3", stdout=out, stderr=err
    )
    organization = Organization.objects.get(name="Gen GmbH")
    assert organization.people.count() == 30
    assert Cycle.objects.filter(organization=organization).count() == 1
    assert "people" in err.getvalue() and "check-ins" in err.getvalue()
    assert "Gen GmbH" in out.getvalue()


def test_generate_refuses_an_existing_name(org):
    with pytest.raises(CommandError, match="exists already"):
        call_command("generate", "--org", org.name, "--people", "5", stdout=io.StringIO())


def test_cli_errors_exit_non_zero_without_a_traceback(tmp_path):
    env = {
        **os.environ,
        "KURS_DEBUG": "1",
        "KURS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "KURS_VAR_DIR": str(tmp_path),
    }
    subprocess.run([KURS, "migrate", "-v0"], env=env, check=True, timeout=120)
    weak = subprocess.run(
        [KURS, "createadmin", "--org", "CLI AG", "--email", "a@cli.example", "--password", "123"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert weak.returncode != 0
    assert "too short" in weak.stderr and "Traceback" not in weak.stderr

    ok = subprocess.run(
        [
            KURS,
            "createadmin",
            "--org",
            "CLI AG",
            "--email",
            "a@cli.example",
            "--password",
            PASSWORD,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    token = subprocess.run(
        [KURS, "token", "create", "--user", "a@cli.example"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert token.returncode == 0, token.stderr
    assert token.stdout.startswith("kurs_") and len(token.stdout.splitlines()) == 1
