"""The version diff of kurs.strategy.diff, as examples and as properties (no database).

The history page shows what changed between any two versions of a document; a diff
that loses or invents a change misleads the meeting that decided it.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kurs.strategy.diff import ITEM_FIELDS, diff_snapshots, word_pieces

texts = st.text(alphabet=st.sampled_from("ab cd\n\tÄß’–."), max_size=40)
words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


def _item(pk: int, **fields: Any) -> dict[str, Any]:
    item = {
        "id": pk,
        "section": "methods",
        "position": pk,
        "title": f"Item {pk}",
        "description": "",
        "state": "active",
        "status_override": "",
        "owner": None,
        "method": None,
        "supports": None,
        "reason": "",
        "start": None,
        "target": None,
        "current": None,
        "unit_label": "",
        "key_result": None,
        "objectives": [],
        "picture_of_success": "",
        "budget": None,
        "people_needed": None,
        "resources_note": "",
        "acceptances": [],
        "replaced_reason": "",
    }
    item.update(fields)
    return item


def _snapshot(
    *items: dict[str, Any], statement: str = "Be the best", strategy: str = ""
) -> dict[str, Any]:
    return {
        "framework": "v2mom",
        "statement": statement,
        "strategy": strategy,
        "items": list(items),
    }


item_values = st.fixed_dictionaries(
    {
        "title": st.text(min_size=1, max_size=20),
        "description": texts,
        "start": st.none() | st.floats(allow_nan=False, allow_infinity=False),
        "objectives": st.lists(st.text(max_size=5), max_size=3),
        "section": st.sampled_from(["values", "methods", "measures"]),
    }
)


@st.composite
def snapshots(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(st.integers(min_value=1, max_value=50), unique=True, max_size=8))
    items = [_item(pk, position=rank, **draw(item_values)) for rank, pk in enumerate(ids, 1)]
    return _snapshot(*items, statement=draw(texts), strategy=draw(texts))


# word_pieces ---------------------------------------------------------------------------


@given(words, words)
def test_word_pieces_give_back_both_texts(before, after):
    pieces = word_pieces(before, after)
    assert "".join(p.text for p in pieces if p.op != "delete") == after
    assert "".join(p.text for p in pieces if p.op != "insert") == before
    assert all(p.text for p in pieces)
    assert {p.op for p in pieces} <= {"equal", "insert", "delete"}


@given(words)
def test_word_pieces_of_the_same_text_are_all_equal(text):
    assert all(p.op == "equal" for p in word_pieces(text, text))


def test_word_pieces_mark_whole_words():
    pieces = word_pieces("Win the Mittelstand fast", "Win the whole Mittelstand")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "Win the "),
        ("insert", "whole "),
        ("equal", "Mittelstand"),
        ("delete", " fast"),
    ]


# diff_snapshots ----------------------------------------------------------------------


@given(snapshots())
def test_a_version_compared_with_itself_has_no_changes(snapshot):
    diff = diff_snapshots(snapshot, copy.deepcopy(snapshot))
    assert diff.is_empty
    assert diff.texts == [] and diff.items == []


@given(snapshots(), snapshots())
def test_every_item_is_accounted_for(old, new):
    diff = diff_snapshots(old, new)
    old_ids = {i["id"] for i in old["items"]}
    new_ids = {i["id"] for i in new["items"]}
    added = [c.title for c in diff.items if c.kind == "added"]
    removed = [c.title for c in diff.items if c.kind == "removed"]
    assert sorted(added) == sorted(i["title"] for i in new["items"] if i["id"] not in old_ids)
    assert sorted(removed) == sorted(i["title"] for i in old["items"] if i["id"] not in new_ids)
    changed = [c for c in diff.items if c.kind == "changed"]
    assert len(changed) <= len(old_ids & new_ids)
    for change in changed:
        assert change.fields or change.moved


@given(snapshots(), snapshots())
def test_the_diff_reversed_swaps_added_and_removed(old, new):
    forward = diff_snapshots(old, new)
    backward = diff_snapshots(new, old)
    assert sorted(c.title for c in forward.items if c.kind == "added") == sorted(
        c.title for c in backward.items if c.kind == "removed"
    )
    assert len([c for c in forward.items if c.kind == "changed"]) == len(
        [c for c in backward.items if c.kind == "changed"]
    )
    assert forward.is_empty == backward.is_empty


def test_added_removed_changed_and_moved_items():
    old = _snapshot(
        _item(1, title="Trust"),
        _item(2, title="Win the Mittelstand", position=2),
        _item(3, title="Cold calls", position=3),
    )
    new = _snapshot(
        _item(1, title="Trust", position=2),
        _item(2, title="Win the whole Mittelstand", position=1),
        _item(4, title="Service first", position=3),
    )
    diff = diff_snapshots(old, new)
    by_title = {c.title: c for c in diff.items}
    assert set(by_title) == {"Trust", "Win the whole Mittelstand", "Service first", "Cold calls"}
    assert by_title["Service first"].kind == "added"
    assert by_title["Service first"].position_after == 3
    assert by_title["Cold calls"].kind == "removed"
    assert by_title["Cold calls"].position_before == 3
    trust = by_title["Trust"]
    assert trust.kind == "changed" and trust.moved and trust.fields == ()
    assert (trust.position_before, trust.position_after) == (1, 2)
    renamed = by_title["Win the whole Mittelstand"]
    assert renamed.kind == "changed" and renamed.moved
    (title,) = renamed.fields
    assert (title.field, title.before, title.after) == (
        "title",
        "Win the Mittelstand",
        "Win the whole Mittelstand",
    )
    assert ("insert", "whole ") in [(p.op, p.text) for p in title.pieces]


def test_a_reworded_item_is_changed_not_removed_and_added():
    old = _snapshot(_item(7, title="Old words"))
    new = _snapshot(_item(7, title="New words"))
    (change,) = diff_snapshots(old, new).items
    assert change.kind == "changed" and not change.moved


def test_numbers_references_and_lists_are_compared_without_word_pieces():
    old = _snapshot(
        _item(1, section="measures", start=10.0, target=20.0, current=None, objectives=["A", "B"])
    )
    new = _snapshot(
        _item(1, section="measures", start=10.0, target=25.0, current=12.5, objectives=["B", "A"])
    )
    (change,) = diff_snapshots(old, new).items
    fields = {f.field: f for f in change.fields}
    assert set(fields) == {"target", "current"}  # the objectives only changed order
    assert (fields["target"].before, fields["target"].after) == (20.0, 25.0)
    assert fields["target"].pieces == () and fields["current"].pieces == ()


def test_replacing_an_item_shows_state_and_reason():
    old = _snapshot(_item(1, title="Trade fair in Hanover"))
    new = _snapshot(
        _item(1, title="Trade fair in Hanover", state="replaced", replaced_reason="Cancelled"),
        _item(2, title="Webinar series", position=1),
    )
    diff = diff_snapshots(old, new)
    kinds = {c.title: c.kind for c in diff.items}
    assert kinds == {"Trade fair in Hanover": "changed", "Webinar series": "added"}
    replaced = next(c for c in diff.items if c.title == "Trade fair in Hanover")
    assert {f.field for f in replaced.fields} == {"state", "replaced_reason"}


def test_a_sign_off_shows_in_the_diff():
    assert "acceptances" in ITEM_FIELDS
    old = _snapshot(_item(1, acceptances=["Sales: pending"]))
    new = _snapshot(_item(1, acceptances=["Sales: accepted"]))
    (change,) = diff_snapshots(old, new).items
    assert [f.field for f in change.fields] == ["acceptances"]


def test_text_changes_word_by_word():
    old = _snapshot(statement="Be the best partner", strategy="")
    new = _snapshot(statement="Be the most trusted partner", strategy="Focus")
    diff = diff_snapshots(old, new)
    assert [t.field for t in diff.texts] == ["statement", "strategy"]
    statement = diff.texts[0]
    assert ("delete", "best") in [(p.op, p.text) for p in statement.pieces]
    assert ("insert", "most trusted") in [(p.op, p.text) for p in statement.pieces]
    assert [(p.op, p.text) for p in diff.texts[1].pieces] == [("insert", "Focus")]
    assert diff.items == []


def test_missing_texts_count_as_empty():
    assert diff_snapshots({"items": []}, {"statement": "", "items": []}).is_empty
