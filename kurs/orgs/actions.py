"""Every write to organizations, units, people and tokens goes through these functions.

Each runs in a transaction, checks permission with kurs.orgs.permissions and validates
with the models' own rules, so that the web UI, the API and the CLI behave alike.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurs.orgs.models import (
    ApiToken,
    Membership,
    MembershipRole,
    Organization,
    Role,
    Unit,
    User,
    hash_token,
)
from kurs.orgs.permissions import can_manage_organization, require


@transaction.atomic
def do_create_organization(name: str) -> Organization:
    """A new organization with its top unit, named like the organization."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name for the organization.")})
    if Organization.objects.filter(name=name).exists():
        raise ValidationError({"name": _("An organization with this name exists already.")})
    organization = Organization.objects.create(name=name)
    Unit.objects.create(organization=organization, name=name, depth=0)
    return organization


def get_or_create_organization(name: str) -> tuple[Organization, bool]:
    organization = Organization.objects.filter(name=name.strip()).first()
    if organization is not None:
        return organization, False
    return do_create_organization(name), True


@transaction.atomic
def do_create_admin(organization: Organization, email: str, password: str, name: str = "") -> User:
    """Bootstrap an org admin (CLI); makes an existing person of the org an admin."""
    email = email.strip().lower()
    existing = User.objects.filter(email=email).first()
    if existing is not None and existing.organization_id != organization.pk:
        raise ValidationError({"email": _("This email belongs to another organization.")})
    user = existing or User(email=email, organization=organization)
    user.name = name or user.name or email.split("@")[0]
    user.role = Role.ADMIN
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def _check_unit_parent(unit: Unit | None, parent: Unit | None, organization: Organization) -> None:
    if parent is None:
        raise ValidationError({"parent": _("Choose the unit this one belongs to.")})
    if parent.organization_id != organization.pk:
        raise ValidationError({"parent": _("Unknown unit.")})
    if unit is not None and (parent.pk == unit.pk or unit.pk in parent.ancestor_ids()):
        raise ValidationError({"parent": _("A unit cannot be placed below itself.")})


@transaction.atomic
def do_create_unit(actor: User, *, name: str, parent: Unit | None) -> Unit:
    require(can_manage_organization(actor))
    assert actor.organization is not None
    _check_unit_parent(None, parent, actor.organization)
    assert parent is not None
    unit = Unit(
        organization=actor.organization, parent=parent, name=name.strip(), depth=parent.depth + 1
    )
    _check_unit_name_free(unit)
    unit.full_clean()
    unit.save()
    return unit


def _check_unit_name_free(unit: Unit) -> None:
    # The database constraint would say so too, but without naming the field.
    siblings = Unit.objects.filter(
        organization_id=unit.organization_id, parent_id=unit.parent_id, name=unit.name
    ).exclude(pk=unit.pk)
    if siblings.exists():
        raise ValidationError({"name": _("A unit with this name exists here already.")})


@transaction.atomic
def do_update_unit(actor: User, unit: Unit, *, name: str, parent: Unit | None) -> Unit:
    require(can_manage_organization(actor) and actor.organization_id == unit.organization_id)
    if unit.parent_id is None:
        if parent is not None:
            raise ValidationError({"parent": _("The top unit cannot be moved.")})
    else:
        assert actor.organization is not None
        _check_unit_parent(unit, parent, actor.organization)
    unit.name = name.strip()
    old_depth = unit.depth
    unit.parent = parent
    unit.depth = parent.depth + 1 if parent else 0
    _check_unit_name_free(unit)
    unit.full_clean()
    unit.save(update_fields=["name", "parent", "depth"])
    _relink_strategy(unit.organization_id)
    if unit.depth != old_depth:
        _refresh_depths(unit)
    return unit


def _refresh_depths(unit: Unit) -> None:
    level = [unit]
    while level:
        children = list(Unit.objects.filter(parent__in=level))
        depth_of = {u.pk: u.depth for u in level}
        for child in children:
            assert child.parent_id is not None
            child.depth = depth_of[child.parent_id] + 1
        Unit.objects.bulk_update(children, ["depth"])
        level = children


