"""Admin pages (units, people, cycles, thresholds) and one's own account page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kurs.conftest import login
from kurs.goals.models import Cycle, CycleState, Objective
from kurs.orgs.actions import authenticate_token
from kurs.orgs.models import ApiToken, Membership, Unit, User

pytestmark = pytest.mark.django_db


def test_admin_creates_a_unit_below_another(client, owner, marketing):
    response = login(client, owner).post(
        reverse("manage_units"), {"name": "Content & Kampagnen", "parent": marketing.pk}
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="Content & Kampagnen")
    assert unit.parent == marketing
    assert unit.depth == 2


def test_unit_cannot_be_moved_below_itself(client, owner, marketing):
    child = Unit.objects.create(
        organization=marketing.organization, parent=marketing, name="Team", depth=2
    )
    response = login(client, owner).post(
        reverse("manage_unit_edit", args=[marketing.pk]),
        {"name": "Marketing", "parent": child.pk},
    )
    assert response.status_code == 200
    assert "A unit cannot be placed below itself." in response.content.decode()
    marketing.refresh_from_db()
    assert marketing.parent_id != child.pk


@pytest.mark.parametrize(
    "name", ["manage_units", "manage_people", "manage_cycles", "manage_settings"]
)
def test_members_and_viewers_cannot_open_admin_pages(client, teammate, viewer, name):
    assert login(client, teammate).get(reverse(name)).status_code == 403
    assert login(client, viewer).get(reverse(name)).status_code == 403


def test_other_organizations_units_and_people_are_404(client, outsider, marketing, teammate):
    login(client, outsider)
    assert client.get(reverse("manage_unit_edit", args=[marketing.pk])).status_code == 404
    assert client.get(reverse("manage_person_edit", args=[teammate.pk])).status_code == 404
    assert client.get(reverse("unit_detail", args=[marketing.pk])).status_code == 404


def test_admin_adds_a_person_as_unit_lead_who_can_then_sign_in(client, owner, marketing):
    login(client, owner).post(
        reverse("manage_people"),
        {
            "name": "Clara Lead",
            "email": "Clara@Muster.example",
            "role": "member",
            "password": "a-long-enough-passphrase",
            "unit": marketing.pk,
            "unit_role": "lead",
        },
    )
    clara = User.objects.get(email="clara@muster.example")
    assert Membership.objects.get(user=clara, unit=marketing).role == "lead"
    client.logout()
    response = client.post(
        reverse("login"),
        {"username": "clara@muster.example", "password": "a-long-enough-passphrase"},
    )
    assert response.status_code == 302


def test_duplicate_email_is_explained_and_nothing_is_added(client, owner, teammate):
    before = User.objects.count()
    response = login(client, owner).post(
        reverse("manage_people"),
        {"name": "Bob Again", "email": teammate.email, "role": "member", "unit_role": "member"},
    )
    assert "A person with this email exists already." in response.content.decode()
    assert User.objects.count() == before


def test_admin_cannot_take_away_own_admin_rights(client, owner):
    response = login(client, owner).post(
        reverse("manage_person_edit", args=[owner.pk]),
        {"save": "1", "name": owner.name, "role": "member", "is_active": "on"},
    )
    assert "You cannot remove your own admin rights." in response.content.decode()
    owner.refresh_from_db()
    assert owner.role == "admin"


def test_cycle_end_before_start_is_refused(client, owner):
    response = login(client, owner).post(
        reverse("manage_cycles"),
        {
            "name": "2027-Q1",
            "start": "2027-03-31",
            "end": "2027-01-01",
            "kind": "quarter",
            "state": "planning",
        },
    )
    assert "The end must be after the start." in response.content.decode()
    assert not Cycle.objects.filter(name="2027-Q1").exists()


def test_closing_a_cycle_asks_for_confirmation_then_freezes_scores(client, owner, objective, cycle):
    data = {
        "name": cycle.name,
        "start": cycle.start.isoformat(),
        "end": cycle.end.isoformat(),
        "kind": cycle.kind,
        "state": CycleState.CLOSED,
    }
    url = reverse("manage_cycle_edit", args=[cycle.pk])
    # when: closing without ticking the box
    unconfirmed = login(client, owner).post(url, data)
    # then: nothing is frozen
    assert "Tick the box to confirm" in unconfirmed.content.decode()
    assert Cycle.objects.get(pk=cycle.pk).state == CycleState.ACTIVE
    # when: confirmed
    response = client.post(url, {**data, "confirm_close": "on"})
    # then
    assert response.status_code == 302
    objective = Objective.objects.get(pk=objective.pk)
    assert objective.final_score == 0.0
    assert objective.cycle.state == CycleState.CLOSED
    # and its objectives can no longer be edited
    edit = client.get(reverse("objective_edit", args=[objective.pk]), follow=True)
    assert "This cycle is closed; its scores are final." in edit.content.decode()


def test_thresholds_change_status_colours(client, owner, teammate, objective, cycle):
    from kurs.goals.actions import do_check_in

    # given: 40 % progress halfway through -> 10 points behind: on track by default
    cycle.start = dt.date.today() - dt.timedelta(days=50)
    cycle.end = dt.date.today() + dt.timedelta(days=50)
    cycle.save()
    do_check_in(teammate, objective.key_results.get(), value=15.2)
    url = reverse("objective_detail", args=[objective.pk])
    assert "On track" in login(client, teammate).get(url).content.decode()
    # when: the admin tightens the yellow threshold to 5 points
    login(client, owner).post(
        reverse("manage_settings"), {"at_risk_gap": "5", "off_track_gap": "25"}
    )
    # then
    assert "At risk" in login(client, teammate).get(url).content.decode()


def test_thresholds_out_of_order_are_refused(client, owner, org):
    response = login(client, owner).post(
        reverse("manage_settings"), {"at_risk_gap": "30", "off_track_gap": "10"}
    )
    assert response.status_code == 200
    assert "The red threshold must be at least the yellow one." in response.content.decode()
    org.refresh_from_db()
    assert org.at_risk_gap == 0.10


def test_token_is_shown_once_and_stored_hashed(client, teammate):
    response = login(client, teammate).post(
        reverse("account"), {"create_token": "1", "name": "BI export"}
    )
    html = response.content.decode()
    token = ApiToken.objects.get(user=teammate)
    start = html.index('id="new-token"')
    raw = html[html.index(">", start) + 1 : html.index("</code>", start)]
    assert raw.startswith("kurs_")
    assert raw not in token.token_hash
    assert authenticate_token(raw) == teammate
    # a reload does not show it again
    assert raw not in client.get(reverse("account")).content.decode()


def test_duplicate_unit_and_cycle_names_are_reported_on_the_name_field(
    client, owner, company, marketing, cycle
):
    login(client, owner)
    unit_form = client.post(reverse("manage_units"), {"name": "Marketing", "parent": company.pk})
    cycle_form = client.post(
        reverse("manage_cycles"),
        {
            "name": cycle.name,
            "start": "2027-01-01",
            "end": "2027-03-31",
            "kind": "quarter",
            "state": "planning",
        },
    )
    assert unit_form.context["form"].errors["name"] == [
        "A unit with this name exists here already."
    ]
    assert cycle_form.context["form"].errors["name"] == ["A cycle with this name exists already."]
    assert Unit.objects.filter(name="Marketing").count() == 1
