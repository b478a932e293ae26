"""The weekly leadership update as a page, its subscribers, and sending it now.

`/units/<pk>/update/` is for everyone in the organization; leads of the unit (or above)
and org admins also manage its subscribers there. `/updates/<token>/` is the read-only
page a subscriber without a login reaches from the email, with an unsubscribe button.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kurs.lib.forms import apply_errors
from kurs.lib.http import int_or_404
from kurs.notify import update as updates
from kurs.notify.forms_update import SubscriptionForm
from kurs.notify.models import Subscription
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import can_manage_subscriptions


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _manage(request: HttpRequest, user: User, unit: Unit) -> HttpResponseBase | SubscriptionForm:
    """Handle a lead's POST: add or remove a subscriber, or send the update now."""
    here = reverse("weekly_update", args=[unit.pk])
    action = request.POST.get("action")
    if action == "subscribe":
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            try:
                subscription = updates.do_subscribe(user, unit, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(email)s now gets the weekly update.") % {"email": subscription.email},
                )
                return redirect(here)
        return form
    if action == "unsubscribe":
        subscription = get_object_or_404(
            Subscription.objects.filter(unit=unit), pk=int_or_404(request.POST.get("subscription"))
        )
        updates.do_unsubscribe(user, subscription)
        messages.success(
            request, _("%(email)s no longer gets the update.") % {"email": subscription.email}
        )
        return redirect(here)
    if action == "send":
        count = Subscription.objects.filter(unit=unit).count()
        if not count:
            messages.error(request, _("Nobody gets this update yet: add a subscriber first."))
        else:
            updates.send_update_now.enqueue(unit.pk)
            messages.success(
                request,
                ngettext(
                    "The update is on its way to %(count)d subscriber.",
                    "The update is on its way to %(count)d subscribers.",
                    count,
                )
                % {"count": count},
            )
        return redirect(here)
    return HttpResponseBadRequest(_("Unknown action."))


@login_required
@require_http_methods(["GET", "POST"])
def unit_update(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    unit = get_object_or_404(
        Unit.objects.visible_to(user).select_related("organization", "parent"), pk=pk
    )
    can_manage = can_manage_subscriptions(user, unit)
    form = SubscriptionForm(initial={"language": (get_language() or "de")[:2]})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        outcome = _manage(request, user, unit)
        if not isinstance(outcome, SubscriptionForm):
            return outcome
        form = outcome
    week_start = updates.parse_week(request.GET.get("week"))
    update = updates.update_for_week(unit, week_start)
    return render(
        request,
        "notify/update.html",
        {
            "unit": unit,
            "update": update,
            "item_links": True,
            "can_manage": can_manage,
            "form": form,
            "subscriptions": list(Subscription.objects.filter(unit=unit)) if can_manage else [],
        },
    )


@require_http_methods(["GET", "POST"])
def public_update(request: HttpRequest, token: str) -> HttpResponse:
    """The update for a subscriber without a login; the token in the link is the secret."""
    subscription = get_object_or_404(
        Subscription.objects.select_related("unit__organization"), token=token
    )
    if request.method == "POST":
        if request.POST.get("action") != "unsubscribe":
            return HttpResponseBadRequest(_("Unknown action."))
        updates.do_unsubscribe(None, subscription)
        return render(
            request,
            "notify/update.html",
            {"public": True, "unsubscribed": True, "unit": subscription.unit},
        )
    week_start = updates.week_of(timezone.localdate())
    update = updates.update_for_week(subscription.unit, week_start)
    # In the language the emails come in, unless the reader picked one on the page.
    language = (
        get_language() or subscription.language
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        else subscription.language
    )
    with translation.override(language):
        response = render(
            request,
            "notify/update.html",
            {
                "public": True,
                "unit": subscription.unit,
                "update": update,
                "item_links": False,
                "subscription": subscription,
            },
        )
    # The token is a secret: keep the page out of search engines and shared caches.
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
