"""Downloading OKRs as XLSX, CSV or Markdown: a unit, a cycle or the whole organization.

`/export/?unit=<pk>&cycle=<pk>&format=xlsx|csv|md`; unit and cycle are optional (no
unit: every unit; no cycle: every cycle). Everyone in the organization may read the
OKRs, so everyone (viewers too) may download them; another organization's unit or cycle
is a 404. The file is worded in the reader's language (set by the middleware).
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kurs.goals.models import Cycle
from kurs.lib.http import int_or_404
from kurs.orgs.models import Unit, User
from kurs.transfer import exports

# The message page for a bad format; inline because it is this view's only page.
BAD_FORMAT_PAGE = """{% extends "base.html" %}{% load i18n %}
{% block title %}{% translate "Unknown export format" %}{% endblock %}
{% block content %}<section class="card narrow">
<h1>{% translate "Unknown export format" %}</h1>
<p>{{ message }}</p>
<p><a href="{% url 'my_okrs' %}">{% translate "Back to My OKRs" %}</a></p>
</section>{% endblock %}"""


def content_disposition(ascii_name: str, unicode_name: str) -> str:
    """An ASCII name for every client, the Unicode one (RFC 5987) for those that read it."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name, safe='')}"


def _bad_format(request: HttpRequest, given: str) -> HttpResponse:
    message = _("“%(format)s” is not a format Kurs exports; choose one of: %(formats)s.") % {
        "format": given,
        "formats": "xlsx (Excel), csv, md (Markdown)",
    }
    page = engines["django"].from_string(BAD_FORMAT_PAGE)
    return HttpResponse(page.render({"message": message}, request), status=400)


@login_required
def download(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    unit = cycle = None
    # Ids are checked before the format so that probing another organization's ids
    # always answers 404, whatever else is in the URL.
    if request.GET.get("unit"):
        unit = get_object_or_404(Unit.objects.visible_to(user), pk=int_or_404(request.GET["unit"]))
    if request.GET.get("cycle"):
        cycle = get_object_or_404(
            Cycle.objects.visible_to(user), pk=int_or_404(request.GET["cycle"])
        )
    file_format = request.GET.get("format", "")
    if file_format not in exports.FORMATS:
        return _bad_format(request, file_format)
    export = exports.collect_for_user(user, unit, cycle)
    body = exports.render(export, file_format, get_language() or "en")
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition(*export.filename(file_format))
    # The file shows the OKRs as they are now; a cached copy would show stale colours.
    response["Cache-Control"] = "private, no-cache"
    return response
