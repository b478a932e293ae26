"""Organizations, their unit tree, people, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class StrategyFrameworks(models.TextChoices):
    V2MOM = "v2mom", _("V2MOM (Vision, Values, Methods, Obstacles, Measures)")
    MSPOT = "mspot", _("MSPOT (Mission, Strategy, Plays, Omissions, Targets)")
    BOTH = "both", _("Both")


class Organization(models.Model):
    """A company using Kurs; everything else belongs to exactly one and is invisible to others."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # Pace thresholds (see kurs.goals.scoring): how far behind the expected progress
    # a goal may be before it shows yellow, and before it shows red.
    at_risk_gap = models.FloatField(_("yellow when behind pace by more than"), default=0.10)
    off_track_gap = models.FloatField(_("red when behind pace by more than"), default=0.25)
    # Which strategy document framework(s) the organization writes (kurs.strategy).
    strategy_frameworks = models.CharField(
        _("strategy framework"),
        max_length=10,
        choices=StrategyFrameworks.choices,
        default=StrategyFrameworks.V2MOM,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(at_risk_gap__gte=0)
                & models.Q(at_risk_gap__lte=models.F("off_track_gap"))
                & models.Q(off_track_gap__lte=1),
                name="organization_thresholds_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def thresholds(self) -> Any:
        from kurs.goals.scoring import PaceThresholds

        return PaceThresholds(at_risk_gap=self.at_risk_gap, off_track_gap=self.off_track_gap)

    @property
    def frameworks(self) -> list[str]:
        """The framework codes in use: ["v2mom"], ["mspot"] or both."""
        if self.strategy_frameworks == StrategyFrameworks.BOTH:
            return [StrategyFrameworks.V2MOM.value, StrategyFrameworks.MSPOT.value]
        return [self.strategy_frameworks]


class OrgScopedQuerySet(models.QuerySet[Any]):
    """The one answer to "what may this user see?": their own organization's rows."""

    organization_path = "organization"

    def visible_to(self, user: User | AnonymousUser) -> Self:
        if not isinstance(user, User) or user.organization_id is None:
            return self.none()
        return self.filter(**{f"{self.organization_path}_id": user.organization_id})


class UnitQuerySet(OrgScopedQuerySet):
    pass


class Unit(models.Model):
    """A node of the organization's tree: the company, a department, a team (any depth)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="units", verbose_name=_("organization")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    # Depth in the tree (the company is 0); kept by the actions so that the tree page
    # can indent and sort without walking up the parents.
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)

    objects: ClassVar[UnitQuerySet] = UnitQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["depth", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "parent", "name"], name="unit_name_unique_per_parent"
            )
        ]
        indexes = [models.Index(fields=["organization", "parent"])]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        """Ids from the parent up to the root, in one query whatever the depth."""
        cached: list[int] | None = getattr(self, "_ancestor_ids", None)
        if cached is not None:
            return cached
        parent_of = dict(
            Unit.objects.filter(organization_id=self.organization_id).values_list("pk", "parent_id")
        )
        ids: list[int] = []
        node = self.parent_id
        while node is not None and node not in ids:
            ids.append(node)
            node = parent_of.get(node)
        self._ancestor_ids = ids
        return ids


class Role(models.TextChoices):
    ADMIN = "admin", _("Org admin")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save()
        return user

    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet[User]:
        """People of the user's own organization: the one rule of OrgScopedQuerySet."""
        return OrgScopedQuerySet(self.model, using=self._db).visible_to(user)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email; belongs to one organization."""

    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="people",
        null=True,
        blank=True,
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    # Empty: follow the browser's Accept-Language.
    language = models.CharField(_("language"), max_length=8, blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def org_id(self) -> int:
        """The organization's id; only people outside any organization (none in Kurs) lack one."""
        if self.organization_id is None:
            raise PermissionDenied
        return self.organization_id

    @property
    def is_org_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_viewer(self) -> bool:
        return self.role == Role.VIEWER


class MembershipRole(models.TextChoices):
    LEAD = "lead", _("Unit lead")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person's place in a unit: its lead, or a member."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit} ({self.role})"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 hash is stored, the token is shown once."""

    PREFIX = "kurs_"

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=100, default="")
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, so a person can tell their tokens apart.
    hint = models.CharField(max_length=16)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.user})"

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
