"""Back up one organization to a versioned file, and restore it into an empty installation.

The file is gzip-compressed JSON::

    {"format": "kurs-backup", "version": 1, "created": "2025-…+00:00",
     "kurs_version": "0.1.0", "organization": "Muster GmbH",
     "models": {"orgs.organization": [{"pk": 1, "fields": {"name": …}}, …], …}}

"models" holds every row of every table in `TABLES`, in that (dependency) order, with
its primary key, so references between rows stay valid. Values are written so that
nothing is lost between SQLite and PostgreSQL: datetimes in UTC with microseconds,
decimals as strings, binary data as base64, JSON fields as they are. Password and
API-token hashes are kept, so people sign in as before after a restore.

Restoring needs an installation without any of these rows (a new database after
`kurs migrate`): the primary keys of the backup are reused as they are.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import importlib.metadata
import json
import os
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime, parse_duration
from django.utils.translation import gettext as _

from kurs.orgs.models import Organization

FORMAT = "kurs-backup"
VERSION = 1
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Table:
    """One table in the backup, and how its rows reach the organization."""

    label: str  # app_label.model_name, lower case, as in Model._meta.label_lower
    organization_path: str  # lookup of the organization's primary key

    @property
    def model(self) -> type[models.Model]:
        app_label, model_name = self.label.split(".")
        return apps.get_model(app_label, model_name)

    def rows(self, organization: Organization) -> models.QuerySet[Any]:
        # The base manager: a custom default manager must never hide rows from a backup.
        manager = self.model._base_manager
        return manager.filter(**{self.organization_path: organization.pk}).order_by("pk")


# Every table that belongs to an organization, each after the tables it refers to
# (self-references aside). kurs/transfer/tests/test_backup.py fails when a model with
# a path to Organization is neither here nor in NOT_BACKED_UP.
TABLES: tuple[Table, ...] = (
    Table("orgs.organization", "pk"),
    Table("orgs.unit", "organization"),
    Table("orgs.user", "organization"),
    Table("orgs.membership", "unit__organization"),
    Table("orgs.apitoken", "user__organization"),
    Table("goals.cycle", "organization"),
    Table("goals.objective", "organization"),
    Table("goals.keyresult", "objective__organization"),
    Table("goals.alignment", "objective__organization"),
    Table("goals.checkin", "key_result__objective__organization"),
    Table("goals.initiative", "organization"),
    Table("goals.auditevent", "organization"),
    Table("strategy.strategyperiod", "organization"),
    Table("strategy.strategydocument", "organization"),
    Table("strategy.strategyitem", "document__organization"),
    Table("strategy.strategyitem_objectives", "strategyitem__document__organization"),
    Table("strategy.acceptance", "organization"),
    Table("strategy.meeting", "organization"),
    Table("strategy.meeting_attendees", "meeting__organization"),
    Table("strategy.meeting_changed_items", "meeting__organization"),
    Table("strategy.documentversion", "document__organization"),
    Table("notify.notificationsettings", "user__organization"),
    Table("notify.remindersent", "user__organization"),
    Table("notify.subscription", "organization"),
    Table("notify.updatesent", "subscription__organization"),
    # An upload waiting for its preview is the organization's work in progress, and
    # small next to the rest; leaving it out would make a restore lose it silently.
    Table("transfer.importjob", "organization"),
)

# Tables that refer to an organization's rows but are not part of its backup, and why.
NOT_BACKED_UP: dict[str, str] = {
    "orgs.user_groups": "Django’s groups are per installation; Kurs’s roles are Role and "
    "MembershipRole, which are backed up.",
    "orgs.user_user_permissions": "Django’s per-user permissions are per installation and "
    "unused by Kurs.",
}


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why, for a person.

    `exit_code` is what the commands exit with: 2 for a file that cannot be written or
    is not a backup this Kurs can read, 1 for everything else.
    """

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Backup:
    """A backup file read and checked: its header and its rows per table label."""

    organization: str
    created: str
    kurs_version: str
    models: dict[str, list[dict[str, Any]]]

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.models.values())


Progress = Callable[[str, int], None]


def _no_progress(label: str, count: int) -> None:
    pass


def kurs_version() -> str:
    try:
        return importlib.metadata.version("kurs")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# --- which models -------------------------------------------------------------------


