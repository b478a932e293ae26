"""Strategy documents as a one-page PDF and as slides (PPTX), for meetings and handouts.

`export_document()` turns a DocumentView (kurs.strategy.selectors.document_view) into
plain data, worded in the active language; `build_pdf()` and `build_pptx()` turn that
data into bytes without touching the database. Colours always come with the status
word, so a black-and-white print or a colour-blind reader loses nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurs.goals.scoring import Status
from kurs.goals.templatetags.kurs import STATUS_LABELS
from kurs.lib.formats import format_number
from kurs.strategy.models import (
    CARRYING_SECTIONS,
    MEASURABLE_SECTIONS,
    RANKED_SECTIONS,
    Framework,
    Section,
    StrategyDocument,
    StrategyItem,
)
from kurs.strategy.selectors import DocumentView

if TYPE_CHECKING:
    from fpdf import FPDF
    from pptx.slide import Slide

FONT_DIR = Path(__file__).resolve().parent / "fonts"
# fontTools (fpdf2's font subsetter) logs every subsetting step at INFO: ~100 lines per PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# The dot colours and the darker text colours of kurs.css (--green, --green-ink, ...).
STATUS_FILL = {
    Status.ON_TRACK: (0x1A, 0x7F, 0x37),
    Status.AT_RISK: (0xBF, 0x87, 0x00),
    Status.OFF_TRACK: (0xCF, 0x22, 0x2E),
    Status.NOT_STARTED: (0x8C, 0x95, 0x9F),
}
STATUS_INK = {
    Status.ON_TRACK: (0x0F, 0x53, 0x23),
    Status.AT_RISK: (0x6B, 0x44, 0x00),
    Status.OFF_TRACK: (0x8A, 0x0F, 0x1C),
    Status.NOT_STARTED: (0x42, 0x4A, 0x53),
}
INK = (0x1F, 0x23, 0x28)
MUTED = (0x42, 0x4A, 0x53)
FLAG_INK = STATUS_INK[Status.OFF_TRACK]
RULE = (0xD0, 0xD7, 0xDE)
ELLIPSIS = "…"


# Plain data -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportItem:
    """One active item as the exports show it."""

    title: str
    # None for values, obstacles and omissions whose colour nobody set: they have none.
    status: Status | None
    rank: int | None = None
    # Short facts: the measure's numbers, an obstacle's owner, what it supports.
    details: tuple[str, ...] = ()
    description: str = ""
    # Seed 004 warnings: "acceptance missing", "resources missing".
    flags: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.rank}. {self.title}" if self.rank is not None else self.title

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status]) if self.status is not None else ""


@dataclass(frozen=True)
class ExportSection:
    label: str
    items: tuple[ExportItem, ...]


@dataclass(frozen=True)
class ExportDocument:
    """Everything an export shows, already in the reader's language."""

    framework: str
    holder: str
    period: str
    version: int
    printed: str
    # (label, text): the vision or mission, and the strategy of an MSPOT.
    statements: tuple[tuple[str, str], ...]
    sections: tuple[ExportSection, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return " – ".join(p for p in (self.framework, self.holder, self.period) if p)

    @property
    def meta(self) -> str:
        return " · ".join(
            [
                _("Version %(number)s") % {"number": self.version},
                _("printed %(date)s") % {"date": self.printed},
            ]
        )


def _measure_line(item: StrategyItem) -> str:
    # `value` is set by selectors.annotate: the key result's value when one feeds it.
    value = getattr(item, "value", item.current)
    numbers = " → ".join(format_number(v) for v in (item.start, value, item.target))
    return f"{numbers} {item.unit_label.strip()}".strip()


def export_item(item: StrategyItem, rank: int | None = None) -> ExportItem:
    """An item annotated by selectors.annotate (status and flags) as export data."""
    details: list[str] = []
    description = item.description
    flags: list[str] = []
    if item.section in MEASURABLE_SECTIONS:
        details.append(_measure_line(item))
    if item.section == Section.OBSTACLES:
        if item.owner is not None:
            details.append(_("Owner: %(name)s") % {"name": item.owner})
        if item.method is not None:
            details.append(_("Stands in the way of: %(title)s") % {"title": item.method.title})
    if item.section == Section.OMISSIONS:
        reason = item.reason.strip()
        description = _("Why not: %(reason)s") % {"reason": reason} if reason else ""
    if item.section in CARRYING_SECTIONS:
        if item.supports is not None:
            details.append(_("Supports: %(title)s") % {"title": item.supports.title})
        if getattr(item, "missing_acceptance", False):
            flags.append(_("acceptance missing"))
        if getattr(item, "missing_resources", False):
            flags.append(_("resources missing"))
    return ExportItem(
        title=item.title,
        status=(
            Status(getattr(item, "status", Status.NOT_STARTED))
            if getattr(item, "has_colour", True)
            else None
        ),
        rank=rank,
        details=tuple(details),
        description=description.strip(),
        flags=tuple(flags),
    )


def export_document(view: DocumentView, today: dt.date | None = None) -> ExportDocument:
    """The export data of a document view, worded in the active language."""
    document = view.document
    statements = [(document.statement_label, document.statement)]
    if document.framework == Framework.MSPOT:
        statements.append((_("Strategy"), document.strategy))
    sections = []
    for section in view.sections:
        items = sorted(section.items, key=lambda i: (i.position, i.pk))
        ranked = section.code in RANKED_SECTIONS
        sections.append(
            ExportSection(
                label=str(Section(section.code).label),
                items=tuple(
                    export_item(item, rank if ranked else None)
                    for rank, item in enumerate(items, start=1)
                ),
            )
        )
    return ExportDocument(
        framework=document.get_framework_display(),
        holder=document.holder_name,
        period=str(document.period),
        version=document.version,
        printed=date_format(today or timezone.localdate(), "DATE_FORMAT"),
        statements=tuple((str(label), text.strip()) for label, text in statements),
        sections=tuple(sections),
    )


def export_filename(document: StrategyDocument, extension: str) -> tuple[str, str]:
    """A safe ASCII file name ("v2mom-marketing-2026.pdf") and a Unicode one (umlauts)."""
    parts = [document.framework, document.holder_name, str(document.period)]

    def join(allow_unicode: bool) -> str:
        # Slashes, ampersands and the like become word breaks, not glued-together words.
        words = [slugify(re.sub(r"[^\w]+", " ", p), allow_unicode=allow_unicode) for p in parts]
        return "-".join(w for w in words if w) or "strategy"

    return f"{join(False)}.{extension}", f"{join(True)}.{extension}"


def _more_items(count: int) -> str:
    return ngettext("+%(count)d more item", "+%(count)d more items", count) % {"count": count}


def _no_items() -> str:
    return _("No items yet.")


def _not_written() -> str:
    return _("Not written yet.")


# PDF --------------------------------------------------------------------------------

PAGE_MARGIN = 10.0  # mm, A4 landscape
GUTTER = 6.0
# (columns, font size in pt) tried in turn until the document fits the page.
PDF_ATTEMPTS = [(2, 12.0), (2, 11.0), (2, 10.0), (2, 9.0), (3, 9.0), (3, 8.0), (3, 7.0), (3, 6.0)]
PT = 0.3528  # mm per point


@dataclass
class _Block:
    kind: str  # "section", "item", "more", "empty"
    height: float
    text: str = ""
    item: ExportItem | None = None
    # Lines of an item, measured for the column width: heading, then small lines.
    heading: list[str] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    keep_with_next: bool = False


class _PdfLayout:
    """Measures and draws the one page at a given number of columns and font size."""

    def __init__(self, pdf: FPDF, doc: ExportDocument) -> None:
        self.pdf = pdf
        self.doc = doc
        self.page_w = pdf.w - 2 * PAGE_MARGIN
        self.bottom = pdf.h - PAGE_MARGIN
        # Measured items by (section, rank, width, size, short): leaving out items one by
        # one re-flows the page many times, measuring each item only once.
        self.measured: dict[tuple[int, int, float, float, bool], _Block] = {}
        self.words: dict[tuple[str, bool], float] = {}

    # Font helpers
    def font(self, bold: bool, size: float) -> None:
        self.pdf.set_font("DejaVu", "B" if bold else "", size)

    def width_of(self, text: str, bold: bool, size: float) -> float:
        """The printed width of `text` in mm (widths scale with the font size)."""
        self.font(bold, 10)
        return self.pdf.get_string_width(text) * size / 10

    def word_width(self, word: str, bold: bool, size: float) -> float:
        key = (word, bold)
        if key not in self.words:
            self.words[key] = self.width_of(word, bold, 1)
        return self.words[key] * size

    def wrap(self, text: str, width: float, bold: bool, size: float) -> list[str]:
        """The text broken into lines at spaces (inside words only when one is too long).

        fpdf2's own multi_cell measuring is far too slow for trying many layouts.
        """
        space = self.word_width(" ", bold, size)
        lines: list[str] = []
        for paragraph in text.splitlines():
            line, line_width = "", 0.0
            for word in paragraph.split():
                word_w = self.word_width(word, bold, size)
                while word_w > width and len(word) > 1:
                    # A word wider than the column (a URL): cut it where it overflows.
                    if line:
                        lines.append(line)
                        line, line_width = "", 0.0
                    cut = len(word) - 1
                    while cut > 1 and self.width_of(word[:cut], bold, size) > width:
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                    word_w = self.word_width(word, bold, size)
                if line and line_width + space + word_w <= width:
                    line, line_width = f"{line} {word}", line_width + space + word_w
                elif line:
                    lines.append(line)
                    line, line_width = word, word_w
                else:
                    line, line_width = word, word_w
            if line:
                lines.append(line)
        return lines or [""]

    def ellipsize(self, text: str, width: float, bold: bool, size: float) -> str:
        """The text on one line, cut with "…" when it is wider than `width`."""
        text = " ".join(text.split())
        if self.width_of(text, bold, size) <= width:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width_of(text[:middle].rstrip() + ELLIPSIS, bold, size) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + ELLIPSIS

    def clip(self, text: str, width: float, bold: bool, size: float, max_lines: int) -> list[str]:
        lines = self.wrap(text, width, bold, size)
        if len(lines) <= max_lines:
            return lines
        kept = lines[: max_lines - 1]
        rest = " ".join(lines[max_lines - 1 :])
        return [*kept, self.ellipsize(rest + ELLIPSIS, width, bold, size)]

    @staticmethod
    def line_height(size: float) -> float:
        return size * PT * 1.3

    # Geometry of an item row
    def dot_width(self, size: float) -> float:
        return size * PT * 1.4

    def status_width(self, size: float) -> float:
        self.font(False, size - 1)
        widest = max(self.pdf.get_string_width(str(label)) for label in STATUS_LABELS.values())
        return widest + 2

    # Header: title, meta, statements
    def header(self, size: float, short: bool) -> tuple[float, list[tuple[str, list[str]]]]:
        label_w = self.label_width(size)
        statements = []
        height = self.line_height(size + 3) + 2
        for label, text in self.doc.statements:
            body = text or _not_written()
            width = self.page_w - label_w
            lines = (
                self.clip(body, width, False, size, 3)
                if short
                else self.wrap(body, width, False, size)
            )
            statements.append((label, lines))
            height += len(lines) * self.line_height(size) + 1
        return height + 3, statements

    def label_width(self, size: float) -> float:
        self.font(True, size)
        return max(self.pdf.get_string_width(label) for label, _text in self.doc.statements) + 4

    # Blocks
    def item_block(self, item: ExportItem, width: float, size: float, short: bool) -> _Block:
        small = size - 1
        text_w = width - self.dot_width(size)
        heading = self.wrap(item.heading, text_w - self.status_width(size), True, size)
        lines: list[tuple[str, str]] = []
        for detail in item.details:
            for line in self.wrap(detail, text_w, False, small):
                lines.append(("detail", line))
        if item.description:
            if short:
                lines.append(("detail", self.ellipsize(item.description, text_w, False, small)))
            else:
                for line in self.wrap(item.description, text_w, False, small):
                    lines.append(("detail", line))
        if item.flags:
            flags = "⚠ " + " · ".join(item.flags)
            for line in self.wrap(flags, text_w, False, small):
                lines.append(("flag", line))
        height = (
            len(heading) * self.line_height(size)
            + len(lines) * self.line_height(small)
            + size * 0.12
        )
        return _Block("item", height, item=item, heading=heading, lines=lines)

    def blocks(self, width: float, size: float, short: bool, shown: Sequence[int]) -> list[_Block]:
        result: list[_Block] = []
        for number, (section, count) in enumerate(zip(self.doc.sections, shown, strict=True)):
            result.append(
                _Block(
                    "section",
                    self.line_height(size + 1) + 2,
                    text=section.label,
                    keep_with_next=True,
                )
            )
            if not section.items:
                result.append(_Block("empty", self.line_height(size - 1) + 1, text=_no_items()))
            for index, item in enumerate(section.items[:count]):
                key = (number, index, width, size, short)
                if key not in self.measured:
                    self.measured[key] = self.item_block(item, width, size, short)
                result.append(self.measured[key])
            hidden = len(section.items) - count
            if hidden > 0:
                result.append(
                    _Block("more", self.line_height(size - 1) + 1, text=_more_items(hidden))
                )
        return result

    @staticmethod
    def place(
        blocks: list[_Block], top: float, bottom: float, columns: int
    ) -> list[tuple[_Block, int, float]] | None:
        """Flow the blocks down the columns; None when they do not fit."""
        placed = []
        column, y = 0, top
        for index, block in enumerate(blocks):
            need = block.height
            if block.keep_with_next and index + 1 < len(blocks):
                need += blocks[index + 1].height
            if y + need > bottom and y > top:
                column, y = column + 1, top
                if column >= columns:
                    return None
            if y + block.height > bottom:
                return None
            placed.append((block, column, y))
            y += block.height + 0.6
        return placed

    # Drawing
    def draw(
        self,
        columns: int,
        size: float,
        statements: list[tuple[str, list[str]]],
        placed: list[tuple[_Block, int, float]],
    ) -> None:
        pdf = self.pdf
        x0, y = PAGE_MARGIN, PAGE_MARGIN
        pdf.set_text_color(*INK)
        self.font(True, size + 3)
        title_h = self.line_height(size + 3)
        pdf.set_xy(x0, y)
        pdf.cell(self.page_w, title_h, self.doc.title, align="L")
        self.font(False, size - 1)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(x0, y)
        pdf.cell(self.page_w, title_h, self.doc.meta, align="R")
        y += title_h + 2
        label_w = self.label_width(size)
        lh = self.line_height(size)
        for label, lines in statements:
            pdf.set_text_color(*INK)
            self.font(True, size)
            pdf.set_xy(x0, y)
            pdf.cell(label_w, lh, label)
            self.font(False, size)
            for line in lines:
                pdf.set_xy(x0 + label_w, y)
                pdf.cell(self.page_w - label_w, lh, line)
                y += lh
            y += 1
        y += 1
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.3)
        pdf.line(x0, y, x0 + self.page_w, y)
        column_w = (self.page_w - GUTTER * (columns - 1)) / columns
        for block, column, top in placed:
            x = x0 + column * (column_w + GUTTER)
            self.draw_block(block, x, top, column_w, size)

    def draw_block(self, block: _Block, x: float, y: float, width: float, size: float) -> None:
        pdf = self.pdf
        small = size - 1
        if block.kind == "section":
            pdf.set_text_color(*INK)
            self.font(True, size + 1)
            pdf.set_xy(x, y + 1)
            pdf.cell(width, self.line_height(size + 1), block.text)
            pdf.set_draw_color(*RULE)
            pdf.line(x, y + block.height - 0.6, x + width, y + block.height - 0.6)
            return
        if block.kind in ("more", "empty"):
            pdf.set_text_color(*MUTED)
            self.font(False, small)
            pdf.set_xy(x, y)
            pdf.cell(width, self.line_height(small), block.text)
            return
        item = block.item
        assert item is not None
        lh, small_lh = self.line_height(size), self.line_height(small)
        dot_w = self.dot_width(size)
        radius = size * PT * 0.3
        status_w = self.status_width(size)
        if item.status is not None:
            pdf.set_fill_color(*STATUS_FILL[item.status])
            pdf.circle(x + radius + 0.3, y + lh / 2, radius, style="F")
            pdf.set_text_color(*STATUS_INK[item.status])
            self.font(False, small)
            pdf.set_xy(x + width - status_w, y)
            pdf.cell(status_w, lh, item.status_label, align="R")
        pdf.set_text_color(*INK)
        self.font(True, size)
        for line in block.heading:
            pdf.set_xy(x + dot_w, y)
            pdf.cell(width - dot_w - status_w, lh, line)
            y += lh
        self.font(False, small)
        for kind, line in block.lines:
            pdf.set_text_color(*(FLAG_INK if kind == "flag" else MUTED))
            pdf.set_xy(x + dot_w, y)
            pdf.cell(width - dot_w, small_lh, line)
            y += small_lh


