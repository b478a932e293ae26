"""Who may change what: the only place these rules live.

Reading is decided by `visible_to()` (the whole organization reads everything: OKRs
are transparent). Writing is decided here, and enforced by the actions layer; views
use the same functions only to hide buttons a person could not use.

* org admin: everything in the organization, including units, people and cycles;
* unit lead: every objective and key result of their unit and the units below it;
* member: objectives in units they belong to; the objectives and key results they own;
* viewer: reads only.

Strategy documents (kurs.strategy): everyone in the organization reads them; a unit's
document is edited by the lead of that unit or of a unit above it, a personal
document by that person; org admins edit every document. A sign-off (acceptance) is
given by the person asked, or by the lead of the unit asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kurs.orgs.models import Membership, MembershipRole, Role, Unit, User

if TYPE_CHECKING:
    from kurs.goals.models import KeyResult, Objective
    from kurs.strategy.models import Acceptance, StrategyDocument


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You are not allowed to do this."))


def _led_unit_ids(user: User) -> set[int]:
    cached: set[int] | None = getattr(user, "_kurs_led_unit_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(user=user, role=MembershipRole.LEAD).values_list(
                "unit_id", flat=True
            )
        )
        user._kurs_led_unit_ids = cached  # type: ignore[attr-defined]
    return cached


def _member_unit_ids(user: User) -> set[int]:
    cached: set[int] | None = getattr(user, "_kurs_member_unit_ids", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("unit_id", flat=True))
        user._kurs_member_unit_ids = cached  # type: ignore[attr-defined]
    return cached


def same_organization(user: User, organization_id: int | None) -> bool:
    return user.is_authenticated and user.organization_id == organization_id


def leads_unit(user: User, unit: Unit) -> bool:
    """Lead of this unit or of any unit above it."""
    led = _led_unit_ids(user)
    if not led:
        return False
    return unit.pk in led or any(pk in led for pk in unit.ancestor_ids())


def can_manage_organization(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role == Role.ADMIN


def can_write(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role != Role.VIEWER


def can_manage_subscriptions(user: User, unit: Unit) -> bool:
    """Who subscribes people to a unit's weekly update: org admins, and the leads of
    this unit or of a unit above it."""
    if not (user.is_authenticated and user.organization_id == unit.organization_id):
        return False
    return can_manage_organization(user) or (can_write(user) and leads_unit(user, unit))


def can_create_objective(user: User, unit: Unit) -> bool:
    if not (can_write(user) and same_organization(user, unit.organization_id)):
        return False
    if user.role == Role.ADMIN:
        return True
    return unit.pk in _member_unit_ids(user) or leads_unit(user, unit)


def can_edit_objective(user: User, objective: Objective) -> bool:
    if not (can_write(user) and same_organization(user, objective.organization_id)):
        return False
    if user.role == Role.ADMIN or objective.owner_id == user.pk:
        return True
    return leads_unit(user, objective.unit)


def can_edit_key_result(user: User, key_result: KeyResult) -> bool:
    if key_result.owner_id == user.pk and can_write(user):
        return same_organization(user, key_result.objective.organization_id)
    return can_edit_objective(user, key_result.objective)


def can_check_in(user: User, key_result: KeyResult) -> bool:
    return can_edit_key_result(user, key_result)


def can_create_document(
    user: User, *, unit: Unit | None = None, person: User | None = None
) -> bool:
    """May write the strategy document of this unit, or this person's personal one."""
    holder = unit or person
    if holder is None or not (can_write(user) and same_organization(user, holder.organization_id)):
        return False
    if user.role == Role.ADMIN:
        return True
    if unit is not None:
        return leads_unit(user, unit)
    return person is not None and person.pk == user.pk


def can_edit_document(user: User, document: StrategyDocument) -> bool:
    if not same_organization(user, document.organization_id):
        return False
    return can_create_document(user, unit=document.unit, person=document.person)


def can_decide_acceptance(user: User, acceptance: Acceptance) -> bool:
    if not (can_write(user) and same_organization(user, acceptance.organization_id)):
        return False
    if acceptance.person_id is not None:
        return acceptance.person_id == user.pk
    # The lead of the unit asked, not of a unit above: the sign-off says that the
    # people who carry the goal accept it (seed 004), and it is the lead's own list
    # of waiting sign-offs (kurs.strategy.selectors.pending_acceptances) that shows it.
    return acceptance.unit_id is not None and acceptance.unit_id in _led_unit_ids(user)
