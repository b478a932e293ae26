"""`/export/`: downloads of a unit, a cycle or the whole organization, as people click them."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

from kurs.conftest import login
from kurs.goals import actions as goal_actions
from kurs.goals.models import CycleState
from kurs.orgs.models import Unit

pytestmark = pytest.mark.django_db

URL = reverse("okr_export")


def test_a_unit_downloads_as_xlsx_with_a_sensible_name(client, owner, objective, marketing, cycle):
    login(client, owner)

    response = client.get(URL, {"unit": marketing.pk, "cycle": cycle.pk, "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="marketing-current-quarter.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Marketing"]
    assert workbook["Marketing"]["A2"].value == "Make our leads noticeably better"


def test_the_unit_page_links_work(client, owner, objective, marketing, cycle):
    login(client, owner)
    page = client.get(reverse("unit_detail", args=[marketing.pk]), {"cycle": cycle.pk})
    link = f"{URL}?unit={marketing.pk}&amp;cycle={cycle.pk}&amp;format=md"
    assert link in page.content.decode()

    response = client.get(link.replace("&amp;", "&"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert "### Make our leads noticeably better" in response.content.decode()


def test_a_viewer_may_download_the_whole_organization(client, viewer, objective):
    login(client, viewer)

    response = client.get(URL, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="muster-gmbh.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Unit", "Objective", "Key result"]
    assert "Cycle" in rows[0]  # all cycles: each row says which
    assert rows[1][1] == "Make our leads noticeably better"


def test_the_file_speaks_the_readers_language(client, owner, objective, cycle):
    owner.language = "de"
    owner.save(update_fields=["language"])
    login(client, owner)

    response = client.get(URL, {"cycle": cycle.pk, "format": "csv"})

    text = response.content.decode("utf-8-sig")
    assert text.startswith("Einheit;Ziel;Schlüsselergebnis;")
    assert "Nicht begonnen" in text


def test_another_organizations_unit_or_cycle_is_not_found(
    client, outsider, other_org, owner, objective, marketing, cycle
):
    login(client, outsider)

    for params in ({"unit": marketing.pk}, {"cycle": cycle.pk}, {"unit": "x"}, {"cycle": "-1"}):
        response = client.get(URL, {**params, "format": "md"})
        assert response.status_code == 404, params
    # Their own whole-organization export shows none of ours.
    own = client.get(URL, {"format": "md"})
    assert own.status_code == 200
    assert "Make our leads" not in own.content.decode()


def test_a_bad_format_gets_a_message_page(client, owner, marketing):
    login(client, owner)

    for wanted in ("pdf", ""):
        response = client.get(URL, {"unit": marketing.pk, "format": wanted})
        assert response.status_code == 400
        text = response.content.decode()
        assert "Unknown export format" in text
        assert "xlsx (Excel), csv, md (Markdown)" in text
        assert "Content-Disposition" not in response


def test_signing_in_is_required(client, objective):
    response = client.get(URL, {"format": "csv"})

    assert response.status_code == 302
    assert "/login/" in response["Location"] or "login" in response["Location"]


def test_downloads_read_a_fixed_number_of_queries(client, owner, marketing, cycle):
    login(client, owner)

    def grow(count: int) -> None:
        for n in range(count):
            objective = goal_actions.do_create_objective(
                owner, cycle=cycle, unit=marketing, owner=owner, title=f"Objective {n}"
            )
            for m in range(2):
                goal_actions.do_create_key_result(
                    owner, objective, title=f"Result {n}.{m}", start=0, target=10
                )

    def count(params: dict[str, object]) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert response.status_code == 200
        return len(queries)

    grow(2)
    small = {
        f: count({"unit": marketing.pk, "cycle": cycle.pk, "format": f})
        for f in ["xlsx", "csv", "md"]
    }
    whole_small = count({"format": "xlsx"})
    grow(12)
    other = goal_actions.do_create_cycle(
        owner, name="Next", start=cycle.end, end=cycle.end.replace(year=cycle.end.year + 1),
        kind="year", state=CycleState.PLANNING,
    )  # fmt: skip
    goal_actions.do_create_objective(
        owner,
        cycle=other,
        unit=Unit.objects.get(organization=owner.organization, parent=None),
        owner=owner,
        title="Later",
    )
    big = {
        f: count({"unit": marketing.pk, "cycle": cycle.pk, "format": f})
        for f in ["xlsx", "csv", "md"]
    }

    assert big == small
    assert count({"format": "xlsx"}) == whole_small