@transaction.atomic
def do_delete_unit(actor: User, unit: Unit) -> None:
    require(can_manage_organization(actor) and actor.organization_id == unit.organization_id)
    if unit.parent_id is None:
        raise ValidationError({"unit": _("The top unit cannot be deleted.")})
    if unit.children.exists() or unit.objectives.exists():
        raise ValidationError(
            {"unit": _("Only units without sub-units and without objectives can be deleted.")}
        )
    if unit.strategy_documents.exists() or unit.acceptances.exists():
        raise ValidationError(
            {
                "unit": _(
                    "This unit has strategy documents or was asked for acceptance; "
                    "it stays so that their history stays readable."
                )
            }
        )
    unit.delete()


@transaction.atomic
def do_create_person(
    actor: User | None,
    *,
    organization: Organization,
    email: str,
    name: str,
    role: str = Role.MEMBER,
    password: str | None = None,
    language: str = "",
) -> User:
    """Add a person; without a password they cannot sign in until one is set."""
    if actor is not None:
        require(can_manage_organization(actor) and actor.organization_id == organization.pk)
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": _("A person with this email exists already.")})
    user = User(
        email=email, name=name.strip(), organization=organization, role=role, language=language
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def do_update_person(actor: User, person: User, *, name: str, role: str, is_active: bool) -> User:
    require(can_manage_organization(actor) and actor.organization_id == person.organization_id)
    if person.pk == actor.pk and (role != Role.ADMIN or not is_active):
        raise ValidationError({"role": _("You cannot remove your own admin rights.")})
    person.name = name.strip()
    person.role = role
    person.is_active = is_active
    person.full_clean(exclude=["password"])
    person.save(update_fields=["name", "role", "is_active"])
    return person


@transaction.atomic
def do_set_password(actor: User, person: User, password: str) -> None:
    require(
        actor.pk == person.pk
        or (can_manage_organization(actor) and actor.organization_id == person.organization_id)
    )
    try:
        validate_password(password, person)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    person.set_password(password)
    person.save(update_fields=["password"])


def _relink_strategy(organization_id: int) -> None:
    """Strategy documents derive from the unit above or the person's unit: keep that true."""
    from kurs.strategy.actions import relink_organization

    relink_organization(organization_id)


@transaction.atomic
def do_set_membership(actor: User | None, *, unit: Unit, person: User, role: str) -> Membership:
    if actor is not None:
        require(can_manage_organization(actor) and actor.organization_id == unit.organization_id)
    if person.organization_id != unit.organization_id:
        raise ValidationError({"person": _("Unknown person.")})
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose lead or member.")})
    membership, _created = Membership.objects.update_or_create(
        unit=unit, user=person, defaults={"role": role}
    )
    _relink_strategy(unit.organization_id)
    return membership


@transaction.atomic
def do_remove_membership(actor: User, membership: Membership) -> None:
    require(
        can_manage_organization(actor) and actor.organization_id == membership.unit.organization_id
    )
    organization_id = membership.unit.organization_id
    membership.delete()
    _relink_strategy(organization_id)


def do_set_language(user: User, language: str) -> None:
    from django.conf import settings

    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Unknown language.")})
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def do_update_thresholds(
    actor: User, organization: Organization, *, at_risk_gap: float, off_track_gap: float
) -> Organization:
    require(can_manage_organization(actor) and actor.organization_id == organization.pk)
    if not 0 <= at_risk_gap <= off_track_gap <= 1:
        raise ValidationError(
            {
                "off_track_gap": _(
                    "Use values between 0 and 1, with the red threshold at least the yellow one."
                )
            }
        )
    organization.at_risk_gap = at_risk_gap
    organization.off_track_gap = off_track_gap
    organization.save(update_fields=["at_risk_gap", "off_track_gap"])
    return organization


@transaction.atomic
def do_create_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for the user; returns the plain token, which is not stored."""
    if not user.is_active:
        raise ValidationError({"user": _("This person is deactivated.")})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], token_hash=hash_token(raw), hint=raw[:12]
    )
    return token, raw


@transaction.atomic
def do_revoke_token(actor: User, token: ApiToken) -> None:
    require(token.user_id == actor.pk)
    token.delete()


def authenticate_token(raw: str) -> User | None:
    """The active person a bearer token belongs to, or None."""
    token = (
        ApiToken.objects.select_related("user__organization")
        .filter(token_hash=hash_token(raw.strip()))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy integration should not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])
    return token.user
