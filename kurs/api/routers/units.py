"""The organization's unit tree."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from kurs.api.auth import actor
from kurs.api.lookups import find_unit, page
from kurs.api.schemas import READ_ERRORS, WRITE_ERRORS, PageParams, UnitIn, UnitOut, UnitPage
from kurs.orgs.actions import do_create_unit
from kurs.orgs.models import Unit

router = Router(tags=["units"])


@router.get("/units", response={200: UnitPage, **READ_ERRORS}, summary="List units")
def list_units(request: HttpRequest, pagination: Query[PageParams]) -> UnitPage:
    """All units of the organization, top-down (by depth, then name)."""
    queryset = Unit.objects.visible_to(actor(request)).order_by("depth", "name", "pk")
    items, count = page(queryset, pagination)
    return UnitPage(items=[UnitOut.build(unit) for unit in items], count=count)


@router.post("/units", response={201: UnitOut, **WRITE_ERRORS}, summary="Create a unit")
def create_unit(request: HttpRequest, payload: UnitIn) -> Status[UnitOut]:
    """Org admins only. `parent_id` is required: the top unit exists already."""
    user = actor(request)
    parent = find_unit(user, payload.parent_id, "parent_id") if payload.parent_id else None
    unit = do_create_unit(user, name=payload.name, parent=parent)
    return Status(201, UnitOut.build(unit))
