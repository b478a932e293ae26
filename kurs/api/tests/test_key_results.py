import pytest

from kurs.api.tests.conftest import error_fields, errors
from kurs.goals import actions as goal_actions
from kurs.goals.models import CheckIn, GoalState, KeyResult


@pytest.fixture
def key_result(objective):
    return objective.key_results.get()


def test_list_key_results(api, objective, key_result, teammate):
    # when
    response = api.get(f"/objectives/{objective.pk}/key-results")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": key_result.pk,
                "objective_id": objective.pk,
                "title": "Raise lead-to-offer rate from 12 to 20 per 100 leads",
                "owner": teammate.email,
                "metric": "increase",
                "start": 12.0,
                "target": 20.0,
                "range_min": None,
                "range_max": None,
                "current": 12.0,
                "unit": "per 100",
                "weight": 1.0,
                "confidence": None,
                "state": "active",
                "progress": 0.0,
                "status": "not_started",
            }
        ],
        "count": 1,
    }


def test_get_key_result(api, key_result):
    # when
    response = api.get(f"/key-results/{key_result.pk}")

    # then
    assert response.status_code == 200
    assert response.json()["id"] == key_result.pk


def test_create_key_result(api, objective, owner):
    # when
    response = api.post(
        f"/objectives/{objective.pk}/key-results",
        {
            "title": "Cost per lead down to 40 EUR",
            "metric": "decrease",
            "start": 55,
            "target": 40.5,
            "unit": "EUR",
            "weight": 2,
            "confidence": 6,
            "owner": owner.email,
        },
    )

    # then
    assert response.status_code == 201
    body = response.json()
    key_result = KeyResult.objects.get(pk=body["id"])
    assert key_result.unit_label == "EUR"
    assert key_result.owner == owner
    assert (body["metric"], body["start"], body["target"], body["weight"]) == (
        "decrease",
        55.0,
        40.5,
        2.0,
    )
    assert (body["current"], body["progress"], body["status"]) == (55.0, 0.0, "not_started")


def test_new_key_result_is_owned_by_the_objectives_owner(api, objective, teammate):
    # when
    response = api.post(
        f"/objectives/{objective.pk}/key-results", {"title": "Launch", "metric": "milestone"}
    )

    # then
    assert response.status_code == 201
    assert response.json()["owner"] == teammate.email
    assert (response.json()["start"], response.json()["target"]) == (0.0, 1.0)


def test_range_key_result(api, objective):
    # when
    response = api.post(
        f"/objectives/{objective.pk}/key-results",
        {"title": "Keep churn in range", "metric": "range", "range_min": 1, "range_max": 3},
    )

    # then
    assert response.status_code == 201
    assert (response.json()["range_min"], response.json()["range_max"]) == (1.0, 3.0)


def test_key_result_metric_rules_are_enforced(api, objective):
    # when
    response = api.post(
        f"/objectives/{objective.pk}/key-results",
        {"title": "Grow", "metric": "increase", "start": 20, "target": 10},
    )

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"target"}
    assert "above the start value" in errors(response)[0]["message"]
    assert objective.key_results.count() == 1


def test_key_result_without_start_and_target(api, objective):
    # when
    response = api.post(f"/objectives/{objective.pk}/key-results", {"title": "Grow"})

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"start", "target"}


def test_weight_out_of_range_is_invalid(api, objective):
    # when
    response = api.post(
        f"/objectives/{objective.pk}/key-results",
        {"title": "Grow", "start": 1, "target": 2, "weight": 1000},
    )

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"weight"}


def test_viewer_may_not_add_key_results(api_as, viewer, objective):
    # when
    response = api_as(viewer).post(
        f"/objectives/{objective.pk}/key-results", {"title": "Grow", "start": 1, "target": 2}
    )

    # then
    assert response.status_code == 403


def test_patch_key_result(api, key_result):
    # when
    response = api.patch(
        f"/key-results/{key_result.pk}", {"target": 25, "unit": "%", "confidence": 3}
    )

    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["target"], body["unit"], body["confidence"]) == (25.0, "%", 3)
    key_result.refresh_from_db()
    assert (key_result.target, key_result.unit_label, key_result.start) == (25.0, "%", 12.0)


def test_patch_key_result_can_clear_nullable_fields(api, key_result):
    # when
    response = api.patch(f"/key-results/{key_result.pk}", {"confidence": None})

    # then
    assert response.status_code == 200
    assert response.json()["confidence"] is None


def test_patch_key_result_cannot_break_the_metric(api, key_result):
    # when
    response = api.patch(f"/key-results/{key_result.pk}", {"target": None})

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"target"}
    key_result.refresh_from_db()
    assert key_result.target == 20.0


def test_current_value_is_read_only(api, key_result):
    # when
    response = api.patch(f"/key-results/{key_result.pk}", {"current": 19})

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"current"}


def test_teammate_edits_their_own_key_result(api_as, teammate, key_result):
    # when
    response = api_as(teammate).patch(f"/key-results/{key_result.pk}", {"title": "Sharper"})

    # then
    assert response.status_code == 200
    assert response.json()["title"] == "Sharper"


