"""Another organization's data is invisible: empty lists, 404 for its ids, 422 for
references to them in a body."""

import pytest

from kurs.api.tests.conftest import errors
from kurs.goals.models import CheckIn, KeyResult, Objective
from kurs.orgs.models import Unit


@pytest.fixture
def theirs(api_as, outsider):
    return api_as(outsider)


def test_outsider_lists_none_of_our_data(theirs, objective, cycle, marketing, other_org):
    # when
    units = theirs.get("/units").json()
    cycles = theirs.get("/cycles").json()
    objectives = theirs.get("/objectives").json()
    filtered = theirs.get("/objectives", {"cycle_id": cycle.pk, "unit_id": marketing.pk}).json()

    # then: only their own top unit
    assert units == {
        "items": [
            {
                "id": Unit.objects.get(organization=other_org).pk,
                "name": "Other AG",
                "parent_id": None,
            }
        ],
        "count": 1,
    }
    assert cycles == {"items": [], "count": 0}
    assert objectives == {"items": [], "count": 0}
    assert filtered == {"items": [], "count": 0}


def test_outsider_gets_404_for_our_ids(theirs, objective):
    # given
    key_result = objective.key_results.get()
    o, k = objective.pk, key_result.pk

    # when
    responses = {
        "get objective": theirs.get(f"/objectives/{o}"),
        "patch objective": theirs.patch(f"/objectives/{o}", {"title": "Ours now"}),
        "delete objective": theirs.delete(f"/objectives/{o}"),
        "retire objective": theirs.post(f"/objectives/{o}/retire", {"reason": "x"}),
        "list key results": theirs.get(f"/objectives/{o}/key-results"),
        "add key result": theirs.post(
            f"/objectives/{o}/key-results", {"title": "x", "start": 0, "target": 1}
        ),
        "get key result": theirs.get(f"/key-results/{k}"),
        "patch key result": theirs.patch(f"/key-results/{k}", {"title": "x"}),
        "delete key result": theirs.delete(f"/key-results/{k}"),
        "retire key result": theirs.post(f"/key-results/{k}/retire", {"reason": "x"}),
        "list check-ins": theirs.get(f"/key-results/{k}/check-ins"),
        "check in": theirs.post(f"/key-results/{k}/check-ins", {"value": 20}),
    }

    # then
    assert {name: r.status_code for name, r in responses.items()} == {
        name: 404 for name in responses
    }
    assert errors(responses["get objective"]) == [{"field": None, "message": "Not found."}]
    objective.refresh_from_db()
    key_result.refresh_from_db()
    assert objective.title == "Make our leads noticeably better"
    assert objective.is_active and key_result.is_active
    assert key_result.title.startswith("Raise")
    assert not CheckIn.objects.exists()


def test_outsider_cannot_use_our_units_cycles_or_goals(
    theirs, objective, cycle, marketing, company
):
    # given
    key_result = objective.key_results.get()

    # when
    in_our_unit = theirs.post(
        "/objectives", {"title": "x", "unit_id": marketing.pk, "cycle_id": cycle.pk}
    )
    below_our_unit = theirs.post("/units", {"name": "Spy", "parent_id": company.pk})
    aligned_to_us = theirs.post(
        "/objectives",
        {
            "title": "x",
            "unit_id": 10**9,
            "cycle_id": 10**9,
            "parents": [{"type": "key_result", "id": key_result.pk}],
        },
    )

    # then
    assert in_our_unit.status_code == 422
    assert {e["field"] for e in errors(in_our_unit)} <= {"unit_id", "cycle_id"}
    assert errors(below_our_unit) == [{"field": "parent_id", "message": "Unknown unit."}]
    assert aligned_to_us.status_code == 422
    assert Objective.objects.count() == 1
    assert KeyResult.objects.count() == 1
    assert not Unit.objects.filter(name="Spy").exists()


def test_we_cannot_point_at_their_objects(api, outsider, other_org, marketing, cycle, objective):
    # given
    from kurs.goals import actions as goal_actions

    their_unit = Unit.objects.get(organization=other_org)
    their_cycle = goal_actions.do_create_cycle(
        outsider,
        name="Their Q",
        start=cycle.start,
        end=cycle.end,
        kind="quarter",
        state="active",
    )
    their_objective = goal_actions.do_create_objective(
        outsider, cycle=their_cycle, unit=their_unit, owner=outsider, title="Theirs"
    )

    # when
    responses = [
        api.post("/objectives", {"title": "x", "unit_id": their_unit.pk, "cycle_id": cycle.pk}),
        api.post(
            "/objectives", {"title": "x", "unit_id": marketing.pk, "cycle_id": their_cycle.pk}
        ),
        api.post(
            "/objectives",
            {"title": "x", "unit_id": marketing.pk, "cycle_id": cycle.pk, "owner": outsider.email},
        ),
        api.post(
            "/objectives",
            {
                "title": "x",
                "unit_id": marketing.pk,
                "cycle_id": cycle.pk,
                "parents": [{"type": "objective", "id": their_objective.pk}],
            },
        ),
        api.patch(f"/objectives/{objective.pk}", {"unit_id": their_unit.pk}),
        api.patch(
            f"/objectives/{objective.pk}",
            {"parents": [{"type": "objective", "id": their_objective.pk}]},
        ),
        api.post(
            f"/objectives/{objective.pk}/retire",
            {"reason": "x", "replacement_id": their_objective.pk},
        ),
    ]

    # then
    assert [(r.status_code, errors(r)[0]["field"]) for r in responses] == [
        (422, "unit_id"),
        (422, "cycle_id"),
        (422, "owner"),
        (422, "parents"),
        (422, "unit_id"),
        (422, "parents"),
        (422, "replacement_id"),
    ]
    assert Objective.objects.filter(organization=marketing.organization).count() == 1
    objective.refresh_from_db()
    assert objective.unit == marketing and objective.is_active
