"""Copying objectives and key results into the next cycle: the action and the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import trans_real

from kurs.conftest import login
from kurs.goals import actions
from kurs.goals.copy import CopyReport, do_copy_forward
from kurs.goals.models import (
    Alignment,
    AuditEvent,
    CheckIn,
    Cycle,
    CycleState,
    Initiative,
    KeyResult,
    Objective,
)
from kurs.orgs import actions as org_actions
from kurs.orgs.models import MembershipRole, Role, Unit, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_cycle(owner, cycle) -> Cycle:
    return actions.do_create_cycle(
        owner,
        name="Next quarter",
        start=cycle.end + dt.timedelta(days=1),
        end=cycle.end + dt.timedelta(days=91),
        kind="quarter",
        state=CycleState.PLANNING,
    )


@pytest.fixture
def closed_cycle(owner, cycle) -> Cycle:
    closed = actions.do_create_cycle(
        owner,
        name="Later, closed",
        start=cycle.end + dt.timedelta(days=200),
        end=cycle.end + dt.timedelta(days=290),
        kind="quarter",
        state=CycleState.ACTIVE,
    )
    return actions.do_close_cycle(owner, closed)


@pytest.fixture
def sales(owner, company):
    return org_actions.do_create_unit(owner, name="Vertrieb", parent=company)


@pytest.fixture
def seller(org, sales):
    user = org_actions.do_create_person(
        None, organization=org, email="sam@muster.example", name="Sam Sales", role=Role.MEMBER
    )
    org_actions.do_set_membership(None, unit=sales, person=user, role=MembershipRole.MEMBER)
    return user


@pytest.fixture
def company_goal(owner, cycle, company) -> Objective:
    """A company objective with a key result that Marketing's objective supports."""
    goal = actions.do_create_objective(
        owner, cycle=cycle, unit=company, owner=owner, title="Grow profitably"
    )
    actions.do_create_key_result(
        owner, goal, title="Revenue +10 %", metric="increase", start=100, target=110
    )
    return goal


@pytest.fixture
def aligned(owner, objective: Objective, company_goal) -> Objective:
    """Marketing's objective supports the company's key result."""
    key_result = company_goal.key_results.get()
    actions.do_update_objective(owner, objective, parents=[("key_result", key_result.pk)])
    return objective


def _copy(
    actor: User, source: Cycle, target: Cycle, objectives: list[Objective], **options: Any
) -> CopyReport:
    return do_copy_forward(
        actor, source_cycle=source, target_cycle=target, objectives=objectives, **options
    )


def _the_copy(objective: Objective, target: Cycle) -> Objective:
    copy: Objective = Objective.objects.get(
        cycle=target, unit_id=objective.unit_id, title=objective.title
    )
    return copy


# The action --------------------------------------------------------------------------------


def test_copy_keeps_targets_and_starts_without_check_ins(owner, teammate, objective, next_cycle):
    # given: the key result moved from 12 to 16
    objective.description = "Better leads, not more"
    objective.save(update_fields=["description"])
    old = objective.key_results.get()
    actions.do_check_in(teammate, old, value=16, confidence=8, comment="Webinars work")
    # when
    report = _copy(teammate, objective.cycle, next_cycle, [objective])
    # then
    copy = _the_copy(objective, next_cycle)
    assert [c.copy for c in report.copied] == [copy]
    assert (copy.owner, copy.kind, copy.origin, copy.description) == (
        teammate,
        objective.kind,
        objective.origin,
        "Better leads, not more",
    )
    new = copy.key_results.get()
    assert (new.title, new.start, new.target, new.unit_label) == (old.title, 12, 20, "per 100")
    assert new.current is None and new.confidence is None and new.progress == 0
    assert not CheckIn.objects.filter(key_result=new).exists()
    # the history of the copy says who created it; the original is untouched
    assert AuditEvent.objects.filter(objective=copy, verb="created", actor=teammate).count() == 2
    old.refresh_from_db()
    assert old.current == 16


def test_copy_without_targets_starts_at_the_value_reached(owner, teammate, objective, next_cycle):
    # given
    actions.do_check_in(teammate, objective.key_results.get(), value=16)
    # when
    report = _copy(teammate, objective.cycle, next_cycle, [objective], keep_targets=False)
    # then: 12 → 20 with 16 reached becomes 16 → 24, and the report asks to check it
    new = _the_copy(objective, next_cycle).key_results.get()
    assert (new.start, new.target) == (16, 24)
    assert [n.title for n in report.notes] == [new.title]


