"""The weekly leadership update of a unit: what it shows, who gets it, and sending it.

What the update shows, for a unit and every unit below it, for one week (Monday to
Sunday) of the cycles running in that week (planning cycles are left out):

* the overall picture per unit: how many active objectives, how many are on track,
  at risk, off track or not started, and their average progress;
* what moved: key results with check-ins in the week, value and progress before the
  week and after its last check-in, with the check-ins' comments;
* what turned yellow or red: objectives and key results whose status at the end of the
  week (or now, for this week) is worse than at its start. Both statuses are computed
  the same way from the check-in history: the value of the last check-in before that
  moment, and kurs.goals.scoring.pace_status with the elapsed fraction of the cycle on
  that day. The reason shown is the latest check-in comment up to the end of the week;
  for an objective, the latest comments of its key results;
* what was retired or replaced in the week, with the reason and the replacement.

Sending: every subscription gets one weekly email per week (UpdateSent, created in the
same transaction as the send, so a failed send leaves no record and a second run sends
nothing). Units with no objectives in a running cycle are skipped: between cycles there
is nothing to report, and an empty email every week teaches readers to ignore it.
On demand ("Send now") always sends and records UpdateSent(on_demand=True), which does
not count for the weekly once-only rule.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from kurs.goals import scoring
from kurs.goals.models import CheckIn, Cycle, CycleState, GoalState, KeyResult, Metric, Objective
from kurs.goals.scoring import PaceThresholds, Status
from kurs.goals.templatetags.kurs import STATUS_LABELS
from kurs.notify import mail
from kurs.notify.models import Subscription, UpdateSent
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import can_manage_subscriptions, require

logger = logging.getLogger(__name__)

# Worse is higher: "not started" is not a warning, so it ranks with "on track".
STATUS_RANK = {Status.NOT_STARTED: 0, Status.ON_TRACK: 0, Status.AT_RISK: 1, Status.OFF_TRACK: 2}

# Inline styles for emails (mail clients ignore stylesheets); the colours of kurs.css.
STATUS_STYLES = {
    Status.NOT_STARTED: "background:#eaeef2;color:#424a53;",
    Status.ON_TRACK: "background:#dafbe1;color:#0f5323;",
    Status.AT_RISK: "background:#fff8c5;color:#6b4400;",
    Status.OFF_TRACK: "background:#ffebe9;color:#8a0f1c;",
}
BADGE_STYLE = "display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;"
MAX_REASONS = 3


# Weeks -----------------------------------------------------------------------------------


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


def parse_week(value: str | None, today: dt.date | None = None) -> dt.date:
    """The Monday of the week asked for (?week=YYYY-MM-DD, any day of it); this week when
    the value is missing, malformed or in the future."""
    this_week = week_of(today or timezone.localdate())
    try:
        asked = week_of(dt.date.fromisoformat(value or ""))
    except ValueError:
        return this_week
    return min(asked, this_week)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# What the update holds -------------------------------------------------------------------


@dataclass(frozen=True)
class StatusWord:
    """A status as a word and a colour, for the page and for mail clients (inline style)."""

    status: Status

    @property
    def value(self) -> str:
        return self.status.value

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def colour(self) -> str:
        return self.status.colour

    @property
    def style(self) -> str:
        return BADGE_STYLE + STATUS_STYLES[self.status]


@dataclass
class UnitPicture:
    """One unit's line of the overall picture."""

    unit: Unit
    level: int  # 0 for the unit the update is about, 1 for the units right below, …
    objectives: int = 0
    on_track: int = 0
    at_risk: int = 0
    off_track: int = 0
    not_started: int = 0
    progress_sum: float = 0.0

    @property
    def progress(self) -> float | None:
        return self.progress_sum / self.objectives if self.objectives else None

    @property
    def indent(self) -> str:
        """Left padding of the unit's name: deeper units further in (pixels: mail clients)."""
        return f"{8 + self.level * 20}px"

    def add(self, progress: float, status: Status) -> None:
        self.objectives += 1
        self.progress_sum += progress
        if status is Status.ON_TRACK:
            self.on_track += 1
        elif status is Status.AT_RISK:
            self.at_risk += 1
        elif status is Status.OFF_TRACK:
            self.off_track += 1
        else:
            self.not_started += 1


