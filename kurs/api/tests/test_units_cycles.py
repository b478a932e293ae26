import datetime as dt

from kurs.api.tests.conftest import error_fields, errors
from kurs.goals.models import Cycle
from kurs.orgs.models import Unit


def test_list_units_shows_the_tree(api, company, marketing):
    # when
    response = api.get("/units")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {"id": company.pk, "name": "Muster GmbH", "parent_id": None},
            {"id": marketing.pk, "name": "Marketing", "parent_id": company.pk},
        ],
        "count": 2,
    }


def test_list_units_pages_with_limit_and_offset(api, owner, company, marketing):
    # given
    for name in ("Sales", "Support", "Tech"):
        api.post("/units", {"name": name, "parent_id": company.pk})

    # when
    first = api.get("/units", {"limit": 2})
    second = api.get("/units", {"limit": 2, "offset": 2})
    rest = api.get("/units", {"limit": 2, "offset": 4})

    # then
    names = [u["name"] for r in (first, second, rest) for u in r.json()["items"]]
    assert names == ["Muster GmbH", "Marketing", "Sales", "Support", "Tech"]
    assert {r.json()["count"] for r in (first, second, rest)} == {5}


def test_limit_above_the_maximum_is_refused(api, company):
    # when
    response = api.get("/units", {"limit": 1001})

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"limit"}


def test_admin_creates_a_unit(api, company):
    # when
    response = api.post("/units", {"name": " Sales ", "parent_id": company.pk})

    # then
    assert response.status_code == 201
    unit = Unit.objects.get(name="Sales")
    assert response.json() == {"id": unit.pk, "name": "Sales", "parent_id": company.pk}
    assert unit.depth == 1


def test_member_may_not_create_a_unit(api_as, teammate, company):
    # when
    response = api_as(teammate).post("/units", {"name": "Sales", "parent_id": company.pk})

    # then
    assert response.status_code == 403
    assert errors(response)[0]["field"] is None
    assert not Unit.objects.filter(name="Sales").exists()


def test_unit_without_parent_is_invalid(api, company):
    # when
    response = api.post("/units", {"name": "Sales"})

    # then
    assert response.status_code == 422
    assert errors(response) == [
        {"field": "parent_id", "message": "Choose the unit this one belongs to."}
    ]


def test_unit_below_another_organizations_unit_is_invalid(api, outsider, other_org):
    # given
    foreign = Unit.objects.get(organization=other_org)

    # when
    response = api.post("/units", {"name": "Sales", "parent_id": foreign.pk})

    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "parent_id", "message": "Unknown unit."}]
    assert not Unit.objects.filter(name="Sales").exists()


def test_duplicate_unit_name_is_invalid(api, marketing, company):
    # when
    response = api.post("/units", {"name": "Marketing", "parent_id": company.pk})

    # then
    assert response.status_code == 422
    assert Unit.objects.filter(name="Marketing").count() == 1


def test_list_cycles(api, cycle):
    # when
    response = api.get("/cycles")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": cycle.pk,
                "name": "Current quarter",
                "start": cycle.start.isoformat(),
                "end": cycle.end.isoformat(),
                "kind": "quarter",
                "state": "active",
            }
        ],
        "count": 1,
    }


def test_admin_creates_a_cycle(api, owner):
    # when
    response = api.post("/cycles", {"name": "Q3 2030", "start": "2030-07-01", "end": "2030-09-30"})

    # then
    assert response.status_code == 201
    cycle = Cycle.objects.get(name="Q3 2030")
    assert response.json() == {
        "id": cycle.pk,
        "name": "Q3 2030",
        "start": "2030-07-01",
        "end": "2030-09-30",
        "kind": "quarter",
        "state": "planning",
    }
    assert cycle.organization_id == owner.organization_id


def test_cycle_ending_before_its_start_is_invalid(api, owner):
    # when
    response = api.post(
        "/cycles", {"name": "Backwards", "start": "2030-07-01", "end": "2030-06-01"}
    )

    # then
    assert response.status_code == 422
    assert errors(response) == [{"field": "end", "message": "The end must be after the start."}]
    assert not Cycle.objects.filter(name="Backwards").exists()


def test_cycle_cannot_start_closed(api, owner):
    # when
    response = api.post(
        "/cycles",
        {"name": "Old", "start": "2020-01-01", "end": "2020-03-31", "state": "closed"},
    )

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"state"}


def test_cycle_with_a_bad_date_is_invalid(api, owner):
    # when
    response = api.post("/cycles", {"name": "Q", "start": "2030-02-30", "end": "soon"})

    # then
    assert response.status_code == 422
    assert error_fields(response) == {"start", "end"}


def test_member_may_not_create_a_cycle(api_as, teammate):
    # given
    start = dt.date(2030, 1, 1)

    # when
    response = api_as(teammate).post(
        "/cycles", {"name": "Q1", "start": start.isoformat(), "end": "2030-03-31"}
    )

    # then
    assert response.status_code == 403
    assert not Cycle.objects.filter(name="Q1").exists()