def test_copy_without_reset_carries_the_latest_value_over(owner, teammate, objective, next_cycle):
    # given
    actions.do_check_in(teammate, objective.key_results.get(), value=16)
    # when
    _copy(teammate, objective.cycle, next_cycle, [objective], reset_current=False)
    # then: progress continues where it stood, recorded as the copy's first check-in
    new = _the_copy(objective, next_cycle).key_results.get()
    assert (new.start, new.target, new.current) == (12, 20, 16)
    assert new.progress == pytest.approx(0.5)
    carried = CheckIn.objects.get(key_result=new)
    assert carried.value == 16 and "Current quarter" in carried.comment


def test_only_the_chosen_key_results_are_copied(owner, objective, next_cycle):
    # given
    second = actions.do_create_key_result(
        owner,
        objective,
        title="Halve the time to first call",
        metric="decrease",
        start=48,
        target=24,
    )
    # when
    report = _copy(owner, objective.cycle, next_cycle, [objective], key_results=[second])
    # then
    assert [kr.title for kr in _the_copy(objective, next_cycle).key_results.all()] == [
        "Halve the time to first call"
    ]
    assert report.copied[0].key_results == 1


def test_open_actions_are_copied_with_moved_due_dates(owner, teammate, objective, next_cycle):
    # given: one open action tied to the key result, one done
    key_result = objective.key_results.get()
    due = objective.cycle.end - dt.timedelta(days=10)
    actions.do_create_initiative(
        owner, objective, title="Run two webinars", owner=teammate, due=due, key_result=key_result
    )
    done = actions.do_create_initiative(owner, objective, title="Draft the OKR proposal")
    actions.do_set_initiative_done(owner, done, done=True)
    # when
    report = _copy(owner, objective.cycle, next_cycle, [objective], keep_actions=True)
    # then
    copy = _the_copy(objective, next_cycle)
    action = Initiative.objects.get(objective=copy)
    assert (action.title, action.owner, action.done) == ("Run two webinars", teammate, False)
    assert action.due == due + (next_cycle.start - objective.cycle.start)
    assert action.key_result == copy.key_results.get()
    assert report.copied[0].actions == 1


def test_actions_stay_behind_unless_asked_for(owner, objective, next_cycle):
    actions.do_create_initiative(owner, objective, title="Run two webinars")
    _copy(owner, objective.cycle, next_cycle, [objective])
    assert not Initiative.objects.filter(objective__cycle=next_cycle).exists()


@pytest.mark.parametrize("parent_first", [True, False])
def test_links_are_repointed_when_the_parent_is_copied_too(
    owner, aligned, company_goal, next_cycle, parent_first
):
    # given: the child is picked before its parent, or after
    chosen = [company_goal, aligned] if parent_first else [aligned, company_goal]
    # when
    report = _copy(owner, aligned.cycle, next_cycle, chosen)
    # then: the child's copy supports the copy of the parent's key result
    child = _the_copy(aligned, next_cycle)
    parent = _the_copy(company_goal, next_cycle)
    alignment = Alignment.objects.get(objective=child)
    assert alignment.parent_key_result == parent.key_results.get()
    assert report.dropped_links == []
    # and the old link is untouched
    old = Alignment.objects.select_related("parent_key_result").get(objective=aligned)
    assert old.parent_key_result is not None
    assert old.parent_key_result.objective_id == company_goal.pk


def test_a_link_to_an_objective_is_repointed(owner, objective, company_goal, next_cycle):
    actions.do_update_objective(owner, objective, parents=[("objective", company_goal.pk)])
    _copy(owner, objective.cycle, next_cycle, [objective, company_goal])
    alignment = Alignment.objects.get(objective=_the_copy(objective, next_cycle))
    assert alignment.parent_objective == _the_copy(company_goal, next_cycle)


def test_a_link_to_a_parent_not_copied_is_dropped_and_reported(owner, aligned, next_cycle):
    # when
    report = _copy(owner, aligned.cycle, next_cycle, [aligned])
    # then
    assert not Alignment.objects.filter(objective=_the_copy(aligned, next_cycle)).exists()
    assert len(report.dropped_links) == 1
    note = report.dropped_links[0]
    assert note.title == aligned.title
    assert "Revenue +10 %" in note.reason and "Next quarter" in note.reason


