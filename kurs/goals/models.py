"""Cycles, objectives, key results, check-ins, actions (initiatives) and their history."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurs.goals import scoring
from kurs.goals.scoring import Metric as ScoringMetric
from kurs.goals.scoring import Status
from kurs.lib.formats import format_number
from kurs.orgs.models import Organization, OrgScopedQuerySet, Unit, User


class CycleKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")
    CUSTOM = "custom", _("Custom")


class CycleState(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class CycleQuerySet(OrgScopedQuerySet):
    pass


class Cycle(models.Model):
    """A period in which OKRs are pursued, usually a quarter; closing it freezes the scores."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="cycles",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=CycleKind.choices, default=CycleKind.QUARTER
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CycleState.choices, default=CycleState.PLANNING
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects: ClassVar[CycleQuerySet] = CycleQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="cycle_name_unique"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="cycle_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # Longer than a strategy period makes no sense for OKRs and would make the
    # charts and pace meaningless.
    MAX_DAYS = 2 * 366

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})
        if self.start and self.end and (self.end - self.start).days > self.MAX_DAYS:
            raise ValidationError({"end": _("A cycle lasts at most two years.")})

    @property
    def is_closed(self) -> bool:
        return self.state == CycleState.CLOSED

    def elapsed_fraction(self, today: dt.date | None = None) -> float:
        """How much of the cycle has passed, 0 before the start and 1 after the end."""
        if self.is_closed:
            return 1.0
        today = today or timezone.localdate()
        total = (self.end - self.start).days
        return scoring.clamp01((today - self.start).days / total) if total > 0 else 1.0


class ObjectiveKind(models.TextChoices):
    COMMITTED = "committed", _("Committed")
    ASPIRATIONAL = "aspirational", _("Aspirational")


class Origin(models.TextChoices):
    TOP_DOWN = "top_down", _("Top-down")
    BOTTOM_UP = "bottom_up", _("Bottom-up")


class GoalState(models.TextChoices):
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Metric(models.TextChoices):
    INCREASE = "increase", _("Increase to")
    DECREASE = "decrease", _("Decrease to")
    RANGE = "range", _("Stay within a range")
    MILESTONE = "milestone", _("Milestone (done or not)")


class ObjectiveQuerySet(OrgScopedQuerySet):
    def active(self) -> ObjectiveQuerySet:
        return self.filter(state=GoalState.ACTIVE)

    def with_scoring(self) -> ObjectiveQuerySet:
        """Everything progress and status need, in a fixed number of queries."""
        return self.select_related("cycle", "organization", "unit", "owner").prefetch_related(
            Prefetch(
                "key_results",
                queryset=KeyResult.objects.select_related("owner").order_by("position", "pk"),
            )
        )


