"""The weekly update pages: for the organization, for leads managing subscribers, and the
public page a subscriber without a login opens from the email."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurs.conftest import login
from kurs.goals import actions
from kurs.notify import update as updates
from kurs.notify.models import Subscription, UpdateSent
from kurs.notify.tests.conftest import text_part
from kurs.notify.tests.test_update import RED_COMMENT, RETIRED_REASON, build_scenario
from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole, Role, Unit, User

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def lead(org, marketing) -> User:
    person = org_actions.do_create_person(
        None, organization=org, email="lena@muster.example", name="Lena Lead", role=Role.MEMBER
    )
    org_actions.do_set_membership(None, unit=marketing, person=person, role=MembershipRole.LEAD)
    return person


def _url(unit: Unit) -> str:
    return reverse("weekly_update", args=[unit.pk])


def _add(client: Client, unit: Unit, **data: str) -> Any:
    return client.post(_url(unit), {"action": "subscribe", "language": "en", **data})


# Reading ---------------------------------------------------------------------------------


def test_a_viewer_reads_the_update_without_the_subscriber_list(
    client, viewer, owner, objective, cycle, company, marketing
):
    build_scenario(owner, objective, cycle, company, marketing)
    _subscription = updates.do_subscribe(owner, marketing, email="secret@muster.example")
    # when
    response = login(client, viewer).get(_url(marketing))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Two new partners send us their leads" in html
    assert RED_COMMENT in html
    assert RETIRED_REASON in html
    assert "Off track" in html
    assert "secret@muster.example" not in html
    assert "Send now" not in html
    assert 'name="action"' not in html


def test_a_viewer_cannot_add_subscribers(client, viewer, marketing):
    response = _add(login(client, viewer), marketing, email="x@muster.example")
    assert response.status_code == 403
    assert not Subscription.objects.exists()


def test_a_member_who_does_not_lead_cannot_send(client, teammate, marketing):
    response = login(client, teammate).post(_url(marketing), {"action": "send"})
    assert response.status_code == 403


def test_another_organizations_unit_is_not_found(client, outsider, marketing):
    assert login(client, outsider).get(_url(marketing)).status_code == 404
    assert client.post(_url(marketing), {"action": "send"}).status_code == 404


def test_anonymous_is_sent_to_login(client, marketing):
    response = client.get(_url(marketing))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_earlier_week_is_shown_on_request(client, owner, objective, cycle, company, marketing):
    build_scenario(owner, objective, cycle, company, marketing)
    monday = updates.week_of(timezone.localdate()) - dt.timedelta(days=7)
    # when
    response = login(client, owner).get(_url(marketing), {"week": monday.isoformat()})
    # then
    html = response.content.decode()
    assert f"week {monday.isocalendar().week}" in html
    assert "Halfway" in html
    assert RED_COMMENT not in html
    assert "Next week" in html


def test_a_bad_week_shows_this_week(client, owner, marketing):
    response = login(client, owner).get(_url(marketing), {"week": "2020-13-45"})
    week = updates.week_of(timezone.localdate()).isocalendar().week
    assert response.status_code == 200
    assert f"week {week}" in response.content.decode()


# Managing subscribers --------------------------------------------------------------------


def test_a_lead_adds_a_subscriber_without_a_login(client, lead, marketing):
    # when
    response = _add(login(client, lead), marketing, email="Board@Muster.example", name="Board")
    # then
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.name, subscription.language) == (
        "board@muster.example",
        "Board",
        "en",
    )
    assert subscription.organization_id == marketing.organization_id
    assert subscription.created_by == lead
    page = client.get(_url(marketing)).content.decode()
    assert "board@muster.example now gets the weekly update." in page
    assert "Send now" in page


def test_a_lead_of_a_unit_above_manages_the_unit_below(client, org, company, marketing):
    boss = org_actions.do_create_person(
        None, organization=org, email="boss@muster.example", name="Boss", role=Role.MEMBER
    )
    org_actions.do_set_membership(None, unit=company, person=boss, role=MembershipRole.LEAD)
    response = _add(login(client, boss), marketing, email="board@muster.example")
    assert response.status_code == 302
    assert Subscription.objects.filter(unit=marketing).exists()


def test_a_lead_of_a_unit_below_cannot_manage_the_unit_above(client, lead, company):
    response = _add(login(client, lead), company, email="board@muster.example")
    assert response.status_code == 403
    assert "Send now" not in client.get(_url(company)).content.decode()


def test_a_bad_email_is_refused_with_a_clear_error(client, owner, marketing):
    response = _add(login(client, owner), marketing, email="not-an-address")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a complete email address, like name@example.com." in html
    assert not Subscription.objects.exists()


def test_a_duplicate_email_is_refused_with_a_clear_error(client, owner, marketing):
    updates.do_subscribe(owner, marketing, email="board@muster.example")
    response = _add(login(client, owner), marketing, email="BOARD@muster.example")
    assert "This address gets this unit’s update already." in response.content.decode()
    assert Subscription.objects.count() == 1


def test_a_bad_language_is_refused(client, owner, marketing):
    response = _add(login(client, owner), marketing, email="a@muster.example", language="fr")
    assert "Choose German or English." in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_lead_removes_a_subscriber(client, owner, lead, marketing):
    subscription = updates.do_subscribe(owner, marketing, email="board@muster.example")
    response = login(client, lead).post(
        _url(marketing), {"action": "unsubscribe", "subscription": subscription.pk}
    )
    assert response.status_code == 302
    assert not Subscription.objects.exists()


def test_a_subscriber_of_another_unit_cannot_be_removed_through_this_one(
    client, owner, lead, company, marketing
):
    other = updates.do_subscribe(owner, company, email="board@muster.example")
    response = login(client, lead).post(
        _url(marketing), {"action": "unsubscribe", "subscription": other.pk}
    )
    assert response.status_code == 404
    assert Subscription.objects.filter(pk=other.pk).exists()


def test_send_now_mails_every_subscriber(
    client, settings, smtp_server, owner, objective, cycle, company, marketing
):
    settings.TASKS = IMMEDIATE_TASKS
    build_scenario(owner, objective, cycle, company, marketing)
    updates.do_subscribe(owner, marketing, email="board@muster.example", language="en")
    updates.do_subscribe(owner, marketing, email="cfo@muster.example", language="de")
    # when
    response = login(client, owner).post(_url(marketing), {"action": "send"}, follow=True)
    # then
    assert "The update is on its way to 2 subscribers." in response.content.decode()
    messages = smtp_server.wait_for(2)
    assert sorted(str(m["To"]) for m in messages) == [
        "board@muster.example",
        "cfo@muster.example",
    ]
    assert RED_COMMENT in text_part(smtp_server.to("board@muster.example")[0])
    assert UpdateSent.objects.filter(on_demand=True).count() == 2
    # the weekly one still goes out
    assert updates.send_weekly_updates.call() == 2


def test_send_now_without_subscribers_says_so(client, owner, marketing):
    response = login(client, owner).post(_url(marketing), {"action": "send"}, follow=True)
    assert "Nobody gets this update yet: add a subscriber first." in response.content.decode()


def test_an_unknown_action_is_a_bad_request(client, owner, marketing):
    response = login(client, owner).post(_url(marketing), {"action": "explode"})
    assert response.status_code == 400


# The public page -------------------------------------------------------------------------


def test_the_public_page_shows_the_update_without_a_login(
    client, owner, objective, cycle, company, marketing
):
    build_scenario(owner, objective, cycle, company, marketing)
    subscription = updates.do_subscribe(owner, company, email="board@muster.example", language="en")
    # when
    response = client.get(reverse("public_update", args=[subscription.token]))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert RED_COMMENT in html and RETIRED_REASON in html
    assert "Unsubscribe" in html
    # nothing else of Kurs: no links into objectives or units, no navigation
    assert reverse("objective_detail", args=[objective.pk]) not in html
    assert reverse("unit_detail", args=[company.pk]) not in html
    assert reverse("my_okrs") + '"' not in html.split("</header>")[1]
    assert response["Cache-Control"] == "private, no-store"


def test_the_public_page_speaks_the_subscribers_language(client, owner, objective, marketing):
    actions.do_check_in(owner, objective.key_results.get(), value=13, comment="langsam")
    subscription = updates.do_subscribe(owner, marketing, email="cfo@muster.example", language="de")
    html = client.get(reverse("public_update", args=[subscription.token])).content.decode()
    assert "Im Plan" in html or "Gefährdet" in html or "Kritisch" in html
    assert 'lang="de"' in html


def test_unsubscribing_from_the_public_page(client, owner, marketing):
    subscription = updates.do_subscribe(owner, marketing, email="board@muster.example")
    url = reverse("public_update", args=[subscription.token])
    # when
    response = client.post(url, {"action": "unsubscribe"})
    # then
    assert response.status_code == 200
    assert "You will no longer get the weekly update of Marketing." in response.content.decode()
    assert not Subscription.objects.exists()
    assert client.get(url).status_code == 404


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(reverse("public_update", args=["no-such-token"])).status_code == 404
    assert client.post(reverse("public_update", args=["no-such-token"])).status_code == 404


# Query budgets ---------------------------------------------------------------------------


def _grow(owner: User, cycle, unit: Unit, first: int, count: int) -> None:
    for number in range(first, first + count):
        team = org_actions.do_create_unit(owner, name=f"Team {number}", parent=unit)
        objective = actions.do_create_objective(
            owner, cycle=cycle, unit=team, owner=owner, title=f"Objective {number}"
        )
        key_result = actions.do_create_key_result(
            owner, objective, title=f"KR {number}", start=0, target=10
        )
        actions.do_check_in(owner, key_result, value=2, comment="moving")
        updates.do_subscribe(owner, unit, email=f"reader{number}@muster.example")


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_pages_read_a_fixed_number_of_queries(client, owner, cycle, company):
    login(client, owner)
    _grow(owner, cycle, company, 0, 2)
    token = Subscription.objects.first().token  # type: ignore[union-attr]
    small = (_count(client, _url(company)), _count(client, f"/updates/{token}/"))
    _grow(owner, cycle, company, 2, 12)
    large = (_count(client, _url(company)), _count(client, f"/updates/{token}/"))
    assert small == large
    assert large[0] <= 12 and large[1] <= 9