@dataclass
class Move:
    """A key result with check-ins in the week."""

    key_result: KeyResult
    objective: Objective
    unit: Unit
    value_before: float | None
    value_after: float
    progress_before: float
    progress_after: float
    status: StatusWord
    check_ins: list[CheckIn]

    @property
    def progress_change(self) -> float:
        return self.progress_after - self.progress_before

    @property
    def change_points(self) -> str:
        """The progress change in percentage points, signed (+12, \u22125, \u00b10)."""
        points = round(self.progress_change * 100)
        if points > 0:
            return f"+{points}"
        return f"\u2212{-points}" if points < 0 else "\u00b10"

    @property
    def comments(self) -> list[CheckIn]:
        return [c for c in self.check_ins if c.comment]


@dataclass(frozen=True)
class Reason:
    """A check-in comment that explains a status."""

    key_result_title: str
    comment: str
    at: dt.datetime
    author: str


@dataclass
class Worsened:
    """An objective or key result whose status got worse during the week."""

    kind: str  # "objective" or "key_result"
    title: str
    objective: Objective
    key_result: KeyResult | None
    unit: Unit
    before: StatusWord
    now: StatusWord
    progress: float
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Retirement:
    """An objective or key result retired in the week."""

    kind: str  # "objective" or "key_result"
    title: str
    objective: Objective
    unit: Unit
    reason: str
    retired_at: dt.datetime
    replacement: str


@dataclass
class WeeklyUpdate:
    """Everything the weekly update of one unit shows, for one week."""

    unit: Unit
    week_start: dt.date
    week_end: dt.date
    as_of: dt.datetime
    cycles: list[Cycle]
    units: list[UnitPicture]
    moved: list[Move]
    worsened: list[Worsened]
    retired: list[Retirement]

    @property
    def week_number(self) -> int:
        return self.week_start.isocalendar().week

    @property
    def year(self) -> int:
        return self.week_start.isocalendar().year

    @property
    def has_okrs(self) -> bool:
        return any(picture.objectives for picture in self.units) or bool(self.retired)

    @property
    def is_current_week(self) -> bool:
        return self.week_start == week_of(timezone.localdate())

    @property
    def previous_week(self) -> dt.date:
        return self.week_start - dt.timedelta(days=7)

    @property
    def next_week(self) -> dt.date | None:
        return None if self.is_current_week else self.week_start + dt.timedelta(days=7)


# The selector ----------------------------------------------------------------------------


def _subtree(unit: Unit) -> list[tuple[Unit, int]]:
    """The unit and every unit below it, depth-first, with their level below `unit`."""
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for other in Unit.objects.filter(organization_id=unit.organization_id).order_by("name"):
        children[other.parent_id].append(other)
    ordered: list[tuple[Unit, int]] = []
    stack: list[tuple[Unit, int]] = [(unit, 0)]
    seen: set[int] = set()
    while stack:
        node, level = stack.pop()
        if node.pk in seen:  # a broken tree must not loop
            continue
        seen.add(node.pk)
        ordered.append((node, level))
        stack.extend((child, level + 1) for child in reversed(children[node.pk]))
    return ordered


def _elapsed(cycle: Cycle, day: dt.date) -> float:
    total = (cycle.end - cycle.start).days
    return scoring.clamp01((day - cycle.start).days / total) if total > 0 else 1.0