def organization_models() -> set[str]:
    """Labels of every model with a chain of foreign keys to Organization (itself included)."""
    linked = {Organization._meta.label_lower}
    every_model = apps.get_models(include_auto_created=True)
    changed = True
    while changed:
        changed = False
        for model in every_model:
            label = model._meta.label_lower
            if label in linked:
                continue
            for field in model._meta.concrete_fields:
                target = field.related_model
                if isinstance(target, type) and target._meta.label_lower in linked:
                    linked.add(label)
                    changed = True
                    break
    return linked


def unlisted_models(listed: tuple[Table, ...] = TABLES) -> list[str]:
    """Models that belong to an organization but are in neither TABLES nor NOT_BACKED_UP."""
    known = {table.label for table in listed} | set(NOT_BACKED_UP)
    return sorted(organization_models() - known)


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


# --- values to and from JSON ----------------------------------------------------------


def _encode(field: models.Field[Any, Any], value: Any) -> Any:
    """A JSON value that `_decode` turns back into exactly `value`, on any database."""
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(value, dt.datetime):
        # UTC and microseconds: SQLite and PostgreSQL both keep microseconds.
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"{value.days} {value.seconds}.{value.microseconds:06d}"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    """The Python value for `field` from its JSON form; ValueError when it does not fit."""
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None or timezone.is_naive(parsed):
            raise ValueError(value)
        return parsed
    if isinstance(field, models.DateField):
        return dt.date.fromisoformat(value)
    if isinstance(field, models.TimeField):
        return dt.time.fromisoformat(value)
    if isinstance(field, models.DurationField):
        duration = parse_duration(value)
        if duration is None:
            raise ValueError(value)
        return duration
    if isinstance(field, models.DecimalField):
        try:
            return Decimal(value)
        except InvalidOperation as error:
            raise ValueError(value) from error
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value, validate=True)
    if isinstance(field, models.FloatField):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(value)
        return float(value)
    try:
        return field.to_python(value)
    except ValidationError as error:
        raise ValueError(value) from error


# --- backup ---------------------------------------------------------------------------


def _references(model: type[models.Model]) -> list[tuple[str, str, str]]:
    """(field name, attname, target label) of every foreign key to a backed-up table."""
    labels = {table.label for table in TABLES}
    found = []
    for field in _fields(model):
        target = field.related_model
        if (
            field.is_relation
            and isinstance(target, type)
            and target._meta.label_lower in labels
            and getattr(field, "target_field", None) is not None
            and field.target_field.primary_key  # type: ignore[attr-defined]
        ):
            found.append((field.name, field.attname, target._meta.label_lower))
    return found


