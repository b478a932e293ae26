"""The strategy document pages as people use them: reading, writing, signing off."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurs.conftest import login
from kurs.goals import actions as goal_actions
from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole
from kurs.strategy import actions, selectors
from kurs.strategy.models import (
    Acceptance,
    AcceptanceState,
    DocumentVersion,
    ItemState,
    StrategyDocument,
    StrategyItem,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(owner):
    today = timezone.localdate()
    actions.do_set_frameworks(owner, owner.organization, "both")
    return actions.do_create_period(
        owner,
        name="This year",
        start=today - dt.timedelta(days=100),
        end=today + dt.timedelta(days=265),
    )


@pytest.fixture
def company_doc(owner, company, period):
    return actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        statement="Become the partner the Mittelstand trusts",
        items=[
            {"section": "values", "title": "Trust"},
            {"section": "methods", "title": "Win the Mittelstand"},
            {"section": "methods", "title": "Service first", "status_override": "off_track"},
            {"section": "obstacles", "title": "Slow quotes"},
            {"section": "measures", "title": "Revenue", "start": 10, "target": 20},
        ],
    )


@pytest.fixture
def lead(org, marketing):
    """The lead of Marketing: writes Marketing's document."""
    user = org_actions.do_create_person(
        None,
        organization=org,
        email="lena@muster.example",
        name="Lena Lead",
        role="member",
        password="x-irrelevant-x",
    )
    org_actions.do_set_membership(None, unit=marketing, person=user, role=MembershipRole.LEAD)
    return user


@pytest.fixture
def marketing_doc(owner, marketing, company_doc, period):
    return actions.do_create_document(
        owner, period=period, framework="v2mom", unit=marketing, statement="Leads that convert"
    )


def _html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


# Creating documents -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("framework", "labels"),
    [("v2mom", ["Vision", "Values", "Methods"]), ("mspot", ["Mission", "Strategy", "Plays"])],
)
def test_create_document_via_the_form(client, owner, company, period, framework, labels):
    # given
    login(client, owner)
    url = reverse("strategy_create")
    form = client.get(f"{url}?framework={framework}")
    assert f'value="{framework}" selected' in _html(form)
    # when
    response = client.post(
        url,
        {
            "period": period.pk,
            "framework": framework,
            "holder": f"unit:{company.pk}",
            "statement": "Be the best",
            "strategy": "Focus on the Mittelstand",
        },
    )
    # then
    document = StrategyDocument.objects.get(framework=framework)
    assert response.status_code == 302
    assert response["Location"] == reverse("strategy_detail", args=[document.pk])
    assert document.unit == company and document.statement == "Be the best"
    assert document.strategy == ("Focus on the Mittelstand" if framework == "mspot" else "")
    html = _html(client.get(response["Location"]))
    for label in labels:
        assert label in html


def test_personal_document_and_field_errors(client, teammate, marketing, period, company_doc):
    # given: a member who leads no unit may only write a personal document
    login(client, teammate)
    html = _html(client.get(reverse("strategy_create") + "?personal=1"))
    assert "My personal document" in html
    assert f'value="unit:{marketing.pk}"' not in html
    # when: a unit they do not lead is forced into the form
    response = client.post(
        reverse("strategy_create"),
        {"period": period.pk, "framework": "v2mom", "holder": f"unit:{marketing.pk}"},
    )
    # then
    assert "Select a valid choice" in _html(response)
    assert not StrategyDocument.objects.filter(unit=marketing).exists()
    # when: the personal document
    response = client.post(
        reverse("strategy_create"),
        {"period": period.pk, "framework": "v2mom", "holder": "personal", "statement": "Mine"},
    )
    # then: it derives from the company document (the person's unit has none)
    document = StrategyDocument.objects.get(person=teammate)
    assert response["Location"] == reverse("strategy_detail", args=[document.pk])
    # and a second one for the same period and framework is refused on the field
    again = client.post(
        reverse("strategy_create"),
        {"period": period.pk, "framework": "v2mom", "holder": "personal"},
    )
    assert "has a V2MOM for This year already" in _html(again)
    assert StrategyDocument.objects.filter(person=teammate).count() == 1


# Reading -------------------------------------------------------------------------------


