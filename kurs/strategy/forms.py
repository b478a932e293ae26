"""Forms for strategy periods, documents, items and acceptances.

Validation lives in kurs.strategy.actions; forms add labels, help texts, choices and
read numbers the way people type them (decimal comma). Fields take their labels from
the models, so the form, the document page and the history use the same words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kurs.goals.forms import LocalizedDecimalField
from kurs.goals.models import KeyResult, Objective
from kurs.lib.forms import IdsMultipleChoiceField, LocalizedFloatField, limit_choices
from kurs.orgs.models import StrategyFrameworks, Unit, User
from kurs.strategy.actions import SECTION_FIELDS
from kurs.strategy.models import (
    CARRYING_SECTIONS,
    MEASURABLE_SECTIONS,
    Framework,
    StrategyItem,
    StrategyPeriod,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FrameworksForm(forms.Form):
    strategy_frameworks = forms.ChoiceField(
        label=_("Framework"),
        choices=StrategyFrameworks.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Which strategy documents your organization writes. With both, every unit and "
            "person may write a V2MOM and an MSPOT."
        ),
    )


class PeriodForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Usually the year, e.g. “2026”.")
    )
    start = forms.DateField(label=pgettext_lazy("cycle date", "Start"), widget=DATE_INPUT)
    end = forms.DateField(label=pgettext_lazy("cycle date", "End"), widget=DATE_INPUT)


class DocumentForm(forms.Form):
    """A new document: the period, the framework, whose it is, and its texts."""

    period = forms.ModelChoiceField(label=_("Strategy period"), queryset=StrategyPeriod.objects)
    framework = forms.ChoiceField(label=_("Framework"), choices=Framework.choices)
    holder = forms.ChoiceField(
        label=_("Whose document"),
        help_text=_("A unit’s document is written by its lead; a personal document by the person."),
    )
    statement = forms.CharField(
        label=_("Vision or mission"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("V2MOM: the vision, what you want to achieve. MSPOT: the mission."),
    )
    strategy = forms.CharField(
        label=_("Strategy (MSPOT only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the mission is reached, in a few sentences."),
    )

    def __init__(
        self,
        *args: Any,
        periods: list[StrategyPeriod],
        frameworks: list[str],
        units: list[Unit],
        personal: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if periods:
            limit_choices(
                self,
                "period",
                StrategyPeriod.objects.filter(pk__in=[p.pk for p in periods]),
                [(p.pk, p.name) for p in periods],
            )
        framework = self.fields["framework"]
        assert isinstance(framework, forms.ChoiceField)
        framework.choices = [(f, Framework(f).label) for f in frameworks]
        holder = self.fields["holder"]
        assert isinstance(holder, forms.ChoiceField)
        choices: list[tuple[str, str]] = []
        if personal:
            choices.append(("personal", str(_("My personal document"))))
        choices += [(f"unit:{u.pk}", "\u2003" * u.depth + u.name) for u in units]
        holder.choices = choices
        self._units = {u.pk: u for u in units}

    def holder_unit(self) -> Unit | None:
        value = self.cleaned_data["holder"]
        if value == "personal":
            return None
        return self._units[int(value.partition(":")[2])]


class DocumentTextsForm(forms.Form):
    statement = forms.CharField(
        label=_("Vision or mission"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    strategy = forms.CharField(
        label=_("Strategy"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, framework: str, statement_label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statement"].label = statement_label
        if framework != Framework.MSPOT:
            del self.fields["strategy"]


HELP_TEXTS = {
    "title": _("Short and specific; the description can say more."),
    "supports": _("The method or play of the document above that this one helps to reach."),
    "objectives": _("The objectives that carry it out (hold Ctrl or ⌘ to choose several)."),
    "method": _("The method this obstacle stands in the way of."),
    "owner": _("Who removes the obstacle."),
    "start": _("Where you stand at the start of the period."),
    "current": _("Leave empty until there is a first value."),
    "key_result": _(
        "When set, the current value follows this key result (and start, target and unit "
        "are taken from it if left empty)."
    ),
    "status_override": _(
        "Automatic takes the colour from linked objectives or the measure’s pace; set it by "
        "hand when you know better."
    ),
    "reason": _("Why we deliberately do not do it."),
    "budget": _("Money it needs, in your currency."),
    "people_needed": _("Full-time equivalents, e.g. 1.5."),
}
TEXTAREAS = {"description", "reason", "picture_of_success", "resources_note"}


class ItemForm(forms.Form):
    """The fields of one section's items (see actions.SECTION_FIELDS), and its colour."""

    def __init__(
        self,
        *args: Any,
        section: str,
        user: User,
        people: list[User] | None = None,
        methods: list[StrategyItem] | None = None,
        supports: list[StrategyItem] | None = None,
        key_results: list[KeyResult] | None = None,
        objectives: list[Objective] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        names = list(SECTION_FIELDS[section])
        if section in MEASURABLE_SECTIONS:
            names.append("key_result")
        names.append("status_override")
        self.item_fields = [n for n in names if n != "supports" or supports is not None]
        for name in self.item_fields:
            self.fields[name] = self._model_field(name)
        if section in CARRYING_SECTIONS:
            self.fields["objectives"] = IdsMultipleChoiceField(
                label=_("Carried by objectives"),
                queryset=Objective.objects.visible_to(user),
                required=False,
                help_text=HELP_TEXTS["objectives"],
                widget=forms.SelectMultiple(attrs={"size": 6}),
            )
            limit_choices(
                self,
                "objectives",
                Objective.objects.visible_to(user),
                [(o.pk, f"{o.unit.name}: {o.title} ({o.cycle.name})") for o in objectives or []],
            )
        # Choices list what makes sense; the querysets (the whole organization) validate,
        # so that a wrong pick gets the action's explanation rather than "invalid choice".
        items = StrategyItem.objects.visible_to(user)
        if "owner" in self.fields:
            limit_choices(
                self,
                "owner",
                User.objects.visible_to(user),
                [("", "—"), *((p.pk, p.name) for p in people or [])],
            )
        if "method" in self.fields:
            limit_choices(
                self, "method", items, [("", "—"), *((m.pk, m.title) for m in methods or [])]
            )
        if "supports" in self.fields:
            limit_choices(
                self,
                "supports",
                items,
                [
                    ("", str(_("— nothing above —"))),
                    *((s.pk, f"{s.position}. {s.title}") for s in supports or []),
                ],
            )
        if "key_result" in self.fields:
            limit_choices(
                self,
                "key_result",
                KeyResult.objects.visible_to(user),
                [
                    ("", str(_("— none, updated by hand —"))),
                    *(
                        (k.pk, f"{k.objective.unit.name}: {k.title} ({k.objective.cycle.name})")
                        for k in key_results or []
                    ),
                ],
            )

    def _model_field(self, name: str) -> forms.Field:
        model_field = StrategyItem._meta.get_field(name)
        kwargs: dict[str, Any] = {"required": name == "title"}
        if name in ("start", "target", "current"):
            kwargs["form_class"] = LocalizedFloatField
        elif name in ("budget", "people_needed"):
            kwargs["form_class"] = LocalizedDecimalField
        elif name in TEXTAREAS:
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3 if name != "reason" else 2})
        field = model_field.formfield(**kwargs)  # type: ignore[union-attr]
        assert field is not None
        field.label = str(field.label)[:1].upper() + str(field.label)[1:]
        if name == "title":
            field.error_messages["required"] = _("Enter a title.")
        if name in HELP_TEXTS:
            field.help_text = HELP_TEXTS[name]
        return field

    def item_data(self) -> dict[str, Any]:
        """The cleaned fields as the actions take them (objectives included)."""
        data = {name: self.cleaned_data.get(name) for name in self.item_fields}
        for name in ("title", "description", "reason", "unit_label", "picture_of_success"):
            if name in data and data[name] is None:
                data[name] = ""
        if data.get("status_override") is None and "status_override" in data:
            data["status_override"] = ""
        if "objectives" in self.fields:
            data["objectives"] = list(self.cleaned_data.get("objectives") or [])
        return data


