import datetime as dt

import pytest
from django.utils import timezone

from kurs.api.tests.conftest import error_fields, errors
from kurs.goals import actions as goal_actions
from kurs.goals.models import Alignment, CycleState, GoalState, Objective
from kurs.orgs import actions as org_actions


@pytest.fixture
def sales(owner, company):
    return org_actions.do_create_unit(owner, name="Sales", parent=company)


@pytest.fixture
def company_objective(owner, cycle, company):
    objective = goal_actions.do_create_objective(
        owner,
        cycle=cycle,
        unit=company,
        owner=owner,
        title="Grow profitably",
        kind="committed",
        origin="top_down",
    )
    goal_actions.do_create_key_result(
        owner, objective, title="Revenue from 10 to 20", start=10, target=20
    )
    return objective


@pytest.fixture
def next_cycle(owner):
    today = timezone.localdate()
    return goal_actions.do_create_cycle(
        owner,
        name="Next quarter",
        start=today + dt.timedelta(days=46),
        end=today + dt.timedelta(days=136),
        kind="quarter",
        state=CycleState.PLANNING,
    )


def test_list_objectives(api, objective, teammate, marketing, cycle):
    # when
    response = api.get("/objectives")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": objective.pk,
                "title": "Make our leads noticeably better",
                "description": "",
                "unit_id": marketing.pk,
                "cycle_id": cycle.pk,
                "owner": teammate.email,
                "kind": "aspirational",
                "origin": "bottom_up",
                "parents": [],
                "state": "active",
                "progress": 0.0,
                "status": "not_started",
            }
        ],
        "count": 1,
    }


def test_filters_by_cycle_unit_and_owner(
    api, objective, company_objective, cycle, next_cycle, company, marketing, teammate, owner
):
    # given
    later = goal_actions.do_create_objective(
        owner, cycle=next_cycle, unit=marketing, owner=owner, title="Later"
    )

    def ids(**params: object) -> list[int]:
        response = api.get("/objectives", params)
        assert response.status_code == 200
        return [o["id"] for o in response.json()["items"]]

    # then
    assert ids(cycle_id=cycle.pk) == [objective.pk, company_objective.pk]
    assert ids(cycle_id=next_cycle.pk) == [later.pk]
    assert ids(unit_id=marketing.pk) == [objective.pk, later.pk]
    assert ids(unit_id=company.pk) == [company_objective.pk]
    assert ids(owner=teammate.email) == [objective.pk]
    assert ids(owner=owner.email.upper()) == [company_objective.pk, later.pk]
    assert ids(owner=owner.email, cycle_id=cycle.pk, unit_id=company.pk) == [company_objective.pk]
    assert ids(owner="nobody@example.org") == []


def test_filter_with_a_non_number_id_is_invalid(api, objective):
    # when
    response = api.get("/objectives", {"cycle_id": "current"})

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"cycle_id"}


def test_get_objective(api, objective):
    # when
    response = api.get(f"/objectives/{objective.pk}")

    # then
    assert response.status_code == 200
    assert response.json()["title"] == "Make our leads noticeably better"


def test_unknown_objective_is_not_found(api, objective):
    # when
    responses = [
        api.get("/objectives/999999"),
        api.get(f"/objectives/{2**70}"),
        api.patch("/objectives/999999", {"title": "x"}),
        api.delete("/objectives/999999"),
        api.get("/objectives/999999/key-results"),
    ]

    # then
    for response in responses:
        assert response.status_code == 404
        assert errors(response) == [{"field": None, "message": "Not found."}]


def test_member_creates_an_objective_aligned_to_a_key_result(
    api_as, teammate, marketing, cycle, company_objective
):
    # given
    key_result = company_objective.key_results.get()

    # when
    response = api_as(teammate).post(
        "/objectives",
        {
            "title": "Deliver better leads",
            "description": "Quality before quantity.",
            "unit_id": marketing.pk,
            "cycle_id": cycle.pk,
            "kind": "committed",
            "origin": "top_down",
            "parents": [
                {"type": "key_result", "id": key_result.pk},
                {"type": "objective", "id": company_objective.pk},
            ],
        },
    )

    # then
    assert response.status_code == 201
    body = response.json()
    objective = Objective.objects.get(pk=body["id"])
    assert body["owner"] == teammate.email  # defaults to the caller
    assert objective.owner == teammate
    assert objective.kind == "committed" and objective.origin == "top_down"
    assert sorted(body["parents"], key=lambda p: p["type"]) == [
        {"type": "key_result", "id": key_result.pk},
        {"type": "objective", "id": company_objective.pk},
    ]
    assert objective.history.filter(verb="created").exists()


