"""The OKR pages as a person uses them: what they see, what they may change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kurs.conftest import login
from kurs.goals import actions
from kurs.goals.models import AuditEvent, CheckIn, KeyResult, Objective

pytestmark = pytest.mark.django_db


def test_login_page_in_german_for_german_browser(client):
    # when
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    # then
    assert response.status_code == 200
    assert "Bei Kurs anmelden" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("my_okrs"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_my_okrs_shows_my_objective_with_progress_and_status(client, teammate, objective):
    # given
    key_result = objective.key_results.get()
    actions.do_check_in(teammate, key_result, value=16, comment="Webinar leads convert well")
    # when
    response = login(client, teammate).get(reverse("my_okrs"))
    # then
    html = response.content.decode()
    assert "Make our leads noticeably better" in html
    assert "50%" in html  # (16 - 12) / (20 - 12)
    assert "badge-green" in html or "badge-yellow" in html


def test_status_colour_changes_after_check_in(client, teammate, objective):
    # given: halfway through the cycle, no check-in yet
    login(client, teammate)
    url = reverse("objective_detail", args=[objective.pk])
    assert "Not started" in client.get(url).content.decode()
    # when: the owner reports almost no progress
    actions.do_check_in(teammate, objective.key_results.get(), value=12.5)
    # then: far behind the expected pace -> red
    html = client.get(url).content.decode()
    assert "Off track" in html
    assert "badge-red" in html


def test_unit_page_lists_objectives_and_offers_creation_to_members(
    client, teammate, objective, marketing
):
    response = login(client, teammate).get(reverse("unit_detail", args=[marketing.pk]))
    html = response.content.decode()
    assert objective.title in html
    assert reverse("objective_create") in html


def test_viewer_sees_no_edit_buttons_and_gets_403_on_forms(client, viewer, objective):
    login(client, viewer)
    html = client.get(reverse("objective_detail", args=[objective.pk])).content.decode()
    assert reverse("objective_edit", args=[objective.pk]) not in html
    assert client.get(reverse("objective_edit", args=[objective.pk])).status_code == 403


def test_other_organization_objective_is_404(client, outsider, objective):
    login(client, outsider)
    for name in ("objective_detail", "objective_edit", "objective_retire", "tree_children"):
        assert client.get(reverse(name, args=[objective.pk])).status_code == 404
    key_result = objective.key_results.get()
    assert client.get(reverse("key_result_detail", args=[key_result.pk])).status_code == 404


def test_create_objective_and_key_results_through_forms(client, teammate, cycle, marketing):
    login(client, teammate)
    # when
    response = client.post(
        f"{reverse('objective_create')}?unit={marketing.pk}&cycle={cycle.pk}",
        {
            "title": "Become the first choice for mid-sized machine builders",
            "description": "",
            "unit": marketing.pk,
            "owner": teammate.pk,
            "cycle": cycle.pk,
            "kind": "aspirational",
            "origin": "bottom_up",
        },
    )
    # then
    objective = Objective.objects.get(title__startswith="Become the first choice")
    assert response.status_code == 302
    assert response["Location"] == reverse("key_result_create", args=[objective.pk])
    response = client.post(
        reverse("key_result_create", args=[objective.pk]),
        {
            "title": "Raise qualified demos from 10 to 25",
            "owner": teammate.pk,
            "metric": "increase",
            "start": "10",
            "target": "25",
            "weight": "1",
        },
    )
    assert response.status_code == 302
    assert objective.key_results.count() == 1


def test_key_result_form_explains_target_equal_to_start_in_german(client, teammate, objective):
    # given
    teammate.language = "de"
    teammate.save()
    login(client, teammate)
    before = KeyResult.objects.count()
    # when
    response = client.post(
        reverse("key_result_create", args=[objective.pk]),
        {
            "title": "Angebote steigern",
            "owner": teammate.pk,
            "metric": "increase",
            "start": "5",
            "target": "5",
            "weight": "1",
        },
    )
    # then
    assert response.status_code == 200
    assert "Der Zielwert muss sich vom Startwert unterscheiden." in response.content.decode()
    assert KeyResult.objects.count() == before


def test_check_in_page_saves_all_rows_or_none(client, teammate, objective):
    # given
    key_result = objective.key_results.get()
    second = actions.do_create_key_result(
        teammate,
        objective,
        title="Cut reply time from 48 to 24 hours",
        metric="decrease",
        start=48,
        target=24,
    )
    login(client, teammate)
    page = client.get(reverse("check_in"))
    assert key_result.title in page.content.decode()
    # when: one row is invalid
    response = client.post(
        reverse("check_in"),
        {
            f"kr{key_result.pk}-value": "15",
            f"kr{second.pk}-value": "40",
            f"kr{second.pk}-confidence": "11",
        },
    )
    # then: nothing saved, the row says why
    assert response.status_code == 200
    assert CheckIn.objects.count() == 0
    assert "Ensure this value is less than or equal to 10." in response.content.decode()
    # when: corrected
    response = client.post(
        reverse("check_in"),
        {
            f"kr{key_result.pk}-value": "15",
            f"kr{key_result.pk}-comment": "Good month",
            f"kr{second.pk}-value": "40",
            f"kr{second.pk}-confidence": "7",
        },
    )
    assert response.status_code == 302
    assert CheckIn.objects.count() == 2
    key_result.refresh_from_db()
    assert key_result.current == 15


def test_retire_key_result_takes_it_out_of_progress_but_keeps_it_visible(
    client, teammate, objective
):
    # given
    done = objective.key_results.get()
    actions.do_check_in(teammate, done, value=20)
    stuck = actions.do_create_key_result(
        teammate, objective, title="Win 3 trade-fair leads", start=0, target=3
    )
    login(client, teammate)
    # when
    response = client.post(
        reverse("key_result_retire", args=[stuck.pk]), {"reason": "Trade fair cancelled"}
    )
    # then
    assert response.status_code == 302
    objective = Objective.objects.with_scoring().get(pk=objective.pk)
    assert objective.progress == 1.0
    html = client.get(reverse("objective_detail", args=[objective.pk])).content.decode()
    assert "Win 3 trade-fair leads" in html
    assert "Trade fair cancelled" in html


def test_history_shows_who_changed_what(client, owner, teammate, objective):
    actions.do_update_objective(owner, objective, title="Make our leads clearly better")
    html = (
        login(client, teammate)
        .get(reverse("objective_detail", args=[objective.pk]))
        .content.decode()
    )
    assert "Alice Admin" in html
    assert "Make our leads noticeably better" in html  # the old title
    assert AuditEvent.objects.filter(objective=objective, verb="updated").exists()


def test_key_result_page_draws_history_with_pace_line(client, teammate, objective):
    key_result = objective.key_results.get()
    actions.do_check_in(teammate, key_result, value=14, at=timezone.now() - dt.timedelta(days=14))
    actions.do_check_in(teammate, key_result, value=15)
    html = (
        login(client, teammate)
        .get(reverse("key_result_detail", args=[key_result.pk]))
        .content.decode()
    )
    assert 'class="pace"' in html
    assert 'class="series"' in html
    assert html.count('class="point"') == 2


def test_alignment_tree_loads_children_on_demand(
    client, owner, teammate, objective, cycle, company
):
    # given: a company objective that the marketing objective supports
    top = actions.do_create_objective(
        owner, cycle=cycle, unit=company, owner=owner, title="Grow profitably in the Mittelstand"
    )
    actions.do_update_objective(owner, objective, parents=[("objective", top.pk)])
    login(client, teammate)
    # when
    page = client.get(reverse("alignment_tree")).content.decode()
    children = client.get(reverse("tree_children", args=[top.pk]), HTTP_HX_REQUEST="true")
    # then
    assert top.title in page
    assert objective.title not in page  # not loaded until opened
    assert objective.title in children.content.decode()


def test_language_switch_is_remembered_on_the_account(client, teammate):
    login(client, teammate)
    client.post(reverse("set_language"), {"language": "de", "next": reverse("my_okrs")})
    teammate.refresh_from_db()
    assert teammate.language == "de"
    html = client.get(reverse("my_okrs"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Meine OKRs" in html


def test_replace_objective_links_both_ways_and_keeps_the_old_one(
    client, teammate, objective, cycle, marketing
):
    # given
    new = actions.do_create_objective(
        teammate, cycle=cycle, unit=marketing, owner=teammate, title="Win customers by webinar"
    )
    login(client, teammate)
    # when: an empty reason is refused, a real one accepted
    refused = client.post(reverse("objective_retire", args=[objective.pk]), {"reason": " "})
    response = client.post(
        reverse("objective_retire", args=[objective.pk]),
        {"reason": "Trade fairs cancelled this year", "replacement": new.pk},
    )
    # then
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert response.status_code == 302
    old_page = client.get(reverse("objective_detail", args=[objective.pk])).content.decode()
    new_page = client.get(reverse("objective_detail", args=[new.pk])).content.decode()
    assert "Trade fairs cancelled this year" in old_page
    assert "Win customers by webinar" in old_page
    assert objective.title in new_page  # "Replaces …"
    unit_page = client.get(reverse("unit_detail", args=[marketing.pk])).content.decode()
    assert objective.title in unit_page  # still visible, marked retired


def test_history_shows_choice_labels_not_stored_codes(client, owner, teammate, objective):
    actions.do_update_objective(owner, objective, origin="top_down")
    html = (
        login(client, teammate)
        .get(reverse("objective_detail", args=[objective.pk]))
        .content.decode()
    )
    assert "Bottom-up</del> → Top-down" in html
    assert "bottom_up" not in html


def test_objective_form_offers_sibling_units_for_cross_team_alignment(
    client, owner, teammate, cycle, company, marketing
):
    # given: Vertrieb beside Marketing, with an objective and a key result
    from kurs.orgs.actions import do_create_unit

    sales = do_create_unit(owner, name="Vertrieb", parent=company)
    sales_goal = actions.do_create_objective(
        owner, cycle=cycle, unit=sales, owner=owner, title="Expand in the Mittelstand"
    )
    # when
    html = (
        login(client, teammate)
        .get(f"{reverse('objective_create')}?unit={marketing.pk}&cycle={cycle.pk}")
        .content.decode()
    )
    # then
    assert f'value="objective:{sales_goal.pk}"' in html


def test_overdue_actions_are_marked(client, teammate, objective):
    actions.do_create_initiative(
        teammate, objective, title="Send the mailing", due=dt.date.today() - dt.timedelta(days=3)
    )
    html = (
        login(client, teammate)
        .get(reverse("objective_detail", args=[objective.pk]))
        .content.decode()
    )
    assert "overdue since" in html


def test_german_decimal_comma_in_check_in_and_forms(client, teammate, objective):
    # given
    teammate.language = "de"
    teammate.save()
    key_result = objective.key_results.get()
    login(client, teammate)
    # when
    response = client.post(reverse("check_in"), {f"kr{key_result.pk}-value": "12,5"})
    # then: 12.5, not 125
    assert response.status_code == 302
    key_result.refresh_from_db()
    assert key_result.current == 12.5
    # and the edit form shows values the German way
    actions.do_update_key_result(teammate, key_result, start=10.5)
    html = client.get(reverse("key_result_edit", args=[key_result.pk])).content.decode()
    assert 'value="10,5"' in html
    assert 'inputmode="decimal"' in html
