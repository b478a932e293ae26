"""Alignment suggestions: the right parent objective comes first, in German and English."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kurs.coach.similarity import Suggestion, suggest_parents, words

COMPANY_DE = [
    "Neukundengewinnung im Mittelstand ausbauen",
    "Kundenzufriedenheit im Service steigern",
    "Kosten in der Produktion senken",
    "Ein attraktiver Arbeitgeber für Ingenieurinnen und Ingenieure werden",
    "Die Nr. 1 für Ersatzteile im DACH-Raum werden",
    "IT-Sicherheit gegen Cyberangriffe stärken",
]

COMPANY_EN = [
    "Grow new customer acquisition in the mid-market",
    "Delight existing customers with proactive service",
    "Cut energy costs in production",
    "Become an employer engineers want to join",
    "Be the first choice for spare parts in Europe",
    "Protect our systems against cyber attacks",
]


def best(text: str, candidates: list[str]) -> str | None:
    suggestions = suggest_parents(text, candidates)
    return candidates[suggestions[0].index] if suggestions else None


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        # Compound in the parent, its parts in the child.
        ("Mehr neue Kunden im Mittelstand gewinnen", COMPANY_DE[0]),
        ("Zufriedene Kunden nach jedem Serviceeinsatz", COMPANY_DE[1]),
        # Compound in the child, a part of it in the parent.
        ("Produktionskosten pro Maschine spürbar senken", COMPANY_DE[2]),
        ("Ersatzteilversorgung schneller als der Wettbewerb", COMPANY_DE[4]),
        ("Ingenieure bewerben sich gern bei uns", COMPANY_DE[3]),
        ("Angriffe auf unsere IT früh erkennen", COMPANY_DE[5]),
    ],
)
def test_german_objectives_find_their_parent(text, parent):
    assert best(text, COMPANY_DE) == parent


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("Win new customers in the mid-market", COMPANY_EN[0]),
        ("Proactive service visits for key accounts", COMPANY_EN[1]),
        ("Lower energy consumption of the paint shop", COMPANY_EN[2]),
        ("Engineers love working here", COMPANY_EN[3]),
        ("Spare parts delivered faster than anyone else", COMPANY_EN[4]),
        ("Detect cyber attacks within minutes", COMPANY_EN[5]),
    ],
)
def test_english_objectives_find_their_parent(text, parent):
    assert best(text, COMPANY_EN) == parent


def test_suggestions_are_ranked_and_limited():
    # when
    suggestions = suggest_parents("Neue Kunden gewinnen, die zufrieden bleiben", COMPANY_DE)
    # then: both customer objectives (acquisition, satisfaction), nothing unrelated
    assert [s.index for s in suggestions] in ([0, 1], [1, 0])
    assert all(0 < s.score <= 1 for s in suggestions)
    assert len(suggest_parents("Neue Kunden gewinnen", COMPANY_DE, limit=1)) == 1


def test_generic_okr_words_do_not_make_objectives_similar():
    # "steigern", "verbessern", "increase" appear everywhere and say nothing.
    candidates = ["Umsatz steigern", "Qualität verbessern", "Marktanteil erhöhen"]
    assert [
        candidates[s.index] for s in suggest_parents("Qualität deutlich steigern", candidates)
    ] == ["Qualität verbessern"]
    assert suggest_parents("Increase and improve", ["Increase revenue", "Improve quality"]) == []


def test_nothing_is_suggested_when_nothing_is_similar():
    assert suggest_parents("Budget planning", COMPANY_EN) == []
    assert suggest_parents("Jahresabschluss ohne Überstunden", COMPANY_DE) == []


def test_empty_inputs_give_no_suggestions():
    assert suggest_parents("", COMPANY_DE) == []
    assert suggest_parents("Neue Kunden gewinnen", []) == []
    assert suggest_parents("Neue Kunden gewinnen", COMPANY_DE, limit=0) == []
    # Only stop words, generic verbs, numbers and punctuation: nothing to compare.
    assert suggest_parents("Wir steigern um 20 % – und mehr!", COMPANY_DE) == []
    assert suggest_parents("Neue Kunden gewinnen", ["", "2027", "Q3: +5 %"]) == []


def test_normalisation_spells_out_umlauts_and_drops_numbers():
    assert words("Größere Märkte 2027 für Überseekunden!") == [
        "groesser",
        "maerkt",
        "ueberseekund",
    ]


def test_equal_scores_keep_the_candidates_order():
    candidates = ["Kunden begeistern", "Lieferzeiten verkürzen", "Kunden begeistern"]
    assert suggest_parents("Kunden begeistern", candidates) == [
        Suggestion(index=0, score=1.0),
        Suggestion(index=2, score=1.0),
    ]


titles = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüß ABCKLMN-0123.%")),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(
    text=titles,
    candidates=st.lists(titles, max_size=8),
    limit=st.integers(min_value=0, max_value=10),
)
def test_suggestions_are_bounded_sorted_and_valid(text, candidates, limit):
    suggestions = suggest_parents(text, candidates, limit=limit)
    assert len(suggestions) <= limit
    assert all(0 <= s.index < len(candidates) for s in suggestions)
    assert all(0.1 <= s.score <= 1 for s in suggestions)
    assert len({s.index for s in suggestions}) == len(suggestions)
    keys = [(-s.score, s.index) for s in suggestions]
    assert keys == sorted(keys)


@settings(max_examples=200, deadline=None)
@given(text=titles, others=st.lists(titles, max_size=6), position=st.integers(0, 6))
def test_the_identical_text_scores_highest(text, others, position):
    # given
    candidates = list(others)
    position = min(position, len(candidates))
    candidates.insert(position, text)
    # when
    suggestions = suggest_parents(text, candidates, limit=len(candidates), min_score=0)
    # then
    if not words(text):
        assert suggestions == []
        return
    scores = {s.index: s.score for s in suggestions}
    assert scores[position] == 1.0
    assert suggestions[0].score == 1.0