def build_pdf(doc: ExportDocument) -> bytes:
    """The document on one A4 landscape page.

    Tries ever smaller fonts (and three columns); if it still does not fit, cuts long
    descriptions to one line with "…", and then leaves out the lowest-ranked items of
    the longest sections, each such section ending with "+N more items".
    """
    # Imported here: only an export needs fpdf2, not every start of the app.
    from fpdf import FPDF

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    pdf.c_margin = 0
    # The core PDF fonts are Latin-1 only; DejaVu has German quotes, dashes, € and →.
    pdf.add_font("DejaVu", "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(doc.title)
    pdf.set_creator("Kurs")
    pdf.add_page()
    layout = _PdfLayout(pdf, doc)
    full = [len(s.items) for s in doc.sections]

    def attempt(
        columns: int, size: float, short: bool, shown: list[int]
    ) -> tuple[list[tuple[str, list[str]]], list[tuple[_Block, int, float]]] | None:
        header_h, statements = layout.header(size, short)
        width = (layout.page_w - GUTTER * (columns - 1)) / columns
        blocks = layout.blocks(width, size, short, shown)
        top = PAGE_MARGIN + header_h + 2
        placed = layout.place(blocks, top, layout.bottom, columns)
        if placed is None:
            return None
        # Balance the columns: the shortest column height that still holds everything,
        # so a short document does not stand in one column beside empty ones.
        low, high = top, layout.bottom
        for _step in range(14):
            middle = (low + high) / 2
            if layout.place(blocks, top, middle, columns) is None:
                low = middle
            else:
                high = middle
        balanced = layout.place(blocks, top, high, columns)
        return statements, balanced or placed

    result = None
    columns, size = PDF_ATTEMPTS[-1]
    for columns, size in PDF_ATTEMPTS:
        result = attempt(columns, size, False, full)
        if result is not None:
            break
    if result is None:
        result = attempt(columns, size, True, full)
    if result is None:
        # Leave out the lowest-ranked items of the longest sections: the most items
        # any section shows is the largest cap that still fits the page.
        low, high = 0, max(full)
        while low < high:
            cap = (low + high + 1) // 2
            if attempt(columns, size, True, [min(n, cap) for n in full]) is None:
                high = cap - 1
            else:
                low = cap
        result = attempt(columns, size, True, [min(n, low) for n in full])
    if result is None:  # pragma: no cover - a page always holds the bare headings
        raise ValueError("The document does not fit one page.")
    statements, placed = result
    layout.draw(columns, size, statements, placed)
    return bytes(pdf.output())


def document_pdf(view: DocumentView) -> bytes:
    return build_pdf(export_document(view))


# PPTX -------------------------------------------------------------------------------

ITEMS_PER_SLIDE = 8
# What fits one line of an item row (16 pt bold heading, 12 pt notes, 9 inches wide).
HEADING_CHARS = 75
NOTE_CHARS = 110


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def build_pptx(doc: ExportDocument) -> bytes:
    """A 16:9 deck: a title slide, the vision/mission, then one slide per section
    (continued on further slides beyond ITEMS_PER_SLIDE items)."""
    # Imported here: only an export needs python-pptx, not every start of the app.
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    width = Emu(12192000)  # 13.333 in by 7.5 in: 16:9
    prs.slide_width, prs.slide_height = width, Emu(6858000)
    prs.core_properties.title = doc.title
    # Everything sits 0.6 in from the left and right edges.
    inner = Emu(width - Inches(1.2))
    title_layout, title_only = prs.slide_layouts[0], prs.slide_layouts[5]

    def rgb(colour: tuple[int, int, int]) -> RGBColor:
        return RGBColor(*colour)  # type: ignore[no-untyped-call]  # python-pptx lacks hints here

    def place_title(slide: Slide, text: str, top: float, height: float, size: int) -> None:
        title = slide.shapes.title
        assert title is not None  # both layouts used have a title placeholder
        title.left, title.top = Inches(0.6), Inches(top)
        title.width, title.height = inner, Inches(height)
        title.text = text
        paragraph = title.text_frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.LEFT
        paragraph.font.size = Pt(size)
        paragraph.font.bold = True
        paragraph.font.color.rgb = rgb(INK)

    def footer(slide: Slide) -> None:
        box = slide.shapes.add_textbox(Inches(0.6), Inches(6.95), inner, Inches(0.35))
        paragraph = box.text_frame.paragraphs[0]
        paragraph.text = f"{doc.title} · {doc.meta}"
        paragraph.font.size = Pt(10)
        paragraph.font.color.rgb = rgb(MUTED)

    # Title slide
    slide = prs.slides.add_slide(title_layout)
    place_title(slide, f"{doc.framework}: {doc.holder}", 2.2, 1.5, 40)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top = Inches(0.6), Inches(3.8)
    subtitle.width, subtitle.height = inner, Inches(1.2)
    subtitle.text_frame.text = f"{doc.period} · {doc.meta}"
    subtitle.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    subtitle.text_frame.paragraphs[0].font.color.rgb = rgb(MUTED)

    # Vision or mission (and strategy)
    slide = prs.slides.add_slide(title_only)
    place_title(slide, " · ".join(label for label, _text in doc.statements), 0.4, 1.0, 32)
    box = slide.shapes.add_textbox(Inches(0.6), Inches(1.6), inner, Inches(5.2))
    frame = box.text_frame
    frame.word_wrap = True
    # Impress shrinks an overlong text to fit; PowerPoint only once it is edited, so
    # the font size follows the length, and a vision of a whole page is cut.
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    length = sum(len(text) for _label, text in doc.statements)
    size = 24 if length <= 400 else 18 if length <= 800 else 14
    labelled = len(doc.statements) > 1  # the slide title names a lone vision already
    lines: list[tuple[str, int, bool, tuple[int, int, int]]] = []
    for label, text in doc.statements:
        if labelled:
            lines.append((label, size - 4, True, MUTED))
        limit = 1400 // len(doc.statements)
        shown = (text if len(text) <= limit else _shorten(text, limit)) or _not_written()
        lines.append((shown, size, False, INK if text else MUTED))
    for index, (text, points, bold, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.font.size = Pt(points)
        paragraph.font.bold = bold
        paragraph.font.color.rgb = rgb(colour)
        if not bold:
            paragraph.space_after = Pt(18)
    footer(slide)

    # One slide per section, continued when long
    for section in doc.sections:
        chunks = [
            section.items[i : i + ITEMS_PER_SLIDE]
            for i in range(0, len(section.items), ITEMS_PER_SLIDE)
        ] or [()]
        for number, chunk in enumerate(chunks):
            slide = prs.slides.add_slide(title_only)
            title = (
                section.label
                if number == 0
                else _("%(section)s (cont.)") % {"section": section.label}
            )
            place_title(slide, title, 0.4, 1.0, 32)
            if not chunk:
                box = slide.shapes.add_textbox(Inches(0.6), Inches(1.6), Inches(8), Inches(0.6))
                box.text_frame.text = _no_items()
                box.text_frame.paragraphs[0].font.size = Pt(20)
                box.text_frame.paragraphs[0].font.color.rgb = rgb(MUTED)
            for row, item in enumerate(chunk):
                top = Inches(1.45) + row * Inches(0.68)
                if item.status is not None:
                    dot = slide.shapes.add_shape(
                        MSO_SHAPE.OVAL, Inches(0.6), top + Inches(0.08), Inches(0.3), Inches(0.3)
                    )
                    dot.name = item.status_label
                    dot.fill.solid()
                    dot.fill.fore_color.rgb = rgb(STATUS_FILL[item.status])
                    dot.line.fill.background()
                box = slide.shapes.add_textbox(
                    Inches(1.1), top, Emu(width - Inches(1.1 + 0.6 + 2.5)), Inches(0.66)
                )
                frame = box.text_frame
                frame.word_wrap = True
                frame.vertical_anchor = MSO_ANCHOR.TOP
                heading = frame.paragraphs[0]
                heading.text = _shorten(item.heading, HEADING_CHARS)
                heading.font.size = Pt(16)
                heading.font.bold = True
                heading.font.color.rgb = rgb(INK)
                flags = ("⚠ " + " · ".join(item.flags)) if item.flags else ""
                notes = " · ".join(s for s in [*item.details, item.description] if s)
                if notes or flags:
                    # One line under the heading; the flags are never the part cut off.
                    paragraph = frame.add_paragraph()
                    room = NOTE_CHARS - len(flags) - 3 if flags else NOTE_CHARS
                    parts = [(_shorten(notes, room), MUTED), (flags, FLAG_INK)]
                    for text, colour in [(t, c) for t, c in parts if t]:
                        run = paragraph.add_run()
                        run.text = f"   {text}" if paragraph.runs[:-1] else text
                        run.font.size = Pt(12)
                        run.font.color.rgb = rgb(colour)
                if item.status is None:
                    continue
                status = slide.shapes.add_textbox(
                    Emu(width - Inches(3.0)), top, Inches(2.4), Inches(0.45)
                )
                paragraph = status.text_frame.paragraphs[0]
                paragraph.text = item.status_label
                paragraph.alignment = PP_ALIGN.RIGHT
                paragraph.font.size = Pt(16)
                paragraph.font.bold = True
                paragraph.font.color.rgb = rgb(STATUS_INK[item.status])
            footer(slide)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def document_pptx(view: DocumentView) -> bytes:
    return build_pptx(export_document(view))