def test_a_parent_copied_earlier_is_found_again(owner, aligned, company_goal, next_cycle):
    # given: the company copied its objective first
    _copy(owner, aligned.cycle, next_cycle, [company_goal])
    # when: Marketing copies theirs later
    report = _copy(owner, aligned.cycle, next_cycle, [aligned])
    # then
    alignment = Alignment.objects.get(objective=_the_copy(aligned, next_cycle))
    assert alignment.parent_key_result == _the_copy(company_goal, next_cycle).key_results.get()
    assert report.dropped_links == []


def test_copying_twice_does_not_duplicate(owner, objective, next_cycle):
    # given
    _copy(owner, objective.cycle, next_cycle, [objective])
    # when
    report = _copy(owner, objective.cycle, next_cycle, [objective])
    # then
    assert Objective.objects.filter(cycle=next_cycle).count() == 1
    assert KeyResult.objects.filter(objective__cycle=next_cycle).count() == 1
    assert report.copied == []
    assert [n.title for n in report.skipped] == [objective.title]
    assert "already" in report.skipped[0].reason


def test_member_of_another_unit_cannot_copy_its_objectives(seller, objective, next_cycle):
    with pytest.raises(PermissionDenied):
        _copy(seller, objective.cycle, next_cycle, [objective])
    assert not Objective.objects.filter(cycle=next_cycle).exists()


def test_nothing_is_written_when_one_objective_may_not_be_copied(
    owner, seller, sales, objective, cycle, next_cycle
):
    # given: the seller's own objective, and Marketing's
    own = actions.do_create_objective(
        seller, cycle=cycle, unit=sales, owner=seller, title="Win the Nordics"
    )
    # when / then
    with pytest.raises(PermissionDenied):
        _copy(seller, cycle, next_cycle, [own, objective])
    assert not Objective.objects.filter(cycle=next_cycle).exists()


def test_viewer_cannot_copy(viewer, objective, next_cycle):
    with pytest.raises(PermissionDenied):
        _copy(viewer, objective.cycle, next_cycle, [objective])


def test_closed_target_cycle_is_refused(owner, objective, closed_cycle):
    with pytest.raises(ValidationError) as error:
        _copy(owner, objective.cycle, closed_cycle, [objective])
    assert "closed" in str(error.value.message_dict["target_cycle"])
    assert not Objective.objects.filter(cycle=closed_cycle).exists()


def test_the_same_cycle_is_refused(owner, objective, cycle):
    with pytest.raises(ValidationError) as error:
        _copy(owner, cycle, cycle, [objective])
    assert "target_cycle" in error.value.message_dict


def test_another_organizations_cycle_is_refused(outsider, objective, next_cycle):
    with pytest.raises(ValidationError):
        _copy(outsider, objective.cycle, next_cycle, [objective])


def test_an_objective_of_another_cycle_is_refused(owner, objective, next_cycle, closed_cycle):
    with pytest.raises(ValidationError) as error:
        _copy(owner, closed_cycle, next_cycle, [objective])
    assert "objectives" in error.value.message_dict


# The page ----------------------------------------------------------------------------------


def _url(unit: Unit, cycle: Cycle, below: bool = False) -> str:
    url = f"{reverse('copy_forward', args=[unit.pk])}?cycle={cycle.pk}"
    return url + "&below=1" if below else url


def test_unit_page_links_to_the_copy_page(client, teammate, objective, marketing):
    html = login(client, teammate).get(reverse("unit_detail", args=[marketing.pk])).content
    assert reverse("copy_forward", args=[marketing.pk]).encode() in html


def test_page_lists_objectives_with_key_results_and_the_next_cycle(
    client, teammate, objective, marketing, next_cycle, closed_cycle
):
    # when
    response = login(client, teammate).get(_url(marketing, objective.cycle))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="objectives" value="{objective.pk}"' in html
    kr = objective.key_results.get()
    assert f'name="key_results" value="{kr.pk}" id="copy-kr-{kr.pk}" data-copy-of' in html
    assert "Raise lead-to-offer rate" in html
    # the next open cycle is offered and chosen; the closed one is not offered
    assert f'<option value="{next_cycle.pk}" selected>Next quarter</option>' in html
    assert "Later, closed" not in html
    assert "Keep the targets" in html and "Reset the current values" in html


def test_page_says_when_there_is_no_next_cycle(client, teammate, objective, marketing):
    html = login(client, teammate).get(_url(marketing, objective.cycle)).content.decode()
    assert "There is no open cycle after Current quarter yet." in html
    assert 'type="submit" class="primary"' not in html