def _kr_progress(key_result: KeyResult, reported: float | None) -> float:
    """Progress with `reported` as the latest value (None: no check-in yet)."""
    try:
        return scoring.key_result_progress(
            scoring.Metric(key_result.metric),
            start=key_result.start,
            target=key_result.target,
            # A range is met by a reported value, never by the start value alone.
            current=reported
            if key_result.metric == Metric.RANGE or reported is not None
            else key_result.start,
            range_min=key_result.range_min,
            range_max=key_result.range_max,
        )
    except ValueError:
        return 0.0


def _graded_at(item: Objective | KeyResult, cycle: Cycle, moment: dt.datetime) -> bool:
    """Whether the final score was already written at that moment."""
    return (
        item.final_score is not None
        and cycle.is_closed
        and (cycle.closed_at is None or cycle.closed_at <= moment)
    )


def _active_at(item: Objective | KeyResult, moment: dt.datetime) -> bool:
    return item.state == GoalState.ACTIVE or (
        item.retired_at is not None and item.retired_at > moment
    )


class _Scorer:
    """Progress and status of key results and objectives at one moment of the week."""

    def __init__(
        self, moment: dt.datetime, reported: dict[int, float | None], thresholds: PaceThresholds
    ) -> None:
        self.moment = moment
        self.day = timezone.localdate(moment)
        self.reported = reported
        self.thresholds = thresholds

    def key_result(self, key_result: KeyResult, objective: Objective) -> tuple[float, Status]:
        cycle = objective.cycle
        if _graded_at(key_result, cycle, self.moment):
            assert key_result.final_score is not None
            score = key_result.final_score
            return score, scoring.graded_status(score, committed=objective.is_committed)
        reported = self.reported.get(key_result.pk)
        progress = _kr_progress(key_result, reported)
        status = scoring.pace_status(
            progress,
            _elapsed(cycle, self.day),
            started=reported is not None,
            thresholds=self.thresholds,
        )
        return progress, status

    def objective(self, objective: Objective, key_results: list[KeyResult]) -> tuple[float, Status]:
        cycle = objective.cycle
        if _graded_at(objective, cycle, self.moment):
            assert objective.final_score is not None
            score = objective.final_score
            return score, scoring.graded_status(score, committed=objective.is_committed)
        active = [kr for kr in key_results if _active_at(kr, self.moment)]
        scored = [(self.key_result(kr, objective)[0], kr.weight) for kr in active]
        progress = scoring.weighted_progress(scored)
        started = any(self.reported.get(kr.pk) is not None for kr in active)
        status = scoring.pace_status(
            progress, _elapsed(cycle, self.day), started=started, thresholds=self.thresholds
        )
        return progress, status


