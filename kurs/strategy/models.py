"""Strategy documents (V2MOM and MSPOT), their items, versions, meetings and acceptances.

A document belongs to a strategy period (usually a year) and to a unit or a person.
It is derived from the document one level up (`parent`): a team's document from its
department's, a person's from their team's. Its items are ranked lists per section;
methods and plays say which item of the parent document they support, and can be
carried by objectives; measures and targets can be fed by a key result.

Every change goes through kurs.strategy.actions, which writes a DocumentVersion with
a full snapshot, so that any two versions can be compared (kurs.strategy.diff).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurs.goals.models import KeyResult, Objective, StartAtTheEnd
from kurs.goals.scoring import Status
from kurs.orgs.models import Organization, OrgScopedQuerySet, Unit, User


class Framework(models.TextChoices):
    V2MOM = "v2mom", "V2MOM"
    MSPOT = "mspot", "MSPOT"


class Section(models.TextChoices):
    VALUES = "values", _("Values")
    METHODS = "methods", _("Methods")
    OBSTACLES = "obstacles", _("Obstacles")
    MEASURES = "measures", _("Measures")
    PLAYS = "plays", _("Plays")
    OMISSIONS = "omissions", _("Omissions")
    TARGETS = "targets", _("Targets")


# The list sections of each framework, in the order the document reads.
SECTIONS: dict[str, list[str]] = {
    Framework.V2MOM: [Section.VALUES, Section.METHODS, Section.OBSTACLES, Section.MEASURES],
    Framework.MSPOT: [Section.PLAYS, Section.OMISSIONS, Section.TARGETS],
}
# Items that carry work: a child document's item supports one of them, objectives
# carry them, and they "start at the end" (picture of success, acceptance, resources).
CARRYING_SECTIONS = frozenset({Section.METHODS, Section.PLAYS})
# Items with start, target and current value, by hand or fed by a key result.
MEASURABLE_SECTIONS = frozenset({Section.MEASURES, Section.TARGETS})
# Sections whose order is a ranking (1 matters most).
RANKED_SECTIONS = frozenset({Section.VALUES, Section.METHODS, Section.PLAYS})


class StatusOverride(models.TextChoices):
    """How an item's colour is set: automatically from what is linked, or by hand."""

    AUTO = "", _("Automatic")
    GREEN = Status.ON_TRACK.value, _("Green: on track")
    YELLOW = Status.AT_RISK.value, _("Yellow: needs attention")
    RED = Status.OFF_TRACK.value, _("Red: needs much more effort")


class ItemState(models.TextChoices):
    ACTIVE = "active", _("Active")
    REPLACED = "replaced", _("Replaced")