def test_page_copies_and_reports(client, teammate, aligned, marketing, next_cycle):
    # when: the objective without its parent, targets kept, actions left behind
    kr = aligned.key_results.get()
    response = login(client, teammate).post(
        _url(marketing, aligned.cycle),
        {
            "target_cycle": next_cycle.pk,
            "objectives": [aligned.pk],
            "key_results": [kr.pk],
            "keep_targets": "on",
            "reset_current": "on",
        },
    )
    # then
    html = response.content.decode()
    copy = _the_copy(aligned, next_cycle)
    assert response.status_code == 200
    assert "Copied into Next quarter" in html
    assert reverse("objective_detail", args=[copy.pk]) in html
    assert "1 key result" in html
    assert "Links not carried over" in html and "Revenue +10 %" in html


def test_page_reports_a_second_copy_as_skipped(client, owner, objective, marketing, next_cycle):
    login(client, owner)
    data = {"target_cycle": next_cycle.pk, "objectives": [objective.pk], "keep_targets": "on"}
    client.post(_url(marketing, objective.cycle), data)
    html = client.post(_url(marketing, objective.cycle), data).content.decode()
    assert "Nothing was copied." in html
    assert "Not copied" in html and "already" in html
    assert Objective.objects.filter(cycle=next_cycle).count() == 1


def test_unticked_options_and_key_results_are_respected(
    client, teammate, objective, marketing, next_cycle
):
    # given
    actions.do_check_in(teammate, objective.key_results.get(), value=16)
    # when: no key result ticked, "keep targets" and "reset" unticked
    login(client, teammate).post(
        _url(marketing, objective.cycle),
        {"target_cycle": next_cycle.pk, "objectives": [objective.pk]},
    )
    # then
    assert not KeyResult.objects.filter(objective__cycle=next_cycle).exists()
    assert _the_copy(objective, next_cycle).pk


def test_whole_list_copies_everything(client, owner, objective, company_goal, company, next_cycle):
    # when: the company page with the units below, everything ticked
    response = login(client, owner).post(
        _url(company, objective.cycle, below=True),
        {"target_cycle": next_cycle.pk, "everything": "on", "keep_targets": "on"},
    )
    # then
    assert response.status_code == 200
    assert set(Objective.objects.filter(cycle=next_cycle).values_list("title", flat=True)) == {
        objective.title,
        company_goal.title,
    }
    assert KeyResult.objects.filter(objective__cycle=next_cycle).count() == 2


def test_units_below_are_listed_on_request(client, owner, objective, company, company_goal):
    login(client, owner)
    top_only = client.get(_url(company, objective.cycle)).content.decode()
    with_below = client.get(_url(company, objective.cycle, below=True)).content.decode()
    assert company_goal.title in top_only and objective.title not in top_only
    assert company_goal.title in with_below and objective.title in with_below


def test_member_sees_but_cannot_pick_an_objective_they_may_not_fill(
    client, owner, teammate, marketing, cycle, next_cycle
):
    # given: Alice's objective in Marketing; Bob may create there but not edit hers
    hers = actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title="Alice’s launch"
    )
    # when
    login(client, teammate)
    html = client.get(_url(marketing, cycle)).content.decode()
    response = client.post(
        _url(marketing, cycle), {"target_cycle": next_cycle.pk, "objectives": [hers.pk]}
    )
    # then
    assert "Alice’s launch" in html and f'value="{hers.pk}"' not in html
    assert response.status_code == 200
    assert "You may not copy “Alice’s launch”" in response.content.decode()
    assert not Objective.objects.filter(cycle=next_cycle).exists()