def weekly_update(unit: Unit, *, week_start: dt.date, week_end: dt.date) -> WeeklyUpdate:
    """The update of `unit` and the units below it for the week from `week_start` (a
    Monday) to `week_end` (its Sunday), in a fixed number of queries."""
    start = _start_of(week_start)
    as_of = min(_start_of(week_end + dt.timedelta(days=1)), timezone.now())
    thresholds: PaceThresholds = unit.organization.thresholds()

    subtree = _subtree(unit)
    unit_by_id = {node.pk: node for node, _level in subtree}
    order = {node.pk: index for index, (node, _level) in enumerate(subtree)}
    pictures = [UnitPicture(unit=node, level=level) for node, level in subtree]
    picture_by_id = {picture.unit.pk: picture for picture in pictures}

    cycles = list(
        Cycle.objects.filter(
            organization_id=unit.organization_id,
            start__lte=week_end,
            end__gte=week_start,
        )
        .exclude(state=CycleState.PLANNING)
        .order_by("start", "name")
    )
    objective_rows = Objective.objects.filter(
        organization_id=unit.organization_id,
        cycle__in=[c.pk for c in cycles],
        unit_id__in=list(unit_by_id),
    ).filter(
        # What existed then; with imported history, check-ins can be older than their rows.
        Q(created_at__lt=as_of)
        | Exists(CheckIn.objects.filter(key_result__objective=OuterRef("pk"), created_at__lt=as_of))
    )
    objectives = list(objective_rows.select_related("cycle", "replaced_by").order_by("pk"))

    before_week = CheckIn.objects.filter(key_result=OuterRef("pk"), created_at__lt=start).order_by(
        "-created_at", "-pk"
    )
    last_comment = (
        CheckIn.objects.filter(key_result=OuterRef("pk"), created_at__lt=as_of)
        .exclude(comment="")
        .order_by("-created_at", "-pk")
    )
    key_results = list(
        KeyResult.objects.filter(objective__in=objective_rows)
        .filter(
            Q(created_at__lt=as_of)
            | Exists(CheckIn.objects.filter(key_result=OuterRef("pk"), created_at__lt=as_of))
        )
        .select_related("replaced_by")
        .annotate(
            value_before=Subquery(before_week.values("value")[:1]),
            last_comment=Subquery(last_comment.values("comment")[:1]),
            last_comment_at=Subquery(last_comment.values("created_at")[:1]),
            last_comment_by=Subquery(last_comment.values("author__name")[:1]),
        )
        .order_by("position", "pk")
    )
    week_check_ins = list(
        CheckIn.objects.filter(
            key_result__objective__in=objective_rows, created_at__gte=start, created_at__lt=as_of
        )
        .select_related("author")
        .order_by("created_at", "pk")
    )

    objective_by_id = {o.pk: o for o in objectives}
    key_results_of: dict[int, list[KeyResult]] = defaultdict(list)
    for key_result in key_results:
        key_results_of[key_result.objective_id].append(key_result)
    check_ins_of: dict[int, list[CheckIn]] = defaultdict(list)
    for check_in in week_check_ins:
        check_ins_of[check_in.key_result_id].append(check_in)

    reported_before: dict[int, float | None] = {kr.pk: kr.value_before for kr in key_results}
    reported_after = dict(reported_before)
    for kr_id, entries in check_ins_of.items():
        reported_after[kr_id] = entries[-1].value
    before = _Scorer(start, reported_before, thresholds)
    after = _Scorer(as_of, reported_after, thresholds)

    def sort_key(objective: Objective, key_result: KeyResult | None = None) -> tuple[int, ...]:
        position = (key_result.position, key_result.pk) if key_result else (-1, 0)
        return (order[objective.unit_id], objective.pk, *position)

    def reason(key_result: KeyResult) -> Reason | None:
        comment: str | None = key_result.last_comment  # type: ignore[attr-defined]
        if not comment:
            return None
        return Reason(
            key_result_title=key_result.title,
            comment=comment,
            at=key_result.last_comment_at,  # type: ignore[attr-defined]
            author=key_result.last_comment_by or "",  # type: ignore[attr-defined]
        )

    # What moved
    moved: list[Move] = []
    kr_by_id = {kr.pk: kr for kr in key_results}
    for kr_id, entries in check_ins_of.items():
        key_result = kr_by_id[kr_id]
        objective = objective_by_id[key_result.objective_id]
        progress_before, _status = before.key_result(key_result, objective)
        progress_after, status_after = after.key_result(key_result, objective)
        moved.append(
            Move(
                key_result=key_result,
                objective=objective,
                unit=unit_by_id[objective.unit_id],
                value_before=(
                    reported_before[kr_id]
                    if reported_before[kr_id] is not None
                    else (None if key_result.metric == Metric.RANGE else key_result.start)
                ),
                value_after=entries[-1].value,
                progress_before=progress_before,
                progress_after=progress_after,
                status=StatusWord(status_after),
                check_ins=entries,
            )
        )
    moved.sort(key=lambda m: sort_key(m.objective, m.key_result))

    # The picture per unit, and what turned worse
    worsened: list[Worsened] = []
    for objective in objectives:
        if not _active_at(objective, as_of):
            continue
        own = key_results_of[objective.pk]
        progress_now, status_now = after.objective(objective, own)
        picture_by_id[objective.unit_id].add(progress_now, status_now)
        _progress, status_then = before.objective(objective, own)
        worse_key_results: list[Worsened] = []
        for key_result in own:
            if not _active_at(key_result, as_of):
                continue
            kr_progress_now, kr_now = after.key_result(key_result, objective)
            _kr_progress_then, kr_then = before.key_result(key_result, objective)
            # New this week (written or imported): it had no status to fall from.
            if key_result.created_at >= start:
                continue
            if STATUS_RANK[kr_now] > STATUS_RANK[kr_then]:
                found = reason(key_result)
                worse_key_results.append(
                    Worsened(
                        kind="key_result",
                        title=key_result.title,
                        objective=objective,
                        key_result=key_result,
                        unit=unit_by_id[objective.unit_id],
                        before=StatusWord(kr_then),
                        now=StatusWord(kr_now),
                        progress=kr_progress_now,
                        reasons=[found] if found else [],
                    )
                )
        if objective.created_at < start and STATUS_RANK[status_now] > STATUS_RANK[status_then]:
            # The objective's reasons: its worsened key results' comments first, then
            # the newest comments of its other key results.
            first = [r for w in worse_key_results for r in w.reasons]
            others = sorted(
                (r for kr in own if _active_at(kr, as_of) and (r := reason(kr)) is not None),
                key=lambda r: r.at,
                reverse=True,
            )
            reasons = first + [r for r in others if r not in first]
            worsened.append(
                Worsened(
                    kind="objective",
                    title=objective.title,
                    objective=objective,
                    key_result=None,
                    unit=unit_by_id[objective.unit_id],
                    before=StatusWord(status_then),
                    now=StatusWord(status_now),
                    progress=progress_now,
                    reasons=reasons[:MAX_REASONS],
                )
            )
        else:
            worsened.extend(worse_key_results)

    # Retired or replaced in the week
    retired: list[Retirement] = []
    for objective in objectives:
        if objective.retired_at is not None and start <= objective.retired_at < as_of:
            retired.append(
                Retirement(
                    kind="objective",
                    title=objective.title,
                    objective=objective,
                    unit=unit_by_id[objective.unit_id],
                    reason=objective.retired_reason,
                    retired_at=objective.retired_at,
                    replacement=objective.replaced_by.title if objective.replaced_by else "",
                )
            )
    retired_objective_ids = {r.objective.pk for r in retired}
    for key_result in key_results:
        if (
            key_result.retired_at is not None
            and start <= key_result.retired_at < as_of
            and key_result.objective_id not in retired_objective_ids
        ):
            objective = objective_by_id[key_result.objective_id]
            retired.append(
                Retirement(
                    kind="key_result",
                    title=key_result.title,
                    objective=objective,
                    unit=unit_by_id[objective.unit_id],
                    reason=key_result.retired_reason,
                    retired_at=key_result.retired_at,
                    replacement=key_result.replaced_by.title if key_result.replaced_by else "",
                )
            )
    retired.sort(key=lambda r: r.retired_at)

    return WeeklyUpdate(
        unit=unit,
        week_start=week_start,
        week_end=week_end,
        as_of=as_of,
        cycles=cycles,
        # The unit itself always; units below only when they have objectives.
        units=[p for p in pictures if p.level == 0 or p.objectives],
        moved=moved,
        worsened=worsened,
        retired=retired,
    )