class AcceptanceState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class StrategyPeriod(models.Model):
    """The span a strategy document is written for, usually a calendar or fiscal year."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="strategy_periods",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    objects: ClassVar[OrgScopedQuerySet] = OrgScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("strategy period")
        verbose_name_plural = _("strategy periods")
        ordering = ["-start", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="strategy_period_name_unique"
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="strategy_period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})
        if self.start and self.end and (self.end - self.start).days > 5 * 366:
            raise ValidationError({"end": _("A strategy period lasts at most five years.")})

    def elapsed_fraction(self, today: Any = None) -> float:
        from kurs.goals.scoring import clamp01

        today = today or timezone.localdate()
        total = (self.end - self.start).days
        return clamp01((today - self.start).days / total) if total > 0 else 1.0


class StrategyDocument(models.Model):
    """The V2MOM or MSPOT of one unit or one person for one strategy period."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    period = models.ForeignKey(
        StrategyPeriod,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("strategy period"),
    )
    framework = models.CharField(_("framework"), max_length=5, choices=Framework.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategy_documents",
        verbose_name=_("unit"),
    )
    person = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategy_documents",
        verbose_name=_("person"),
    )
    # The document one level up that this one is derived from (kept by the actions).
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("derived from"),
    )
    # Vision (V2MOM) or mission (MSPOT).
    statement = models.TextField(_("vision or mission"), blank=True, default="")
    # MSPOT only.
    strategy = models.TextField(_("strategy"), blank=True, default="")
    # The number of the latest DocumentVersion.
    version = models.PositiveIntegerField(_("version"), default=0)
    renewed_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renewed from"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects: ClassVar[OrgScopedQuerySet] = OrgScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("strategy document")
        verbose_name_plural = _("strategy documents")
        ordering = ["period", "framework", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="strategy_document_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["period", "framework", "unit"],
                condition=Q(unit__isnull=False),
                name="strategy_document_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["period", "framework", "person"],
                condition=Q(person__isnull=False),
                name="strategy_document_unique_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_framework_display()} {self.holder_name} {self.period}"

    @property
    def holder_name(self) -> str:
        """The unit's or the person's name."""
        return str(self.unit or self.person or "")

    @property
    def is_personal(self) -> bool:
        return self.person_id is not None

    @property
    def sections(self) -> list[str]:
        return SECTIONS[self.framework]

    @property
    def statement_label(self) -> str:
        return str(_("Vision") if self.framework == Framework.V2MOM else _("Mission"))

    @property
    def carrying_section(self) -> str:
        return Section.METHODS if self.framework == Framework.V2MOM else Section.PLAYS

    @property
    def measurable_section(self) -> str:
        return Section.MEASURES if self.framework == Framework.V2MOM else Section.TARGETS


class StrategyItemQuerySet(OrgScopedQuerySet):
    organization_path = "document__organization"

    def active(self) -> StrategyItemQuerySet:
        return self.filter(state=ItemState.ACTIVE)


class StrategyItem(StartAtTheEnd):
    """One entry of a document's section: a value, method, obstacle, measure, play, ..."""

    document = models.ForeignKey(
        StrategyDocument, on_delete=models.CASCADE, related_name="items", verbose_name=_("document")
    )
    section = models.CharField(_("section"), max_length=10, choices=Section.choices)
    # The rank within the section, 1 first.
    position = models.PositiveSmallIntegerField(_("rank"), default=1)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, default="")
    # Obstacles: who removes it, and which method it stands in the way of.
    owner = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategy_items",
        verbose_name=_("owner"),
    )
    method = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obstacles",
        verbose_name=_("method"),
    )
    # Methods and plays: the item of the parent document this one supports.
    supports = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supporters",
        verbose_name=_("supports"),
    )
    # Methods and plays: the objectives that carry it out.
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="strategy_items", verbose_name=_("objectives")
    )
    # Omissions: why we deliberately do not do it.
    reason = models.TextField(_("reason"), blank=True, default="")
    # Measures and targets.
    start = models.FloatField(_("start value"), null=True, blank=True)
    target = models.FloatField(_("target value"), null=True, blank=True)
    current = models.FloatField(_("current value"), null=True, blank=True)
    current_updated_at = models.DateTimeField(_("current value updated"), null=True, blank=True)
    unit_label = models.CharField(_("unit"), max_length=40, blank=True, default="")
    # When set, the current value follows this key result.
    key_result = models.ForeignKey(
        KeyResult,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="strategy_items",
        verbose_name=_("fed by key result"),
    )
    status_override = models.CharField(
        _("colour"),
        max_length=10,
        choices=StatusOverride.choices,
        blank=True,
        default=StatusOverride.AUTO,
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ItemState.choices, default=ItemState.ACTIVE
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    replaced_reason = models.TextField(_("reason for replacing"), blank=True, default="")
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    # Renewal: the item of last period's document this one was carried over from.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[StrategyItemQuerySet] = StrategyItemQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("strategy item")
        verbose_name_plural = _("strategy items")
        ordering = ["document", "section", "position", "pk"]
        indexes = [models.Index(fields=["document", "section", "position"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state == ItemState.ACTIVE

    @property
    def is_carrying(self) -> bool:
        return self.section in CARRYING_SECTIONS

    @property
    def is_measurable(self) -> bool:
        return self.section in MEASURABLE_SECTIONS


class Acceptance(models.Model):
    """A sign-off that a goal needs from a person or a unit (given by its lead), seed 004."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    item = models.ForeignKey(
        StrategyItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="acceptances",
        verbose_name=_("strategy item"),
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="acceptances",
        verbose_name=_("objective"),
    )
    person = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acceptances",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acceptances",
        verbose_name=_("unit"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=AcceptanceState.choices, default=AcceptanceState.PENDING
    )
    comment = models.TextField(_("comment"), blank=True, default="")
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[OrgScopedQuerySet] = OrgScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(item__isnull=False) & Q(objective__isnull=True))
                | (Q(item__isnull=True) & Q(objective__isnull=False)),
                name="acceptance_item_or_objective",
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="acceptance_person_or_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_name}: {self.state}"

    @property
    def party_name(self) -> str:
        return str(self.person or self.unit or "")

    @property
    def is_accepted(self) -> bool:
        return self.state == AcceptanceState.ACCEPTED


class Meeting(models.Model):
    """A strategy or team meeting that went through a document, and what it decided."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    document = models.ForeignKey(
        StrategyDocument,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("document"),
    )
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        User, blank=True, related_name="strategy_meetings", verbose_name=_("attendees")
    )
    guests = models.CharField(_("other attendees"), max_length=500, blank=True, default="")
    notes = models.TextField(_("notes and decisions"), blank=True, default="")
    changed_items = models.ManyToManyField(
        StrategyItem, blank=True, related_name="meetings", verbose_name=_("items changed")
    )
    # The document version the meeting ended with.
    version = models.PositiveIntegerField(_("version"), default=0)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[OrgScopedQuerySet] = OrgScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.document} {self.held_on}"


class DocumentVersion(models.Model):
    """A full snapshot of a document after one change: the basis of history and diffs."""

    document = models.ForeignKey(
        StrategyDocument,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("document"),
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(default=dict)
    # What the change was, kept as data and worded in the reader's language on display:
    # {"verb": "item_added", "section": "methods", "title": "..."}.
    change = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        verbose_name=_("meeting"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"