def test_create_objective_for_another_owner(api, marketing, cycle, teammate):
    # when
    response = api.post(
        "/objectives",
        {
            "title": "Ship it",
            "unit_id": marketing.pk,
            "cycle_id": cycle.pk,
            "owner": "BOB@muster.example",
        },
    )

    # then
    assert response.status_code == 201
    assert response.json()["owner"] == teammate.email


def test_create_objective_requires_title_unit_and_cycle(api):
    # when
    response = api.post("/objectives", {})

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"title", "unit_id", "cycle_id"}


def test_blank_title_is_invalid(api, marketing, cycle):
    # when
    response = api.post(
        "/objectives", {"title": "  ", "unit_id": marketing.pk, "cycle_id": cycle.pk}
    )

    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "title", "message": "This field cannot be blank."}]
    assert not Objective.objects.exists()


def test_unknown_owner_is_invalid(api, marketing, cycle):
    # when
    response = api.post(
        "/objectives",
        {
            "title": "T",
            "unit_id": marketing.pk,
            "cycle_id": cycle.pk,
            "owner": "ghost@muster.example",
        },
    )

    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "owner", "message": "Unknown person."}]


def test_unknown_parent_is_invalid_and_writes_nothing(api, marketing, cycle):
    # when
    response = api.post(
        "/objectives",
        {
            "title": "T",
            "unit_id": marketing.pk,
            "cycle_id": cycle.pk,
            "parents": [{"type": "objective", "id": 424242}],
        },
    )

    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "parents", "message": "Unknown parent 424242."}]
    assert not Objective.objects.exists()


def test_member_may_not_create_in_a_unit_they_do_not_belong_to(api_as, teammate, sales, cycle):
    # when
    response = api_as(teammate).post(
        "/objectives", {"title": "T", "unit_id": sales.pk, "cycle_id": cycle.pk}
    )

    # then
    assert response.status_code == 403
    assert not Objective.objects.exists()


def test_viewer_may_not_create(api_as, viewer, marketing, cycle):
    # when
    response = api_as(viewer).post(
        "/objectives", {"title": "T", "unit_id": marketing.pk, "cycle_id": cycle.pk}
    )

    # then
    assert response.status_code == 403


def test_patch_changes_only_the_given_fields(api, objective, sales, owner):
    # when
    response = api.patch(
        f"/objectives/{objective.pk}",
        {"title": "Better leads", "unit_id": sales.pk, "owner": owner.email, "kind": "committed"},
    )

    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["unit_id"], body["owner"], body["kind"]) == (
        "Better leads",
        sales.pk,
        owner.email,
        "committed",
    )
    objective.refresh_from_db()
    assert objective.title == "Better leads"
    assert objective.unit == sales
    assert objective.description == ""
    assert objective.origin == "bottom_up"


def test_patch_sets_and_clears_parents(api, objective, company_objective):
    # given
    key_result = company_objective.key_results.get()

    # when
    set_response = api.patch(
        f"/objectives/{objective.pk}",
        {"parents": [{"type": "objective", "id": company_objective.pk}]},
    )
    replace_response = api.patch(
        f"/objectives/{objective.pk}", {"parents": [{"type": "key_result", "id": key_result.pk}]}
    )
    alignment = Alignment.objects.get(objective=objective)
    clear_response = api.patch(f"/objectives/{objective.pk}", {"parents": []})

    # then
    assert set_response.json()["parents"] == [{"type": "objective", "id": company_objective.pk}]
    assert replace_response.json()["parents"] == [{"type": "key_result", "id": key_result.pk}]
    assert alignment.parent_key_result == key_result
    assert clear_response.status_code == 200
    assert clear_response.json()["parents"] == []
    assert not Alignment.objects.filter(objective=objective).exists()


