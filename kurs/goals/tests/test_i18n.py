"""Kurs in German: pages, status labels, numbers and validation messages.

German is the first language of Kurs's customers; English is the source language and
must keep working unchanged next to it.
"""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from kurs.conftest import login
from kurs.goals import actions
from kurs.goals.models import CheckIn, KeyResult
from kurs.goals.scoring import Status
from kurs.goals.templatetags.kurs import num, status_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def german(teammate):
    """The teammate has chosen German for their account."""
    teammate.language = "de"
    teammate.save()
    return teammate


def test_login_page_is_german_for_a_german_browser(client):
    # when
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Bei Kurs anmelden" in html
    assert "Log in to Kurs" not in html


def test_login_page_stays_english_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Log in to Kurs" in html


def test_my_okrs_follows_the_language_of_the_account(client, german, objective):
    # when: the browser asks for English, the account says German
    response = login(client, german).get(reverse("my_okrs"), HTTP_ACCEPT_LANGUAGE="en")
    # then
    html = response.content.decode()
    assert "Meine OKRs" in html
    assert "Nicht begonnen" in html
    assert "My OKRs" not in html


def test_english_account_sees_english_source_texts(client, teammate, objective):
    # given: English has its own (empty) catalogue; every message falls back to its msgid
    teammate.language = "en"
    teammate.save()
    # when
    response = login(client, teammate).get(reverse("my_okrs"), HTTP_ACCEPT_LANGUAGE="de")
    # then
    html = response.content.decode()
    assert "My OKRs" in html
    assert "Not started" in html
    assert "Meine OKRs" not in html


@pytest.mark.parametrize(
    ("status", "german_label", "english_label"),
    [
        (Status.NOT_STARTED, "Nicht begonnen", "Not started"),
        (Status.ON_TRACK, "Im Plan", "On track"),
        (Status.AT_RISK, "Gefährdet", "At risk"),
        (Status.OFF_TRACK, "Kritisch", "Off track"),
    ],
)
def test_status_labels_are_translated(status, german_label, english_label):
    with translation.override("de"):
        assert status_label(status) == german_label
        badge = Template("{% load kurs %}{% status_badge status %}").render(
            Context({"status": status})
        )
        assert german_label in badge
    with translation.override("en"):
        assert status_label(status) == english_label


def test_status_after_a_check_in_is_shown_in_german(client, german, objective):
    # given: halfway through the cycle, almost no progress -> red
    actions.do_check_in(german, objective.key_results.get(), value=12.5)
    # when
    html = (
        login(client, german).get(reverse("objective_detail", args=[objective.pk])).content.decode()
    )
    # then
    assert "Kritisch" in html
    assert "badge-red" in html


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("de", 1234.5, "1.234,5"),
        ("en", 1234.5, "1,234.5"),
        ("de", 1234, "1.234"),
        ("en", 1234, "1,234"),
        ("de", 0.25, "0,25"),
        ("de", 2.0, "2"),
    ],
)
def test_numbers_follow_the_language(language, value, shown):
    with translation.override(language):
        assert num(value) == shown
        assert Template("{% load kurs %}{{ value|num }}").render(Context({"value": value})) == shown


def test_key_result_form_errors_are_german(client, german, objective):
    # given
    login(client, german)
    before = KeyResult.objects.count()
    # when: a range whose maximum lies below its minimum
    response = client.post(
        reverse("key_result_create", args=[objective.pk]),
        {
            "title": "Reklamationsquote im Rahmen halten",
            "owner": german.pk,
            "metric": "range",
            "range_min": "5",
            "range_max": "2",
            "weight": "1",
        },
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Das Maximum darf nicht unter dem Minimum liegen." in html
    assert "Bitte korrigieren Sie die markierten Felder." in html
    assert KeyResult.objects.count() == before


def test_check_in_errors_and_confirmation_are_german(client, german, objective):
    # given
    key_result = objective.key_results.get()
    login(client, german)
    # when: confidence out of range (Django's own message, from Django's German catalogue)
    response = client.post(
        reverse("check_in"),
        {f"kr{key_result.pk}-value": "15", f"kr{key_result.pk}-confidence": "11"},
    )
    # then
    html = response.content.decode()
    assert "Es wurde nichts gespeichert. Bitte korrigieren Sie die markierten Felder." in html
    assert "Dieser Wert muss kleiner oder gleich 10 sein." in html
    assert CheckIn.objects.count() == 0
    # when: corrected, one key result checked in (singular)
    response = client.post(
        reverse("check_in"),
        {f"kr{key_result.pk}-value": "15", f"kr{key_result.pk}-confidence": "7"},
        follow=True,
    )
    # then
    assert "Check-in für 1 Schlüsselergebnis gespeichert. Vielen Dank!" in (
        response.content.decode()
    )
    assert CheckIn.objects.count() == 1


def test_history_reads_as_german_sentences(client, german, objective):
    # when
    html = (
        login(client, german).get(reverse("objective_detail", args=[objective.pk])).content.decode()
    )
    # then: "Alice Admin erstellte „…“", not the field label "erstellt am"
    assert "erstellte" in html
    assert "Verlauf" in html
