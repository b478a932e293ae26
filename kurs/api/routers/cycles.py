"""Cycles: the periods (usually quarters) OKRs are set for."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from kurs.api.auth import actor
from kurs.api.lookups import page
from kurs.api.schemas import READ_ERRORS, WRITE_ERRORS, CycleIn, CycleOut, CyclePage, PageParams
from kurs.goals.actions import do_create_cycle
from kurs.goals.models import Cycle

router = Router(tags=["cycles"])


@router.get("/cycles", response={200: CyclePage, **READ_ERRORS}, summary="List cycles")
def list_cycles(request: HttpRequest, pagination: Query[PageParams]) -> CyclePage:
    """The newest cycle first."""
    queryset = Cycle.objects.visible_to(actor(request)).order_by("-start", "name", "pk")
    items, count = page(queryset, pagination)
    return CyclePage(items=[CycleOut.build(cycle) for cycle in items], count=count)


@router.post("/cycles", response={201: CycleOut, **WRITE_ERRORS}, summary="Create a cycle")
def create_cycle(request: HttpRequest, payload: CycleIn) -> Status[CycleOut]:
    """Org admins only. A new cycle is `planning` or `active`, never `closed`."""
    cycle = do_create_cycle(
        actor(request),
        name=payload.name,
        start=payload.start,
        end=payload.end,
        kind=payload.kind,
        state=payload.state,
    )
    return Status(201, CycleOut.build(cycle))