def test_patch_without_parents_keeps_them(api, objective, company_objective):
    # given
    api.patch(
        f"/objectives/{objective.pk}",
        {"parents": [{"type": "objective", "id": company_objective.pk}]},
    )

    # when
    response = api.patch(f"/objectives/{objective.pk}", {"description": "Why it matters"})

    # then
    assert response.json()["parents"] == [{"type": "objective", "id": company_objective.pk}]
    assert response.json()["description"] == "Why it matters"


def test_objective_cannot_support_itself(api, objective):
    # when
    response = api.patch(
        f"/objectives/{objective.pk}", {"parents": [{"type": "objective", "id": objective.pk}]}
    )

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"parents"}


def test_invalid_patch_writes_nothing(api, objective, company_objective):
    # when: the title is fine, the parent is not
    response = api.patch(
        f"/objectives/{objective.pk}",
        {"title": "Renamed", "parents": [{"type": "objective", "id": 987654}]},
    )

    # then
    assert response.status_code == 422
    objective.refresh_from_db()
    assert objective.title == "Make our leads noticeably better"


def test_patch_with_null_for_a_required_field_is_invalid(api, objective):
    # when
    response = api.patch(f"/objectives/{objective.pk}", {"title": None, "kind": None})

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"title", "kind"}


def test_patch_with_an_unknown_field_is_invalid(api, objective):
    # when
    response = api.patch(f"/objectives/{objective.pk}", {"titel": "Typo"})

    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "titel", "message": "Unknown field."}]


def test_viewer_may_not_patch(api_as, viewer, objective):
    # when
    response = api_as(viewer).patch(f"/objectives/{objective.pk}", {"title": "Mine now"})

    # then
    assert response.status_code == 403
    objective.refresh_from_db()
    assert objective.title == "Make our leads noticeably better"


def test_delete_objective(api, objective):
    # when
    response = api.delete(f"/objectives/{objective.pk}")

    # then
    assert response.status_code == 204
    assert response.content == b""
    assert not Objective.objects.filter(pk=objective.pk).exists()


def test_viewer_may_not_delete(api_as, viewer, objective):
    # when
    response = api_as(viewer).delete(f"/objectives/{objective.pk}")

    # then
    assert response.status_code == 403
    assert Objective.objects.filter(pk=objective.pk).exists()


def test_retire_objective_with_replacement(api, objective, company_objective):
    # when
    response = api.post(
        f"/objectives/{objective.pk}/retire",
        {"reason": "Merged into the company goal", "replacement_id": company_objective.pk},
    )

    # then
    assert response.status_code == 200
    assert response.json()["state"] == "retired"
    objective.refresh_from_db()
    assert objective.state == GoalState.RETIRED
    assert objective.replaced_by == company_objective
    assert objective.retired_reason == "Merged into the company goal"


def test_retire_needs_a_reason(api, objective):
    # when
    response = api.post(f"/objectives/{objective.pk}/retire", {"reason": " "})

    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "reason", "message": "Say why the objective is retired."}]


def test_retire_with_unknown_replacement_is_invalid(api, objective):
    # when
    response = api.post(
        f"/objectives/{objective.pk}/retire", {"reason": "Obsolete", "replacement_id": 31337}
    )

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"replacement_id"}
    objective.refresh_from_db()
    assert objective.state == GoalState.ACTIVE


def test_retire_twice_is_invalid(api, objective):
    # given
    api.post(f"/objectives/{objective.pk}/retire", {"reason": "Obsolete"})

    # when
    response = api.post(f"/objectives/{objective.pk}/retire", {"reason": "Still obsolete"})

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"state"}


def test_closed_cycle_objective_cannot_change(api, owner, objective, cycle):
    # given
    goal_actions.do_close_cycle(owner, cycle)

    # when
    response = api.patch(f"/objectives/{objective.pk}", {"title": "Too late"})

    # then
    assert response.status_code == 422
    assert errors(response) == [
        {"field": "cycle_id", "message": "This cycle is closed; its scores are final."}
    ]


def test_a_deactivated_person_cannot_become_an_owner(api, teammate, cycle, marketing):
    # given
    teammate.is_active = False
    teammate.save(update_fields=["is_active"])
    # when
    response = api.post(
        "/objectives",
        {
            "title": "Win the Mittelstand",
            "unit_id": marketing.pk,
            "cycle_id": cycle.pk,
            "owner": teammate.email,
        },
    )
    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "owner", "message": "Unknown person."}]
