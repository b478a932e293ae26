"""One email, in its reader's language: a plain-text part and an HTML part from templates.

Every email Kurs sends goes through `send`, so that the language, the sender, the absolute
links (settings.BASE_URL) and the two parts are the same everywhere.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute(path: str) -> str:
    """A link for an email: BASE_URL + an absolute path from reverse()."""
    return f"{settings.BASE_URL}{path}"


def send(
    *,
    to: str,
    language: str,
    subject: str,
    template: str,
    context: dict[str, Any],
) -> None:
    """Render `<template>.txt` and `<template>.html` in `language` and send them to `to`.

    `subject` is translated in `language` too (pass a lazy string or a callable's result
    made inside `translation.override`). Raises the backend's error when sending fails:
    the caller decides whether to retry (the tasks record failures).
    """
    with translation.override(language):
        context = {**context, "base_url": settings.BASE_URL, "language": language}
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
        message = EmailMultiAlternatives(
            subject=str(subject),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers={"Content-Language": language, "Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(html, "text/html")
        message.send()