def collect(
    organization: Organization, progress: Progress = _no_progress
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each table's label and its rows as written to the file, in TABLES order.

    Raises BackupError when a row refers to a row outside the organization: such a
    backup could never be restored.
    """
    pks: dict[str, set[Any]] = {}
    for table in TABLES:
        model = table.model
        fields = _fields(model)
        pk_name = model._meta.pk.attname
        references = _references(model)
        rows = []
        own_pks: set[Any] = set()
        for values in table.rows(organization).values(*[f.attname for f in fields]):
            own_pks.add(values[pk_name])
            rows.append(values)
        pks[table.label] = own_pks
        for row in rows:
            for name, attname, target in references:
                value = row[attname]
                # A self-reference may point to a row later in the same table.
                wanted = own_pks if target == table.label else pks.get(target, set())
                if value is not None and value not in wanted:
                    raise BackupError(
                        _(
                            "%(table)s %(pk)s refers in “%(field)s” to %(target)s %(id)s, "
                            "which is not part of the organization; fix that row first."
                        )
                        % {
                            "table": table.label,
                            "pk": row[pk_name],
                            "field": name,
                            "target": target,
                            "id": value,
                        }
                    )
        encoded = [
            {
                "pk": _encode(model._meta.pk, row[pk_name]),
                "fields": {f.name: _encode(f, row[f.attname]) for f in fields if not f.primary_key},
            }
            for row in rows
        ]
        progress(table.label, len(encoded))
        yield table.label, encoded


def _skipped_links(organization: Organization) -> int:
    count = 0
    for label in NOT_BACKED_UP:
        app_label, model_name = label.split(".")
        count += (
            apps.get_model(app_label, model_name)
            ._base_manager.filter(user__organization=organization.pk)
            .count()
        )
    return count


def write_backup(
    organization: Organization, path: Path, progress: Progress = _no_progress
) -> tuple[int, int]:
    """Write the organization to `path`; returns (rows, rows of NOT_BACKED_UP left out).

    The file appears only when complete: it is written beside `path` and then renamed.
    All rows are read in one transaction, so the backup is one consistent moment.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    rows = 0
    # Only a transaction of our own can choose its isolation level (not so in tests).
    own_transaction = not connection.in_atomic_block
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql" and own_transaction:
                # One snapshot for every table; must be the transaction's first statement.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            skipped = _skipped_links(organization)
            with gzip.open(temporary, "wt", encoding="utf-8") as out:
                rows = _write(out, organization, progress)
        os.replace(temporary, path)
    except OSError as error:
        raise BackupError(
            _("%(path)s: cannot be written: %(reason)s")
            % {"path": path, "reason": error.strerror or error},
            exit_code=2,
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
    return rows, skipped


def _write(out: IO[str], organization: Organization, progress: Progress) -> int:
    header = {
        "format": FORMAT,
        "version": VERSION,
        "created": timezone.now().astimezone(dt.UTC).isoformat(),
        "kurs_version": kurs_version(),
        "organization": organization.name,
    }
    # Streamed table by table; the same JSON as json.dumps({**header, "models": {...}}).
    out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "models": {')
    rows = 0
    for index, (label, encoded) in enumerate(collect(organization, progress)):
        out.write(("," if index else "") + f"\n{json.dumps(label)}: [")
        for position, row in enumerate(encoded):
            out.write(("," if position else "") + "\n" + json.dumps(row, ensure_ascii=False))
        out.write("]")
        rows += len(encoded)
    out.write("\n}}\n")
    return rows


# --- reading a file ---------------------------------------------------------------------


def _unusable(message: str) -> BackupError:
    return BackupError(message, exit_code=2)


def read_backup(path: Path) -> Backup:
    """The backup in `path`, checked: BackupError with exit code 2 for anything else."""
    try:
        with path.open("rb") as raw:
            compressed = raw.read(2) == GZIP_MAGIC
        if compressed:
            with gzip.open(path, "rt", encoding="utf-8") as text:
                data = json.load(text)
        else:
            with path.open(encoding="utf-8") as text:
                data = json.load(text)
    except FileNotFoundError as error:
        raise BackupError(_("%(path)s: no such file.") % {"path": path}) from error
    except IsADirectoryError as error:
        raise BackupError(_("%(path)s is a directory, not a file.") % {"path": path}) from error
    except EOFError as error:
        raise _unusable(
            _("%(path)s is incomplete: the file ends too early (was it copied completely?).")
            % {"path": path}
        ) from error
    except (gzip.BadGzipFile, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _unusable(
            _("%(path)s is damaged or not a Kurs backup: %(reason)s")
            % {"path": path, "reason": error}
        ) from error
    except OSError as error:
        raise BackupError(
            _("%(path)s: cannot be read: %(reason)s")
            % {"path": path, "reason": error.strerror or error}
        ) from error
    return _check_header(path, data)


def _check_header(path: Path, data: Any) -> Backup:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _unusable(_("%(path)s is not a Kurs backup.") % {"path": path})
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _unusable(
            _("%(path)s has no valid backup format version.") % {"path": path},
        )
    if version > VERSION:
        raise _unusable(
            _(
                "%(path)s was written by a newer Kurs (%(kurs)s, backup format version "
                "%(version)d); this Kurs reads version %(supported)d. Upgrade Kurs, then "
                "restore."
            )
            % {
                "path": path,
                "kurs": data.get("kurs_version", "?"),
                "version": version,
                "supported": VERSION,
            }
        )
    name, tables = data.get("organization"), data.get("models")
    if not isinstance(name, str) or not isinstance(tables, dict):
        raise _unusable(_("%(path)s is not a complete Kurs backup.") % {"path": path})
    known = {table.label for table in TABLES}
    for label, rows in tables.items():
        if label not in known:
            raise _unusable(
                _(
                    "%(path)s holds a table this Kurs does not know (%(table)s); it was "
                    "written by another Kurs version (%(kurs)s)."
                )
                % {"path": path, "table": label, "kurs": data.get("kurs_version", "?")}
            )
        if not isinstance(rows, list) or not all(
            isinstance(row, dict) and "pk" in row and isinstance(row.get("fields"), dict)
            for row in rows
        ):
            raise _unusable(
                _("%(path)s: the rows of %(table)s are damaged.") % {"path": path, "table": label}
            )
    return Backup(
        organization=name,
        created=str(data.get("created", "")),
        kurs_version=str(data.get("kurs_version", "")),
        models=tables,
    )


# --- restore ----------------------------------------------------------------------------


def _objects(table: Table, rows: list[dict[str, Any]]) -> list[models.Model]:
    """Model instances for the rows of one table, every value checked against its field."""
    model = table.model
    pk_field = model._meta.pk
    assert pk_field is not None
    fields = {f.name: f for f in _fields(model) if not f.primary_key}
    instances = []
    for row in rows:
        extra = set(row["fields"]) - set(fields)
        if extra:
            raise _unusable(
                _(
                    "The backup has fields this Kurs does not know in %(table)s: %(fields)s; "
                    "it was written by another Kurs version."
                )
                % {"table": table.label, "fields": ", ".join(sorted(extra))}
            )
        values: dict[str, Any] = {}
        for name, field in fields.items():
            try:
                if name in row["fields"]:
                    values[field.attname] = _decode(field, row["fields"][name])
                elif field.has_default() or field.null:
                    # Written by an older Kurs, before this field existed.
                    values[field.attname] = field.get_default()
                else:
                    raise _unusable(
                        _("%(table)s %(pk)s has no value for “%(field)s”.")
                        % {"table": table.label, "pk": row["pk"], "field": name}
                    )
            except (ValueError, TypeError, AttributeError) as error:
                raise _unusable(
                    _("%(table)s %(pk)s: “%(value)s” is not a valid value for “%(field)s”.")
                    % {
                        "table": table.label,
                        "pk": row["pk"],
                        "value": row["fields"][name],
                        "field": name,
                    }
                ) from error
        try:
            values[pk_field.attname] = _decode(pk_field, row["pk"])
        except (ValueError, TypeError) as error:
            raise _unusable(
                _("%(table)s: “%(pk)s” is not a valid primary key.")
                % {"table": table.label, "pk": row["pk"]}
            ) from error
        instances.append(model(**values))
    return instances


def installation_rows() -> dict[str, int]:
    """Tables of TABLES that already have rows, with their counts: empty when restorable."""
    found = {}
    for table in TABLES:
        count = table.model._base_manager.count()
        if count:
            found[table.label] = count
    return found


def restore_backup(backup: Backup, progress: Progress = _no_progress) -> int:
    """Load every row of the backup with its primary key, in one transaction; the row count.

    Raises BackupError when the installation is not empty, or when the rows do not fit
    together (nothing is written then).
    """
    tables = [table for table in TABLES if backup.models.get(table.label)]
    # Check every value before writing anything.
    loaded = [(table, _objects(table, backup.models[table.label])) for table in tables]
    try:
        with transaction.atomic():
            present = installation_rows()
            if present:
                raise BackupError(
                    _(
                        "This installation is not empty (%(tables)s); a backup is restored "
                        "only into an empty one, with the same ids. Create a new database, "
                        "point KURS_DATABASE_URL at it, run “kurs migrate”, then restore."
                    )
                    % {
                        "tables": ", ".join(
                            f"{label}: {count}" for label, count in list(present.items())[:3]
                        )
                        + (", …" if len(present) > 3 else "")
                    }
                )
            for table, instances in loaded:
                table.model._base_manager.bulk_create(instances, batch_size=500)
                progress(table.label, len(instances))
            # Foreign keys are checked at commit; check them now, with a clear message.
            connection.check_constraints(
                table_names=[table.model._meta.db_table for table, _rows in loaded]
            )
            _reset_sequences([table.model for table in TABLES])
    except IntegrityError as error:
        raise _unusable(
            _("The backup’s rows do not fit together, nothing was restored: %(reason)s")
            % {"reason": error}
        ) from error
    except DatabaseError as error:
        raise BackupError(
            _("The database refused the backup, nothing was restored: %(reason)s")
            % {"reason": error}
        ) from error
    return sum(len(instances) for _table, instances in loaded)


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    """Let new rows continue after the restored ids (PostgreSQL; SQLite does it itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