def test_closed_target_gets_a_field_error(client, owner, objective, marketing, closed_cycle):
    response = login(client, owner).post(
        _url(marketing, objective.cycle),
        {"target_cycle": closed_cycle.pk, "objectives": [objective.pk]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="target_cycle"' in html
    assert "This cycle is closed; its scores are final." in html
    assert not Objective.objects.filter(cycle=closed_cycle).exists()


def test_nothing_picked_gets_an_error(client, owner, objective, marketing, next_cycle):
    response = login(client, owner).post(
        _url(marketing, objective.cycle), {"target_cycle": next_cycle.pk}
    )
    assert "Choose at least one objective to copy." in response.content.decode()
    assert not Objective.objects.filter(cycle=next_cycle).exists()


def test_viewer_gets_403(client, viewer, objective, marketing):
    assert login(client, viewer).get(_url(marketing, objective.cycle)).status_code == 403


def test_member_of_another_unit_gets_403(client, seller, objective, marketing, next_cycle):
    login(client, seller)
    assert client.get(_url(marketing, objective.cycle)).status_code == 403
    response = client.post(
        _url(marketing, objective.cycle),
        {"target_cycle": next_cycle.pk, "objectives": [objective.pk]},
    )
    assert response.status_code == 403
    assert not Objective.objects.filter(cycle=next_cycle).exists()


def test_other_organization_gets_404(client, outsider, objective, marketing):
    assert login(client, outsider).get(_url(marketing, objective.cycle)).status_code == 404


def test_another_organizations_cycle_in_the_url_is_404(client, owner, outsider, marketing):
    theirs = actions.do_create_cycle(
        outsider,
        name="Theirs",
        start=timezone.localdate(),
        end=timezone.localdate() + dt.timedelta(days=90),
        kind="quarter",
        state=CycleState.ACTIVE,
    )
    assert login(client, owner).get(_url(marketing, theirs)).status_code == 404


@pytest.fixture
def german_catalogue():
    """German texts for some of the page's strings, as the lead's catalogue will have.

    Proves that they go through the translation machinery, before the .po file has them.
    """
    catalogue = trans_real.translation("de")._catalog._catalogs[0]  # type: ignore[attr-defined]
    texts = {
        "Copy into the next cycle": "In den nächsten Zyklus kopieren",
        "Keep the targets": "Zielwerte übernehmen",
        "Copy the open actions": "Offene Maßnahmen kopieren",
        "Copied into %(cycle)s": "In %(cycle)s kopiert",
        "Links not carried over": "Nicht übernommene Verknüpfungen",
        "Its link to “%(parent)s” was dropped: that is not in %(cycle)s.": (
            "Die Verknüpfung mit „%(parent)s“ entfällt: es ist nicht in %(cycle)s."
        ),
    }
    added = [key for key in texts if key not in catalogue]
    saved = {key: catalogue[key] for key in texts if key in catalogue}
    catalogue.update(texts)
    yield
    for key in added:
        del catalogue[key]
    catalogue.update(saved)


def test_page_and_report_are_translatable(
    client, teammate, aligned, marketing, next_cycle, german_catalogue
):
    # given
    teammate.language = "de"
    teammate.save()
    login(client, teammate)
    # when
    page = client.get(_url(marketing, aligned.cycle)).content.decode()
    report = client.post(
        _url(marketing, aligned.cycle),
        {"target_cycle": next_cycle.pk, "objectives": [aligned.pk], "keep_targets": "on"},
    ).content.decode()
    # then
    assert "In den nächsten Zyklus kopieren" in page
    assert "Zielwerte übernehmen" in page and "Offene Maßnahmen kopieren" in page
    assert "Abbrechen" in page  # the existing catalogue's "Cancel"
    assert "In Next quarter kopiert" in report
    assert "Nicht übernommene Verknüpfungen" in report
    assert "Die Verknüpfung mit „Revenue +10 %“ entfällt" in report


def test_page_queries_do_not_grow_with_the_number_of_objectives(
    client, owner, org, company, marketing, cycle, next_cycle
):
    """Counted for a unit lead (not an admin), whose permission checks read the most."""
    lead = org_actions.do_create_person(
        None, organization=org, email="lena@muster.example", name="Lena Lead", role=Role.MEMBER
    )
    org_actions.do_set_membership(None, unit=marketing, person=lead, role=MembershipRole.LEAD)
    team = org_actions.do_create_unit(owner, name="Content", parent=marketing)
    parent = actions.do_create_objective(
        owner, cycle=cycle, unit=company, owner=owner, title="Grow profitably"
    )

    def add(count: int) -> None:
        start = Objective.objects.filter(cycle=cycle).count()
        for n in range(start, start + count):
            unit = marketing if n % 2 else team
            objective = actions.do_create_objective(
                owner,
                cycle=cycle,
                unit=unit,
                owner=lead,
                title=f"Objective {n}",
                parents=[("objective", parent.pk)],
            )
            for k in range(2):
                key_result = actions.do_create_key_result(
                    owner, objective, title=f"KR {n}.{k}", start=0, target=10
                )
            actions.do_create_initiative(owner, objective, title="Do it", key_result=key_result)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(marketing, cycle, below=True))
        assert response.status_code == 200
        return len(queries)

    login(client, lead)
    add(2)
    client.get(_url(marketing, cycle))  # warm the session
    small = count()
    add(12)
    large = count()
    assert large == small
    assert small <= 12
