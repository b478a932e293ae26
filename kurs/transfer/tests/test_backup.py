"""`kurs backup` and `kurs restore`: the whole organization, field by field, on any database.

These tests run in the SQLite suite and in the PostgreSQL suite. The round trips compare
the rows as the database returns them (`values()`: datetimes, decimals, bytes, JSON),
not the file's text, so a value the file format loses fails them.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import Client
from django.utils import timezone

from kurs.conftest import PASSWORD
from kurs.demo.demo_data import DEMO_PASSWORD, ORGANIZATION_NAME, load_demo
from kurs.goals import actions as goal_actions
from kurs.goals.models import AuditEvent, Cycle, Objective
from kurs.notify.models import NotificationSettings, ReminderSent, Subscription, UpdateSent
from kurs.orgs.models import ApiToken, Organization, Role, Unit, User, hash_token
from kurs.transfer.backup import NOT_BACKED_UP, TABLES, Table, organization_models, unlisted_models
from kurs.transfer.models import ImportJob

pytestmark = pytest.mark.django_db

KURS = str(Path(sys.executable).parent / "kurs")
TODAY = dt.date(2025, 5, 14)


# --- helpers ------------------------------------------------------------------------


def _add_rows_the_demo_lacks(organization: Organization) -> None:
    """Rows of every remaining kind, with values that are easy to lose on the way."""
    admin = User.objects.filter(organization=organization, role=Role.ADMIN).order_by("pk")[0]
    company = Unit.objects.get(organization=organization, parent=None)
    ApiToken.objects.create(
        user=admin,
        name="Laptop",
        token_hash=hash_token("kurs_backup-test"),
        hint="kurs_bac",
        last_used_at=timezone.now(),
    )
    NotificationSettings.objects.create(user=admin, reminders=False, remind_after_days=14)
    ReminderSent.objects.create(user=admin, week=dt.date(2025, 5, 12), key_results=3)
    subscription = Subscription.objects.create(
        organization=organization,
        unit=company,
        email="beirat@example.com",
        name="Beirat",
        created_by=admin,
    )
    UpdateSent.objects.create(subscription=subscription, week=dt.date(2025, 5, 12), on_demand=True)
    ImportJob.objects.create(
        organization=organization,
        created_by=admin,
        filename="OKRs Q2 – Vertrieb.xlsx",
        content=bytes(range(256)) * 3,
        mapping={"0": "unit", "1": "objective"},
        options={"cycle": 1, "skip": [2, 3], "ratio": 0.1},
    )
    # Exact decimals, microseconds and a float that is not a short decimal.
    objective = Objective.objects.filter(organization=organization).order_by("pk")[0]
    objective.budget = Decimal("12345.67")
    objective.people_needed = Decimal("0.5")
    objective.final_score = 1 / 3
    objective.created_at = dt.datetime(2025, 3, 30, 23, 59, 59, 999999, tzinfo=dt.UTC)
    objective.save(update_fields=["budget", "people_needed", "final_score", "created_at"])


def _rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of every backed-up table, as the database returns it, in pk order."""
    rows = {}
    for table in TABLES:
        rows[table.label] = [
            {key: bytes(value) if isinstance(value, memoryview) else value for key, value in row}
            for row in (row.items() for row in table.model._base_manager.order_by("pk").values())
        ]
    return rows


def _wipe_installation() -> None:
    """Delete every backed-up row and restart the id sequences, like a new database."""
    for table in reversed(TABLES):
        table.model._base_manager.all()._raw_delete(connection.alias)
    # Without this, PostgreSQL would continue after the old ids and hide a missing reset.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(
            no_style(), [table.model for table in TABLES]
        ):
            cursor.execute(statement)


