"""Finding the objects a request names, always within the caller's organization.

Path ids that are unknown (or another organization's) are a 404. Ids and emails in
the body that are unknown are invalid input (422), with the same messages the actions
use, so that the answer does not depend on which layer noticed.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kurs.api.schemas import MAX_ID, PageParams
from kurs.goals.models import Cycle
from kurs.orgs.models import Unit, User

M = TypeVar("M", bound=Model)


def get_or_404(queryset: QuerySet[M], pk: int) -> M:
    """The object with this id from an already visible_to()-filtered queryset."""
    if not 1 <= pk <= MAX_ID:
        raise Http404
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def page(queryset: QuerySet[M], params: PageParams) -> tuple[list[M], int]:
    """One page of the queryset and the total count (two queries plus prefetches)."""
    items = list(queryset[params.offset : params.offset + params.limit])
    return items, queryset.count()


def find_unit(actor: User, pk: int, field: str = "unit_id") -> Unit:
    unit: Unit | None = Unit.objects.visible_to(actor).filter(pk=pk).first()
    if unit is None:
        raise ValidationError({field: _("Unknown unit.")})
    return unit


def find_cycle(actor: User, pk: int, field: str = "cycle_id") -> Cycle:
    cycle: Cycle | None = Cycle.objects.visible_to(actor).filter(pk=pk).first()
    if cycle is None:
        raise ValidationError({field: _("Unknown cycle.")})
    return cycle


def find_person(actor: User, email: str, field: str = "owner") -> User:
    """An active person of the caller's organization by email (as the web forms offer)."""
    person = (
        User.objects.visible_to(actor).filter(is_active=True, email=email.strip().lower()).first()
    )
    if person is None:
        raise ValidationError({field: _("Unknown person.")})
    return person


def only_set(payload: Any) -> dict[str, Any]:
    """The fields a PATCH body contains (left-out fields stay unchanged)."""
    return {name: getattr(payload, name) for name in payload.model_fields_set}
