"""The API below /api/v1/: the ninja operations, the docs' assets, and JSON for
everything ninja or Django would otherwise answer with HTML or plain text."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.utils.translation import gettext as _

from kurs.api.api import api
from kurs.api.docs import asset
from kurs.api.errors import error_response

View = Callable[..., HttpResponseBase]


def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Unknown URLs below /api/v1/ answer in the API's error shape, not with an HTML page."""
    return error_response(404, [(None, _("Not found."))])


def json_method_not_allowed(view: View) -> View:
    """ninja answers a wrong method with a plain-text 405; keep the JSON error shape."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type", "").startswith("text/"):
            allowed = response.get("Allow", "")
            response = error_response(405, [(None, _("This method is not allowed here."))])
            response["Allow"] = allowed
        return response

    return wrapper


def _api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = json_method_not_allowed(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("docs/assets/<str:name>", asset, name="api_docs_asset"),
    path("", _api_urls()),
    re_path(r"^(?P<rest>.*)$", not_found),
]
