"""Pages for org admins (units, people, cycles, thresholds) and for one's own account."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurs.goals import actions as goal_actions
from kurs.goals.models import Cycle
from kurs.goals.selectors import unit_tree
from kurs.lib.forms import apply_errors
from kurs.lib.http import int_or_404
from kurs.orgs import actions
from kurs.orgs.forms import (
    CycleForm,
    LanguageForm,
    MembershipForm,
    PersonEditForm,
    PersonForm,
    ThresholdsForm,
    TokenForm,
    UnitForm,
)
from kurs.orgs.models import ApiToken, Membership, Unit, User
from kurs.orgs.permissions import can_manage_organization

View = Callable[..., HttpResponseBase]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def admin_required(view: View) -> View:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not can_manage_organization(_user(request)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# Units ------------------------------------------------------------------------------------


@admin_required
def manage_units(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    units = unit_tree(user)
    form = UnitForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            unit = actions.do_create_unit(
                user, name=form.cleaned_data["name"], parent=form.cleaned_data["parent"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Unit “%(name)s” created.") % {"name": unit.name})
            return redirect("manage_units")
    return render(request, "orgs/manage_units.html", {"units": units, "form": form})


@admin_required
def manage_unit_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=pk)
    units = [u for u in unit_tree(user) if u.pk != unit.pk]
    is_root = unit.parent_id is None
    form = UnitForm(
        request.POST or None,
        units=units or [unit],
        is_root=is_root,
        initial={"name": unit.name, "parent": unit.parent_id},
    )
    if request.method == "POST" and "delete" in request.POST:
        try:
            actions.do_delete_unit(user, unit)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Unit deleted."))
            return redirect("manage_units")
    elif request.method == "POST" and form.is_valid():
        try:
            actions.do_update_unit(
                user,
                unit,
                name=form.cleaned_data["name"],
                parent=None if is_root else form.cleaned_data["parent"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Unit saved."))
            return redirect("manage_units")
    memberships = list(unit.memberships.select_related("user").order_by("role", "user__name"))
    return render(
        request,
        "orgs/manage_unit_edit.html",
        {"unit": unit, "form": form, "memberships": memberships},
    )


# People -----------------------------------------------------------------------------------


@admin_required
def manage_people(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    units = unit_tree(user)
    form = PersonForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assert user.organization is not None
        try:
            with transaction.atomic():
                person = actions.do_create_person(
                    user,
                    organization=user.organization,
                    email=data["email"],
                    name=data["name"],
                    role=data["role"],
                    password=data["password"] or None,
                )
                if data["unit"] is not None:
                    actions.do_set_membership(
                        user, unit=data["unit"], person=person, role=data["unit_role"]
                    )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": person.name})
            return redirect("manage_people")
    people = list(
        User.objects.visible_to(user).prefetch_related("memberships__unit").order_by("name")
    )
    return render(request, "orgs/manage_people.html", {"people": people, "form": form})


@admin_required
def manage_person_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    person = get_object_or_404(User.objects.visible_to(user), pk=pk)
    units = unit_tree(user)
    form = PersonEditForm(
        request.POST if request.method == "POST" and "save" in request.POST else None,
        initial={"name": person.name, "role": person.role, "is_active": person.is_active},
    )
    membership_form = MembershipForm(
        request.POST if request.method == "POST" and "add_membership" in request.POST else None,
        units=units,
    )
    if request.method == "POST":
        try:
            with transaction.atomic():
                if "save" in request.POST and form.is_valid():
                    data = form.cleaned_data
                    actions.do_update_person(
                        user,
                        person,
                        name=data["name"],
                        role=data["role"],
                        is_active=data["is_active"],
                    )
                    if data["password"]:
                        actions.do_set_password(user, person, data["password"])
                    messages.success(request, _("Saved."))
                    return redirect("manage_person_edit", pk=person.pk)
                if "add_membership" in request.POST and membership_form.is_valid():
                    actions.do_set_membership(
                        user,
                        unit=membership_form.cleaned_data["unit"],
                        person=person,
                        role=membership_form.cleaned_data["role"],
                    )
                    messages.success(request, _("Saved."))
                    return redirect("manage_person_edit", pk=person.pk)
                if "remove_membership" in request.POST:
                    membership = get_object_or_404(
                        Membership.objects.select_related("unit"),
                        pk=int_or_404(request.POST["remove_membership"]),
                        user=person,
                    )
                    actions.do_remove_membership(user, membership)
                    messages.success(
                        request, _("Removed from %(unit)s.") % {"unit": membership.unit}
                    )
                    return redirect("manage_person_edit", pk=person.pk)
        except ValidationError as error:
            apply_errors(form, error)
    memberships = list(person.memberships.select_related("unit").order_by("unit__name"))
    return render(
        request,
        "orgs/manage_person_edit.html",
        {
            "person": person,
            "form": form,
            "membership_form": membership_form,
            "memberships": memberships,
        },
    )


# Cycles -----------------------------------------------------------------------------------


@admin_required
def manage_cycles(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions_result = goal_actions.do_create_cycle(
                user,
                name=data["name"],
                start=data["start"],
                end=data["end"],
                kind=data["kind"],
                state=data["state"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Cycle “%(name)s” created.") % {"name": actions_result})
            return redirect("manage_cycles")
    cycles = list(Cycle.objects.visible_to(user).order_by("-start"))
    return render(request, "orgs/manage_cycles.html", {"cycles": cycles, "form": form})


@admin_required
def manage_cycle_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    cycle = get_object_or_404(Cycle.objects.visible_to(user), pk=pk)
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal_actions.do_update_cycle(
                user,
                Cycle.objects.get(pk=cycle.pk),
                name=data["name"],
                start=data["start"],
                end=data["end"],
                kind=data["kind"],
                state=data["state"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Cycle saved."))
            return redirect("manage_cycles")
    return render(request, "orgs/manage_cycle_edit.html", {"cycle": cycle, "form": form})


@admin_required
def manage_settings(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    organization = user.organization
    assert organization is not None
    form = ThresholdsForm(
        request.POST or None,
        initial={
            "at_risk_gap": round(organization.at_risk_gap * 100),
            "off_track_gap": round(organization.off_track_gap * 100),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_thresholds(
                user,
                organization,
                at_risk_gap=form.cleaned_data["at_risk_gap"] / 100,
                off_track_gap=form.cleaned_data["off_track_gap"] / 100,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thresholds saved."))
            return redirect("manage_settings")
    return render(request, "orgs/manage_settings.html", {"form": form})


# Account ----------------------------------------------------------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    token_form = TokenForm(request.POST if "create_token" in request.POST else None)
    new_token = None
    if request.method == "POST" and "create_token" in request.POST and token_form.is_valid():
        _token, new_token = actions.do_create_token(user, token_form.cleaned_data["name"])
        token_form = TokenForm()
    if request.method == "POST" and "revoke_token" in request.POST:
        token = get_object_or_404(ApiToken, pk=int_or_404(request.POST["revoke_token"]), user=user)
        actions.do_revoke_token(user, token)
        messages.success(request, _("Token revoked."))
        return redirect("account")
    return render(
        request,
        "orgs/account.html",
        {
            "language_form": LanguageForm(initial={"language": user.language}),
            "token_form": token_form,
            "tokens": list(user.api_tokens.all()),
            "new_token": new_token,
        },
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language; remembered on the account when signed in, else in a cookie."""
    language = request.POST.get("language", "")
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = ""
    if request.user.is_authenticated:
        actions.do_set_language(_user(request), language)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    return response