def _backup(name: str, path: Path) -> str:
    out = io.StringIO()
    call_command("backup", "--org", name, "--out", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _restore(path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _models_part(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as file:
        models: dict[str, Any] = json.load(file)["models"]
    return models


def _kurs(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KURS_DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [KURS, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _write_json(path: Path, data: Any) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as file:
        json.dump(data, file)
    return path


def _assert_new_rows_work(organization_name: str) -> None:
    """Ids continue after the restored ones: a new objective and check-in get fresh ids."""
    organization = Organization.objects.get(name=organization_name)
    admin = User.objects.filter(organization=organization, role=Role.ADMIN).order_by("pk")[0]
    cycle = Cycle.objects.filter(organization=organization).order_by("-start")[0]
    company = Unit.objects.get(organization=organization, parent=None)
    highest = Objective.objects.order_by("-pk").values_list("pk", flat=True)[0]
    objective = goal_actions.do_create_objective(
        admin, cycle=cycle, unit=company, owner=admin, title="After the restore"
    )
    assert objective.pk > highest
    key_result = goal_actions.do_create_key_result(
        admin, objective, title="Restore drill done", metric="increase", start=0, target=1
    )
    goal_actions.do_check_in(admin, key_result, value=1, confidence=8, comment="done")
    assert Objective.objects.get(pk=objective.pk).key_results.get().current == 1


# --- which tables ---------------------------------------------------------------------


def test_every_model_that_belongs_to_an_organization_is_backed_up():
    """A new model with a foreign key path to Organization must be added to TABLES."""
    assert unlisted_models() == []
    assert set(NOT_BACKED_UP) <= organization_models()


def test_a_model_missing_from_the_list_is_reported():
    without_check_ins = tuple(t for t in TABLES if t.label != "goals.checkin")
    assert unlisted_models(without_check_ins) == ["goals.checkin"]


def test_tables_come_after_the_tables_they_refer_to():
    """Dependency order: every foreign key points to an earlier table (or its own)."""
    seen: set[str] = set()
    for table in TABLES:
        for field in table.model._meta.concrete_fields:
            target = field.related_model
            if isinstance(target, type) and target._meta.label_lower in {t.label for t in TABLES}:
                assert target._meta.label_lower in seen | {table.label}, (table.label, field.name)
        seen.add(table.label)


def test_every_table_filters_to_its_organization(org, other_org, objective):
    """Each table's organization path is a real lookup and leaves other organizations out."""
    for table in TABLES:
        assert isinstance(table, Table)
        # Raises FieldError for a wrong path.
        list(table.rows(other_org).values_list("pk", flat=True))
    assert list(TABLES[0].rows(org).values_list("pk", flat=True)) == [org.pk]


# --- round trips ----------------------------------------------------------------------


def test_round_trip_gives_identical_rows_field_by_field(tmp_path, client: Client):
    """Backup, empty the database, restore: every row of every table is equal, ids too.

    Proves the round trip on the suite's own engine (SQLite, or PostgreSQL there),
    including the sequence reset: new rows get ids after the restored ones.
    """
    # given: the demo company, with rows of every kind
    info = load_demo(TODAY)
    _add_rows_the_demo_lacks(info.organization)
    before = _rows()
    assert all(before[table.label] for table in TABLES), [
        t.label for t in TABLES if not before[t.label]
    ]
    path = tmp_path / "muster.kurs-backup"

    # when
    summary = _backup(ORGANIZATION_NAME, path)
    _wipe_installation()
    assert not Organization.objects.exists()
    out, err = _restore(path)

    # then
    assert _rows() == before
    total = sum(len(rows) for rows in before.values())
    assert f"{total} rows" in summary and f"{total} rows" in out
    assert "goals.checkin: " in err
    # Password hashes are kept: people sign in with their old passwords.
    email = info.logins[0].email
    assert client.login(email=email, password=DEMO_PASSWORD)
    assert client.get("/").status_code == 200
    _assert_new_rows_work(ORGANIZATION_NAME)


def test_postgresql_to_sqlite_and_sqlite_back(tmp_path):
    """Across engines, through the real `kurs` command and a separate SQLite database.

    1. This suite's database → file1 → `kurs restore` into a new SQLite file →
       `kurs backup` from it → file2; file1 and file2 hold the same rows. In the
       PostgreSQL suite this proves PostgreSQL → SQLite.
    2. file2 (written from SQLite) → restored into this suite's emptied database: the
       rows equal the original ones field by field. In the PostgreSQL suite this proves
       SQLite → PostgreSQL, including the sequence reset.
    In the SQLite suite both steps prove SQLite → SQLite through separate processes.
    On the way, a second `kurs restore` into the now filled SQLite database exits with 1.
    """
    # given
    info = load_demo(TODAY)
    _add_rows_the_demo_lacks(info.organization)
    before = _rows()
    file1, file2 = tmp_path / "first.kurs-backup", tmp_path / "second.kurs-backup"
    _backup(ORGANIZATION_NAME, file1)
    sqlite = tmp_path / "other.sqlite3"

    # when: into a new SQLite installation and out again
    migrated = _kurs(sqlite, "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    restored = _kurs(sqlite, "restore", str(file1))
    assert restored.returncode == 0, restored.stderr
    assert "Restored “Muster Maschinenbau GmbH”" in restored.stdout
    again = _kurs(sqlite, "restore", str(file1))
    assert again.returncode == 1, "a second restore into the same database must be refused"
    assert "not empty" in again.stderr and "kurs migrate" in again.stderr
    backed_up = _kurs(sqlite, "backup", "--org", ORGANIZATION_NAME, "--out", str(file2))
    assert backed_up.returncode == 0, backed_up.stderr

    # then: the same rows came out of SQLite
    assert _models_part(file2) == _models_part(file1)

    # when: the SQLite backup restored here
    _wipe_installation()
    _restore(file2)

    # then
    assert _rows() == before
    _assert_new_rows_work(ORGANIZATION_NAME)


# --- refusals ---------------------------------------------------------------------------


def test_restore_refuses_an_installation_that_is_not_empty(tmp_path, org, objective):
    path = tmp_path / "muster.kurs-backup"
    _backup(org.name, path)
    counts = {t.label: t.model._base_manager.count() for t in TABLES}

    with pytest.raises(CommandError, match="not empty") as raised:
        _restore(path)

    assert raised.value.returncode == 1
    assert {t.label: t.model._base_manager.count() for t in TABLES} == counts


def test_backup_of_an_unknown_organization_names_the_existing_ones(tmp_path, org):
    with pytest.raises(CommandError, match=r"No organization named “Nope”.*Muster GmbH") as raised:
        _backup("Nope", tmp_path / "x.kurs-backup")
    assert raised.value.returncode == 2
    assert not (tmp_path / "x.kurs-backup").exists()


def test_backup_refuses_a_reference_into_another_organization(tmp_path, org, outsider):
    # given: an audit event of this organization that names a person of another one
    AuditEvent.objects.create(organization=org, actor=outsider, verb="created", subject="x")
    path = tmp_path / "muster.kurs-backup"

    with pytest.raises(
        CommandError, match=r"goals.auditevent \d+ refers in “actor” to orgs.user"
    ) as raised:
        _backup(org.name, path)

    assert raised.value.returncode == 1
    assert list(tmp_path.iterdir()) == []


def _header(**changes: Any) -> dict[str, Any]:
    return {
        "format": "kurs-backup",
        "version": 1,
        "created": "2025-05-14T10:00:00+00:00",
        "kurs_version": "0.1.0",
        "organization": "Muster GmbH",
        "models": {},
    } | changes


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_header(version=2, kurs_version="9.0"), "newer Kurs \\(9.0, backup format version 2\\)"),
        (_header(format="something-else"), "is not a Kurs backup"),
        ({"models": {}}, "is not a Kurs backup"),
        (_header(version="1"), "no valid backup format version"),
        (_header(models={"goals.mystery": []}), "does not know \\(goals.mystery\\)"),
        (_header(models={"orgs.unit": [{"id": 1}]}), "rows of orgs.unit are damaged"),
    ],
)
def test_a_file_this_kurs_cannot_read_is_refused_with_exit_code_2(tmp_path, content, message):
    path = _write_json(tmp_path / "file.kurs-backup", content)
    with pytest.raises(CommandError, match=message) as raised:
        _restore(path)
    assert raised.value.returncode == 2
    assert not Organization.objects.exists()


def test_a_truncated_or_damaged_file_is_refused(tmp_path, org, objective):
    good = tmp_path / "good.kurs-backup"
    _backup(org.name, good)
    data = good.read_bytes()
    _wipe_installation()
    truncated = tmp_path / "truncated.kurs-backup"
    truncated.write_bytes(data[: len(data) // 2])
    damaged = tmp_path / "damaged.kurs-backup"
    damaged.write_bytes(data[:20] + bytes(b ^ 0xFF for b in data[20:60]) + data[60:])
    not_gzip = tmp_path / "photo.kurs-backup"
    not_gzip.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))

    for path, message in [
        (truncated, "is incomplete"),
        (damaged, "is damaged or not a Kurs backup"),
        (not_gzip, "is damaged or not a Kurs backup"),
    ]:
        with pytest.raises(CommandError, match=message) as raised:
            _restore(path)
        assert raised.value.returncode == 2
    assert not Organization.objects.exists()


def test_a_bad_value_restores_nothing(tmp_path, org, objective):
    path = tmp_path / "muster.kurs-backup"
    _backup(org.name, path)
    _wipe_installation()
    with gzip.open(path, "rt", encoding="utf-8") as file:
        data = json.load(file)
    data["models"]["goals.cycle"][0]["fields"]["start"] = "next Monday"
    _write_json(path, data)

    with pytest.raises(CommandError, match="“next Monday” is not a valid value for “start”"):
        _restore(path)

    assert not any(t.model._base_manager.exists() for t in TABLES)


def test_rows_that_do_not_fit_together_restore_nothing(tmp_path, org, objective):
    path = tmp_path / "muster.kurs-backup"
    _backup(org.name, path)
    _wipe_installation()
    with gzip.open(path, "rt", encoding="utf-8") as file:
        data = json.load(file)
    data["models"]["goals.objective"][0]["fields"]["unit"] = 999_999
    _write_json(path, data)

    with pytest.raises(CommandError, match="do not fit together") as raised:
        _restore(path)

    assert raised.value.returncode == 2
    assert not any(t.model._base_manager.exists() for t in TABLES)


def test_a_small_organization_round_trips_and_people_keep_their_passwords(
    tmp_path, org, owner, objective, client: Client
):
    path = tmp_path / "muster.kurs-backup"
    _backup(org.name, path)
    before = _rows()
    _wipe_installation()

    _restore(path)

    assert _rows() == before
    assert client.login(email=owner.email, password=PASSWORD)
    _assert_new_rows_work(org.name)


def test_a_file_that_cannot_be_written_leaves_nothing_behind(tmp_path, org):
    with pytest.raises(CommandError, match="cannot be written") as raised:
        _backup(org.name, tmp_path / "missing" / "muster.kurs-backup")
    assert raised.value.returncode == 2
    assert list(tmp_path.iterdir()) == []