def update_for_week(unit: Unit, week_start: dt.date) -> WeeklyUpdate:
    return weekly_update(unit, week_start=week_start, week_end=week_start + dt.timedelta(days=6))


# Subscriptions (every write goes through these) ------------------------------------------


@transaction.atomic
def do_subscribe(
    actor: User, unit: Unit, *, email: str, name: str = "", language: str = "de"
) -> Subscription:
    """Add someone (with or without a Kurs login) to the unit's weekly update."""
    require(can_manage_subscriptions(actor, unit))
    email = email.strip().lower()
    if Subscription.objects.filter(unit=unit, email=email).exists():
        raise ValidationError({"email": _("This address gets this unit’s update already.")})
    subscription = Subscription(
        organization_id=unit.organization_id,
        unit=unit,
        email=email,
        name=name.strip(),
        language=language,
        created_by=actor,
    )
    subscription.full_clean(exclude=["unit", "organization", "created_by"])
    subscription.save()
    return subscription


@transaction.atomic
def do_unsubscribe(actor: User | None, subscription: Subscription) -> None:
    """Remove a subscription: by a lead or admin, or (actor None) by its token's holder."""
    if actor is not None:
        require(can_manage_subscriptions(actor, subscription.unit))
    subscription.delete()


# Sending ---------------------------------------------------------------------------------


