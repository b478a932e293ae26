"""The interactive API documentation (Swagger UI), served without any CDN.

django-ninja's own Swagger page loads its scripts from a CDN unless `ninja` is an
installed app; Kurs runs on intranets, so the page here uses the copies of Swagger UI
that ship inside the django-ninja package, served by `asset()`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.html import escape, json_script
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from kurs.api.errors import error_response

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="{css}">
  <link rel="icon" href="{icon}" type="image/svg+xml">
</head>
<body>
  {settings}
  <div id="swagger-ui"></div>
  <script src="{bundle}"></script>
  <script src="{init}"></script>
</body>
</html>
"""


def asset_url(name: str) -> str:
    return reverse("api_docs_asset", args=[name])


class LocalSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            # Swagger UI would otherwise fetch a badge from validator.swagger.io.
            "validatorUrl": None,
        }
        html = PAGE.format(
            title=escape(api.title),
            css=asset_url("swagger-ui.css"),
            icon=asset_url("favicon.svg"),
            bundle=asset_url("swagger-ui-bundle.js"),
            init=asset_url("swagger-ui-init.js"),
            settings=json_script(settings, "swagger-settings"),
        )
        return HttpResponse(html)


@require_safe
def asset(request: HttpRequest, name: str) -> HttpResponseBase:
    if name not in ASSETS or not (ASSET_DIR / name).is_file():
        return error_response(404, [(None, _("Not found."))])
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
