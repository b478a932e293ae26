"""Check-in reminders arrive by real SMTP: once a week, in the reader's language, with links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kurs.goals import actions as goal_actions
from kurs.goals.models import CycleState, KeyResult
from kurs.notify.models import NotificationSettings, ReminderSent
from kurs.notify.reminders import due_reminders, send_reminder, send_reminders, week_of
from kurs.notify.tests.conftest import html_part, text_part
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Role

TODAY = timezone.localdate()


def remind(day: dt.date) -> int:
    return send_reminders.call(today=day.isoformat())


def in_days(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


@pytest.fixture
def second_kr(owner, objective) -> KeyResult:
    return goal_actions.do_create_key_result(
        owner, objective, title="Answer every lead within one day", start=0, target=100
    )


def test_a_reminder_arrives_with_both_parts_and_the_check_in_link(
    smtp_server, teammate, objective, second_kr
):
    # given: Bob owns two key results (via the objective) and has not checked in for 10 days
    assert {kr.owner for kr in objective.key_results.all()} == {teammate}

    # when
    sent = remind(in_days(10))

    # then
    assert sent == 1
    [message] = smtp_server.messages
    assert message["To"] == "bob@muster.example"
    assert message["Subject"] == "Kurs: 2 key results are waiting for your check-in"
    assert message["Content-Language"] == "en"
    text, html = text_part(message), html_part(message)
    for body in (text, html):
        assert "https://kurs.example/check-in/" in body
        assert "https://kurs.example/account/notifications/" in body
        assert "Raise lead-to-offer rate from 12 to 20 per 100 leads" in body
        assert "Answer every lead within one day" in body
        assert "Make our leads noticeably better" in body
        assert "No check-in yet, started 10 days ago" in body
    assert '<a href="https://kurs.example/check-in/"' in html
    assert ReminderSent.objects.get(user=teammate).key_results == 2


def test_the_reminder_is_in_the_persons_language(smtp_server, settings, teammate, objective):
    # given: Bob reads German, the installation's default is English
    teammate.language = "de"
    teammate.save(update_fields=["language"])

    remind(in_days(10))

    [message] = smtp_server.messages
    assert message["Content-Language"] == "de"
    assert '<html lang="de">' in html_part(message)
    assert "https://kurs.example/check-in/" in text_part(message)


def test_the_default_language_applies_when_the_person_has_none(
    smtp_server, settings, teammate, objective
):
    settings.LANGUAGE_CODE = "de"

    remind(in_days(10))

    assert smtp_server.messages[0]["Content-Language"] == "de"


def test_never_twice_in_the_same_week_but_again_the_next_week(smtp_server, teammate, objective):
    # Mondays, so that the two runs in one week stay inside it
    monday = in_days(14) - dt.timedelta(days=in_days(14).weekday())

    assert remind(monday) == 1
    assert remind(monday + dt.timedelta(days=2)) == 0
    assert len(smtp_server.messages) == 1

    assert remind(monday + dt.timedelta(days=7)) == 1
    assert len(smtp_server.messages) == 2
    assert ReminderSent.objects.filter(user=teammate).count() == 2


def test_the_days_count_from_the_last_check_in(smtp_server, teammate, objective):
    key_result = objective.key_results.get()
    goal_actions.do_check_in(teammate, key_result, value=14)
    KeyResult.objects.filter(pk=key_result.pk).update(
        last_check_in_at=timezone.now() - dt.timedelta(days=9)
    )

    remind(TODAY)

    [message] = smtp_server.messages
    assert "Last check-in 9 days ago" in text_part(message)


def test_nothing_after_a_recent_check_in(smtp_server, teammate, objective):
    goal_actions.do_check_in(teammate, objective.key_results.get(), value=14)

    assert remind(in_days(7)) == 0  # seven days: not yet older than the default seven
    assert remind(in_days(8) + dt.timedelta(days=7)) == 1
    assert len(smtp_server.messages) == 1


def test_the_persons_own_number_of_days(smtp_server, teammate, objective):
    NotificationSettings.objects.create(user=teammate, remind_after_days=20)

    assert remind(in_days(15)) == 0
    assert remind(in_days(21 + 7)) == 1


def test_nothing_with_reminders_off(smtp_server, teammate, objective):
    NotificationSettings.objects.create(user=teammate, reminders=False)

    assert remind(in_days(30)) == 0
    assert smtp_server.messages == []


def test_nothing_for_inactive_people(smtp_server, owner, teammate, objective):
    org_actions.do_update_person(
        owner, teammate, name=teammate.name, role=teammate.role, is_active=False
    )

    assert remind(in_days(30)) == 0


def test_nothing_in_finished_or_planned_cycles(smtp_server, owner, teammate, objective, cycle):
    # a cycle whose end is past: no reminders after it, even though it is still "active"
    assert remind(cycle.end + dt.timedelta(days=1)) == 0

    goal_actions.do_close_cycle(owner, cycle)
    assert remind(in_days(20)) == 0

    planning = goal_actions.do_create_cycle(
        owner,
        name="Next quarter",
        start=TODAY - dt.timedelta(days=30),
        end=TODAY + dt.timedelta(days=60),
        kind="quarter",
        state=CycleState.PLANNING,
    )
    goal_actions.do_create_objective(
        owner, cycle=planning, unit=objective.unit, owner=teammate, title="Planned"
    )
    assert remind(in_days(20)) == 0
    assert smtp_server.messages == []


def test_retired_key_results_do_not_count(smtp_server, teammate, objective, second_kr):
    KeyResult.objects.filter(pk=second_kr.pk).update(state="retired")

    remind(in_days(10))

    [message] = smtp_server.messages
    assert message["Subject"] == "Kurs: 1 key result is waiting for your check-in"
    assert "Answer every lead within one day" not in text_part(message)


def test_each_person_gets_only_their_own_key_results(
    smtp_server, owner, teammate, viewer, outsider, objective
):
    # given: the outsider's organization has its own quiet key result
    other_cycle = goal_actions.do_create_cycle(
        outsider,
        name="Q",
        start=TODAY - dt.timedelta(days=10),
        end=TODAY + dt.timedelta(days=60),
        kind="quarter",
        state=CycleState.ACTIVE,
    )
    other_unit = outsider.organization.units.get(parent=None)
    other_objective = goal_actions.do_create_objective(
        outsider, cycle=other_cycle, unit=other_unit, owner=outsider, title="Their objective"
    )
    goal_actions.do_create_key_result(
        outsider, other_objective, title="Their secret result", start=0, target=1
    )

    # when
    assert remind(in_days(10)) == 2

    # then: Bob and Oscar each get their own; the viewer and Alice (no key results) nothing
    assert sorted(str(m["To"]) for m in smtp_server.messages) == [
        "bob@muster.example",
        "oscar@other.example",
    ]
    [bob_mail] = smtp_server.to("bob@muster.example")
    assert "Their secret result" not in text_part(bob_mail)
    [oscar_mail] = smtp_server.to("oscar@other.example")
    assert "Raise lead-to-offer rate" not in text_part(oscar_mail)


def test_a_refused_mail_is_not_recorded_and_is_retried(settings, teammate, objective):
    # given: no mail server listens on this port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    with pytest.raises(RuntimeError, match="1 of 1 reminders failed"):
        remind(in_days(10))

    assert not ReminderSent.objects.exists()


def _people_with_key_results(owner, marketing, cycle, first: int, count: int) -> None:
    for index in range(first, first + count):
        person = org_actions.do_create_person(
            None,
            organization=owner.organization,
            email=f"person{index}@muster.example",
            name=f"Person {index}",
            role=Role.MEMBER,
        )
        objective = goal_actions.do_create_objective(
            owner, cycle=cycle, unit=marketing, owner=person, title=f"Objective {index}"
        )
        goal_actions.do_create_key_result(
            owner, objective, title=f"KR {index}", owner=person, start=0, target=1
        )


def _selects(day: dt.date) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        sent = remind(day)
    selects = [
        q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
    ]
    return sent, len(selects)


def test_the_queries_do_not_grow_with_the_number_of_people(
    settings, owner, marketing, cycle, teammate
):
    # given: the mails stay in memory; two people wait in one week, twelve the next
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _people_with_key_results(owner, marketing, cycle, 0, 2)
    small = _selects(in_days(10))
    _people_with_key_results(owner, marketing, cycle, 2, 10)

    # when
    large = _selects(in_days(17))

    # then: one email each, the same number of reads
    assert (small[0], large[0]) == (2, 12)
    assert large[1] == small[1]


def test_a_concurrent_run_that_got_there_first_wins(smtp_server, teammate, objective):
    # given: this run found Bob due, then another worker reminded him before it could
    day = in_days(10)
    [reminder] = due_reminders(day)
    ReminderSent.objects.create(user=teammate, week=week_of(day))

    # when / then: the unique (user, week) constraint stops the second mail
    assert send_reminder(reminder, week_of(day)) is False
    assert smtp_server.messages == []
    assert ReminderSent.objects.filter(user=teammate).count() == 1