def subject_for(update: WeeklyUpdate, language: str) -> str:
    with translation.override(language):
        return _("Kurs weekly update: %(unit)s – week %(week)s") % {
            "unit": update.unit.name,
            "week": update.week_number,
        }


def _send(subscription: Subscription, update: WeeklyUpdate) -> None:
    public = mail.absolute(reverse("public_update", args=[subscription.token]))
    context: dict[str, Any] = {
        "update": update,
        "subscription": subscription,
        "public_url": public,
        "item_links": False,
    }
    mail.send(
        to=subscription.email,
        language=subscription.language,
        subject=subject_for(update, subscription.language),
        template="notify/update_email",
        context=context,
    )


def _subscriptions(rows: Iterable[Subscription]) -> dict[int, list[Subscription]]:
    by_unit: dict[int, list[Subscription]] = defaultdict(list)
    for subscription in rows:
        by_unit[subscription.unit_id].append(subscription)
    return by_unit


@task()
def send_weekly_updates(week: str | None = None) -> int:
    """Send every subscription its unit's update for the week ending `week` (ISO date of
    that week's Monday; default: this week), once per week. Returns emails sent."""
    week_start = week_of(dt.date.fromisoformat(week)) if week else week_of(timezone.localdate())
    already = UpdateSent.objects.filter(week=week_start, on_demand=False).values("subscription_id")
    pending = (
        Subscription.objects.exclude(pk__in=already)
        .select_related("unit__organization")
        .order_by("unit_id", "pk")
    )
    sent = 0
    for subscriptions in _subscriptions(pending).values():
        update = update_for_week(subscriptions[0].unit, week_start)
        if not update.has_okrs:
            continue
        for subscription in subscriptions:
            try:
                with transaction.atomic():
                    UpdateSent.objects.create(subscription=subscription, week=week_start)
                    _send(subscription, update)
            except IntegrityError:
                continue  # another worker sent it in the meantime
            except Exception:
                # One bad address must not stop the others; the next run retries it.
                logger.exception("weekly update to subscription %s failed", subscription.pk)
                continue
            sent += 1
    return sent


@task()
def send_update_now(unit_id: int) -> int:
    """Send the unit's update to all its subscribers now (on demand). Returns emails sent."""
    unit = Unit.objects.select_related("organization").filter(pk=unit_id).first()
    if unit is None:
        return 0
    subscriptions = list(Subscription.objects.filter(unit=unit).order_by("pk"))
    if not subscriptions:
        return 0
    week_start = week_of(timezone.localdate())
    update = update_for_week(unit, week_start)
    sent = 0
    for subscription in subscriptions:
        try:
            with transaction.atomic():
                UpdateSent.objects.create(
                    subscription=subscription, week=week_start, on_demand=True
                )
                _send(subscription, update)
        except Exception:
            logger.exception("update to subscription %s failed", subscription.pk)
            continue
        sent += 1
    return sent
