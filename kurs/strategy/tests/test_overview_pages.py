"""The strategy overview pages as people use them: the cascade, history and diff,
renewal and meeting mode."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurs.conftest import login
from kurs.goals import actions as goal_actions
from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole, Unit
from kurs.strategy import actions, selectors
from kurs.strategy.models import DocumentVersion, Meeting, StrategyDocument, StrategyItem

pytestmark = pytest.mark.django_db


def _this_year() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today - dt.timedelta(days=100), today + dt.timedelta(days=265)


@pytest.fixture
def period(owner):
    actions.do_set_frameworks(owner, owner.organization, "both")
    start, end = _this_year()
    return actions.do_create_period(owner, name="This year", start=start, end=end)


@pytest.fixture
def next_period(owner, period):
    return actions.do_create_period(
        owner,
        name="Next year",
        start=period.end + dt.timedelta(days=1),
        end=period.end + dt.timedelta(days=366),
    )


@pytest.fixture
def top(owner, company, period):
    return actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        statement="Every buyer in the region knows us",
        items=[
            {"section": "values", "title": "Trust"},
            {"section": "methods", "title": "Win the Mittelstand", "status_override": "on_track"},
            {"section": "methods", "title": "Service first", "status_override": "off_track"},
            {"section": "measures", "title": "Revenue", "start": 10, "target": 20},
        ],
    )


@pytest.fixture
def child(owner, marketing, top):
    document = actions.do_create_document(
        owner, period=top.period, framework="v2mom", unit=marketing, statement="Better leads"
    )
    actions.do_add_item(
        owner,
        document,
        section="methods",
        title="Webinars for buyers",
        supports=top.items.get(title="Win the Mittelstand"),
    )
    actions.do_add_item(owner, document, section="methods", title="Redesign the logo")
    return document


def _block(html: str, css_class: str) -> str:
    """The text of the first element with this class (up to its closing div)."""
    match = re.search(rf'class="[^"]*\b{css_class}\b[^"]*">(.*?)</div>', html, re.S)
    assert match, f"no .{css_class} on the page"
    return match.group(1)


# The cascade ------------------------------------------------------------------------------


def test_cascade_shows_the_tree_with_counts_and_gaps(client, owner, teammate, top, child, period):
    # given: Bob's personal document, derived from Marketing's
    mine = actions.do_create_document(teammate, period=period, framework="v2mom", person=teammate)
    assert mine.parent_id == child.pk
    # when
    response = login(client, owner).get(reverse("strategy_cascade"), {"period": period.pk})
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("strategy_detail", args=[top.pk]) in html
    assert reverse("strategy_detail", args=[child.pk]) in html
    # Marketing is nested below the company
    company_at, marketing_at = html.index("Muster GmbH</a>"), html.index("Marketing</a>")
    assert company_at < marketing_at
    assert '<ul class="ov-tree">' in html[company_at:marketing_at]
    # the company's "Service first" is taken up by no document below
    unsupported = _block(html, "ov-gap-unsupported")
    assert "Service first" in unsupported and "Win the Mittelstand" not in unsupported
    # Marketing's logo supports nothing above: an art project, explained on the page
    art = _block(html, "ov-gap-art")
    assert "Redesign the logo" in art and "Webinars for buyers" not in art
    assert "work nobody asked for" in html
    # colour counts with words, not colour alone
    assert "On track" in html and "Off track" in html
    assert "Write a document" in html
    # the personal document is marked as such, below Marketing
    assert html.index("Bob Member</a>") > marketing_at
    assert '<span class="tag">Personal</span>' in html


def test_cascade_lists_objectives_that_serve_nothing(
    client, owner, teammate, period, top, objective, cycle, marketing, monkeypatch
):
    # given: two objectives that carry nothing and support nothing; the page shows one
    goal_actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=teammate, title="Repaint the office"
    )
    monkeypatch.setattr(selectors, "ART_PROJECT_LIMIT", 1)
    # when
    html = login(client, owner).get(reverse("strategy_cascade")).content.decode()
    # then
    assert "Objectives that serve nothing above" in html
    assert reverse("objective_detail", args=[objective.pk]) in html
    assert "and 1 more" in html


def test_cascade_framework_tabs_show_only_the_chosen_framework(client, owner, company, top):
    # given: an MSPOT of the company as well
    actions.do_create_document(
        owner, period=top.period, framework="mspot", unit=company, statement="Our mission"
    )
    client = login(client, owner)
    # when
    v2mom = client.get(reverse("strategy_cascade")).content.decode()
    mspot = client.get(reverse("strategy_cascade"), {"framework": "mspot"}).content.decode()
    # then: both tabs, the V2MOM first
    assert 'aria-label="Framework"' in v2mom
    assert "V2MOM cascade" in v2mom and "Win the Mittelstand" not in mspot
    assert "MSPOT cascade" in mspot
    assert re.search(r'framework=mspot" aria-current="page"', mspot)


def test_cascade_with_one_framework_has_no_tabs(client, owner, top):
    actions.do_set_frameworks(owner, owner.organization, "v2mom")
    html = login(client, owner).get(reverse("strategy_cascade")).content.decode()
    assert 'aria-label="Framework"' not in html
    assert "V2MOM cascade" in html


def test_cascade_never_shows_another_organizations_documents(
    client, owner, top, outsider, other_org
):
    # given: the other organization has a period and a document of its own
    actions.do_set_frameworks(outsider, other_org, "v2mom")
    start, end = _this_year()
    theirs = actions.do_create_period(outsider, name="Their year", start=start, end=end)
    their_top = org_actions.do_create_unit(
        outsider, name="Secret unit", parent=Unit.objects.get(organization=other_org, parent=None)
    )
    actions.do_create_document(
        outsider, period=theirs, framework="v2mom", unit=their_top, statement="Secret vision"
    )
    client = login(client, owner)
    # when
    html = client.get(reverse("strategy_cascade")).content.decode()
    # then
    assert "Secret" not in html and "Their year" not in html
    assert client.get(reverse("strategy_cascade"), {"period": theirs.pk}).status_code == 404
    assert client.get(reverse("strategy_cascade"), {"period": "x"}).status_code == 404


def test_cascade_empty_states(client, owner, teammate):
    # no period yet: the admin is pointed to where periods are made, a member is not
    html = login(client, owner).get(reverse("strategy_cascade")).content.decode()
    assert "There is no strategy period yet." in html
    assert reverse("manage_strategy") in html
    html = login(client, teammate).get(reverse("strategy_cascade")).content.decode()
    assert "There is no strategy period yet." in html
    assert reverse("manage_strategy") not in html
    # a period without documents
    start, end = _this_year()
    actions.do_create_period(owner, name="Empty year", start=start, end=end)
    html = login(client, owner).get(reverse("strategy_cascade")).content.decode()
    assert "There is no V2MOM for Empty year yet." in html


def test_cascade_hides_the_write_button_from_viewers(client, viewer, top):
    html = login(client, viewer).get(reverse("strategy_cascade")).content.decode()
    assert "Write a document" not in html


def _cascade_queries(client, owner, company, period, cycle, size: int) -> int:
    for index in range(size):
        unit = org_actions.do_create_unit(owner, name=f"Team {size}-{index}", parent=company)
        document = actions.do_create_document(
            owner,
            period=period,
            framework="v2mom",
            unit=unit,
            items=[
                {"section": "methods", "title": f"Method {index}"},
                {"section": "values", "title": f"Value {index}"},
                {"section": "measures", "title": f"Measure {index}", "start": 0, "target": 5},
            ],
        )
        assert document.parent_id is not None
        # one objective carries the method, one carries nothing (an art project)
        carrier = goal_actions.do_create_objective(
            owner, cycle=cycle, unit=unit, owner=owner, title=f"Carrier {size}-{index}"
        )
        actions.do_link_objective(owner, document.items.get(section="methods"), carrier)
        goal_actions.do_create_objective(
            owner, cycle=cycle, unit=unit, owner=owner, title=f"Loose {size}-{index}"
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("strategy_cascade"), {"period": period.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="ov-node"') == StrategyDocument.objects.filter(period=period).count()
    assert f"Loose {size}-0" in html
    return len(queries)


def test_cascade_query_count_does_not_grow_with_documents(
    client, owner, company, period, top, cycle
):
    client = login(client, owner)
    small = _cascade_queries(client, owner, company, period, cycle, 2)
    large = _cascade_queries(client, owner, company, period, cycle, 10)
    assert small == large, f"{small} queries for 3 documents, {large} for 13"
    assert small <= 18


# History and diff -------------------------------------------------------------------------


def test_history_lists_versions_in_words_newest_first(client, owner, teammate, top, objective):
    # given
    method = top.items.get(title="Service first")
    actions.do_move_item(owner, method, 1)
    actions.do_link_objective(owner, method, objective)
    actions.do_replace_item(owner, method, reason="Impossible this year", title="Service later")
    actions.do_update_document(owner, top, statement="Every buyer knows and trusts us")
    # when
    response = login(client, teammate).get(reverse("strategy_history", args=[top.pk]))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    expected = [
        "Changed the vision.",
        "Replaced “Service first” in Methods with “Service later”.",
        "The objective “Make our leads noticeably better” now carries “Service first”.",
        "Moved “Service first” to rank 1 in Methods.",
        "Wrote the document.",
    ]
    positions = [html.index(text) for text in expected]
    assert positions == sorted(positions)
    assert "Alice Admin" in html
    assert "?a=4&amp;b=5" in html  # "what changed in version 5"
    assert 'name="a"' in html and 'name="b"' in html


def test_history_of_another_organizations_document_is_404(client, outsider, top):
    response = login(client, outsider).get(reverse("strategy_history", args=[top.pk]))
    assert response.status_code == 404


def _history_queries(client, owner, document, versions: int) -> int:
    item = document.items.get(section="values")
    for index in range(versions):
        if index % 3 == 0:
            actions.do_record_meeting(
                owner,
                document,
                held_on=timezone.localdate(),
                attendees=[owner],
                notes=f"Meeting {index}",
                changed_items=[item],
            )
        else:
            actions.do_update_item(owner, item, title=f"Trust {versions}-{index}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("strategy_history", args=[document.pk]))
    assert response.status_code == 200
    return len(queries)


def test_history_query_count_does_not_grow_with_versions(client, owner, top):
    client = login(client, owner)
    small = _history_queries(client, owner, top, 3)
    large = _history_queries(client, owner, top, 20)
    assert small == large


def test_long_history_is_paginated(client, owner, top):
    item = top.items.get(title="Trust")
    for index in range(35):
        actions.do_update_item(owner, item, title=f"Trust {index}")
    client = login(client, owner)
    first = client.get(reverse("strategy_history", args=[top.pk])).content.decode()
    second = client.get(reverse("strategy_history", args=[top.pk]), {"page": 2}).content.decode()
    assert "Version 36" in first and "Version 1<" not in first
    assert "Page 1 of 2" in first
    assert "Version 1<" in second and "Wrote the document." in second


def test_diff_shows_added_changed_removed_moved_and_words(client, owner, teammate, top):
    # given
    old = top.version
    trust = top.items.get(title="Trust")
    service = top.items.get(title="Service first")
    actions.do_update_document(owner, top, statement="Every buyer in the country trusts us")
    actions.do_add_item(owner, top, section="values", title="Courage")
    actions.do_update_item(owner, trust, description="We keep our word")
    actions.do_update_item(owner, service, status_override="at_risk")
    actions.do_move_item(owner, service, 1)
    actions.do_delete_item(owner, top.items.get(title="Revenue"))
    top.refresh_from_db()
    # when
    response = login(client, teammate).get(
        reverse("strategy_diff", args=[top.pk]), {"a": old, "b": top.version}
    )
    # then
    assert response.status_code == 200
    html = response.content.decode()
    # the vision word by word, with text cues besides the colour
    assert '<del class="ov-del"><span class="ov-sr">[removed: </span>region' in html
    assert "<ins" in html and "[added: </span>country" in html
    assert "knows" in html and "trusts" in html
    # items by section
    values_at, methods_at, measures_at = (
        html.index(">Values</h2>"),
        html.index(">Methods</h2>"),
        html.index(">Measures</h2>"),
    )
    values = html[values_at:methods_at]
    assert "Added" in values and "Courage" in values
    assert "Changed" in values and "Description" in values and "We keep our word" in values
    methods = html[methods_at:measures_at]
    assert "Service first" in methods and "rank 2 → 1" in methods
    assert "Red: needs much more effort" in methods and "Yellow: needs attention" in methods
    assert "Removed" in html[measures_at:] and "Revenue" in html[measures_at:]


def test_diff_reads_old_to_new_whichever_way_round(client, owner, top):
    actions.do_add_item(owner, top, section="values", title="Courage")
    top.refresh_from_db()
    response = login(client, owner).get(
        reverse("strategy_diff", args=[top.pk]), {"a": top.version, "b": 1}
    )
    html = response.content.decode()
    assert "From version 1 to version 2" in html and "Courage" in html


def test_diff_of_a_version_with_itself_has_no_differences(client, owner, top):
    response = login(client, owner).get(reverse("strategy_diff", args=[top.pk]), {"a": 1, "b": 1})
    assert response.status_code == 200
    assert "No differences" in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"a": 1, "b": 99}, {"a": 0, "b": 1}, {"a": "x", "b": 1}, {"a": 1}, {}]
)
def test_diff_with_bad_version_numbers_is_404(client, owner, top, params):
    response = login(client, owner).get(reverse("strategy_diff", args=[top.pk]), params)
    assert response.status_code == 404


def test_diff_of_another_organizations_document_is_404(client, outsider, top):
    response = login(client, outsider).get(
        reverse("strategy_diff", args=[top.pk]), {"a": 1, "b": 1}
    )
    assert response.status_code == 404


# Renewal ----------------------------------------------------------------------------------


def test_renew_form_ticks_every_item_and_defaults_to_the_next_period(
    client, owner, top, next_period
):
    response = login(client, owner).get(reverse("strategy_renew", args=[top.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'name="items" value="\d+" checked>', html)) == 4
    assert 'id="id_measures_from_current" checked' in html
    assert re.search(rf'<option value="{next_period.pk}" selected>Next year</option>', html)
    assert "Red: needs much more effort" not in html  # the badge, not the choice label
    assert "Off track" in html and "On track" in html
    assert "<legend>Methods</legend>" in html


def test_renew_carries_only_ticked_items_and_repoints_supports(
    client, owner, top, child, next_period
):
    client = login(client, owner)
    keep = top.items.get(title="Win the Mittelstand")
    revenue = top.items.get(title="Revenue")
    actions.do_set_current(owner, revenue, 14)
    # when: the company renews without "Service first" and "Trust"
    response = client.post(
        reverse("strategy_renew", args=[top.pk]),
        {
            "period": next_period.pk,
            "items": [keep.pk, revenue.pk],
            "measures_from_current": "on",
        },
    )
    # then
    new_top = StrategyDocument.objects.get(period=next_period, unit=top.unit)
    assert response.status_code == 302
    assert response["Location"] == reverse("strategy_detail", args=[new_top.pk])
    assert sorted(new_top.items.values_list("title", flat=True)) == [
        "Revenue",
        "Win the Mittelstand",
    ]
    assert new_top.items.get(title="Revenue").start == 14
    assert new_top.renewed_from_id == top.pk

    # when: Marketing renews its webinars (which supported "Win the Mittelstand")
    webinars = child.items.get(title="Webinars for buyers")
    client.post(
        reverse("strategy_renew", args=[child.pk]),
        {"period": next_period.pk, "items": [webinars.pk]},
    )
    # then: they support the company's copy in the new period
    new_child = StrategyDocument.objects.get(period=next_period, unit=child.unit)
    carried = new_child.items.get()
    assert carried.title == "Webinars for buyers"
    assert carried.supports == new_top.items.get(title="Win the Mittelstand")


def test_renew_into_a_period_with_a_document_shows_the_error_on_the_form(
    client, owner, top, company, next_period
):
    # given: the company has a V2MOM for next year already
    actions.do_create_document(owner, period=next_period, framework="v2mom", unit=company)
    before = StrategyDocument.objects.count(), StrategyItem.objects.count()
    # when
    response = login(client, owner).post(
        reverse("strategy_renew", args=[top.pk]),
        {"period": next_period.pk, "items": [i.pk for i in top.items.all()]},
    )
    # then: the error sits on the period field; nothing was written
    assert response.status_code == 200
    assert "has a V2MOM for Next year already" in response.content.decode()
    assert response.context["form"].errors["period"]
    assert (StrategyDocument.objects.count(), StrategyItem.objects.count()) == before


def test_renew_with_an_item_of_another_document_is_refused(client, owner, top, child, next_period):
    response = login(client, owner).post(
        reverse("strategy_renew", args=[top.pk]),
        {"period": next_period.pk, "items": [child.items.first().pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["items"]
    assert not StrategyDocument.objects.filter(period=next_period).exists()


def test_renew_without_another_period_says_so(client, owner, top):
    html = login(client, owner).get(reverse("strategy_renew", args=[top.pk])).content.decode()
    assert "There is no later strategy period to renew into." in html
    assert reverse("manage_strategy") in html


def test_renew_is_for_editors_only(client, viewer, teammate, outsider, top, next_period):
    url = reverse("strategy_renew", args=[top.pk])
    data = {"period": next_period.pk, "items": []}
    for person in (viewer, teammate):
        client = login(client, person)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert login(client, outsider).get(url).status_code == 404
    assert not StrategyDocument.objects.filter(period=next_period).exists()


# Meeting mode -----------------------------------------------------------------------------


def test_meeting_mode_shows_one_slide_per_section_with_colours(client, owner, top):
    response = login(client, owner).get(reverse("strategy_meeting", args=[top.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="slide') == 6  # vision, four sections, the outcome
    for heading in ("Vision", "Values", "Methods", "Obstacles", "Measures", "Record the outcome"):
        assert f">{heading}</h2>" in html
    assert "Every buyer in the region knows us" in html
    assert 'class="mt-item s-green"' in html and "On track" in html
    assert 'class="mt-item s-red"' in html and "Off track" in html
    assert "meeting.js" in html and "kurs.css" in html
    assert 'name="held_on"' in html and timezone.localdate().isoformat() in html


def test_meeting_mode_of_an_mspot_shows_mission_and_strategy(client, owner, company, period):
    document = actions.do_create_document(
        owner,
        period=period,
        framework="mspot",
        unit=company,
        statement="Our mission",
        strategy="Our strategy",
        items=[{"section": "plays", "title": "Partner with wholesalers"}],
    )
    response = login(client, owner).get(reverse("strategy_meeting", args=[document.pk]))
    html = response.content.decode()
    assert ">Mission</h2>" in html and "Our strategy" in html
    assert ">Plays</h2>" in html and ">Omissions</h2>" in html and ">Targets</h2>" in html


def test_meeting_mode_for_readers_has_no_outcome_form(client, viewer, top):
    html = login(client, viewer).get(reverse("strategy_meeting", args=[top.pk])).content.decode()
    assert ">Methods</h2>" in html
    assert "Record the outcome" not in html and 'name="held_on"' not in html


def test_recording_a_meeting_shows_it_in_the_history(client, owner, teammate, company, top):
    # given: Bob belongs to the company unit too, so he is offered first
    org_actions.do_set_membership(None, unit=company, person=teammate, role=MembershipRole.MEMBER)
    trust = top.items.get(title="Trust")
    client = login(client, owner)
    form = client.get(reverse("strategy_meeting", args=[top.pk])).context["form"]
    assert [pk for pk, _name in form.fields["attendees"].choices] == [teammate.pk]
    # when
    response = client.post(
        reverse("strategy_meeting_record", args=[top.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "attendees": [teammate.pk],
            "more_attendees": [owner.pk],
            "guests": "Dr. Berater",
            "notes": "Service first goes red: hire two people.",
            "changed_items": [trust.pk],
        },
        follow=True,
    )
    # then
    assert response.redirect_chain[-1][0] == reverse("strategy_history", args=[top.pk])
    meeting = Meeting.objects.get(document=top)
    assert sorted(p.name for p in meeting.attendees.all()) == ["Alice Admin", "Bob Member"]
    assert list(meeting.changed_items.all()) == [trust]
    assert DocumentVersion.objects.get(document=top, number=meeting.version).meeting == meeting
    html = response.content.decode()
    assert "Meeting recorded." in html
    assert "Recorded the meeting of" in html
    assert "Alice Admin, Bob Member, Dr. Berater" in html
    assert "Service first goes red: hire two people." in html


def test_a_meeting_in_the_future_is_refused_and_nothing_is_written(client, owner, top):
    response = login(client, owner).post(
        reverse("strategy_meeting_record", args=[top.pk]),
        {"held_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat()},
    )
    assert response.status_code == 200
    assert "Record a meeting once it has taken place." in response.content.decode()
    assert 'data-start="last"' in response.content.decode()
    assert not Meeting.objects.exists()
    response = login(client, owner).post(
        reverse("strategy_meeting_record", args=[top.pk]), {"held_on": "yesterday"}
    )
    assert response.context["form"].errors["held_on"]
    assert not Meeting.objects.exists()


def test_only_editors_record_meetings(client, viewer, teammate, outsider, top):
    url = reverse("strategy_meeting_record", args=[top.pk])
    data = {"held_on": timezone.localdate().isoformat()}
    for person in (viewer, teammate):
        assert login(client, person).post(url, data).status_code == 403
    assert login(client, outsider).post(url, data).status_code == 404
    assert (
        login(client, outsider).get(reverse("strategy_meeting", args=[top.pk])).status_code == 404
    )
    assert login(client, viewer).get(url).status_code == 405
    assert not Meeting.objects.exists()


def test_diff_shows_sign_offs_in_the_readers_language(client, owner, teammate, top):
    method = top.items.get(title="Service first")
    old = top.version
    acceptance = actions.do_request_acceptance(owner, item=method, person=teammate)
    actions.do_decide_acceptance(teammate, acceptance, accepted=True)
    top.refresh_from_db()
    response = login(client, owner).get(
        reverse("strategy_diff", args=[top.pk]), {"a": old, "b": top.version}
    )
    html = response.content.decode()
    assert "Acceptances" in html and "Bob Member: Accepted" in html
    assert ": accepted" not in html


def test_a_large_cascade_opens_deeper_documents_on_demand(
    client, owner, company, marketing, period, top, child, monkeypatch
):
    # given: room for two documents only, so Marketing's below the company waits
    monkeypatch.setattr(selectors, "CASCADE_BUDGET", 1)
    seo = org_actions.do_create_unit(owner, name="SEO", parent=marketing)
    team = actions.do_create_document(owner, period=period, framework="v2mom", unit=seo)
    client = login(client, owner)
    url = reverse("strategy_cascade")

    # when
    page = client.get(url, {"period": period.pk}).content.decode()
    opened = client.get(url, {"period": period.pk, "below": top.pk}, HTTP_HX_REQUEST="true")
    without_js = client.get(url, {"period": period.pk, "below": top.pk}).content.decode()

    # then: the top level, and a link that loads the next one into place
    assert page.count('class="ov-node"') == 1
    assert "Show the 1 document below Muster GmbH" in page
    assert f'hx-target="#below-{top.pk}"' in page
    fragment = opened.content.decode()
    assert "<html" not in fragment and fragment.count('class="ov-node"') == 1
    assert "Marketing" in fragment and "Show the 1 document below Marketing" in fragment
    assert "Back to the whole cascade" in without_js and "Marketing" in without_js
    assert team.parent_id == child.pk
    assert client.get(url, {"period": period.pk, "below": 10**9}).status_code == 404
    assert client.get(url, {"period": period.pk, "below": "x"}).status_code == 404
