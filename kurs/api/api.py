"""The REST API: one NinjaAPI, mounted at /api/v1/ (see kurs/api/urls.py)."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.operation import Operation

from kurs.api.auth import BearerToken
from kurs.api.docs import LocalSwagger
from kurs.api.errors import install_handlers
from kurs.api.routers import coach, cycles, key_results, objectives, strategy, units

DESCRIPTION = """
Objectives, key results and check-ins of your organization, and its strategy documents
(V2MOM and MSPOT, with their items nested).

**OKR coach**: `POST /coach/check` answers the coach’s findings (is this objective really
a number, is this key result a task, …) for OKRs sent in the OKR file format that
`kurs lint` reads; it saves nothing.

**Authentication**: send a personal API token (create one on your account page) as
`Authorization: Bearer <token>`. Everything you read and change is in your own
organization; other organizations' objects answer 404.

**Pagination**: lists take `limit` (default 100, at most 1000) and `offset` (default 0)
and answer `{"items": [...], "count": <total>}`.

**Errors** always look like `{"errors": [{"field": "target", "message": "..."}]}`;
`field` is null for errors about the request as a whole. 400: the body is not JSON;
401: no or bad token; 403: you may not do this; 404: no such object; 422: invalid input
(nothing was changed). Messages are in your language (your profile's, else the
`Accept-Language` header).
"""


class KursAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # "list_objectives" rather than "kurs_api_routers_objectives_list_objectives".
        return operation.view_func.__name__


api = KursAPI(
    title="Kurs API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=BearerToken(),
    docs=LocalSwagger(),
)
install_handlers(api)

for module in (units, cycles, objectives, key_results, strategy, coach):
    api.add_router("/", module.router)
