"""The reminder settings page: a person turns reminders on or off and picks the days."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kurs.conftest import login
from kurs.notify.models import NotificationSettings

pytestmark = pytest.mark.django_db

URL = "/account/notifications/"


def test_the_url_is_the_named_one():
    assert reverse("notification_settings") == URL


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_page_shows_the_defaults_with_labels(client, teammate):
    # when
    response = login(client, teammate).get(URL)

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check-in reminders" in html
    assert '<label for="id_remind_after_days">Remind me after this many days' in html
    assert "Remind me by email when my key results need a check-in" in html
    assert "Between 1 and 60 days" in html
    assert "bob@muster.example" in html
    assert 'name="reminders" id="id_reminders" checked' in html
    assert 'value="7"' in html


def test_the_account_page_links_here(client, teammate):
    html = login(client, teammate).get(reverse("account")).content.decode()
    assert f'href="{URL}"' in html


def test_saving_changes_only_my_settings(client, teammate, owner, viewer):
    # given: Alice chose 3 days earlier
    NotificationSettings.objects.create(user=owner, remind_after_days=3)

    # when: Bob turns reminders off and picks 14 days
    response = login(client, teammate).post(URL, {"remind_after_days": "14"}, follow=True)

    # then
    assert "Your reminder settings are saved." in response.content.decode()
    mine = NotificationSettings.objects.get(user=teammate)
    assert (mine.reminders, mine.remind_after_days) == (False, 14)
    alice = NotificationSettings.objects.get(user=owner)
    assert (alice.reminders, alice.remind_after_days) == (True, 3)
    assert not NotificationSettings.objects.filter(user=viewer).exists()

    # and the page shows the saved choice
    html = client.get(URL).content.decode()
    assert 'value="14"' in html
    assert 'name="reminders" id="id_reminders">' in html  # not checked


def test_saving_again_updates_the_same_row(client, teammate):
    login(client, teammate)
    client.post(URL, {"reminders": "on", "remind_after_days": "10"})
    client.post(URL, {"reminders": "on", "remind_after_days": "21"})

    [row] = NotificationSettings.objects.filter(user=teammate)
    assert (row.reminders, row.remind_after_days) == (True, 21)


@pytest.mark.parametrize("days", ["0", "61", "", "seven", "2.5"])
def test_out_of_range_days_are_a_field_error_and_nothing_is_saved(client, teammate, days):
    # when
    response = login(client, teammate).post(URL, {"reminders": "on", "remind_after_days": days})

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="remind_after_days"' in html
    assert "between 1 and 60" in html
    assert 'class="field-error"' in html
    assert not NotificationSettings.objects.filter(user=teammate).exists()


def test_a_viewer_and_an_outsider_have_their_own_page(client, viewer, outsider):
    assert login(client, viewer).get(URL).status_code == 200
    client.post(URL, {"reminders": "on", "remind_after_days": "30"})
    assert NotificationSettings.objects.get(user=viewer).remind_after_days == 30

    login(client, outsider)
    assert 'value="7"' in client.get(URL).content.decode()


def test_the_page_is_in_german_for_german_readers(client, teammate):
    teammate.language = "de"
    teammate.save(update_fields=["language"])

    html = login(client, teammate).get(URL).content.decode()

    assert '<html lang="de"' in html
    assert "Ihr Konto" in html