class ReplaceForm(ItemForm):
    """Replace an unreachable item: why, and the item that takes its place."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason = forms.CharField(
            label=_("Why is it replaced?"),
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Kept with the old item, e.g. “Trade fair cancelled”."),
            error_messages={"required": _("Say why the item is replaced.")},
        )
        # The reason goes first; an omission's own "reason" field is renamed for it.
        self.fields = {"replaced_reason": reason, **self.fields}


class AcceptanceRequestForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Whose acceptance is needed"),
        help_text=_(
            "A person accepts themselves; for a unit, its lead does. Ask everyone who must "
            "carry the goal, not only the team that wrote it."
        ),
    )

    def __init__(self, *args: Any, people: list[User], units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party = self.fields["party"]
        assert isinstance(party, forms.ChoiceField)
        party.choices = [
            ("", "—"),
            (str(_("People")), [(f"person:{p.pk}", p.name) for p in people]),
            (str(_("Units")), [(f"unit:{u.pk}", "\u2003" * u.depth + u.name) for u in units]),
        ]
        self._people = {p.pk: p for p in people}
        self._units = {u.pk: u for u in units}

    def clean_party(self) -> str:
        value: str = self.cleaned_data["party"]
        if not value:
            raise forms.ValidationError(_("Choose a person or a unit."))
        return value

    def party_kwargs(self) -> dict[str, Any]:
        kind, _sep, pk = self.cleaned_data["party"].partition(":")
        if kind == "person":
            return {"person": self._people[int(pk)]}
        return {"unit": self._units[int(pk)]}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("decline", _("Decline"))]
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000)


class LinkForm(forms.Form):
    """Link an objective to a method or play (or unlink it)."""

    item = forms.ModelChoiceField(label=_("Method or play"), queryset=StrategyItem.objects)

    def __init__(
        self,
        *args: Any,
        choices: list[StrategyItem],
        queryset: QuerySet[StrategyItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "item",
            queryset,
            [("", "—"), *((i.pk, item_label(i)) for i in choices)],
        )


def item_label(item: StrategyItem) -> str:
    """ "Marketing · V2MOM: 2. Better leads", for choosing among documents."""
    document = item.document
    holder = f"{document.holder_name} · {document.get_framework_display()}"
    return f"{holder}: {item.position}. {item.title}"
