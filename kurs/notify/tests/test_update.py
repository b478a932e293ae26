"""The weekly leadership update: what it shows, and the emails that arrive (real SMTP)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurs.goals import actions
from kurs.goals.models import KeyResult, Objective
from kurs.goals.scoring import Status
from kurs.notify import update as updates
from kurs.notify.models import Subscription, UpdateSent
from kurs.notify.tests.conftest import html_part, text_part
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Unit, User

pytestmark = pytest.mark.django_db

MOVED_COMMENT = "Two new partners send us their leads"
RED_COMMENT = "The organiser cancelled the trade fair"
RETIRED_REASON = "The budget moved to the web shop"


@dataclass
class Scenario:
    moved: KeyResult
    red: KeyResult
    red_objective: Objective
    retired: Objective
    sales: Unit


def build_scenario(owner: User, objective: Objective, cycle, company: Unit, marketing) -> Scenario:
    """Marketing: one key result moved on track, one fell to red, one objective retired;
    Sales (also below the company) has an objective without check-ins."""
    now = timezone.now()
    last_week = _start_of_week() - dt.timedelta(days=2)
    moved = objective.key_results.get()  # 12 → 20
    actions.do_check_in(owner, moved, value=16, comment="Halfway", at=last_week)
    actions.do_check_in(owner, moved, value=19, comment=MOVED_COMMENT, at=now)

    red_objective = actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title="Be seen at every trade fair"
    )
    red = actions.do_create_key_result(
        owner, red_objective, title="Talk to 100 buyers at fairs", start=0, target=100
    )
    actions.do_check_in(owner, red, value=50, comment="Good start", at=last_week)
    actions.do_check_in(owner, red, value=10, comment=RED_COMMENT, at=now)
    # Planned before this week (only what existed then can turn worse).
    Objective.objects.filter(pk=red_objective.pk).update(created_at=last_week)
    KeyResult.objects.filter(pk=red.pk).update(created_at=last_week)
    red_objective.refresh_from_db()
    red.refresh_from_db()

    retired = actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title="Print a glossy catalogue"
    )
    actions.do_retire_objective(owner, retired, reason=RETIRED_REASON, replacement=red_objective)

    sales = org_actions.do_create_unit(owner, name="Sales", parent=company)
    quiet = actions.do_create_objective(
        owner, cycle=cycle, unit=sales, owner=owner, title="Close bigger deals"
    )
    actions.do_create_key_result(owner, quiet, title="Average deal size", start=10, target=20)
    return Scenario(moved=moved, red=red, red_objective=red_objective, retired=retired, sales=sales)


def _start_of_week() -> dt.datetime:
    monday = updates.week_of(timezone.localdate())
    return timezone.make_aware(dt.datetime.combine(monday, dt.time.min))


def _this_week(unit: Unit) -> updates.WeeklyUpdate:
    return updates.update_for_week(unit, updates.week_of(timezone.localdate()))


def _subscribe(owner: User, unit: Unit, email: str, language: str = "en") -> Subscription:
    return updates.do_subscribe(owner, unit, email=email, name="Reader", language=language)


# The selector -----------------------------------------------------------------------------


def test_update_shows_what_moved_with_values_and_comment(
    owner, objective, cycle, company, marketing
):
    scenario = build_scenario(owner, objective, cycle, company, marketing)
    # when
    update = _this_week(company)
    # then
    move = next(m for m in update.moved if m.key_result.pk == scenario.moved.pk)
    assert (move.value_before, move.value_after) == (16, 19)
    assert move.progress_before == pytest.approx(0.5)
    assert move.progress_after == pytest.approx(0.875)
    assert move.change_points == "+38"
    assert [c.comment for c in move.comments] == [MOVED_COMMENT]


def test_update_explains_what_turned_red(owner, objective, cycle, company, marketing):
    scenario = build_scenario(owner, objective, cycle, company, marketing)
    # when
    update = _this_week(company)
    # then: the objective is listed (on track → off track) with its key result's comment;
    # the key result itself is not listed twice
    [item] = update.worsened
    assert item.kind == "objective"
    assert item.objective.pk == scenario.red_objective.pk
    assert (item.before.status, item.now.status) == (Status.ON_TRACK, Status.OFF_TRACK)
    assert item.reasons[0].comment == RED_COMMENT
    assert item.now.label == "Off track"


def test_what_is_new_this_week_did_not_turn_worse(owner, cycle, marketing):
    """Found in exploratory testing: a freshly imported objective was listed as
    "Not started → At risk"; it had no status a week ago to fall from."""
    # given: written (or imported) today, already behind pace
    new = actions.do_create_objective(
        owner, cycle=cycle, unit=marketing, owner=owner, title="Win the Alps region"
    )
    kr = actions.do_create_key_result(owner, new, title="Dealers in Tyrol", start=0, target=10)
    actions.do_check_in(owner, kr, value=0.1, comment="Imported")
    # when
    update = _this_week(marketing)
    # then
    assert [w.title for w in update.worsened if w.objective.pk == new.pk] == []


def test_a_key_result_turning_yellow_alone_is_listed_with_its_reason(
    owner, objective, cycle, marketing
):
    # given: two key results; one falls to yellow, the objective stays on track
    last_week = _start_of_week() - dt.timedelta(days=2)
    strong = objective.key_results.get()
    weak = actions.do_create_key_result(owner, objective, title="Webinars", start=0, target=10)
    KeyResult.objects.filter(pk=weak.pk).update(created_at=last_week)
    actions.do_check_in(owner, strong, value=20, at=last_week)
    actions.do_check_in(owner, weak, value=5, at=last_week)
    elapsed = cycle.elapsed_fraction()
    # 15 points behind pace today: yellow
    actions.do_check_in(owner, weak, value=round((elapsed - 0.15) * 10, 2), comment="Speaker ill")
    # when
    update = _this_week(marketing)
    # then
    [item] = update.worsened
    assert (item.kind, item.title) == ("key_result", "Webinars")
    assert item.now.status == Status.AT_RISK
    assert [r.comment for r in item.reasons] == ["Speaker ill"]


def test_update_lists_retired_objective_with_reason_and_replacement(
    owner, objective, cycle, company, marketing
):
    build_scenario(owner, objective, cycle, company, marketing)
    # when
    update = _this_week(company)
    # then
    [retired] = update.retired
    assert (retired.title, retired.reason) == ("Print a glossy catalogue", RETIRED_REASON)
    assert retired.replacement == "Be seen at every trade fair"


def test_update_gives_the_picture_per_unit_below(owner, objective, cycle, company, marketing):
    scenario = build_scenario(owner, objective, cycle, company, marketing)
    # when
    update = _this_week(company)
    # then: the company (no objectives of its own), Marketing and Sales, in tree order
    pictures = {p.unit.name: p for p in update.units}
    assert [p.unit.name for p in update.units] == ["Muster GmbH", "Marketing", "Sales"]
    assert pictures["Muster GmbH"].objectives == 0
    assert pictures["Muster GmbH"].progress is None
    marketing_picture = pictures["Marketing"]
    assert marketing_picture.objectives == 2  # the retired one does not count
    assert (marketing_picture.on_track, marketing_picture.off_track) == (1, 1)
    assert marketing_picture.progress == pytest.approx((0.875 + 0.1) / 2)
    assert pictures[scenario.sales.name].not_started == 1
    assert pictures[scenario.sales.name].level == 1
    assert [c.name for c in update.cycles] == [cycle.name]


def test_an_earlier_week_shows_that_weeks_check_ins(owner, objective, cycle, company, marketing):
    build_scenario(owner, objective, cycle, company, marketing)
    previous = updates.week_of(timezone.localdate()) - dt.timedelta(days=7)
    # when
    update = updates.update_for_week(company, previous)
    # then: last week's check-ins moved, this week's not yet; nothing retired then
    assert sorted(m.value_after for m in update.moved) == [16, 50]
    assert update.retired == []
    assert update.worsened == []


def test_another_units_update_leaves_out_units_beside_it(
    owner, objective, cycle, company, marketing
):
    scenario = build_scenario(owner, objective, cycle, company, marketing)
    # when
    update = _this_week(scenario.sales)
    # then
    assert [p.unit.name for p in update.units] == ["Sales"]
    assert update.moved == [] and update.worsened == [] and update.retired == []


def test_parse_week_takes_any_day_and_refuses_the_future():
    today = dt.date(2027, 3, 10)  # a Wednesday
    assert updates.parse_week("2027-03-04", today) == dt.date(2027, 3, 1)
    assert updates.parse_week("2027-04-01", today) == dt.date(2027, 3, 8)
    assert updates.parse_week("not a date", today) == dt.date(2027, 3, 8)
    assert updates.parse_week(None, today) == dt.date(2027, 3, 8)


def _grow(owner: User, cycle, unit: Unit, first: int, count: int) -> None:
    last_week = _start_of_week() - dt.timedelta(days=2)
    for number in range(first, first + count):
        team = org_actions.do_create_unit(owner, name=f"Team {number}", parent=unit)
        objective = actions.do_create_objective(
            owner, cycle=cycle, unit=team, owner=owner, title=f"Objective {number}"
        )
        for kr_number in range(2):
            key_result = actions.do_create_key_result(
                owner, objective, title=f"KR {number}.{kr_number}", start=0, target=10
            )
            actions.do_check_in(owner, key_result, value=5, comment="before", at=last_week)
            actions.do_check_in(owner, key_result, value=1 + kr_number, comment="now")
        if number % 2:
            actions.do_retire_objective(owner, objective, reason="Not needed")


def test_the_update_reads_a_fixed_number_of_queries(owner, cycle, company):
    def count() -> int:
        unit = Unit.objects.get(pk=company.pk)
        with CaptureQueriesContext(connection) as queries:
            update = _this_week(unit)
        assert update.moved
        return len(queries)

    _grow(owner, cycle, company, 0, 2)
    small = count()
    _grow(owner, cycle, company, 2, 10)
    large = count()
    assert small == large <= 7


# Sending (a real SMTP server on 127.0.0.1) ------------------------------------------------


def test_weekly_mail_arrives_in_english_with_both_parts(
    smtp_server, owner, objective, cycle, company, marketing
):
    build_scenario(owner, objective, cycle, company, marketing)
    subscription = _subscribe(owner, company, "board@muster.example", "en")
    week = updates.week_of(timezone.localdate())
    # when
    sent = updates.send_weekly_updates.call()
    # then
    assert sent == 1
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "board@muster.example"
    assert message["Subject"] == (
        f"Kurs weekly update: Muster GmbH – week {week.isocalendar().week}"
    )
    assert message["Content-Language"] == "en"
    public = "https://kurs.example" + reverse("public_update", args=[subscription.token])
    for body in (text_part(message), html_part(message)):
        assert "Two new partners send us their leads" in body
        assert "Talk to 100 buyers at fairs" in body
        assert "The organiser cancelled the trade fair" in body
        assert "Print a glossy catalogue" in body
        assert RETIRED_REASON in body
        assert "Be seen at every trade fair" in body
        assert "Off track" in body and "On track" in body
        assert "Sales" in body and "Marketing" in body
        assert public in body
    text = text_part(message)
    assert "16 → 19 per 100" in text
    assert "50% → 88%" in text
    assert "<" not in text.replace("<-", "")  # plain text, no markup
    assert 'style="' in html_part(message)  # inline styles for mail clients
    assert UpdateSent.objects.get(subscription=subscription).week == week


def test_weekly_mail_arrives_in_german(smtp_server, owner, objective, cycle, company, marketing):
    build_scenario(owner, objective, cycle, company, marketing)
    _subscribe(owner, marketing, "vorstand@muster.example", "de")
    # when
    updates.send_weekly_updates.call()
    # then
    [message] = smtp_server.wait_for(1)
    assert message["Content-Language"] == "de"
    assert "Marketing" in message["Subject"]
    for body in (text_part(message), html_part(message)):
        assert "Kritisch" in body  # off track
        assert "Im Plan" in body  # on track
    assert "16 → 19 per 100" in text_part(message)
    assert "50\u202f% → 88\u202f%" in text_part(message)


def test_weekly_mail_is_not_sent_twice_in_a_week(
    smtp_server, owner, objective, cycle, company, marketing
):
    build_scenario(owner, objective, cycle, company, marketing)
    _subscribe(owner, company, "board@muster.example")
    assert updates.send_weekly_updates.call() == 1
    # when
    again = updates.send_weekly_updates.call()
    # then
    assert again == 0
    smtp_server.wait_for(2, timeout=0.5)
    assert len(smtp_server.messages) == 1
    assert UpdateSent.objects.count() == 1


def test_on_demand_sends_again_and_does_not_use_up_the_weekly_one(
    smtp_server, owner, objective, cycle, company, marketing
):
    build_scenario(owner, objective, cycle, company, marketing)
    _subscribe(owner, company, "board@muster.example")
    _subscribe(owner, company, "cfo@muster.example", "de")
    # when: on demand, then the weekly run, then on demand again
    assert updates.send_update_now.call(company.pk) == 2
    assert updates.send_weekly_updates.call() == 2
    assert updates.send_update_now.call(company.pk) == 2
    # then
    messages = smtp_server.wait_for(6)
    assert len(messages) == 6
    assert len(smtp_server.to("cfo@muster.example")) == 3
    assert UpdateSent.objects.filter(on_demand=True).count() == 4
    assert UpdateSent.objects.filter(on_demand=False).count() == 2


def test_units_without_okrs_in_a_running_cycle_get_no_weekly_mail(smtp_server, owner, company):
    _subscribe(owner, company, "board@muster.example")
    # when
    sent = updates.send_weekly_updates.call()
    # then
    assert sent == 0
    assert UpdateSent.objects.count() == 0
    # on demand still sends (someone asked for it)
    assert updates.send_update_now.call(company.pk) == 1
    [message] = smtp_server.wait_for(1)
    assert "No cycle was running in this week." in text_part(message)


def test_a_failed_send_leaves_no_record_and_is_retried(
    smtp_server, settings, owner, objective, cycle, company, marketing
):
    build_scenario(owner, objective, cycle, company, marketing)
    _subscribe(owner, company, "board@muster.example")
    server_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    # when
    assert updates.send_weekly_updates.call() == 0
    # then
    assert UpdateSent.objects.count() == 0
    settings.EMAIL_PORT = server_port
    assert updates.send_weekly_updates.call() == 1
    assert len(smtp_server.wait_for(1)) == 1


def test_subscribing_the_same_address_twice_is_refused(owner, company):
    _subscribe(owner, company, "board@muster.example")
    with pytest.raises(Exception, match="gets this unit’s update already"):
        updates.do_subscribe(owner, company, email="Board@Muster.example", language="en")
    assert Subscription.objects.count() == 1