def test_document_page_shows_sections_in_order_with_ranks_colours_and_parent(
    client, owner, company_doc, marketing_doc
):
    # given
    method = company_doc.items.get(title="Win the Mittelstand")
    actions.do_add_item(owner, marketing_doc, section="methods", title="Webinars", supports=method)
    actions.do_add_item(owner, marketing_doc, section="methods", title="Art project")
    actions.do_add_item(owner, marketing_doc, section="values", title="Curiosity")
    # when
    login(client, owner)
    html = _html(client.get(reverse("strategy_detail", args=[marketing_doc.pk])))
    # then: sections in V2MOM order, items ranked
    positions = [html.index(f'id="section-{s}-h"') for s in ("values", "methods", "obstacles")]
    assert positions == sorted(positions)
    assert html.index("Webinars") < html.index("Art project")
    assert "Win the Mittelstand" in html  # supported item and the parent column
    assert "supports nothing above" in html
    # the parent's vision beside the document
    assert "The level above" in html
    assert "Become the partner the Mittelstand trusts" in html
    assert "Leads that convert" in html
    assert "Derived from" in html
    # links to the other views of the document
    for name in ("strategy_history", "strategy_meeting", "strategy_pdf", "strategy_pptx"):
        assert reverse(name, args=[marketing_doc.pk]) in html


def test_colours_counts_and_flags_on_the_company_document(client, owner, company_doc):
    login(client, owner)
    html = _html(client.get(reverse("strategy_detail", args=[company_doc.pk])))
    # the hand-set red method
    assert "badge-red" in html and "set by hand" in html
    # methods without sign-off and resources are flagged
    assert "acceptance missing" in html and "resources missing" in html
    # measures show start → current → target
    assert "Revenue" in html and "Target" in html
    # counts: one red (by hand), the rest grey
    assert "doc-counts" in html


def test_measure_fed_by_key_result_says_so(client, owner, period, company_doc, objective):
    key_result = objective.key_results.get()
    item = company_doc.items.get(title="Revenue")
    actions.do_update_item(owner, item, key_result=key_result)
    html = _html(login(client, owner).get(reverse("strategy_detail", args=[company_doc.pk])))
    assert "Follows key result" in html and key_result.title in html


