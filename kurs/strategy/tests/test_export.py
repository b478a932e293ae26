"""Exports of a strategy document: a one-page PDF to hand out and slides for meetings."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from kurs.conftest import login
from kurs.orgs import actions as org_actions
from kurs.strategy import actions, export, selectors
from kurs.strategy.models import Section
from kurs.strategy.views.export import content_disposition

pytestmark = pytest.mark.django_db

VISION = "Jeder Mittelständler in Süddeutschland kennt uns – „Kurs“ für 5 € im Monat."


@pytest.fixture
def period(owner):
    actions.do_set_frameworks(owner, owner.organization, "both")
    return actions.do_create_period(
        owner, name="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )


@pytest.fixture
def document(owner, period, company):
    return actions.do_create_document(
        owner,
        period=period,
        framework="v2mom",
        unit=company,
        statement=VISION,
        items=[
            {"section": "values", "title": "Vertrauen"},
            {"section": "values", "title": "Größe zeigen"},
            {
                "section": "methods",
                "title": "Win the Mittelstand",
                "description": "Außendienst stärken",
            },
            {"section": "methods", "title": "Service first", "budget": 5000},
            {"section": "obstacles", "title": "Too few sales people", "owner": owner},
            {
                "section": "measures",
                "title": "Revenue",
                "start": 10,
                "target": 20,
                "current": 14,
                "unit_label": "Mio. €",
            },
        ],
    )


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def slides(content: bytes):
    return list(Presentation(io.BytesIO(content)).slides)


def slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


# PDF ------------------------------------------------------------------------------


def test_pdf_is_one_page_with_vision_sections_items_and_status_words(client, owner, document):
    # when
    response = login(client, owner).get(reverse("strategy_pdf", args=[document.pk]))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="v2mom-muster-gmbh-2026.pdf"'
    )
    pages, text = pdf_text(response.content)
    assert pages == 1
    # German typography survives (the core PDF fonts would fail on quotes, dashes, €)
    assert "„Kurs“" in text and "–" in text and "€" in text and "Süddeutschland" in text
    for label in ("Vision", "Values", "Methods", "Obstacles", "Measures"):
        assert label in text
    for title in ("Vertrauen", "Größe zeigen", "Win the Mittelstand", "Service first", "Revenue"):
        assert title in text
    assert "Außendienst stärken" in text
    # the colour is never alone: every coloured item carries its status word; the values
    # and the obstacle have no colour (nobody set one), so they show none
    labels = ("Not started", "On track", "At risk", "Off track")
    assert sum(text.count(label) for label in labels) == 3
    # measures read start → current → target
    assert "10 → 14 → 20 Mio. €" in text
    # seed 004 flags on methods: nobody accepted either, one has no resources
    assert text.count("acceptance missing") == 2
    assert text.count("resources missing") == 1
    assert "Owner: Alice Admin" in text
    assert "Version 1" in text
    # small: fonts are subset, not embedded whole (each TTF is ~700 kB)
    assert len(response.content) < 120_000


def test_hand_set_colour_shows_as_colour_and_word(client, owner, document):
    # given
    method = document.items.get(title="Service first")
    actions.do_update_item(owner, method, status_override="off_track")
    view = selectors.document_view(document)
    # when
    _pages, text = pdf_text(export.document_pdf(view))
    methods = slides(export.document_pptx(view))[3]
    # then: the word in both, and in the slide a red dot on the item's row
    assert "Off track" in text
    assert "Off track" in slide_text(methods)
    dots = [s for s in methods.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    assert [str(d.fill.fore_color.rgb) for d in dots] == ["8C959F", "CF222E"]
    assert [d.name for d in dots] == ["Not started", "Off track"]


def test_pdf_of_sixty_items_still_fits_one_page(client, owner, document):
    # given: 60 more methods, each with a long description
    long = "Wir sprechen jeden Kunden persönlich an und hören genau zu. " * 6
    for number in range(1, 61):
        actions.do_add_item(
            owner, document, section="methods", title=f"Methode {number:02d}", description=long
        )
    # when
    response = login(client, owner).get(reverse("strategy_pdf", args=[document.pk]))
    # then: one page; the top-ranked items are there, the rest is counted, not lost
    pages, text = pdf_text(response.content)
    assert pages == 1
    assert "Win the Mittelstand" in text and "Methode 01" in text
    assert "Vertrauen" in text and "Revenue" in text  # other sections keep their items
    shown = [n for n in range(1, 61) if f"Methode {n:02d}" in text]
    assert shown == list(range(1, len(shown) + 1))  # ranked: the first ones are kept
    hidden = 60 - len(shown)
    assert 0 < hidden < 30
    assert f"+{hidden} more items" in text
    assert "…" in text  # long descriptions are cut, not spilled onto a second page


def test_pdf_of_sixty_short_items_shows_them_all_on_one_page(owner, document):
    # given
    for number in range(1, 61):
        actions.do_add_item(owner, document, section="values", title=f"Wert {number:02d}")
    # when
    pages, text = pdf_text(export.document_pdf(selectors.document_view(document)))
    # then: a smaller font is enough, nothing is left out
    assert pages == 1
    assert all(f"Wert {number:02d}" in text for number in range(1, 61))
    assert "more item" not in text


def test_pdf_of_an_empty_mspot_shows_mission_strategy_and_empty_sections(owner, period, company):
    # given
    document = actions.do_create_document(owner, period=period, framework="mspot", unit=company)
    # when
    pages, text = pdf_text(export.document_pdf(selectors.document_view(document)))
    # then
    assert pages == 1
    for label in ("Mission", "Strategy", "Plays", "Omissions", "Targets"):
        assert label in text
    assert text.count("No items yet.") == 3
    assert "Not written yet." in text


def test_pptx_of_an_mspot_shows_mission_and_strategy(owner, period, company):
    # given
    document = actions.do_create_document(
        owner,
        period=period,
        framework="mspot",
        unit=company,
        statement="Wachstum mit Anstand",
        strategy="Erst Bayern,\ndann Österreich",
        items=[{"section": "omissions", "title": "Kein Endkundengeschäft", "reason": "Zu teuer"}],
    )
    # when
    found = slides(export.document_pptx(selectors.document_view(document)))
    # then
    assert len(found) == 2 + 3
    vision = slide_text(found[1])
    assert "Mission" in vision and "Wachstum mit Anstand" in vision
    # the line break is kept (python-pptx reads a line break back as a vertical tab)
    assert "Strategy" in vision and "Erst Bayern,\vdann Österreich" in vision
    assert [s.shapes.title.text for s in found[2:]] == ["Plays", "Omissions", "Targets"]
    assert "No items yet." in slide_text(found[2])
    assert "Why not: Zu teuer" in slide_text(found[3])


def test_pdf_in_german_uses_german_section_names(client, teammate, document):
    # given: the reader has chosen German
    teammate.language = "de"
    teammate.save()
    # when
    response = login(client, teammate).get(reverse("strategy_pdf", args=[document.pk]))
    # then
    _pages, text = pdf_text(response.content)
    with translation.override("de"):
        expected = [str(Section(code).label) for code in ("values", "methods", "measures")]
        status = str(translation.gettext("Not started"))
    for label in expected:
        assert label in text
    assert status in text


# PPTX -----------------------------------------------------------------------------


def test_pptx_has_title_vision_and_one_slide_per_section(client, owner, document):
    # when
    response = login(client, owner).get(reverse("strategy_pptx", args=[document.pk]))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    )
    assert 'filename="v2mom-muster-gmbh-2026.pptx"' in response["Content-Disposition"]
    deck = Presentation(io.BytesIO(response.content))
    assert (deck.slide_width or 0) * 9 == (deck.slide_height or 0) * 16 != 0
    found = list(deck.slides)
    assert len(found) == 2 + 4
    assert "V2MOM" in found[0].shapes.title.text and "Muster GmbH" in found[0].shapes.title.text
    assert "2026" in slide_text(found[0])
    assert VISION in slide_text(found[1])
    assert [s.shapes.title.text for s in found[2:]] == [
        "Values",
        "Methods",
        "Obstacles",
        "Measures",
    ]
    methods = slide_text(found[3])
    assert "1. Win the Mittelstand" in methods and "2. Service first" in methods
    assert "Not started" in methods  # the status word beside the coloured dot
    assert "10 → 14 → 20 Mio. €" in slide_text(found[5])


def test_pptx_continues_long_sections_on_another_slide(owner, document):
    # given: 10 methods in all
    for number in range(1, 9):
        actions.do_add_item(owner, document, section="methods", title=f"Methode {number}")
    # when
    found = slides(export.document_pptx(selectors.document_view(document)))
    # then
    titles = [s.shapes.title.text for s in found[2:]]
    assert titles == ["Values", "Methods", "Methods (cont.)", "Obstacles", "Measures"]
    assert "Methode 6" in slide_text(found[3])
    assert "Methode 7" in slide_text(found[4]) and "Methode 8" in slide_text(found[4])


def test_pptx_in_german_names_the_sections_in_german(owner, document):
    # when
    with translation.override("de"):
        found = slides(export.document_pptx(selectors.document_view(document)))
        expected = [str(Section(code).label) for code in document.sections]
    # then
    assert [s.shapes.title.text for s in found[2:]] == expected


@pytest.mark.parametrize("name", ["strategy_pdf", "strategy_pptx"])
def test_export_queries_do_not_grow_with_the_items(client, owner, document, objective, name):
    # given: a method carried by an objective, with an acceptance asked for
    method = document.items.get(title="Win the Mittelstand")
    actions.do_link_objective(owner, method, objective)
    actions.do_request_acceptance(owner, item=method, person=owner)
    url = reverse(name, args=[document.pk])
    login(client, owner)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    # when: forty more items, the methods linked and asked for acceptance
    for number in range(20):
        item = actions.do_add_item(owner, document, section="methods", title=f"M{number}")
        actions.do_link_objective(owner, item, objective)
        actions.do_request_acceptance(owner, item=item, person=owner)
        actions.do_add_item(
            owner, document, section="measures", title=f"K{number}", start=0, target=9
        )
    # then
    assert count() == small


# Permissions and file names ---------------------------------------------------------


@pytest.mark.parametrize("name", ["strategy_pdf", "strategy_pptx"])
def test_viewer_may_download(client, viewer, document, name):
    response = login(client, viewer).get(reverse(name, args=[document.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["strategy_pdf", "strategy_pptx"])
def test_other_organization_gets_404(client, outsider, document, name):
    response = login(client, outsider).get(reverse(name, args=[document.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["strategy_pdf", "strategy_pptx"])
def test_anonymous_is_sent_to_login(client, document, name):
    response = client.get(reverse(name, args=[document.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_file_name_is_safe_for_a_unit_with_slash_ampersand_and_umlaut(owner, period, company):
    # given
    unit = org_actions.do_create_unit(owner, name="Vertrieb & Service/Süd", parent=company)
    document = actions.do_create_document(owner, period=period, framework="mspot", unit=unit)
    # when
    header = content_disposition(document, "pdf")
    # then: ASCII for old clients, the umlaut for those that read RFC 5987
    assert header == (
        'attachment; filename="mspot-vertrieb-service-sud-2026.pdf"; '
        "filename*=UTF-8''mspot-vertrieb-service-s%C3%BCd-2026.pdf"
    )
    assert header.isascii()
    assert "/" not in header.split("filename*=")[1]
