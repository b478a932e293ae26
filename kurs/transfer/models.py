"""A spreadsheet import in progress: the uploaded file, its column mapping, its preview."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurs.orgs.models import Organization, OrgScopedQuerySet, User


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJobQuerySet(OrgScopedQuerySet):
    pass


class ImportJob(models.Model):
    """One uploaded spreadsheet, kept between the steps: map columns, preview, import."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file"))
    # Column index (as text) -> field name ("unit", "objective", ...); see kurs.transfer.sheets.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # Chosen cycle, rows to skip and other choices made in the preview.
    options = models.JSONField(_("options"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.UPLOADED
    )
    # What the import did: counts and messages, shown afterwards.
    report = models.JSONField(_("report"), default=dict, blank=True)

    objects: ClassVar[ImportJobQuerySet] = ImportJobQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
