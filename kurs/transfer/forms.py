"""Forms for importing a spreadsheet in the browser: the upload, and the column mapping.

Reading the file and planning the import live in kurs.transfer.sheets; these forms add
labels, help texts, the size limit and the plain-words errors around them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kurs.goals.models import Cycle, CycleState
from kurs.orgs.models import User
from kurs.transfer import sheets

# Larger uploads are refused before they are read: a 20,000-row sheet is far below this.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED_EXTENSIONS = (".xlsx", ".csv")
IGNORE = ""


def open_cycles(user: User) -> QuerySet[Cycle]:
    """The cycles an import may write into: the organization's cycles that are not closed."""
    return (
        Cycle.objects.visible_to(user).exclude(state=CycleState.CLOSED).order_by("-start", "name")
    )


def column_name(index: int) -> str:
    """The spreadsheet's letter for a column: 0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "An Excel file (.xlsx) or CSV file. Both common layouts work: one row per key "
            "result with the objective repeated on each row, or an objective row followed "
            "by indented key-result rows. Headers may be German or English; CSV columns may "
            "be separated by “;” or “,”; numbers may use a decimal comma or point. You map "
            "the columns and see a preview before anything is imported."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )
    cycle = forms.ModelChoiceField(
        label=_("Import into cycle"),
        queryset=Cycle.objects.none(),
        empty_label=None,
        error_messages={"required": _("There is no open cycle to import into.")},
    )

    def __init__(self, *args: Any, user: User, initial_cycle: Cycle | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["cycle"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = open_cycles(user)
        if initial_cycle is not None:
            field.initial = initial_cycle.pk
        self.table: sheets.Table | None = None
        self.content = b""

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        assert isinstance(upload, UploadedFile)
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                gettext("The file is %(size)s; at most %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        content = upload.read()
        name = upload.name or ""
        # The file is read once here: what cannot be read is said on the field and
        # nothing is stored.
        try:
            self.table = sheets.read_table(content, name)
        except sheets.SheetError as error:
            raise ValidationError(str(error)) from error
        self.content = content
        return upload


class MappingForm(forms.Form):
    """One select per column of the file, the cycle, and the rows to skip."""

    cycle = forms.ModelChoiceField(
        label=_("Import into cycle"),
        queryset=Cycle.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("There is no open cycle to import into."),
            "invalid_choice": _("This cycle is closed or gone; choose an open one."),
        },
    )
    skip = forms.TypedMultipleChoiceField(
        label=_("Skip these rows"), required=False, coerce=int, choices=()
    )
    skip_problems = forms.BooleanField(label=_("Skip all rows with problems"), required=False)

    def __init__(self, *args: Any, user: User, headers: list[str], rows: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cycle = self.fields["cycle"]
        assert isinstance(cycle, forms.ModelChoiceField)
        cycle.queryset = open_cycles(user)
        skip = self.fields["skip"]
        assert isinstance(skip, forms.TypedMultipleChoiceField)
        skip.choices = [(str(row), str(row)) for row in rows]
        choices = [(IGNORE, gettext("– ignore –"))] + [
            (name, str(label)) for name, label in sheets.FIELD_LABELS.items()
        ]
        self.column_names: list[str] = []
        for index, header in enumerate(headers):
            letter = column_name(index)
            label = (
                gettext("Column %(letter)s: “%(header)s”") % {"letter": letter, "header": header}
                if header.strip()
                else gettext("Column %(letter)s (no header)") % {"letter": letter}
            )
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)
            self.column_names.append(name)

    def column_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.column_names]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[str, str] = {}
        for name in self.column_names:
            value = cleaned.get(name) or IGNORE
            if value == IGNORE:
                continue
            if value in seen:
                self.add_error(
                    name,
                    gettext("“%(field)s” is already chosen for %(other)s; choose it only once.")
                    % {
                        "field": sheets.FIELD_LABELS[value],
                        "other": self.fields[seen[value]].label,
                    },
                )
            else:
                seen[value] = name
        return cleaned

    def mapping(self) -> dict[int, str]:
        """The chosen meaning of each column (ignored columns left out)."""
        chosen: dict[int, str] = {}
        for index, name in enumerate(self.column_names):
            value = self.cleaned_data.get(name) or IGNORE
            if value != IGNORE:
                chosen[index] = value
        return chosen
