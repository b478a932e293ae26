"""Synthetic organizations of any size, for load tests, query budgets and benchmarks.

`generate_organization("Acme", 10_000)` builds a company with a unit tree, people,
an active quarter, weekly check-ins and a V2MOM per unit (plus some personal ones)
for the year in seconds (bench/RESULTS.md). It is a fixture tool, and speed comes
first: apart from creating the organization through `do_create_organization`, it
writes rows with `bulk_create` (check-ins with one prepared INSERT) and therefore
bypasses the actions layer: no permission checks and no audit trail. It does keep the
derived fields the actions maintain consistent: `KeyResult.current`,
`last_check_in_at` and `confidence` match the newest check-in; a measure fed by a key
result has its values; each strategy document has its first version and snapshot.

Everything is drawn from one `random.Random(seed)`, so the same seed and the same
`today` give the same organization (apart from database ids and email domains).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from kurs.goals.models import (
    Alignment,
    CheckIn,
    Cycle,
    CycleKind,
    CycleState,
    Initiative,
    KeyResult,
    Metric,
    Objective,
    ObjectiveKind,
    Origin,
)
from kurs.orgs.actions import do_create_organization
from kurs.orgs.models import Membership, MembershipRole, Organization, Role, Unit, User
from kurs.strategy.actions import decimal_text
from kurs.strategy.models import (
    Acceptance,
    AcceptanceState,
    DocumentVersion,
    Framework,
    Section,
    StatusOverride,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)

Progress = Callable[[str], None]

# Teams hold about this many people (lead included); managers of higher units are extra.
TEAM_SIZE_MIN = 6
TEAM_SIZE_MAX = 10
TEAM_SIZE_TARGET = 8
# A unit gets at most this many sub-units before another level is put in between.
MAX_CHILDREN = 6
OBJECTIVES_PER_UNIT = 3
KEY_RESULTS_PER_OBJECTIVE = 3
# Half of a 13-week quarter has passed on `today`.
CYCLE_DAYS_BEFORE = 45
CYCLE_DAYS = 91
# Every 40th team member only reads (viewer role); viewers never own goals.
VIEWER_EVERY = 40

# Plain word lists read best as one string each.
FIRST_NAMES = (  # noqa: SIM905
    "Anna Ben Clara David Emma Felix Greta Hannah Jonas Julia Karl Lara Lena Lukas Marie "
    "Max Mia Niklas Noah Paul Sophie Tim Tom Yusuf Zeynep Leon Ida Emil Frieda Moritz "
    "Johanna Finn Mila Elias Lea Jan Nele Ole Pia Till Sarah Milan Amelie Anton Carla"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
    "Richter Klein Wolf Schröder Neumann Schwarz Braun Zimmermann Krüger Hartmann Lange "
    "Werner Krause Lehmann Köhler Maier Herrmann König Walter Peters Fuchs Kaiser Yilmaz "
    "Kowalski Jung Vogel Roth Beck Lorenz Baumann Franke Albrecht Winter Berger"
).split()
TOPICS = (
    "Vertrieb",
    "Produktion",
    "Entwicklung",
    "Service",
    "Einkauf",
    "Logistik",
    "Marketing",
    "Qualität",
    "Finanzen",
    "Personal",
    "IT",
    "Montage",
)
# Label of a unit by its height above the teams: 0 = team, 1 = department, ...
LEVEL_LABELS = ("Team", "Abteilung", "Bereich", "Geschäftsbereich", "Sparte")

OBJECTIVE_TITLES = (
    "Unsere Kunden im Bereich {topic} nachhaltig begeistern",
    "Abläufe im Bereich {topic} schneller und verlässlicher machen",
    "Qualität im Bereich {topic} auf ein neues Niveau heben",
    "Kosten im Bereich {topic} spürbar senken, ohne an Qualität zu verlieren",
    "Zusammenarbeit zwischen {topic} und den Nachbarteams stärken",
    "Digitale Werkzeuge im Bereich {topic} selbstverständlich nutzen",
    "Neue Chancen für den Bereich {topic} erschließen",
    "Wissen im Bereich {topic} teilen, statt es zu horten",
    "Ein Arbeitsplatz werden, an dem Talente im Bereich {topic} bleiben wollen",
)

# The company's own objectives speak for everyone.
COMPANY_OBJECTIVE_TITLES = (
    "Die erste Wahl des Mittelstands werden",
    "Profitabel wachsen, ohne uns zu verzetteln",
    "Unsere Kunden erleben uns als verlässlichen Partner",
    "Ein Arbeitgeber sein, den man weiterempfiehlt",
)


@dataclass(frozen=True)
class _KRTemplate:
    """One kind of key result: how its title reads and which numbers are plausible."""

    metric: str
    title: str
    unit_label: str
    start: tuple[float, float]
    # Target relative to the start (factor); ignored for range and milestone.
    factor: tuple[float, float] = (1.0, 1.0)
    decimals: int = 0


KR_TEMPLATES = (
    _KRTemplate(
        Metric.INCREASE,
        "Kundenzufriedenheit (NPS) von {s} auf {t} steigern",
        "Punkte",
        (18, 40),
        (1.3, 1.8),
    ),
    _KRTemplate(
        Metric.INCREASE,
        "Qualifizierte Leads pro Monat von {s} auf {t} steigern",
        "Leads",
        (20, 80),
        (1.3, 1.7),
    ),
    _KRTemplate(
        Metric.INCREASE,
        "Neukunden im Mittelstand von {s} auf {t} steigern",
        "Kunden",
        (8, 20),
        (1.5, 2.0),
    ),
    _KRTemplate(
        Metric.INCREASE,
        "Anteil automatisierter Prüfungen von {s} % auf {t} % erhöhen",
        "%",
        (20, 50),
        (1.4, 1.9),
    ),
    _KRTemplate(
        Metric.INCREASE,
        "Geschulte Mitarbeitende von {s} auf {t} erhöhen",
        "Personen",
        (4, 12),
        (2.0, 3.0),
    ),
    _KRTemplate(
        Metric.INCREASE,
        "Umsatz mit Bestandskunden von {s} auf {t} Tsd. € steigern",
        "Tsd. €",
        (300, 900),
        (1.1, 1.25),
    ),
    _KRTemplate(
        Metric.DECREASE,
        "Durchlaufzeit von Aufträgen von {s} auf {t} Tage senken",
        "Tage",
        (12, 30),
        (0.5, 0.7),
    ),
    _KRTemplate(
        Metric.DECREASE,
        "Reklamationsquote von {s} % auf {t} % senken",
        "%",
        (3.0, 6.0),
        (0.45, 0.65),
        decimals=1,
    ),
    _KRTemplate(
        Metric.DECREASE,
        "Reaktionszeit auf Anfragen von {s} h auf {t} h senken",
        "h",
        (24, 72),
        (0.4, 0.6),
    ),
    _KRTemplate(
        Metric.DECREASE,
        "Offene Altfälle von {s} auf {t} reduzieren",
        "Fälle",
        (40, 120),
        (0.3, 0.5),
    ),
    _KRTemplate(
        Metric.RANGE, "Liefertreue zwischen {lo} und {hi} % halten", "%", (88, 94), decimals=1
    ),
    _KRTemplate(
        Metric.MILESTONE, "Neuer Standardprozess ist dokumentiert und freigegeben", "", (0, 0)
    ),
)
# Increase and decrease key results are the common case; ranges and milestones are rarer.
KR_WEIGHTS = (10, 10, 6, 6, 6, 6, 8, 6, 6, 6, 4, 4)

# The intended status of an objective, and the progress it has reached by `today`
# (the pace line is at about 0.5). Repeating a shuffled pattern, rather than drawing
# each fate, guarantees the mix even for organizations of a dozen people.
FATE_PATTERN = (
    "on_track",
    "on_track",
    "at_risk",
    "on_track",
    "off_track",
    "on_track",
    "not_started",
    "at_risk",
    "on_track",
    "off_track",
)
FATE_PROGRESS = {
    "on_track": (0.45, 0.75),
    "at_risk": (0.29, 0.35),
    "off_track": (0.05, 0.18),
    "not_started": (0.0, 0.0),
}
FATE_CONFIDENCE = {
    "on_track": (7, 9),
    "at_risk": (4, 6),
    "off_track": (1, 4),
    "not_started": (5, 5),
}
COMMENTS = {
    "on_track": ("Läuft nach Plan.", "Gute Woche, weiter so.", "Kunde hat zugesagt.", ""),
    "at_risk": (
        "Etwas hinter dem Plan.",
        "Engpass bei den Ressourcen.",
        "Warten auf Freigabe.",
        "",
    ),
    "off_track": ("Deutlich im Verzug.", "Blockiert durch Lieferanten.", "Brauchen Hilfe.", ""),
}
INITIATIVE_TITLES = (
    "Workshop mit allen Beteiligten durchführen",
    "CRM-Daten bereinigen",
    "Dashboard für die wöchentliche Runde erstellen",
    "Kampagnenplan zur Freigabe vorlegen",
    "Prozess mit dem Nachbarteam abstimmen",
)


@dataclass
class _UnitPlan:
    """A unit before it is written: its place in the tree and its people."""

    name: str
    topic: str
    height: int
    code: str
    parent: _UnitPlan | None = None
    children: list[_UnitPlan] = field(default_factory=list)
    size: int = 0  # people in a team (lead included); 1 (the lead) for higher units
    unit: Unit | None = None
    lead: User | None = None
    members: list[User] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    key_results: list[KeyResult] = field(default_factory=list)
    document: StrategyDocument | None = None
    methods: list[StrategyItem] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return 0 if self.parent is None else self.parent.depth + 1


def _chunks(items: list[_UnitPlan], rng: random.Random) -> list[list[_UnitPlan]]:
    """Split more than six siblings into at least two groups of about five (three to seven)."""
    count = max(2, round(len(items) / 5))
    sizes = [len(items) // count] * count
    for index in range(len(items) % count):
        sizes[index] += 1
    for _ in range(count):
        a, b = rng.randrange(count), rng.randrange(count)
        if a != b and sizes[a] > 3 and sizes[b] < 7:
            sizes[a] -= 1
            sizes[b] += 1
    groups: list[list[_UnitPlan]] = []
    index = 0
    for size in sizes:
        groups.append(items[index : index + size])
        index += size
    return groups


def plan_tree(people: int, rng: random.Random) -> list[_UnitPlan]:
    """The units below the company (top-down order) with the team sizes, for `people` people.

    Pure: decides the shape only. Teams of about eight are grouped into departments,
    departments into areas, ... until the company has at most six direct sub-units, so
    the depth grows with the logarithm of the size.
    """
    if people < 3:
        return []
    teams = max(1, round((people - 1) / TEAM_SIZE_TARGET))
    level = [_UnitPlan(name="", topic="", height=0, code="") for _ in range(teams)]
    height = 0
    while len(level) > MAX_CHILDREN:
        height += 1
        parents = []
        for group in _chunks(level, rng):
            parent = _UnitPlan(name="", topic="", height=height, code="", children=group)
            for child in group:
                child.parent = parent
            parents.append(parent)
        level = parents
    # Name top-down: each top-level branch gets a topic its sub-units inherit.
    topics = list(TOPICS)
    rng.shuffle(topics)
    ordered: list[_UnitPlan] = []
    for index, node in enumerate(level):
        node.topic = topics[index % len(topics)]
        node.code = str(index + 1)
    queue = deque(level)
    while queue:
        node = queue.popleft()
        label = LEVEL_LABELS[min(node.height, len(LEVEL_LABELS) - 1)]
        node.name = f"{label} {node.topic} {node.code}"
        ordered.append(node)
        for index, child in enumerate(node.children):
            child.topic = node.topic
            child.code = f"{node.code}.{index + 1}"
            queue.append(child)
    # Every non-team unit needs a lead of its own; the rest are spread over the teams.
    managers = 1 + sum(1 for node in ordered if node.height > 0)
    team_nodes = [node for node in ordered if node.height == 0]
    in_teams = people - managers
    sizes = [in_teams // len(team_nodes)] * len(team_nodes)
    for index in range(in_teams % len(team_nodes)):
        sizes[index] += 1
    # Shuffle people between teams for a realistic spread, keeping teams in 6-10.
    for _ in range(len(sizes) * 2):
        a, b = rng.randrange(len(sizes)), rng.randrange(len(sizes))
        if a != b and sizes[a] > TEAM_SIZE_MIN and sizes[b] < TEAM_SIZE_MAX:
            sizes[a] -= 1
            sizes[b] += 1
    for node, size in zip(team_nodes, sizes, strict=True):
        node.size = size
    for node in ordered:
        if node.height > 0:
            node.size = 1
    return ordered


def _round(value: float, decimals: int) -> float:
    return float(round(value, decimals)) if decimals else float(round(value))


def _fmt(value: float) -> str:
    text = f"{value:.1f}" if not value.is_integer() else str(int(value))
    return text.replace(".", ",")


def _key_result_values(
    template: _KRTemplate, rng: random.Random
) -> tuple[str, float | None, float | None, float | None, float | None]:
    """Title, start, target, range_min and range_max for one key result."""
    if template.metric == Metric.MILESTONE:
        return template.title, 0.0, 1.0, None, None
    if template.metric == Metric.RANGE:
        low = _round(rng.uniform(*template.start), 0)
        title = template.title.format(lo=_fmt(low), hi="100")
        return title, None, None, low, 100.0
    start = _round(rng.uniform(*template.start), template.decimals)
    target = _round(start * rng.uniform(*template.factor), template.decimals)
    if target == start:
        target = start + (1 if template.metric == Metric.INCREASE else -1)
    title = template.title.format(s=_fmt(start), t=_fmt(target))
    return title, start, target, None, None


def _value_at(key_result: KeyResult, progress: float, decimals: int, in_range: bool) -> float:
    """The value a key result shows at the given progress."""
    if key_result.metric == Metric.MILESTONE:
        return 1.0 if progress >= 1.0 else 0.0
    if key_result.metric == Metric.RANGE:
        assert key_result.range_min is not None
        low = key_result.range_min
        return _round(low + 2 if in_range else low - 3, 1)
    assert key_result.start is not None and key_result.target is not None
    return _round(key_result.start + (key_result.target - key_result.start) * progress, decimals)


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _email_domain(name: str, organization: Organization) -> str:
    slug = slugify(name) or "org"
    domain = f"{slug}.example"
    # Email addresses are unique across organizations: two names with the same slug
    # must not collide.
    if User.objects.filter(email__endswith=f"@{domain}").exists():
        domain = f"{slug}-{organization.pk}.example"
    return domain


def generate_organization(
    name: str,
    people: int,
    *,
    seed: int = 0,
    today: dt.date | None = None,
    progress: Progress | None = None,
    password: str | None = None,
) -> Organization:
    """A synthetic organization of `people` people with a half-elapsed active quarter.

    `password`, when given, lets every generated person sign in with it (hashed once
    and shared, which is fine for synthetic data); otherwise nobody can sign in.
    """
    if people < 1:
        raise ValueError("an organization needs at least one person")
    report = progress or (lambda message: None)
    rng = random.Random(seed)
    today = today or timezone.localdate()
    with transaction.atomic():
        organization = do_create_organization(name)
        company = Unit.objects.get(organization=organization, parent=None)
        report(f"Created organization {organization.name!r}")

        plans = plan_tree(people, rng)
        root = _UnitPlan(
            name=company.name,
            topic="Unternehmen",
            height=len(LEVEL_LABELS),
            code="",
            size=people - sum(p.size for p in plans),
            unit=company,
        )
        for plan in plans:
            if plan.parent is None:
                plan.parent = root
                root.children.append(plan)
        _write_units(organization, plans)
        report(f"Created {len(plans) + 1} units (depth {max((p.depth for p in plans), default=0)})")

        _write_people(organization, [root, *plans], rng, password, name)
        report(f"Created {people} people with their memberships")

        cycle = Cycle.objects.create(
            organization=organization,
            name=f"Q{(today.month - 1) // 3 + 1} {today.year}",
            start=today - dt.timedelta(days=CYCLE_DAYS_BEFORE),
            end=today - dt.timedelta(days=CYCLE_DAYS_BEFORE) + dt.timedelta(days=CYCLE_DAYS),
            kind=CycleKind.QUARTER,
            state=CycleState.ACTIVE,
        )
        report(f"Created the active cycle {cycle.name} ({cycle.start} to {cycle.end})")

        objectives, check_ins = _write_goals(organization, cycle, [root, *plans], rng, today)
        report(
            f"Created {objectives} objectives with {KEY_RESULTS_PER_OBJECTIVE} key results "
            f"each and {check_ins} check-ins"
        )

        documents, personal, items = _write_strategy(
            organization, cycle, [root, *plans], rng, today
        )
        report(
            f"Created {documents} V2MOM documents ({personal} personal) with {items} items "
            f"for {today.year}"
        )
    return organization


def _write_units(organization: Organization, plans: list[_UnitPlan]) -> None:
    # Level by level, so that each level's parents have ids when it is written.
    by_depth: dict[int, list[_UnitPlan]] = {}
    for plan in plans:
        by_depth.setdefault(plan.depth, []).append(plan)
    for depth in sorted(by_depth):
        level = by_depth[depth]
        units = [
            Unit(
                organization=organization,
                parent=plan.parent.unit if plan.parent else None,
                name=plan.name,
                depth=depth,
            )
            for plan in level
        ]
        for plan, unit in zip(level, Unit.objects.bulk_create(units), strict=True):
            plan.unit = unit


def _write_people(
    organization: Organization,
    plans: list[_UnitPlan],
    rng: random.Random,
    password: str | None,
    org_name: str,
) -> None:
    domain = _email_domain(org_name, organization)
    hashed = make_password(password) if password else make_password(None)
    now = timezone.now()
    users: list[User] = []
    seats: list[tuple[_UnitPlan, str]] = []
    number = 0
    for plan in plans:
        for seat in range(plan.size):
            number += 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            is_lead = seat == 0
            # The company's lead administers the organization.
            user_role = Role.MEMBER
            if plan.parent is None and is_lead:
                user_role = Role.ADMIN
            elif not is_lead and number % VIEWER_EVERY == 0:
                user_role = Role.VIEWER
            users.append(
                User(
                    email=f"person{number:05d}@{domain}",
                    name=f"{first} {last}",
                    organization=organization,
                    role=user_role,
                    password=hashed,
                    date_joined=now,
                )
            )
            seats.append((plan, MembershipRole.LEAD if is_lead else MembershipRole.MEMBER))
    users = User.objects.bulk_create(users, batch_size=2000)
    memberships = []
    for user, (plan, seat_role) in zip(users, seats, strict=True):
        assert plan.unit is not None
        memberships.append(Membership(unit=plan.unit, user=user, role=seat_role))
        if seat_role == MembershipRole.LEAD:
            plan.lead = user
        elif user.role != Role.VIEWER:
            plan.members.append(user)
    Membership.objects.bulk_create(memberships, batch_size=2000)


@dataclass(frozen=True)
class _CheckInRow:
    """A check-in to be written once its key result has an id."""

    key_result: KeyResult
    value: float
    confidence: int
    comment: str
    created_at: dt.datetime


def _write_goals(
    organization: Organization,
    cycle: Cycle,
    plans: list[_UnitPlan],
    rng: random.Random,
    today: dt.date,
) -> tuple[int, int]:
    """Objectives, key results, alignments, actions and check-ins; returns the counts.

    Everything is built in memory first and then written with one bulk_create per
    table: related rows point at unsaved instances, whose ids bulk_create fills in
    before the rows that reference them are written.
    """
    created_at = _local(cycle.start, 8, 0)
    check_in_days = [
        cycle.start + dt.timedelta(days=7 * week)
        for week in range(1, CYCLE_DAYS // 7 + 1)
        if cycle.start + dt.timedelta(days=7 * week) <= today
    ]
    pattern = list(FATE_PATTERN)
    rng.shuffle(pattern)
    objectives: list[Objective] = []
    key_results: list[KeyResult] = []
    alignments: list[Alignment] = []
    initiatives: list[Initiative] = []
    check_ins: list[_CheckInRow] = []
    key_results_of: dict[int, list[KeyResult]] = {}
    # Plans come top-down, so a parent unit's objectives exist before its children's.
    for plan in plans:
        assert plan.unit is not None and plan.lead is not None
        owners = [plan.lead, *plan.members]
        titles = COMPANY_OBJECTIVE_TITLES if plan.parent is None else OBJECTIVE_TITLES
        for title in rng.sample(titles, OBJECTIVES_PER_UNIT):
            objective = Objective(
                organization=organization,
                cycle=cycle,
                unit=plan.unit,
                # Mostly the lead; sometimes a member carries an objective.
                owner=plan.lead if rng.random() < 0.7 else rng.choice(owners),
                title=title.format(topic=plan.topic),
                kind=ObjectiveKind.COMMITTED if rng.random() < 0.3 else ObjectiveKind.ASPIRATIONAL,
                origin=Origin.BOTTOM_UP,
                created_at=created_at,
            )
            fate = pattern[len(objectives) % len(pattern)]
            objectives.append(objective)
            plan.objectives.append(objective)
            own_key_results = key_results_of.setdefault(id(objective), [])
            templates = rng.choices(KR_TEMPLATES, weights=KR_WEIGHTS, k=KEY_RESULTS_PER_OBJECTIVE)
            shares = split_progress(
                [t.metric for t in templates], rng.uniform(*FATE_PROGRESS[fate]), rng
            )
            for position, (template, share) in enumerate(zip(templates, shares, strict=True)):
                title_kr, start, target, range_min, range_max = _key_result_values(template, rng)
                key_result = KeyResult(
                    objective=objective,
                    owner=rng.choice(owners),
                    title=title_kr,
                    metric=template.metric,
                    start=start,
                    target=target,
                    range_min=range_min,
                    range_max=range_max,
                    unit_label=template.unit_label,
                    position=position,
                    created_at=created_at,
                )
                key_results.append(key_result)
                own_key_results.append(key_result)
                plan.key_results.append(key_result)
                check_ins.extend(
                    _check_in_series(key_result, template, fate, share, check_in_days, rng)
                )
            parent = plan.parent
            if parent is not None and parent.objectives and rng.random() < 0.6:
                # Cascading: most objectives below the top support something one level
                # up, half of them a whole objective, half one key result of it.
                parent_objective = rng.choice(parent.objectives)
                if rng.random() < 0.5:
                    alignments.append(
                        Alignment(objective=objective, parent_objective=parent_objective)
                    )
                else:
                    parent_kr = rng.choice(key_results_of[id(parent_objective)])
                    alignments.append(Alignment(objective=objective, parent_key_result=parent_kr))
                if rng.random() < 0.7:
                    objective.origin = Origin.TOP_DOWN
            if rng.random() < 0.35:
                due = cycle.start + dt.timedelta(days=rng.randint(14, CYCLE_DAYS - 7))
                initiatives.append(
                    Initiative(
                        organization=organization,
                        objective=objective,
                        title=rng.choice(INITIATIVE_TITLES),
                        owner=rng.choice(owners),
                        due=due,
                        done=due < today and rng.random() < 0.7,
                        created_at=created_at,
                    )
                )
    Objective.objects.bulk_create(objectives, batch_size=1000)
    KeyResult.objects.bulk_create(key_results, batch_size=1000)
    Alignment.objects.bulk_create(alignments, batch_size=1000)
    Initiative.objects.bulk_create(initiatives, batch_size=1000)
    _insert_check_ins(check_ins)
    return len(objectives), len(check_ins)


def split_progress(metrics: list[str], reached: float, rng: random.Random) -> list[float]:
    """Progress per key result so that their mean is about `reached`.

    Ranges and milestones can only be 0 or 1, so as many of them as fit are set to 1
    and the measured (increase/decrease) key results make up the rest, with a little
    noise; otherwise one milestone at 0 would drag an on-pace objective into the red.
    """
    total = reached * len(metrics)
    binary = [m in (Metric.RANGE, Metric.MILESTONE) for m in metrics]
    measured = binary.count(False)
    ones = min(binary.count(True), math.floor(total) if measured else round(total))
    rest = (total - ones) / measured if measured else 0.0
    shares: list[float] = []
    for is_binary in binary:
        if is_binary:
            shares.append(1.0 if ones > 0 else 0.0)
            ones -= 1 if ones > 0 else 0
        else:
            shares.append(min(1.0, max(0.0, rest + rng.uniform(-0.03, 0.03))))
    return shares


def _check_in_series(
    key_result: KeyResult,
    template: _KRTemplate,
    fate: str,
    final: float,
    days: list[dt.date],
    rng: random.Random,
) -> list[_CheckInRow]:
    """Weekly check-ins up to today, ending at progress `final`; updates the key result.

    Sets `current`, `confidence` and `last_check_in_at` from the last check-in, as
    do_check_in would.
    """
    # Not-started objectives have no check-ins; now and then a key result of a running
    # objective has none yet either.
    if fate == "not_started" or not days or rng.random() < 0.03:
        return []
    curve = rng.uniform(0.8, 1.4)
    low, high = FATE_CONFIDENCE[fate]
    series: list[_CheckInRow] = []
    for index, day in enumerate(days, start=1):
        last = index == len(days)
        if key_result.metric == Metric.MILESTONE:
            share = final if last else 0.0
        else:
            share = final * (index / len(days)) ** curve
        # A range that ends outside slipped out in the second half of the weeks so far.
        in_range = final >= 1.0 or (not last and index <= len(days) // 2)
        series.append(
            _CheckInRow(
                key_result=key_result,
                value=_value_at(key_result, share, template.decimals, in_range),
                confidence=rng.randint(low, high),
                comment=rng.choice(COMMENTS[fate]),
                created_at=_local(day, rng.randint(8, 17), rng.randrange(60)),
            )
        )
    latest = series[-1]
    key_result.current = latest.value
    key_result.confidence = latest.confidence
    key_result.last_check_in_at = latest.created_at
    return series


def _insert_check_ins(rows: list[_CheckInRow]) -> None:
    """Write check-ins with one prepared INSERT, the bulk of a large organization's rows.

    Model instances and bulk_create's per-row SQL compilation cost more than the
    database itself for some 70,000 rows; the values are adapted by the fields
    themselves, so this stays correct on SQLite and PostgreSQL.
    """
    meta = CheckIn._meta
    by_name = {field.name: field for field in meta.concrete_fields}
    names = ["key_result", "author", "value", "confidence", "comment", "created_at"]
    columns = [by_name[name].column or by_name[name].attname for name in names]
    created_at = by_name["created_at"]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                sql,
                [
                    (
                        row.key_result.pk,
                        row.key_result.owner_id,
                        row.value,
                        row.confidence,
                        row.comment,
                        created_at.get_db_prep_value(row.created_at, connection),
                    )
                    for row in rows[start : start + 5000]
                ],
            )


# Strategy documents ---------------------------------------------------------------------

# Every 20th team member writes a personal V2MOM.
PERSONAL_DOCUMENT_EVERY = 20
# About one unit method in twelve supports nothing above: an "art project" (seed 004).
ART_PROJECT_SHARE = 1 / 12
# Share of a unit's objectives that carry one of its methods.
LINKED_OBJECTIVE_SHARE = 0.6

STRATEGY_VALUES = (
    ("Verlässlichkeit", "Wir halten, was wir zusagen."),
    ("Kundennähe", "Wir verstehen das Geschäft unserer Kunden."),
    ("Qualität", "Wir liefern nichts, was wir nicht selbst kaufen würden."),
    ("Offenheit", "Zahlen, Ziele und Probleme liegen auf dem Tisch."),
    ("Verantwortung", "Wer etwas übernimmt, bringt es zu Ende."),
)
COMPANY_METHOD_TITLES = (
    "Den Mittelstand gezielt gewinnen",
    "Service, der Ausfälle verhindert",
    "Nutzen verkaufen statt Rabatte geben",
    "Fachkräfte gewinnen und halten",
    "Der verlässlichste Partner der Branche werden",
)
METHOD_TITLES = (
    "Kunden im Bereich {topic} gezielt gewinnen",
    "Abläufe im Bereich {topic} vereinfachen",
    "Digitale Werkzeuge im Bereich {topic} einführen",
    "Kosten im Bereich {topic} senken",
    "Fachkräfte für den Bereich {topic} gewinnen",
    "Qualität im Bereich {topic} messbar verbessern",
    "Mit den Nachbarteams von {topic} enger zusammenarbeiten",
)
PERSONAL_METHOD_TITLES = (
    "Jede Woche einen Kunden besuchen",
    "Mein Wissen im Team weitergeben",
    "Eine Weiterbildung abschließen",
    "Einen Ablauf im Team vereinfachen",
)
OBSTACLE_TITLES = (
    "Zu wenig Zeit neben dem Tagesgeschäft",
    "Lieferengpässe bei einem Zulieferer",
    "Offene Stellen sind schwer zu besetzen",
    "Daten liegen verstreut in Excel-Listen",
)
PICTURES = (
    "Im Jahresmeeting zeigt das Team, was es erreicht hat, und alle feiern mit.",
    "Ein Kunde bedankt sich ausdrücklich für die Zusammenarbeit.",
    "Die Zahlen am Jahresende sprechen für sich.",
)


def _write_strategy(
    organization: Organization,
    cycle: Cycle,
    plans: list[_UnitPlan],
    rng: random.Random,
    today: dt.date,
) -> tuple[int, int, int]:
    """A strategy period with a V2MOM per unit and some personal ones; returns the counts.

    Like the goals, the documents bypass the actions: they are written level by level
    with bulk_create (a document's parent and the items its methods support must have
    ids first) and get one version each, whose snapshot has the shape the actions write.
    """
    period = StrategyPeriod.objects.create(
        organization=organization,
        name=str(today.year),
        start=dt.date(today.year, 1, 1),
        end=dt.date(today.year, 12, 31),
    )
    created_at = _local(max(period.start, cycle.start - dt.timedelta(days=14)), 7, 0)
    by_depth: dict[int, list[_UnitPlan]] = {}
    for plan in plans:
        by_depth.setdefault(plan.depth, []).append(plan)
    documents: list[StrategyDocument] = []
    items: list[StrategyItem] = []
    acceptances: list[Acceptance] = []
    links: list[Any] = []
    carried_by: dict[int, list[Objective]] = {}
    Link = StrategyItem.objectives.through
    for depth in sorted(by_depth):
        level = by_depth[depth]
        level_documents: list[StrategyDocument] = []
        for plan in level:
            assert plan.unit is not None
            parent = plan.parent.document if plan.parent else None
            plan.document = StrategyDocument(
                organization=organization,
                period=period,
                framework=Framework.V2MOM,
                unit=plan.unit,
                parent=parent,
                statement=(
                    "Wir werden für den Mittelstand der erste Ansprechpartner."
                    if parent is None
                    else f"{plan.name} macht den Bereich {plan.topic} zum Vorbild im Haus."
                ),
                version=1,
                created_at=created_at,
                updated_at=created_at,
            )
            level_documents.append(plan.document)
        StrategyDocument.objects.bulk_create(level_documents, batch_size=1000)
        documents.extend(level_documents)
        level_items: list[StrategyItem] = []
        for plan in level:
            level_items.extend(_unit_items(plan, rng, created_at))
        StrategyItem.objects.bulk_create(level_items, batch_size=1000)
        obstacles = [
            StrategyItem(
                document=plan.document,
                section=Section.OBSTACLES,
                position=1,
                title=rng.choice(OBSTACLE_TITLES),
                owner=plan.lead,
                method=rng.choice(plan.methods),
                created_at=created_at,
            )
            for plan in level
            if rng.random() < 0.5
        ]
        StrategyItem.objects.bulk_create(obstacles, batch_size=1000)
        items.extend(level_items)
        items.extend(obstacles)
        for plan in level:
            acceptances.extend(_acceptances(organization, plan, rng, created_at))
            for objective in plan.objectives:
                if rng.random() < LINKED_OBJECTIVE_SHARE:
                    method = rng.choice(plan.methods)
                    links.append(Link(strategyitem_id=method.pk, objective_id=objective.pk))
                    carried_by.setdefault(method.pk, []).append(objective)
    personal_documents, personal_items = _write_personal(
        organization, period, plans, rng, created_at
    )
    documents.extend(personal_documents)
    items.extend(personal_items)
    Acceptance.objects.bulk_create(acceptances, batch_size=1000)
    Link.objects.bulk_create(links, batch_size=2000)
    _write_versions(documents, items, carried_by, acceptances, plans, created_at)
    return len(documents), len(personal_documents), len(items)


def _unit_items(plan: _UnitPlan, rng: random.Random, created_at: dt.datetime) -> list[StrategyItem]:
    """Values, methods (supporting the parent's) and measures of one unit's document."""
    document = plan.document
    is_company = plan.parent is None
    rows: list[StrategyItem] = []
    for position, (title, description) in enumerate(
        rng.sample(STRATEGY_VALUES, 3 if is_company else 2), start=1
    ):
        rows.append(
            StrategyItem(
                document=document,
                section=Section.VALUES,
                position=position,
                title=title,
                description=description,
                created_at=created_at,
            )
        )
    titles = (
        list(COMPANY_METHOD_TITLES[:4])
        if is_company
        else [t.format(topic=plan.topic) for t in rng.sample(METHOD_TITLES, rng.randint(2, 3))]
    )
    parent_methods = plan.parent.methods if plan.parent else []
    for position, title in enumerate(titles, start=1):
        supports = None
        if parent_methods and rng.random() >= ART_PROJECT_SHARE:
            supports = rng.choice(parent_methods)
        method = StrategyItem(
            document=document,
            section=Section.METHODS,
            position=position,
            title=title,
            supports=supports,
            picture_of_success=rng.choice(PICTURES),
            budget=rng.choice((None, Decimal(10_000 * rng.randint(1, 30)))),
            people_needed=rng.choice((None, Decimal(rng.randint(1, 4)))),
            status_override=rng.choice((StatusOverride.GREEN, StatusOverride.RED))
            if rng.random() < 0.05
            else StatusOverride.AUTO,
            created_at=created_at,
        )
        rows.append(method)
        plan.methods.append(method)
    # One measure follows a key result of the unit; the company has one by hand too.
    measured = [k for k in plan.key_results if k.start is not None and k.target is not None]
    if measured:
        key_result = rng.choice(measured)
        rows.append(
            StrategyItem(
                document=document,
                section=Section.MEASURES,
                position=1,
                title=key_result.title,
                key_result=key_result,
                start=key_result.start,
                target=key_result.target,
                current=key_result.value,
                current_updated_at=key_result.last_check_in_at,
                unit_label=key_result.unit_label,
                created_at=created_at,
            )
        )
    if is_company or not measured:
        start = float(rng.randint(10, 50))
        rows.append(
            StrategyItem(
                document=document,
                section=Section.MEASURES,
                position=2 if measured else 1,
                title="Umsatzanteil mit Neukunden",
                start=start,
                target=start * 1.5,
                current=round(start * rng.uniform(1.0, 1.4), 1),
                current_updated_at=created_at,
                unit_label="%",
                created_at=created_at,
            )
        )
    return rows


def _acceptances(
    organization: Organization, plan: _UnitPlan, rng: random.Random, created_at: dt.datetime
) -> list[Acceptance]:
    """Half the methods of units with sub-units ask one of them for its sign-off."""
    rows = []
    for method in plan.methods:
        if not plan.children or rng.random() < 0.5:
            continue
        child = rng.choice(plan.children)
        state = rng.choices(
            (AcceptanceState.ACCEPTED, AcceptanceState.PENDING, AcceptanceState.DECLINED),
            weights=(6, 3, 1),
        )[0]
        decided = state != AcceptanceState.PENDING
        rows.append(
            Acceptance(
                organization=organization,
                item=method,
                unit=child.unit,
                state=state,
                decided_by=child.lead if decided else None,
                decided_at=created_at + dt.timedelta(days=7) if decided else None,
                created_at=created_at,
            )
        )
    return rows


def _write_personal(
    organization: Organization,
    period: StrategyPeriod,
    plans: list[_UnitPlan],
    rng: random.Random,
    created_at: dt.datetime,
) -> tuple[list[StrategyDocument], list[StrategyItem]]:
    """Personal V2MOMs of every PERSONAL_DOCUMENT_EVERY-th team member, from their team's."""
    writers: list[tuple[_UnitPlan, User]] = []
    number = 0
    for plan in plans:
        if plan.height != 0:
            continue
        for member in plan.members:
            if number % PERSONAL_DOCUMENT_EVERY == 0:
                writers.append((plan, member))
            number += 1
    documents = [
        StrategyDocument(
            organization=organization,
            period=period,
            framework=Framework.V2MOM,
            person=member,
            parent=plan.document,
            statement="Ich trage meinen Teil dazu bei, dass unser Team seine Ziele erreicht.",
            version=1,
            created_at=created_at,
            updated_at=created_at,
        )
        for plan, member in writers
    ]
    StrategyDocument.objects.bulk_create(documents, batch_size=1000)
    items: list[StrategyItem] = []
    for document, (plan, _member) in zip(documents, writers, strict=True):
        for position, title in enumerate(rng.sample(PERSONAL_METHOD_TITLES, 2), start=1):
            items.append(
                StrategyItem(
                    document=document,
                    section=Section.METHODS,
                    position=position,
                    title=title,
                    supports=rng.choice(plan.methods),
                    created_at=created_at,
                )
            )
        start = float(rng.randint(0, 5))
        items.append(
            StrategyItem(
                document=document,
                section=Section.MEASURES,
                position=1,
                title="Kundenbesuche",
                start=start,
                target=start + 20,
                current=start + rng.randint(0, 15),
                current_updated_at=created_at,
                created_at=created_at,
            )
        )
    StrategyItem.objects.bulk_create(items, batch_size=1000)
    return documents, items


def _write_versions(
    documents: list[StrategyDocument],
    items: list[StrategyItem],
    carried_by: dict[int, list[Objective]],
    acceptances: list[Acceptance],
    plans: list[_UnitPlan],
    created_at: dt.datetime,
) -> None:
    """Version 1 of every document, with the snapshot the actions would have written.

    Built from the rows in memory: reading some 12,000 items back for 10,000 people
    would double the time the strategy documents take. test_generate checks that the
    result equals kurs.strategy.actions.snapshot().
    """
    asked: dict[int, list[Acceptance]] = {}
    for acceptance in acceptances:
        assert acceptance.item is not None
        asked.setdefault(acceptance.item.pk, []).append(acceptance)
    by_document: dict[int, list[StrategyItem]] = {}
    for item in sorted(items, key=lambda i: (i.section, i.position, i.pk)):
        by_document.setdefault(item.document.pk, []).append(item)
    authors = {plan.document.pk: plan.lead for plan in plans if plan.document is not None}
    DocumentVersion.objects.bulk_create(
        [
            DocumentVersion(
                document=document,
                number=1,
                snapshot={
                    "framework": document.framework,
                    "statement": document.statement,
                    "strategy": document.strategy,
                    "items": [
                        _item_snapshot(item, carried_by.get(item.pk, []), asked.get(item.pk, []))
                        for item in by_document.get(document.pk, [])
                    ],
                },
                change={"verb": "created"},
                author=authors.get(document.pk, document.person),
                created_at=created_at,
            )
            for document in documents
        ],
        batch_size=500,
    )


def _item_snapshot(
    item: StrategyItem, objectives: list[Objective], acceptances: list[Acceptance]
) -> dict[str, Any]:
    """What kurs.strategy.actions writes for an item, from rows in memory."""
    return {
        "id": item.pk,
        "section": item.section,
        "position": item.position,
        "title": item.title,
        "description": item.description,
        "state": item.state,
        "status_override": item.status_override,
        "owner": str(item.owner) if item.owner else None,
        "method": item.method.title if item.method else None,
        "supports": item.supports.title if item.supports else None,
        "reason": item.reason,
        "start": item.start,
        "target": item.target,
        "current": item.current,
        "unit_label": item.unit_label,
        "key_result": item.key_result.title if item.key_result else None,
        "objectives": sorted(o.title for o in objectives),
        "picture_of_success": item.picture_of_success,
        "budget": decimal_text(item.budget),
        "people_needed": decimal_text(item.people_needed),
        "resources_note": item.resources_note,
        "acceptances": [f"{a.party_name}: {a.state}" for a in acceptances],
        "replaced_reason": item.replaced_reason,
    }
