import pytest
from django.test import Client
from django.utils import timezone

from kurs.api.tests.conftest import ApiClient, errors
from kurs.goals.models import Objective
from kurs.orgs import actions as org_actions

PROTECTED = ["/units", "/cycles", "/objectives", "/objectives/1", "/key-results/1/check-ins"]


@pytest.mark.parametrize("path", PROTECTED)
def test_without_token_is_401(db, path):
    # when
    response = ApiClient(None).get(path)

    # then
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert errors(response)[0]["field"] is None


@pytest.mark.parametrize(
    "header", ["Bearer kurs_not-a-real-token", "Bearer ", "Basic YWxpY2U6c2VjcmV0", "kurs_x"]
)
def test_bad_token_is_401(owner, header):
    # given
    client = ApiClient(None, {"Authorization": header})

    # when
    response = client.get("/units")

    # then
    assert response.status_code == 401


def test_write_without_token_is_401_and_writes_nothing(marketing, cycle):
    # when
    response = ApiClient(None).post(
        "/objectives", {"title": "T", "unit_id": marketing.pk, "cycle_id": cycle.pk}
    )

    # then
    assert response.status_code == 401
    assert not Objective.objects.exists()


def test_revoked_token_is_401(owner):
    # given
    token, raw = org_actions.do_create_token(owner)
    org_actions.do_revoke_token(owner, token)

    # when
    response = ApiClient(raw).get("/units")

    # then
    assert response.status_code == 401


def test_deactivated_persons_token_is_401(owner, teammate):
    # given
    _token, raw = org_actions.do_create_token(teammate)
    org_actions.do_update_person(
        owner, teammate, name=teammate.name, role="member", is_active=False
    )

    # when
    response = ApiClient(raw).get("/units")

    # then
    assert response.status_code == 401


def test_token_use_is_recorded(owner):
    # given
    token, raw = org_actions.do_create_token(owner)

    # when
    ApiClient(raw).get("/units")

    # then
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert (timezone.now() - token.last_used_at).total_seconds() < 60


def test_session_login_does_not_authenticate_the_api(client, owner):
    # given
    client.force_login(owner)

    # when
    response = client.get("/api/v1/units")

    # then
    assert response.status_code == 401


def test_malformed_json_is_400(api, marketing, cycle):
    # when
    response = api.post("/objectives", raw='{"title": "T", "unit_id": ')

    # then
    assert response.status_code == 400
    assert errors(response) == [{"field": None, "message": "The request body is not valid JSON."}]
    assert not Objective.objects.exists()


def test_empty_body_is_422(api):
    # when
    response = api.post("/objectives", raw="")

    # then
    assert response.status_code == 422
    assert errors(response)[0]["field"] is None


def test_unknown_url_is_a_json_404(api):
    # when
    response = api.get("/nothing/here")

    # then
    assert response.status_code == 404
    assert errors(response) == [{"field": None, "message": "Not found."}]


def test_non_numeric_path_id_is_invalid(api):
    # when
    response = api.get("/objectives/abc")

    # then
    assert response.status_code == 422
    assert errors(response)[0]["field"] == "objective_id"


def test_permission_denied_is_a_json_403(api_as, viewer, company):
    # when
    response = api_as(viewer).post("/units", {"name": "Sales", "parent_id": company.pk})

    # then
    assert response.status_code == 403
    assert errors(response) == [{"field": None, "message": "You are not allowed to do this."}]


# Language -------------------------------------------------------------------------------


def test_messages_follow_the_persons_language(api_as, owner, marketing, cycle):
    # given
    org_actions.do_set_language(owner, "de")
    client = api_as(owner, {"Accept-Language": "en"})

    # when
    response = client.post(
        "/objectives", {"title": " ", "unit_id": marketing.pk, "cycle_id": cycle.pk}
    )

    # then
    assert response.status_code == 422
    assert response["Content-Language"] == "de"
    assert errors(response) == [{"field": "title", "message": "Dieses Feld darf nicht leer sein."}]


def test_messages_follow_accept_language_without_a_saved_language(api_as, owner, marketing, cycle):
    # given
    client = api_as(owner, {"Accept-Language": "de-DE,de;q=0.9"})

    # when
    response = client.post(
        "/objectives", {"title": "", "unit_id": marketing.pk, "cycle_id": cycle.pk}
    )

    # then
    assert response["Content-Language"] == "de"
    assert errors(response)[0]["message"] == "Dieses Feld darf nicht leer sein."


def test_english_by_default(api, marketing, cycle):
    # when
    response = api.post("/objectives", {"title": "", "unit_id": marketing.pk, "cycle_id": cycle.pk})

    # then
    assert errors(response)[0]["message"] == "This field cannot be blank."


def test_wrong_method_is_a_json_405(api, objective):
    # when
    response = api.send("PUT", f"/objectives/{objective.pk}", {"title": "x"})

    # then
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH", "DELETE"}
    assert errors(response)[0]["field"] is None


def test_token_requests_need_no_csrf_token(owner, marketing, cycle):
    # given: a client that, like a browser-less integration, has no CSRF cookie
    _token, raw = org_actions.do_create_token(owner)
    api = ApiClient(raw)
    api.client = Client(enforce_csrf_checks=True)

    # when
    response = api.post(
        "/objectives", {"title": "T", "unit_id": marketing.pk, "cycle_id": cycle.pk}
    )

    # then
    assert response.status_code == 201


def test_the_apis_own_messages_are_translated(api_as, owner):
    # given
    german = {"Accept-Language": "de"}
    english = {"Accept-Language": "en"}

    # when
    unauthenticated = [ApiClient(None, h).get("/units") for h in (english, german)]
    missing = [api_as(owner, h).get("/objectives/999999") for h in (english, german)]

    # then
    for in_english, in_german in (unauthenticated, missing):
        assert in_german["Content-Language"] == "de"
        assert errors(in_german)[0]["message"] != errors(in_english)[0]["message"]
