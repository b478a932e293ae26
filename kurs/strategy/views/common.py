"""Helpers shared by the strategy views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from kurs.orgs.models import User
from kurs.orgs.permissions import can_edit_document
from kurs.strategy import selectors
from kurs.strategy.models import StrategyDocument


def request_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def document_to_edit(user: User, pk: int) -> StrategyDocument:
    """The document, if this person may change it: 404 when not visible, else 403."""
    document = selectors.get_document(user, pk)
    if not can_edit_document(user, document):
        raise PermissionDenied
    return document