class StartAtTheEnd(models.Model):
    """ "Always start at the end" (seed 004): the picture of success and what it needs.

    Shared by objectives and by the methods and plays of strategy documents. Whose
    acceptance is needed is tracked in kurs.strategy.models.Acceptance.
    """

    picture_of_success = models.TextField(
        _("picture of success"),
        blank=True,
        default="",
        help_text=_("Who exactly did what exactly, so that we celebrate?"),
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    people_needed = models.DecimalField(
        _("people (full-time equivalents)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    resources_note = models.TextField(_("resources"), blank=True, default="")

    class Meta:
        abstract = True

    @property
    def has_resources(self) -> bool:
        return (
            self.budget is not None
            or self.people_needed is not None
            or bool(self.resources_note.strip())
        )


class Objective(StartAtTheEnd):
    """A qualitative, inspiring goal of a unit for one cycle, measured by its key results."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    cycle = models.ForeignKey(
        Cycle, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("cycle")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("unit")
    )
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("owner")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, default="")
    kind = models.CharField(
        _("kind"), max_length=12, choices=ObjectiveKind.choices, default=ObjectiveKind.ASPIRATIONAL
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.BOTTOM_UP
    )
    state = models.CharField(
        _("state"), max_length=10, choices=GoalState.choices, default=GoalState.ACTIVE
    )
    retired_reason = models.TextField(_("reason for retiring"), blank=True, default="")
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    # Written when the cycle closes; from then on the objective shows this score.
    final_score = models.FloatField(_("final score"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[ObjectiveQuerySet] = ObjectiveQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["organization", "cycle", "unit"]),
            models.Index(fields=["owner", "cycle"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state == GoalState.ACTIVE

    @property
    def is_committed(self) -> bool:
        return self.kind == ObjectiveKind.COMMITTED

    def active_key_results(self) -> list[KeyResult]:
        # Filters in Python so that a prefetched `key_results` is reused.
        return [kr for kr in self.key_results.all() if kr.is_active]

    @property
    def progress(self) -> float:
        if self.final_score is not None:
            return self.final_score
        return scoring.weighted_progress(
            (kr.progress, kr.weight) for kr in self.active_key_results()
        )

    @property
    def started(self) -> bool:
        return any(kr.last_check_in_at is not None for kr in self.active_key_results())

    @property
    def status(self) -> Status:
        if self.final_score is not None:
            return scoring.graded_status(self.final_score, committed=self.is_committed)
        return scoring.pace_status(
            self.progress,
            self.cycle.elapsed_fraction(),
            started=self.started,
            thresholds=self.organization.thresholds(),
        )

    @property
    def grade(self) -> float:
        return scoring.round_grade(self.progress)

    @property
    def grade_band(self) -> scoring.Band:
        return scoring.grade_band(self.progress, committed=self.is_committed)


class Alignment(models.Model):
    """Links an objective to what it supports above it: an objective or a key result."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="alignments", verbose_name=_("objective")
    )
    parent_objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aligned_children",
        verbose_name=_("supports objective"),
    )
    parent_key_result = models.ForeignKey(
        "KeyResult",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aligned_children",
        verbose_name=_("supports key result"),
    )

    class Meta:
        verbose_name = _("alignment")
        verbose_name_plural = _("alignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(parent_objective__isnull=False) & Q(parent_key_result__isnull=True))
                | (Q(parent_objective__isnull=True) & Q(parent_key_result__isnull=False)),
                name="alignment_one_parent",
            ),
            models.UniqueConstraint(
                fields=["objective", "parent_objective"], name="alignment_unique_objective"
            ),
            models.UniqueConstraint(
                fields=["objective", "parent_key_result"], name="alignment_unique_key_result"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective_id} → {self.parent_objective_id or self.parent_key_result_id}"

    @property
    def parent(self) -> Objective | KeyResult:
        return self.parent_objective or self.parent_key_result  # type: ignore[return-value]

    @property
    def parent_type(self) -> str:
        return "objective" if self.parent_objective_id else "key_result"


class KeyResultQuerySet(OrgScopedQuerySet):
    organization_path = "objective__organization"

    def active(self) -> KeyResultQuerySet:
        return self.filter(state=GoalState.ACTIVE, objective__state=GoalState.ACTIVE)

    def with_scoring(self) -> KeyResultQuerySet:
        return self.select_related(
            "owner", "objective__cycle", "objective__organization", "objective__unit"
        )


class KeyResult(models.Model):
    """A measurable result that shows how far an objective has come.

    Confidence is on a 0-10 scale (how likely the owner thinks the target is reached):
    0-3 low, 4-6 medium, 7-10 high. A number is finer than three words and still easy
    to pick; the labels are shown next to it.
    """

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="key_results", verbose_name=_("objective")
    )
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="key_results", verbose_name=_("owner")
    )
    title = models.CharField(_("title"), max_length=300)
    metric = models.CharField(
        _("metric"), max_length=10, choices=Metric.choices, default=Metric.INCREASE
    )
    start = models.FloatField(_("start value"), null=True, blank=True)
    target = models.FloatField(_("target value"), null=True, blank=True)
    range_min = models.FloatField(_("range minimum"), null=True, blank=True)
    range_max = models.FloatField(_("range maximum"), null=True, blank=True)
    # The latest check-in's value (or the start value before any): kept by do_check_in
    # so that lists and trees never scan the check-in history.
    current = models.FloatField(_("current value"), null=True, blank=True)
    unit_label = models.CharField(_("unit"), max_length=40, blank=True, default="")
    weight = models.FloatField(
        _("weight"), default=1.0, validators=[MinValueValidator(0.01), MaxValueValidator(100)]
    )
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=GoalState.choices, default=GoalState.ACTIVE
    )
    retired_reason = models.TextField(_("reason for retiring"), blank=True, default="")
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
    )
    last_check_in_at = models.DateTimeField(_("last check-in"), null=True, blank=True)
    final_score = models.FloatField(_("final score"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[KeyResultQuerySet] = KeyResultQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("key result")
        verbose_name_plural = _("key results")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["owner", "state"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.metric == Metric.RANGE:
            if self.range_min is None:
                errors["range_min"] = _("A range needs a minimum.")
            if self.range_max is None:
                errors["range_max"] = _("A range needs a maximum.")
            if (
                self.range_min is not None
                and self.range_max is not None
                and self.range_min > self.range_max
            ):
                errors["range_max"] = _("The maximum must not be below the minimum.")
        elif self.metric == Metric.MILESTONE:
            # A milestone is done (1) or not (0); values typed for another metric
            # before switching to it must not become its target.
            self.start, self.target = 0.0, 1.0
        else:
            if self.start is None:
                errors["start"] = _("Enter the value you start from.")
            if self.target is None:
                errors["target"] = _("Enter the value you want to reach.")
            if self.start is not None and self.target is not None:
                if self.target == self.start:
                    errors["target"] = _("The target must differ from the start value.")
                elif self.metric == Metric.INCREASE and self.target < self.start:
                    errors["target"] = _(
                        "To increase, the target must be above the start value "
                        "(or choose “Decrease to”)."
                    )
                elif self.metric == Metric.DECREASE and self.target > self.start:
                    errors["target"] = _(
                        "To decrease, the target must be below the start value "
                        "(or choose “Increase to”)."
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def is_active(self) -> bool:
        return self.state == GoalState.ACTIVE

    @property
    def value(self) -> float | None:
        """The current value: the latest check-in, or the start before any."""
        return self.current if self.current is not None else self.start

    @property
    def progress(self) -> float:
        if self.final_score is not None:
            return self.final_score
        try:
            return scoring.key_result_progress(
                ScoringMetric(self.metric),
                start=self.start,
                target=self.target,
                # A range is met by a reported value, never by the start value alone.
                current=self.current if self.metric == Metric.RANGE else self.value,
                range_min=self.range_min,
                range_max=self.range_max,
            )
        except ValueError:
            # Only reachable for rows written around the actions (raw SQL, old data).
            return 0.0

    @property
    def started(self) -> bool:
        return self.last_check_in_at is not None or self.final_score is not None

    @property
    def status(self) -> Status:
        objective = self.objective
        if self.final_score is not None:
            return scoring.graded_status(self.final_score, committed=objective.is_committed)
        return scoring.pace_status(
            self.progress,
            objective.cycle.elapsed_fraction(),
            started=self.started,
            thresholds=objective.organization.thresholds(),
        )

    @property
    def confidence_level(self) -> str:
        if self.confidence is None:
            return ""
        if self.confidence <= 3:
            return str(_("low"))
        if self.confidence <= 6:
            return str(_("medium"))
        return str(_("high"))

    @property
    def target_label(self) -> str:
        if self.metric == Metric.RANGE:
            return f"{format_number(self.range_min)}–{format_number(self.range_max)}"
        return format_number(self.target)


class CheckInQuerySet(OrgScopedQuerySet):
    organization_path = "key_result__objective__organization"


class CheckIn(models.Model):
    """A weekly update of a key result: the new value, how confident the owner is, and why."""

    key_result = models.ForeignKey(
        KeyResult, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("key result")
    )
    author = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="check_ins", verbose_name=_("author")
    )
    value = models.FloatField(_("value"))
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    comment = models.TextField(_("comment"), blank=True, default="")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[CheckInQuerySet] = CheckInQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["key_result", "created_at"])]

    def __str__(self) -> str:
        return f"{self.key_result_id}: {self.value}"


class InitiativeQuerySet(OrgScopedQuerySet):
    pass


class Initiative(models.Model):
    """An action: a tactical step towards an objective or key result, with a due date."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("objective")
    )
    key_result = models.ForeignKey(
        KeyResult,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("key result"),
    )
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("owner")
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[InitiativeQuerySet] = InitiativeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["done", "due", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return not self.done and self.due is not None and self.due < timezone.localdate()


class AuditEvent(models.Model):
    """One recorded change: who did what to which objective, key result or check-in, when."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    # The objective whose history shows the event (also for its key results' events).
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="history"
    )
    key_result = models.ForeignKey(
        KeyResult, on_delete=models.SET_NULL, null=True, blank=True, related_name="history"
    )
    verb = models.CharField(max_length=40)
    # What the event is about, kept as text so it stays readable after a delete.
    subject = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[OrgScopedQuerySet] = OrgScopedQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.verb} {self.subject}"