def test_viewer_reads_but_sees_no_edit_buttons_and_gets_403(client, viewer, company_doc):
    login(client, viewer)
    item = company_doc.items.get(title="Trust")
    html = _html(client.get(reverse("strategy_detail", args=[company_doc.pk])))
    assert "Become the partner" in html
    assert reverse("strategy_item_edit", args=[item.pk]) not in html
    assert reverse("strategy_edit", args=[company_doc.pk]) not in html
    before = DocumentVersion.objects.count()
    for url, data in [
        (reverse("strategy_edit", args=[company_doc.pk]), {"statement": "Hacked"}),
        (
            reverse("strategy_item_create", args=[company_doc.pk]) + "?section=values",
            {"title": "X"},
        ),
        (reverse("strategy_item_edit", args=[item.pk]), {"title": "X"}),
        (reverse("strategy_item_delete", args=[item.pk]), {}),
        (reverse("strategy_item_move", args=[item.pk]), {"direction": "down"}),
        (reverse("strategy_delete", args=[company_doc.pk]), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("strategy_create")).status_code == 403
    assert DocumentVersion.objects.count() == before
    company_doc.refresh_from_db()
    assert company_doc.statement == "Become the partner the Mittelstand trusts"


def test_other_organization_gets_404(client, outsider, company_doc):
    login(client, outsider)
    item = company_doc.items.get(title="Trust")
    assert client.get(reverse("strategy_detail", args=[company_doc.pk])).status_code == 404
    assert client.get(reverse("strategy_edit", args=[company_doc.pk])).status_code == 404
    assert client.get(reverse("strategy_item_edit", args=[item.pk])).status_code == 404
    assert client.post(reverse("strategy_item_delete", args=[item.pk])).status_code == 404
    assert client.post(reverse("strategy_item_move", args=[item.pk])).status_code == 404
    assert StrategyItem.objects.filter(pk=item.pk).exists()


def test_page_renders_in_german(client, owner, company_doc):
    login(client, owner)
    response = client.get(
        reverse("strategy_detail", args=[company_doc.pk]), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9"
    )
    html = _html(response)
    assert '<html lang="de">' in html
    assert "Win the Mittelstand" in html


# Writing items -------------------------------------------------------------------------


def test_item_create_edit_replace_delete_and_move(client, owner, company_doc):
    login(client, owner)
    create = reverse("strategy_item_create", args=[company_doc.pk])
    # create a measure with German decimal commas
    with_comma = client.post(
        create + "?section=measures",
        {"title": "Margin", "start": "12,5", "target": "15,25", "unit_label": "%"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert with_comma.status_code == 302
    margin = company_doc.items.get(title="Margin")
    assert (margin.start, margin.target) == (12.5, 15.25)
    # create a method with "start at the end" fields
    response = client.post(
        create + "?section=methods",
        {
            "title": "Partner programme",
            "picture_of_success": "Ten partners sell our product",
            "budget": "25000",
            "people_needed": "1.5",
        },
    )
    method = company_doc.items.get(title="Partner programme")
    assert response["Location"].endswith(f"#item-{method.pk}")
    assert method.position == 3 and method.people_needed == 1.5
    # edit
    client.post(
        reverse("strategy_item_edit", args=[method.pk]),
        {"title": "Partner programme 2.0", "status_override": "at_risk"},
    )
    method.refresh_from_db()
    assert method.title == "Partner programme 2.0" and method.status_override == "at_risk"
    # move up: it takes rank 2
    client.post(reverse("strategy_item_move", args=[method.pk]), {"direction": "up"})
    ranks = list(
        company_doc.items.filter(section="methods", state="active")
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert ranks == ["Win the Mittelstand", "Partner programme 2.0", "Service first"]
    # replace: the new one takes the rank, the old one stays greyed with its reason
    client.post(
        reverse("strategy_item_replace", args=[method.pk]),
        {"replaced_reason": "No partners found", "title": "Direct sales"},
    )
    method.refresh_from_db()
    new = company_doc.items.get(title="Direct sales")
    assert method.state == ItemState.REPLACED and method.replaced_by == new
    assert new.position == 2
    html = _html(client.get(reverse("strategy_detail", args=[company_doc.pk])))
    assert "No partners found" in html and "<del>Partner programme 2.0</del>" in html
    # delete asks first, then deletes on POST
    delete = reverse("strategy_item_delete", args=[new.pk])
    assert "Delete “Direct sales”?" in _html(client.get(delete))
    assert StrategyItem.objects.filter(pk=new.pk).exists()
    client.post(delete)
    assert not StrategyItem.objects.filter(pk=new.pk).exists()


def test_item_form_shows_only_the_sections_fields(client, owner, company_doc):
    login(client, owner)
    create = reverse("strategy_item_create", args=[company_doc.pk])
    values = _html(client.get(create + "?section=values"))
    assert 'name="title"' in values and 'name="target"' not in values
    obstacles = _html(client.get(create + "?section=obstacles"))
    assert 'name="owner"' in obstacles and 'name="method"' in obstacles
    assert "Win the Mittelstand" in obstacles
    measures = _html(client.get(create + "?section=measures"))
    assert 'name="key_result"' in measures and 'name="supports"' not in measures
    assert client.get(create + "?section=plays").status_code == 404


@pytest.mark.parametrize(
    ("section", "data", "field", "message"),
    [
        ("values", {"title": "  "}, "title", "Enter a title."),
        ("measures", {"title": "Revenue", "start": "5", "target": "5"}, "target", "differ"),
        ("measures", {"title": "Revenue", "start": "5", "target": "zehn"}, "target", "number"),
    ],
)
def test_field_errors_and_nothing_written(
    client, owner, company_doc, section, data, field, message
):
    login(client, owner)
    before = (StrategyItem.objects.count(), DocumentVersion.objects.count())
    response = client.post(
        reverse("strategy_item_create", args=[company_doc.pk]) + f"?section={section}", data
    )
    html = _html(response)
    assert f'data-field="{field}"' in html
    error = html[html.index(f'data-field="{field}"') :]
    assert message in error[: error.index("</div>")]
    assert (StrategyItem.objects.count(), DocumentVersion.objects.count()) == before


def test_supports_from_a_foreign_document_is_refused(
    client, owner, company_doc, marketing_doc, period, teammate
):
    # given: an item that is not in the parent document (another personal document)
    personal = actions.do_create_document(
        teammate, period=period, framework="v2mom", person=teammate
    )
    foreign = actions.do_add_item(teammate, personal, section="methods", title="Mine")
    login(client, owner)
    before = StrategyItem.objects.count()
    # when
    response = client.post(
        reverse("strategy_item_create", args=[marketing_doc.pk]) + "?section=methods",
        {"title": "Webinars", "supports": foreign.pk},
    )
    # then
    html = _html(response)
    assert "Choose a method or play of the document this one derives from." in html
    assert StrategyItem.objects.count() == before


def test_linking_objectives_from_the_item_form(client, owner, company_doc, objective):
    login(client, owner)
    method = company_doc.items.get(title="Win the Mittelstand")
    form = _html(client.get(reverse("strategy_item_edit", args=[method.pk])))
    assert objective.title in form
    client.post(
        reverse("strategy_item_edit", args=[method.pk]),
        {"title": method.title, "objectives": [objective.pk]},
    )
    assert list(method.objectives.all()) == [objective]
    html = _html(client.get(reverse("strategy_detail", args=[company_doc.pk])))
    assert reverse("objective_detail", args=[objective.pk]) in html


def test_edit_texts_and_unit_lead_may_edit(client, lead, marketing_doc, company_doc):
    login(client, lead)
    assert client.get(reverse("strategy_edit", args=[company_doc.pk])).status_code == 403
    response = client.post(
        reverse("strategy_edit", args=[marketing_doc.pk]), {"statement": "Leads that delight"}
    )
    assert response.status_code == 302
    marketing_doc.refresh_from_db()
    assert marketing_doc.statement == "Leads that delight"


# Acceptance -----------------------------------------------------------------------------


def test_acceptance_request_decide_and_withdraw(client, owner, lead, marketing, company_doc):
    method = company_doc.items.get(title="Win the Mittelstand")
    # the admin asks Marketing (its lead signs off) for acceptance
    login(client, owner)
    page = reverse("strategy_item_acceptance", args=[method.pk])
    assert "Marketing" in _html(client.get(page))
    client.post(page, {"party": f"unit:{marketing.pk}"})
    acceptance = Acceptance.objects.get(item=method)
    assert acceptance.unit == marketing and acceptance.state == AcceptanceState.PENDING
    # asking twice is an error on the field
    assert "is asked already" in _html(client.post(page, {"party": f"unit:{marketing.pk}"}))
    # the lead sees the pending sign-off on the document page
    client.logout()
    login(client, lead)
    html = _html(client.get(reverse("strategy_detail", args=[company_doc.pk])))
    assert "Waiting for your sign-off" in html
    assert reverse("acceptance_decide", args=[acceptance.pk]) in html
    # and accepts it with a comment
    client.post(
        reverse("acceptance_decide", args=[acceptance.pk]),
        {"decision": "accept", "comment": "We are in"},
    )
    acceptance.refresh_from_db()
    assert acceptance.state == AcceptanceState.ACCEPTED and acceptance.comment == "We are in"
    html = _html(client.get(reverse("strategy_detail", args=[company_doc.pk])))
    assert "Waiting for your sign-off" not in html and "Accepted" in html
    # the lead may not withdraw it (they do not edit the company document)
    assert client.post(reverse("acceptance_withdraw", args=[acceptance.pk])).status_code == 403
    # the editor may withdraw a request still waiting, but a decision stays on record
    client.logout()
    login(client, owner)
    waiting = actions.do_request_acceptance(owner, item=method, person=owner)
    page = _html(client.get(reverse("strategy_detail", args=[company_doc.pk])))
    assert reverse("acceptance_withdraw", args=[waiting.pk]) in page
    assert reverse("acceptance_withdraw", args=[acceptance.pk]) not in page
    client.post(reverse("acceptance_withdraw", args=[waiting.pk]))
    response = client.post(reverse("acceptance_withdraw", args=[acceptance.pk]), follow=True)
    assert not Acceptance.objects.filter(pk=waiting.pk).exists()
    assert Acceptance.objects.filter(pk=acceptance.pk).exists()
    assert "A decision stays on record" in _html(response)


def test_only_the_person_asked_may_decide(client, owner, teammate, viewer, company_doc):
    method = company_doc.items.get(title="Win the Mittelstand")
    acceptance = actions.do_request_acceptance(owner, item=method, person=teammate)
    login(client, viewer)
    url = reverse("acceptance_decide", args=[acceptance.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 403
    client.logout()
    login(client, teammate)
    client.post(url, {"decision": "decline", "comment": "No time"})
    acceptance.refresh_from_db()
    assert acceptance.state == AcceptanceState.DECLINED


def test_acceptance_of_another_organization_is_404(client, outsider, owner, teammate, company_doc):
    method = company_doc.items.get(title="Win the Mittelstand")
    acceptance = actions.do_request_acceptance(owner, item=method, person=teammate)
    login(client, outsider)
    assert client.post(reverse("acceptance_decide", args=[acceptance.pk])).status_code == 404
    assert client.post(reverse("acceptance_withdraw", args=[acceptance.pk])).status_code == 404


# The objective page ---------------------------------------------------------------------


def test_objective_page_shows_strategy_panel_and_links(
    client, owner, teammate, company_doc, objective
):
    method = company_doc.items.get(title="Win the Mittelstand")
    login(client, teammate)  # the objective's owner
    url = reverse("objective_detail", args=[objective.pk])
    panel = reverse("objective_strategy", args=[objective.pk])
    # the objective page shows "start at the end" and loads the rest (or links to it)
    html = _html(client.get(url))
    assert "Start at the end" in html and "resources missing" in html
    assert f'hx-get="{panel}"' in html and f'href="{panel}"' in html
    loaded = _html(client.get(panel, headers={"HX-Request": "true"}))
    assert "<html" not in loaded
    assert "carries no method or play" in loaded and "acceptance missing" in loaded
    assert "Win the Mittelstand" in loaded  # offered for linking
    # link the method it carries
    client.post(panel, {"action": "link", "item": method.pk})
    assert list(method.objectives.all()) == [objective]
    loaded = _html(client.get(panel))
    assert "carries no method or play" not in loaded
    assert reverse("strategy_detail", args=[company_doc.pk]) in loaded
    # ask the admin for acceptance
    assert 'name="party"' in loaded
    client.post(panel, {"action": "request", "party": f"person:{owner.pk}"})
    acceptance = Acceptance.objects.get(objective=objective)
    again = client.post(panel, {"action": "request", "party": f"person:{owner.pk}"})
    assert "is asked already" in _html(again)
    # the admin decides from the panel
    client.logout()
    login(client, owner)
    loaded = _html(client.get(panel, headers={"HX-Request": "true"}))
    assert reverse("acceptance_decide", args=[acceptance.pk]) in loaded
    response = client.post(
        reverse("acceptance_decide", args=[acceptance.pk]), {"decision": "accept"}
    )
    assert response["Location"] == url + "#strategy"
    acceptance.refresh_from_db()
    assert acceptance.is_accepted
    assert "acceptance missing" not in _html(client.get(panel))
    # unlink
    client.post(panel, {"action": "unlink", "item": method.pk})
    assert not method.objectives.exists()


def test_objective_panel_of_another_organization_is_404(client, outsider, objective):
    login(client, outsider)
    assert client.get(reverse("objective_strategy", args=[objective.pk])).status_code == 404


def test_objective_form_has_start_at_the_end_fields(client, teammate, objective):
    login(client, teammate)
    url = reverse("objective_edit", args=[objective.pk])
    assert "Start at the end" in _html(client.get(url))
    response = client.post(
        url,
        {
            "title": objective.title,
            "unit": objective.unit_id,
            "owner": objective.owner_id,
            "cycle": objective.cycle_id,
            "kind": objective.kind,
            "origin": objective.origin,
            "picture_of_success": "Sales thanks us for every lead",
            "budget": "1.500,50",
            "people_needed": "0,5",
        },
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.picture_of_success == "Sales thanks us for every lead"
    assert float(objective.budget) == 1500.5 and float(objective.people_needed) == 0.5


def test_viewer_cannot_link_objectives(client, viewer, company_doc, objective):
    method = company_doc.items.get(title="Win the Mittelstand")
    login(client, viewer)
    response = client.post(
        reverse("objective_strategy", args=[objective.pk]), {"action": "link", "item": method.pk}
    )
    assert response.status_code == 403
    assert not method.objectives.exists()


# Managing frameworks and periods ----------------------------------------------------------


def test_manage_strategy_frameworks_and_periods(client, owner, teammate):
    login(client, owner)
    url = reverse("manage_strategy")
    client.post(url, {"form": "frameworks", "fw-strategy_frameworks": "mspot"})
    owner.organization.refresh_from_db()
    assert owner.organization.strategy_frameworks == "mspot"
    client.post(
        url,
        {
            "form": "period",
            "period-name": "2031",
            "period-start": "2031-01-01",
            "period-end": "2031-12-31",
        },
    )
    html = _html(client.get(url))
    assert "2031" in html
    # errors name the field: end before start, a name taken
    bad = client.post(
        url,
        {
            "form": "period",
            "period-name": "2031",
            "period-start": "2032-01-01",
            "period-end": "2031-12-31",
        },
    )
    assert "exists already" in _html(bad) or "after the start" in _html(bad)
    # edit
    from kurs.strategy.models import StrategyPeriod

    period = StrategyPeriod.objects.get(name="2031")
    edit = reverse("manage_period_edit", args=[period.pk])
    bad = client.post(edit, {"name": "2031", "start": "2031-06-01", "end": "2031-01-01"})
    assert "The end must be after the start." in _html(bad)
    client.post(edit, {"name": "FY 2031", "start": "2031-01-01", "end": "2031-12-31"})
    period.refresh_from_db()
    assert period.name == "FY 2031"
    # members may not manage
    client.logout()
    login(client, teammate)
    assert client.get(url).status_code == 403


# Query budget -----------------------------------------------------------------------------


def _grow(owner, marketing_doc, company_doc, cycle, size: int, linked: int) -> None:
    parent_methods = list(company_doc.items.filter(section="methods"))
    for n in range(size):
        section = ("values", "methods", "obstacles", "measures")[n % 4]
        fields: dict[str, Any] = {"title": f"Item {n}"}
        if section == "measures":
            fields.update(start=0, target=10, current=n % 10)
        if section == "methods":
            fields["supports"] = parent_methods[n % 2]
            fields["budget"] = 100
        item = actions.do_add_item(owner, marketing_doc, section=section, **fields)
        if section == "methods":
            actions.do_request_acceptance(owner, item=item, person=owner)
            for k in range(linked):
                objective = goal_actions.do_create_objective(
                    owner, cycle=cycle, unit=marketing_doc.unit, owner=owner, title=f"O {n}-{k}"
                )
                actions.do_link_objective(owner, item, objective)
    method = marketing_doc.items.filter(section="methods", state="active").first()
    actions.do_replace_item(owner, method, reason="Gone", title="Replacement")


def test_document_page_query_budget_does_not_grow(
    client, owner, marketing_doc, company_doc, cycle, lead
):
    login(client, lead)
    url = reverse("strategy_detail", args=[marketing_doc.pk])
    client.get(url)
    counts = []
    for size, linked in ((3, 1), (30, 5)):
        _grow(owner, marketing_doc, company_doc, cycle, size, linked)
        with CaptureQueriesContext(connection) as queries:
            html = _html(client.get(url))
        assert "Item 2" in html
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert max(counts) <= 12, counts


def test_replacing_an_omission_keeps_both_reasons_apart(client, owner, company, period):
    document = actions.do_create_document(
        owner,
        period=period,
        framework="mspot",
        unit=company,
        items=[{"section": "omissions", "title": "No trade fairs", "reason": "Too expensive"}],
    )
    omission = document.items.get()
    login(client, owner)
    response = client.post(
        reverse("strategy_item_replace", args=[omission.pk]),
        {
            "replaced_reason": "A cheap regional fair came up",
            "title": "No international trade fairs",
            "reason": "Our customers are in the region",
        },
    )
    assert response.status_code == 302
    omission.refresh_from_db()
    new = omission.replaced_by
    assert new is not None
    assert omission.replaced_reason == "A cheap regional fair came up"
    assert (new.title, new.reason) == (
        "No international trade fairs",
        "Our customers are in the region",
    )
    assert document.versions.count() == 2


def test_values_and_obstacles_have_no_colour_until_someone_sets_one(client, owner, company_doc):
    view = selectors.document_view(company_doc)
    assert view.counts == {"not_started": 2, "on_track": 0, "at_risk": 0, "off_track": 1}
    trust = company_doc.items.get(title="Trust")
    actions.do_update_item(owner, trust, status_override="on_track")
    html = _html(login(client, owner).get(reverse("strategy_detail", args=[company_doc.pk])))
    obstacle = html[html.index("Slow quotes") :]
    obstacle = obstacle[: obstacle.index("</li>")]
    assert "badge" not in obstacle
    assert selectors.document_view(company_doc).counts["on_track"] == 1


def test_a_replacement_starts_from_what_the_old_item_needed(client, owner, company_doc):
    method = company_doc.items.get(title="Win the Mittelstand")
    actions.do_update_item(owner, method, picture_of_success="Ten buyers toast with us")
    obstacle = company_doc.items.get(title="Slow quotes")
    actions.do_update_item(owner, obstacle, method=method)
    login(client, owner)
    form = _html(client.get(reverse("strategy_item_replace", args=[method.pk])))
    assert "Ten buyers toast with us" in form
    assert 'value="Win the Mittelstand"' not in form
    actions.do_replace_item(owner, method, reason="Market gone", title="Win the Nordics")
    obstacle.refresh_from_db()
    assert obstacle.method is not None and obstacle.method.title == "Win the Nordics"
