"""A readable difference between two versions of a strategy document (pure, no Django).

Versions are compared as snapshots (see kurs.strategy.actions.snapshot): the texts
word by word, the items matched by their id, so an item that was reworded shows as
changed rather than as removed-and-added, and a re-ranked item shows its old and new
rank.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

# Item fields compared, in the order they are shown; "position" is shown as a move.
ITEM_FIELDS = [
    "title",
    "description",
    "state",
    "status_override",
    "owner",
    "method",
    "supports",
    "reason",
    "start",
    "target",
    "current",
    "unit_label",
    "key_result",
    "objectives",
    "picture_of_success",
    "budget",
    "people_needed",
    "resources_note",
    # Sign-offs asked, given or withdrawn are versions of their own; without this
    # field the diff between such versions came out empty.
    "acceptances",
    "replaced_reason",
]
TEXT_FIELDS = ["statement", "strategy"]


@dataclass(frozen=True)
class Piece:
    """A run of words: "equal", "insert" or "delete"."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any
    # Word-level pieces for text fields; empty for numbers and references.
    pieces: tuple[Piece, ...] = ()


@dataclass(frozen=True)
class ItemChange:
    kind: str  # "added" | "removed" | "changed"
    section: str
    title: str
    position_before: int | None = None
    position_after: int | None = None
    fields: tuple[FieldChange, ...] = ()

    @property
    def moved(self) -> bool:
        return (
            self.kind == "changed"
            and self.position_before is not None
            and self.position_before != self.position_after
        )


@dataclass
class DocumentDiff:
    texts: list[FieldChange] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.texts and not self.items


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_pieces(before: str, after: str) -> tuple[Piece, ...]:
    """Word-level differences; joining the non-deleted pieces gives `after` back."""
    a = _TOKENS.findall(before or "")
    b = _TOKENS.findall(after or "")
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return tuple(p for p in pieces if p.text)


def _field_change(name: str, before: Any, after: Any) -> FieldChange:
    texts = isinstance(before, str | None) and isinstance(after, str | None)
    if texts and (isinstance(before, str) or isinstance(after, str)):
        return FieldChange(name, before, after, word_pieces(before or "", after or ""))
    return FieldChange(name, before, after)


def _normalise(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    return value


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> DocumentDiff:
    """What changed from `old` to `new` (both snapshots of the same document)."""
    result = DocumentDiff()
    for name in TEXT_FIELDS:
        before, after = old.get(name) or "", new.get(name) or ""
        if before != after:
            result.texts.append(_field_change(name, before, after))
    old_items = {item["id"]: item for item in old.get("items", [])}
    new_items = {item["id"]: item for item in new.get("items", [])}
    for item in new.get("items", []):
        previous = old_items.get(item["id"])
        if previous is None:
            result.items.append(
                ItemChange("added", item["section"], item["title"], None, item.get("position"))
            )
            continue
        fields = tuple(
            _field_change(name, previous.get(name), item.get(name))
            for name in ITEM_FIELDS
            if _normalise(previous.get(name)) != _normalise(item.get(name))
        )
        moved = previous.get("position") != item.get("position")
        if fields or moved:
            result.items.append(
                ItemChange(
                    "changed",
                    item["section"],
                    item["title"],
                    previous.get("position"),
                    item.get("position"),
                    fields,
                )
            )
    for item in old.get("items", []):
        if item["id"] not in new_items:
            result.items.append(
                ItemChange("removed", item["section"], item["title"], item.get("position"), None)
            )
    return result