def test_viewer_may_not_patch_key_results(api_as, viewer, key_result):
    # when
    response = api_as(viewer).patch(f"/key-results/{key_result.pk}", {"title": "Mine"})

    # then
    assert response.status_code == 403


def test_delete_key_result(api, key_result):
    # when
    response = api.delete(f"/key-results/{key_result.pk}")

    # then
    assert response.status_code == 204
    assert not KeyResult.objects.filter(pk=key_result.pk).exists()


def test_retire_key_result_with_replacement(api, objective, key_result, owner):
    # given
    replacement = goal_actions.do_create_key_result(
        owner, objective, title="Offer rate to 25", start=12, target=25
    )

    # when
    response = api.post(
        f"/key-results/{key_result.pk}/retire",
        {"reason": "Too easy", "replacement_id": replacement.pk},
    )

    # then
    assert response.status_code == 200
    assert response.json()["state"] == "retired"
    key_result.refresh_from_db()
    assert key_result.state == GoalState.RETIRED
    assert key_result.replaced_by == replacement


def test_retire_key_result_with_replacement_elsewhere_is_invalid(
    api, key_result, owner, cycle, company
):
    # given
    other = goal_actions.do_create_objective(
        owner, cycle=cycle, unit=company, owner=owner, title="Other"
    )
    elsewhere = goal_actions.do_create_key_result(owner, other, title="X", start=0, target=1)

    # when
    response = api.post(
        f"/key-results/{key_result.pk}/retire", {"reason": "Moved", "replacement_id": elsewhere.pk}
    )

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"replacement_id"}


def test_unknown_key_result_is_not_found(api, key_result):
    # when
    responses = [
        api.get("/key-results/999999"),
        api.patch("/key-results/999999", {"title": "x"}),
        api.delete("/key-results/999999"),
        api.post("/key-results/999999/retire", {"reason": "x"}),
        api.get("/key-results/999999/check-ins"),
        api.post("/key-results/999999/check-ins", {"value": 1}),
    ]

    # then
    assert [r.status_code for r in responses] == [404] * 6


# Check-ins ------------------------------------------------------------------------------


def test_check_in_returns_the_new_progress_and_status(api_as, teammate, key_result):
    # given: half the cycle has passed, nothing checked in yet
    client = api_as(teammate)
    assert client.get(f"/key-results/{key_result.pk}").json()["status"] == "not_started"

    # when: halfway from 12 to 20
    response = client.post(
        f"/key-results/{key_result.pk}/check-ins",
        {"value": 16, "confidence": 7, "comment": "Good month"},
    )

    # then
    assert response.status_code == 201
    body = response.json()
    check_in = CheckIn.objects.get()
    assert body == {
        "id": check_in.pk,
        "value": 16.0,
        "confidence": 7,
        "comment": "Good month",
        "author": teammate.email,
        "created_at": body["created_at"],
        "progress": 0.5,
        "status": "on_track",
    }
    assert check_in.created_at.isoformat()[:19] == body["created_at"][:19]
    key_result_now = client.get(f"/key-results/{key_result.pk}").json()
    assert (key_result_now["current"], key_result_now["confidence"]) == (16.0, 7)
    objective_now = client.get(f"/objectives/{key_result.objective_id}").json()
    assert (objective_now["progress"], objective_now["status"]) == (0.5, "on_track")


def test_check_in_behind_pace_is_off_track(api, key_result):
    # when
    response = api.post(f"/key-results/{key_result.pk}/check-ins", {"value": 12})

    # then
    assert response.status_code == 201
    assert (response.json()["progress"], response.json()["status"]) == (0.0, "off_track")


def test_list_check_ins(api, key_result, owner, teammate):
    # given
    goal_actions.do_check_in(teammate, key_result, value=13)
    goal_actions.do_check_in(owner, key_result, value=15, confidence=5, comment="Better")

    # when
    response = api.get(f"/key-results/{key_result.pk}/check-ins")

    # then
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(c["value"], c["author"], c["confidence"], c["comment"]) for c in items] == [
        (13.0, teammate.email, None, ""),
        (15.0, owner.email, 5, "Better"),
    ]
    assert response.json()["count"] == 2


def test_check_in_confidence_out_of_range_is_invalid(api, key_result):
    # when
    response = api.post(f"/key-results/{key_result.pk}/check-ins", {"value": 14, "confidence": 11})

    # then
    assert response.status_code == 422
    assert errors(response) == [
        {"field": "confidence", "message": "Confidence goes from 0 (none) to 10 (certain)."}
    ]
    assert not CheckIn.objects.exists()


def test_check_in_needs_a_value(api, key_result):
    # when
    response = api.post(f"/key-results/{key_result.pk}/check-ins", {"comment": "Forgot"})

    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "value", "message": "This field is required."}]


def test_viewer_may_not_check_in(api_as, viewer, key_result):
    # when
    response = api_as(viewer).post(f"/key-results/{key_result.pk}/check-ins", {"value": 14})

    # then
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_retired_key_result_takes_no_check_ins(api, key_result):
    # given
    api.post(f"/key-results/{key_result.pk}/retire", {"reason": "Obsolete"})

    # when
    response = api.post(f"/key-results/{key_result.pk}/check-ins", {"value": 14})

    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "key_result", "message": "This key result is retired."}]
