"""Bearer-token authentication; also switches to the person's language."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer

from kurs.orgs.actions import authenticate_token
from kurs.orgs.models import User


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.strip():
            return None
        user = authenticate_token(token)
        if user is None or user.organization_id is None:
            return None
        # LocaleMiddleware has picked the language from Accept-Language already; a
        # person's saved language wins, as in the web interface.
        if user.language in {code for code, _name in settings.LANGUAGES}:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user


def actor(request: HttpRequest) -> User:
    """The person the request's token belongs to (set by BearerToken)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]
