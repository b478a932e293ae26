"""Downloads of a strategy document: a one-page PDF and a slide deck (PPTX).

Everyone in the organization may read a document, so everyone may download it; another
organization's document is a 404. The files are worded in the reader's language (the
request's active language, set by the middleware).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from kurs.orgs.models import User
from kurs.strategy import export, selectors
from kurs.strategy.models import StrategyDocument
from kurs.strategy.selectors import DocumentView

PDF = "application/pdf"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def content_disposition(document: StrategyDocument, extension: str) -> str:
    """An attachment header: an ASCII name for every client, the Unicode one (RFC 5987)
    for those that read it, so "Süd" stays "Süd" where it can."""
    ascii_name, unicode_name = export.export_filename(document, extension)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name, safe='')}"


def _download(
    request: HttpRequest,
    pk: int,
    build: Callable[[DocumentView], bytes],
    content_type: str,
    extension: str,
) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    document = selectors.get_document(user, pk)
    response = HttpResponse(build(selectors.document_view(document)), content_type=content_type)
    response["Content-Disposition"] = content_disposition(document, extension)
    # The file shows the document as it is now; a cached copy would show stale colours.
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, export.document_pdf, PDF, "pdf")


@login_required
def document_pptx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, export.document_pptx, PPTX, "pptx")
