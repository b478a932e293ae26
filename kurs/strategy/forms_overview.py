"""Forms of the overview pages: renewing a document and recording a meeting.

Validation lives in kurs.strategy.actions; these forms add labels, help texts and
widgets, and limit every choice to the organization's rows.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurs.lib.forms import IdsMultipleChoiceField, limit_choices
from kurs.orgs.models import User
from kurs.strategy.models import StrategyDocument, StrategyItem, StrategyPeriod


class RenewForm(forms.Form):
    """Which period to renew into, which items to carry over, and where measures start."""

    period = forms.ModelChoiceField(
        label=_("Renew into"),
        queryset=StrategyPeriod.objects.none(),
        empty_label=None,
        help_text=_("The new document is written for this period."),
    )
    # Rendered by hand, grouped by section with each item's colour (see renew.html).
    items = forms.MultipleChoiceField(
        label=_("Carry over"), required=False, widget=forms.CheckboxSelectMultiple
    )
    measures_from_current = forms.BooleanField(
        label=_("Measures start from the value reached"),
        required=False,
        initial=True,
        help_text=_(
            "A measure that reached 70 this year starts from 70 next year. "
            "Untick to keep the old start values."
        ),
    )

    def __init__(
        self,
        *args: Any,
        document: StrategyDocument,
        periods: list[StrategyPeriod],
        items: list[StrategyItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "period",
            StrategyPeriod.objects.filter(pk__in=[p.pk for p in periods]),
            [(p.pk, p.name) for p in periods],
        )
        self.item_choices = [str(i.pk) for i in items]
        field = self.fields["items"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(i.pk), i.title) for i in items]

    def item_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("items", [])]

    def ticked(self) -> set[str]:
        """The ticked item ids as the page shows them (all of them before the first submit)."""
        if not isinstance(self.data, QueryDict):
            return set(self.item_choices)
        return set(self.data.getlist("items"))


class MeetingForm(forms.Form):
    """The outcome of a meeting: when, who, what was decided, which items changed."""

    held_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    attendees = IdsMultipleChoiceField(
        label=_("Attendees"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    more_attendees = IdsMultipleChoiceField(
        label=_("More people of the organization"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    guests = forms.CharField(
        label=_("Other attendees"),
        required=False,
        max_length=500,
        help_text=_("Guests from outside Kurs, separated by commas."),
    )
    notes = forms.CharField(
        label=_("Notes and decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    changed_items = IdsMultipleChoiceField(
        label=_("Items changed in the meeting"),
        queryset=StrategyItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        document: StrategyDocument,
        members: list[User],
        others: list[User],
        items: list[StrategyItem],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        people = User.objects.visible_to(user).filter(is_active=True)
        limit_choices(self, "attendees", people, [(p.pk, p.name) for p in members])
        limit_choices(self, "more_attendees", people, [(p.pk, p.name) for p in others])
        if not members:
            # Nobody belongs to the unit: everyone is in the one list.
            del self.fields["attendees"]
        if not others:
            del self.fields["more_attendees"]
        limit_choices(
            self,
            "changed_items",
            StrategyItem.objects.filter(document=document),
            [(i.pk, f"{i.title} ({i.get_section_display()})") for i in items],
        )

    def people(self) -> list[User]:
        chosen = {
            *self.cleaned_data.get("attendees", []),
            *self.cleaned_data.get("more_attendees", []),
        }
        return sorted(chosen, key=lambda p: (p.name, p.pk))
