"""The demo company "Muster Maschinenbau GmbH", written through the actions layer.

Unlike the synthetic generator (kurs.demo.generate), the demo is small and hand-written
in the spirit of the seed documents: company objectives cascade to Vertrieb, Marketing
and Service, teams add bottom-up objectives, and each key result has weeks of German
check-ins. Everything goes through the actions (`do_create_objective`, `do_check_in`
with `at=`, `do_close_cycle`, ...), so permissions are checked and the history is real.

The quarters are 13-week cycles placed so that today is in their seventh week: the
demo then always shows six weekly check-ins and a meaningful pace, whatever the date.
Loading is idempotent and deterministic for a given `today`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from kurs.goals import actions as goals
from kurs.goals.models import (
    Cycle,
    CycleKind,
    CycleState,
    KeyResult,
    Metric,
    Objective,
    ObjectiveKind,
    Origin,
)
from kurs.orgs import actions as orgs
from kurs.orgs.models import MembershipRole, Organization, Role, Unit, User

ORGANIZATION_NAME = "Muster Maschinenbau GmbH"
DEMO_PASSWORD = "kurs-demo"
DOMAIN = "muster-maschinenbau.de"
WEEKS_ELAPSED = 6
CYCLE_WEEKS = 13


# The organization ----------------------------------------------------------------------

ROOT = "root"
# (key, name, parent key); the root unit is created with the organization.
UNITS = (
    ("gf", "Geschäftsführung", ROOT),
    ("marketing", "Marketing", ROOT),
    ("vertrieb", "Vertrieb", ROOT),
    ("service", "Service", ROOT),
    ("content", "Content & Kampagnen", "marketing"),
    ("produkt", "Produktmarketing", "marketing"),
    ("dach", "Vertrieb DACH", "vertrieb"),
    ("key_account", "Key Account", "vertrieb"),
    ("technik", "Technischer Service", "service"),
    ("teile", "Ersatzteile", "service"),
)


@dataclass(frozen=True)
class Person:
    """One demo person: the login, the role and where they work."""

    key: str
    name: str
    email: str
    role: str
    job: str
    leads: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    language: str = ""


PEOPLE = (
    Person(
        "katrin",
        "Katrin Berger",
        "katrin.berger",
        Role.ADMIN,
        "Geschäftsführerin",
        leads=(ROOT, "gf"),
    ),
    Person(
        "thomas",
        "Thomas Weber",
        "thomas.weber",
        Role.MEMBER,
        "Leiter Vertrieb",
        leads=("vertrieb",),
    ),
    Person(
        "sabine",
        "Sabine Hoffmann",
        "sabine.hoffmann",
        Role.MEMBER,
        "Leiterin Marketing",
        leads=("marketing",),
    ),
    Person(
        "michael",
        "Michael Schulz",
        "michael.schulz",
        Role.MEMBER,
        "Leiter Service",
        leads=("service",),
    ),
    Person(
        "julia",
        "Julia Wagner",
        "julia.wagner",
        Role.MEMBER,
        "Teamleiterin Content & Kampagnen",
        leads=("content",),
    ),
    Person(
        "daniel", "Daniel Koch", "daniel.koch", Role.MEMBER, "Produktmarketing", leads=("produkt",)
    ),
    Person(
        "stefan",
        "Stefan Becker",
        "stefan.becker",
        Role.MEMBER,
        "Teamleiter Vertrieb DACH",
        leads=("dach",),
    ),
    Person(
        "anna",
        "Anna Schmidt",
        "anna.schmidt",
        Role.MEMBER,
        "Key Account Managerin",
        leads=("key_account",),
    ),
    Person(
        "markus",
        "Markus Richter",
        "markus.richter",
        Role.MEMBER,
        "Teamleiter Technischer Service",
        leads=("technik",),
    ),
    Person(
        "petra",
        "Petra Neumann",
        "petra.neumann",
        Role.MEMBER,
        "Teamleiterin Ersatzteile",
        leads=("teile",),
    ),
    Person(
        "lukas",
        "Lukas Meyer",
        "lukas.meyer",
        Role.MEMBER,
        "Vertrieb DACH",
        member_of=("dach",),
        language="en",
    ),
    Person(
        "sarah",
        "Sarah Krüger",
        "sarah.krueger",
        Role.MEMBER,
        "Content-Marketing",
        member_of=("content",),
    ),
    Person(
        "elif", "Elif Yılmaz", "elif.yilmaz", Role.MEMBER, "Key Account", member_of=("key_account",)
    ),
    Person(
        "jan",
        "Jan Hartmann",
        "jan.hartmann",
        Role.MEMBER,
        "Servicetechniker",
        member_of=("technik",),
    ),
    Person(
        "tobias",
        "Tobias Wolf",
        "tobias.wolf",
        Role.MEMBER,
        "Lager und Versand",
        member_of=("teile",),
    ),
    Person("frank", "Frank Lehmann", "frank.lehmann", Role.VIEWER, "Beirat (liest nur mit)"),
)

ADMIN = "katrin"
LEADS = {unit: person.key for person in PEOPLE for unit in person.leads}


# Goals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KR:
    """A key result and its check-ins: `values[i]` in week i (None: no check-in)."""

    key: str
    title: str
    owner: str
    metric: str = Metric.INCREASE
    start: float | None = None
    target: float | None = None
    range: tuple[float, float] | None = None
    unit_label: str = ""
    values: tuple[float | None, ...] = ()
    confidence: tuple[int, ...] = ()
    comments: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """An initiative; `due` counts days from the cycle start."""

    title: str
    owner: str
    due: int
    done: bool = False


@dataclass(frozen=True)
class Goal:
    """An objective of a unit; `parents` name objectives ("o", key) or key results ("k", key)."""

    key: str
    unit: str
    owner: str
    title: str
    key_results: tuple[KR, ...]
    kind: str = ObjectiveKind.ASPIRATIONAL
    origin: str = Origin.BOTTOM_UP
    description: str = ""
    parents: tuple[tuple[str, str], ...] = ()
    actions: tuple[Action, ...] = ()


# The previous quarter: check-ins every other week, then closed with final grades.
PREVIOUS_GOALS = (
    Goal(
        "p_company",
        ROOT,
        "katrin",
        "Profitabel wachsen und im Mittelstand die erste Wahl werden",
        kind=ObjectiveKind.ASPIRATIONAL,
        origin=Origin.TOP_DOWN,
        description="Aus der Strategie 2027: Wachstum im Mittelstand statt Preiskampf "
        "um Konzernaufträge.",
        key_results=(
            KR(
                "p_auftrag",
                "Auftragseingang (rollierend 12 Monate) von 68 auf 72 Mio. € steigern",
                "thomas",
                start=68,
                target=72,
                unit_label="Mio. €",
                values=(68.4, 69.0, 69.6, 70.1, 70.6, 71.0),
                confidence=(6, 6, 7, 7, 7, 7),
            ),
            KR(
                "p_neukunden",
                "Neukunden im Mittelstand von 8 auf 14 steigern",
                "stefan",
                start=8,
                target=14,
                unit_label="Kunden",
                values=(9, 10, 11, 12, 13, 14),
                confidence=(6, 7, 7, 8, 9, 10),
                comments={5: "Ziel erreicht, zwei Abschlüsse kamen in der letzten Woche."},
            ),
            KR(
                "p_anteil",
                "Marktanteil im Maschinenbau-Mittelstand von 11 % auf 12 % steigern",
                "katrin",
                start=11,
                target=12,
                unit_label="%",
                values=(11.1, 11.2, 11.3, 11.4, 11.5, 11.6),
                confidence=(5, 5, 5, 5, 5, 5),
            ),
        ),
    ),
    Goal(
        "p_service",
        "service",
        "michael",
        "Schneller, verlässlicher Service, der Ausfälle verhindert",
        kind=ObjectiveKind.COMMITTED,
        origin=Origin.TOP_DOWN,
        parents=(("o", "p_company"),),
        key_results=(
            KR(
                "p_reaktion",
                "Reaktionszeit bei Störungen von 60 h auf 48 h senken",
                "markus",
                metric=Metric.DECREASE,
                start=60,
                target=48,
                unit_label="h",
                values=(58, 56, 54, 52, 50, 48),
                confidence=(7, 7, 8, 8, 9, 10),
            ),
            KR(
                "p_erstloesung",
                "Erstlösungsquote am Telefon von 50 % auf 55 % steigern",
                "jan",
                start=50,
                target=55,
                unit_label="%",
                values=(50, 51, 51, 52, 53, 53),
                confidence=(6, 6, 5, 5, 5, 4),
                comments={5: "Zwei erfahrene Kollegen waren lange krank; knapp verfehlt."},
            ),
            KR(
                "p_liefertreue",
                "Liefertreue zwischen 95 und 100 % halten",
                "petra",
                metric=Metric.RANGE,
                range=(95, 100),
                unit_label="%",
                values=(96.2, 95.8, 96.5, 97.0, 96.1, 96.4),
                confidence=(8, 8, 8, 8, 9, 9),
            ),
        ),
    ),
    Goal(
        "p_marketing",
        "marketing",
        "sabine",
        "Den Website-Traffic erhöhen",
        origin=Origin.BOTTOM_UP,
        key_results=(
            KR(
                "p_besuche",
                "Besuche pro Monat von 6.000 auf 10.000 steigern",
                "julia",
                start=6000,
                target=10000,
                unit_label="Besuche",
                values=(6300, 6800, 7100, 7500, 7800, 8000),
                confidence=(6, 5, 5, 5, 4, 4),
            ),
            KR(
                "p_organisch",
                "Organische Besuche pro Monat von 2.000 auf 4.000 steigern",
                "sarah",
                start=2000,
                target=4000,
                unit_label="Besuche",
                values=(2050, 2150, 2250, 2400, 2500, 2600),
                confidence=(5, 4, 4, 4, 3, 3),
            ),
            KR(
                "p_inbound",
                "MQL aus Inbound-Marketing von 10 auf 20 pro Monat steigern",
                "sabine",
                start=10,
                target=20,
                unit_label="MQL",
                values=(11, 12, 13, 14, 15, 16),
                confidence=(6, 6, 6, 6, 6, 6),
            ),
        ),
    ),
    Goal(
        "p_technik",
        "technik",
        "markus",
        "Ferndiagnose für unsere Maschinen einführen",
        origin=Origin.BOTTOM_UP,
        parents=(("k", "p_reaktion"),),
        key_results=(
            KR(
                "p_portal",
                "Ferndiagnose-Portal ist in Betrieb",
                "markus",
                metric=Metric.MILESTONE,
                values=(0, 0, 0, 0, 0, 0),
                confidence=(6, 5, 4, 3, 2, 1),
                comments={3: "Der IT-Dienstleister hat den Start auf Q4 verschoben."},
            ),
            KR(
                "p_fernwartung",
                "Maschinen mit Fernwartung von 100 auf 160 steigern",
                "jan",
                start=100,
                target=160,
                unit_label="Maschinen",
                values=(104, 108, 112, 115, 118, 120),
                confidence=(5, 5, 4, 4, 3, 3),
            ),
        ),
    ),
    Goal(
        "p_dach",
        "dach",
        "stefan",
        "Neue Regionen im Süden erschließen",
        origin=Origin.BOTTOM_UP,
        parents=(("k", "p_neukunden"),),
        key_results=(
            KR(
                "p_erstgespraeche",
                "Erstgespräche in Bayern von 0 auf 20 führen",
                "lukas",
                start=0,
                target=20,
                unit_label="Gespräche",
                values=(2, 5, 7, 10, 12, 14),
                confidence=(7, 7, 7, 7, 7, 7),
            ),
            KR(
                "p_angebote",
                "Angebote im Süden von 0 auf 8 abgeben",
                "stefan",
                start=0,
                target=8,
                unit_label="Angebote",
                values=(0, 1, 2, 3, 5, 6),
                confidence=(6, 6, 6, 7, 7, 7),
            ),
        ),
    ),
)

# The current quarter, six weeks in. At the pace line (about 0.5) the objectives come
# out green (C1, GF, Vertrieb, Marketing, Content, Service), yellow (C2, Key Account,
# Ersatzteile), red (C3, Vertrieb DACH, Technischer Service) and not started
# (Produktmarketing); the tests check this mix.
CURRENT_GOALS = (
    Goal(
        "c_wachstum",
        ROOT,
        "katrin",
        "Profitabel wachsen und im Mittelstand die erste Wahl werden",
        kind=ObjectiveKind.ASPIRATIONAL,
        origin=Origin.TOP_DOWN,
        description="Aus der Strategie 2027: Wachstum im Mittelstand statt Preiskampf um "
        "Konzernaufträge. Das Objective bleibt, die Key Results werden jedes Quartal "
        "neu gesetzt.",
        key_results=(
            KR(
                "c_auftrag",
                "Auftragseingang (rollierend 12 Monate) von 72 auf 80 Mio. € steigern",
                "thomas",
                start=72,
                target=80,
                unit_label="Mio. €",
                values=(72.5, 73.4, 74.0, 75.1, 75.8, 76.6),
                confidence=(6, 6, 7, 7, 7, 7),
                comments={
                    3: "Großauftrag Huber Fräsen ist unterschrieben.",
                    5: "Pipeline für November sieht gut aus.",
                },
            ),
            KR(
                "c_anteil",
                "Marktanteil im Maschinenbau-Mittelstand von 12 % auf 15 % steigern",
                "katrin",
                start=12,
                target=15,
                unit_label="%",
                values=(12.2, 12.5, 12.9, 13.2, 13.5, 13.6),
                confidence=(6, 6, 6, 7, 7, 7),
                comments={5: "Schätzung nach VDMA-Zahlen, nächste Erhebung im Folgemonat."},
            ),
            KR(
                "c_marge",
                "Bruttomarge von 31 % auf 34 % steigern",
                "katrin",
                start=31,
                target=34,
                unit_label="%",
                values=(31.2, 31.6, 32.0, 32.3, 32.6, 32.9),
                confidence=(7, 7, 7, 7, 8, 8),
            ),
        ),
    ),
    Goal(
        "c_partner",
        ROOT,
        "katrin",
        "Unsere Kunden erleben uns als verlässlichsten Partner der Branche",
        kind=ObjectiveKind.COMMITTED,
        origin=Origin.TOP_DOWN,
        key_results=(
            KR(
                "c_liefertreue",
                "Liefertreue zwischen 95 und 100 % halten",
                "petra",
                metric=Metric.RANGE,
                range=(95, 100),
                unit_label="%",
                values=(96.1, 95.4, 94.2, 93.8, 94.9, 94.5),
                confidence=(8, 7, 5, 4, 5, 5),
                comments={
                    2: "Lieferengpass bei Spindelmotoren, zwei Aufträge verschoben.",
                    3: "Engpass hält an, Zweitlieferant wird qualifiziert.",
                    5: "Zweitlieferant liefert ab nächster Woche.",
                },
            ),
            KR(
                "c_reklamation",
                "Reklamationsquote von 2,8 % auf 1,5 % senken",
                "michael",
                metric=Metric.DECREASE,
                start=2.8,
                target=1.5,
                unit_label="%",
                values=(2.8, 2.7, 2.7, 2.6, 2.5, 2.4),
                confidence=(5, 5, 5, 5, 5, 5),
            ),
            KR(
                "c_nps",
                "Weiterempfehlungsbereitschaft (NPS) von 31 auf 45 steigern",
                "michael",
                start=31,
                target=45,
                unit_label="Punkte",
                values=(31, 33, 34, 36, 38, 40),
                confidence=(6, 6, 6, 7, 7, 7),
            ),
        ),
    ),
    Goal(
        "c_arbeitgeber",
        ROOT,
        "katrin",
        "Ein Arbeitgeber sein, bei dem Fachkräfte bleiben wollen",
        kind=ObjectiveKind.ASPIRATIONAL,
        origin=Origin.TOP_DOWN,
        key_results=(
            KR(
                "c_stellen",
                "Offene Stellen für Servicetechniker von 9 auf 3 reduzieren",
                "michael",
                metric=Metric.DECREASE,
                start=9,
                target=3,
                unit_label="Stellen",
                values=(9, 9, 8, 8, 8, 8),
                confidence=(5, 4, 4, 3, 3, 3),
                comments={
                    1: "Kaum Bewerbungen auf die Anzeigen.",
                    4: "Wir brauchen einen anderen Weg: Kooperation mit der Berufsschule?",
                },
            ),
            KR(
                "c_fluktuation",
                "Fluktuation (rollierend 12 Monate) von 11 % auf 7 % senken",
                "katrin",
                metric=Metric.DECREASE,
                start=11,
                target=7,
                unit_label="%",
                values=(11, 10.8, 10.9, 10.6, 10.5, 10.4),
                confidence=(4, 4, 4, 4, 4, 4),
            ),
            KR(
                "c_zufriedenheit",
                "Mitarbeiterzufriedenheit von 3,4 auf 4,0 (von 5) steigern",
                "katrin",
                start=3.4,
                target=4.0,
                unit_label="von 5",
            ),
        ),
    ),
    Goal(
        "c_okr",
        "gf",
        "katrin",
        "OKR im ganzen Unternehmen verankern",
        origin=Origin.BOTTOM_UP,
        description="Transparenz statt Peitsche: Jedes Team sieht, woran die anderen arbeiten.",
        key_results=(
            KR(
                "c_checkins",
                "Anteil der Key Results mit wöchentlichem Check-in von 40 % auf 90 % erhöhen",
                "katrin",
                start=40,
                target=90,
                unit_label="%",
                values=(55, 62, 70, 74, 78, 81),
                confidence=(7, 8, 8, 8, 8, 9),
            ),
            KR(
                "c_vorstellen",
                "Teams, die ihre OKR im Monatsmeeting vorstellen, von 0 auf 9 steigern",
                "katrin",
                start=0,
                target=9,
                unit_label="Teams",
                values=(2, 4, 5, 6, 7, 7),
                confidence=(8, 8, 8, 8, 8, 8),
            ),
            KR(
                "c_leitfaden",
                "OKR-Leitfaden ist im Intranet veröffentlicht",
                "katrin",
                metric=Metric.MILESTONE,
                values=(0, 0, 1, None, None, None),
                confidence=(8, 9, 10),
                comments={2: "Veröffentlicht, Feedback bitte an die Geschäftsführung."},
            ),
        ),
        actions=(Action("OKR-Entwurf der Geschäftsführung vorstellen", "katrin", 5, done=True),),
    ),
    Goal(
        "c_vertrieb",
        "vertrieb",
        "thomas",
        "Marktführerschaft im Mittelstand ausbauen",
        origin=Origin.TOP_DOWN,
        parents=(("k", "c_anteil"),),
        key_results=(
            KR(
                "c_neukunden",
                "Neukunden im Mittelstand von 14 auf 25 steigern",
                "stefan",
                start=14,
                target=25,
                unit_label="Kunden",
                values=(15, 16, 17, 18, 19, 20),
                confidence=(7, 7, 7, 7, 8, 8),
                comments={
                    0: "Erster Abschluss: Lohnfertigung Schäfer.",
                    5: "Zwei weitere Abschlüsse, beide über Empfehlungen.",
                },
            ),
            KR(
                "c_leads",
                "Qualifizierte Leads pro Monat von 40 auf 60 steigern",
                "thomas",
                start=40,
                target=60,
                unit_label="Leads",
                values=(42, 45, 47, 50, 51, 52),
                confidence=(7, 7, 7, 7, 7, 7),
            ),
            KR(
                "c_angebotsquote",
                "Angebotserfolgsquote von 22 % auf 30 % steigern",
                "anna",
                start=22,
                target=30,
                unit_label="%",
                values=(22, 23, 23, 24, 25, 26),
                confidence=(6, 6, 6, 6, 7, 7),
            ),
        ),
        actions=(
            Action("Zielkundenliste Mittelstand mit Marketing abstimmen", "thomas", 14, done=True),
        ),
    ),
    Goal(
        "c_dach",
        "dach",
        "stefan",
        "In Süddeutschland als Partner des Mittelstands wahrgenommen werden",
        origin=Origin.TOP_DOWN,
        parents=(("o", "c_vertrieb"),),
        key_results=(
            KR(
                "c_erstgespraeche",
                "Erstgespräche mit Mittelständlern in Bayern und "
                "Baden-Württemberg von 10 auf 40 steigern",
                "lukas",
                start=10,
                target=40,
                unit_label="Gespräche",
                values=(11, 12, 13, 14, 15, 16),
                confidence=(6, 5, 4, 4, 3, 3),
                comments={
                    2: "Terminvereinbarung dauert länger als gedacht.",
                    5: "Wir brauchen Unterstützung vom Innendienst bei der Terminierung.",
                },
            ),
            KR(
                "c_messe",
                "Angebote aus Messekontakten der AMB von 0 auf 12 steigern",
                "stefan",
                start=0,
                target=12,
                unit_label="Angebote",
                values=(0, 0, 1, 1, 2, 2),
                confidence=(5, 4, 4, 3, 3, 3),
                comments={1: "Messekontakte sind noch nicht nachtelefoniert."},
            ),
            KR(
                "c_haendler",
                "Partnerschaften mit regionalen Händlern von 0 auf 2 steigern",
                "lukas",
                start=0,
                target=2,
                unit_label="Partner",
                values=(0, 0, 0, 0, 0, 0),
                confidence=(5, 5, 4, 4, 3, 3),
                comments={3: "Gespräche mit zwei Händlern laufen, noch keine Unterschrift."},
            ),
        ),
        actions=(
            Action("Messenachbereitung AMB: alle Kontakte anrufen", "lukas", 21),
            Action("Innendienst für Terminvereinbarung einbinden", "stefan", 49),
        ),
    ),
    Goal(
        "c_key_account",
        "key_account",
        "anna",
        "Wir verstehen unsere Bestandskunden genau",
        origin=Origin.BOTTOM_UP,
        parents=(("o", "c_partner"),),
        key_results=(
            KR(
                "c_interviews",
                "Interviews mit Key Accounts von 0 auf 10 führen",
                "anna",
                start=0,
                target=10,
                unit_label="Interviews",
                values=(1, 2, 3, 4, 5, 6),
                confidence=(7, 7, 7, 7, 7, 7),
            ),
            KR(
                "c_umfrage",
                "Teilnehmende an der Kundenumfrage von 0 auf 100 steigern",
                "elif",
                start=0,
                target=100,
                unit_label="Teilnehmende",
                values=(0, 0, 12, 20, 25, 31),
                confidence=(6, 6, 5, 5, 4, 4),
                comments={2: "Umfrage ist verschickt.", 5: "Erinnerung geht nächste Woche raus."},
            ),
            KR(
                "c_crm",
                "Alle Kundeninformationen sind im CRM für alle zugänglich",
                "anna",
                metric=Metric.MILESTONE,
                values=(0, None, None, 0, None, 0),
                confidence=(6, 5, 5),
                comments={5: "Datenmigration aus den Excel-Listen zu 60 % fertig."},
            ),
        ),
        actions=(
            Action("Interviewleitfaden für Key-Account-Gespräche erstellen", "anna", 10, done=True),
            Action("Kundenumfrage gemeinsam mit Marketing versenden", "elif", 17, done=True),
        ),
    ),
    Goal(
        "c_marketing",
        "marketing",
        "sabine",
        "Die Vertriebspipeline mit besseren Leads füllen",
        kind=ObjectiveKind.COMMITTED,
        origin=Origin.TOP_DOWN,
        parents=(("k", "c_leads"),),
        description="Was ein MQL ist, haben Marketing und Vertrieb gemeinsam festgelegt: "
        "Unternehmen mit 50 bis 500 Beschäftigten und konkretem Bedarf in den nächsten "
        "zwölf Monaten.",
        key_results=(
            KR(
                "c_mql",
                "Marketing-qualifizierte Leads (MQL) pro Monat von 20 auf 30 steigern",
                "sabine",
                start=20,
                target=30,
                unit_label="MQL",
                values=(21, 22, 24, 25, 26, 27),
                confidence=(7, 7, 8, 8, 8, 8),
            ),
            KR(
                "c_annahme",
                "Anteil der MQL, die der Vertrieb annimmt, von 35 % auf 50 % steigern",
                "daniel",
                start=35,
                target=50,
                unit_label="%",
                values=(36, 38, 40, 41, 43, 44),
                confidence=(6, 6, 7, 7, 7, 7),
            ),
            KR(
                "c_kosten",
                "Kosten pro MQL von 180 € auf 140 € senken",
                "julia",
                metric=Metric.DECREASE,
                start=180,
                target=140,
                unit_label="€",
                values=(178, 175, 170, 166, 163, 160),
                confidence=(7, 7, 7, 7, 7, 7),
            ),
        ),
    ),
    Goal(
        "c_content",
        "content",
        "julia",
        "Einen neuen Nachfragekanal über Fachinhalte aufbauen",
        origin=Origin.BOTTOM_UP,
        parents=(("o", "c_marketing"),),
        key_results=(
            KR(
                "c_newsletter",
                "E-Mail-Newsletter von 0 auf 3 versenden",
                "sarah",
                start=0,
                target=3,
                unit_label="Newsletter",
                values=(0, 1, 1, 1, 2, 2),
                confidence=(8, 8, 8, 8, 9, 9),
            ),
            KR(
                "c_abonnenten",
                "Newsletter-Abonnenten von 800 auf 1.500 steigern",
                "sarah",
                start=800,
                target=1500,
                unit_label="Abonnenten",
                values=(850, 920, 990, 1060, 1110, 1180),
                confidence=(7, 7, 7, 7, 7, 7),
                comments={3: "Das Webinar hat 70 neue Abonnenten gebracht."},
            ),
            KR(
                "c_webinar",
                "Teilnehmende an Fachwebinaren von 0 auf 120 steigern",
                "julia",
                start=0,
                target=120,
                unit_label="Teilnehmende",
                values=(0, 0, 35, 35, 70, 70),
                confidence=(7, 7, 8, 8, 8, 8),
            ),
        ),
        actions=(
            Action("Redaktionsplan für die Newsletter freigeben lassen", "julia", 7, done=True),
            Action("Webinar „Fräsen im Mittelstand“ mit Produktmarketing planen", "sarah", 56),
        ),
    ),
    Goal(
        "c_website",
        "content",
        "julia",
        "Relaunch der Website vor der Messe",
        kind=ObjectiveKind.COMMITTED,
        origin=Origin.BOTTOM_UP,
        key_results=(
            KR(
                "c_website_live",
                "Neue Website ist live",
                "julia",
                metric=Metric.MILESTONE,
                values=(0,),
                confidence=(4,),
                comments={0: "Agentur hat erst im nächsten Jahr Kapazität."},
            ),
        ),
    ),
    Goal(
        "c_produkt",
        "produkt",
        "daniel",
        "Den Nutzen unserer Fräszentren in Euro greifbar machen",
        origin=Origin.BOTTOM_UP,
        parents=(("k", "c_angebotsquote"),),
        key_results=(
            KR(
                "c_unterlagen",
                "Vertriebsunterlagen mit Nutzenrechnung für 4 Produktlinien überarbeiten",
                "daniel",
                start=0,
                target=4,
                unit_label="Produktlinien",
            ),
            KR(
                "c_schulung",
                "Vertriebsmitarbeitende im Argumentationsleitfaden schulen: von 0 auf 5",
                "daniel",
                start=0,
                target=5,
                unit_label="Personen",
            ),
            KR(
                "c_winrate",
                "Win-Rate in Wettbewerbssituationen von 25 % auf 32 % steigern",
                "daniel",
                start=25,
                target=32,
                unit_label="%",
            ),
        ),
        actions=(Action("Interviews mit fünf Vertriebsmitarbeitenden führen", "daniel", 49),),
    ),
    Goal(
        "c_service",
        "service",
        "michael",
        "Schneller, verlässlicher Service, der Ausfälle verhindert",
        kind=ObjectiveKind.COMMITTED,
        origin=Origin.TOP_DOWN,
        parents=(("o", "c_partner"),),
        key_results=(
            KR(
                "c_reaktion",
                "Reaktionszeit bei Störungen von 48 h auf 24 h senken",
                "markus",
                metric=Metric.DECREASE,
                start=48,
                target=24,
                unit_label="h",
                values=(47, 45, 42, 38, 36, 34),
                confidence=(7, 7, 7, 8, 8, 8),
                comments={3: "Bereitschaftsplan für das Wochenende wirkt."},
            ),
            KR(
                "c_erstloesung",
                "Erstlösungsquote am Telefon von 55 % auf 70 % steigern",
                "jan",
                start=55,
                target=70,
                unit_label="%",
                values=(56, 58, 60, 61, 62, 63),
                confidence=(6, 6, 7, 7, 7, 7),
            ),
            KR(
                "c_wartung",
                "Wartungsverträge von 140 auf 180 steigern",
                "michael",
                start=140,
                target=180,
                unit_label="Verträge",
                values=(142, 146, 150, 152, 155, 158),
                confidence=(7, 7, 7, 7, 7, 7),
            ),
        ),
    ),
    Goal(
        "c_technik",
        "technik",
        "markus",
        "Störungen beheben, bevor der Kunde sie bemerkt",
        origin=Origin.BOTTOM_UP,
        parents=(("k", "c_reaktion"),),
        description="Fortsetzung aus dem letzten Quartal: Ohne Ferndiagnose bleibt jede "
        "Störung eine Anfahrt.",
        key_results=(
            KR(
                "c_fernwartung",
                "Maschinen mit Fernwartung von 120 auf 200 steigern",
                "jan",
                start=120,
                target=200,
                unit_label="Maschinen",
                values=(121, 122, 124, 125, 127, 128),
                confidence=(4, 4, 3, 3, 3, 2),
                comments={
                    1: "Lieferverzug bei den IoT-Modulen.",
                    4: "Module frühestens in drei Wochen lieferbar.",
                },
            ),
            KR(
                "c_techniker",
                "Servicetechniker im Ferndiagnose-Tool schulen: von 4 auf 12",
                "markus",
                start=4,
                target=12,
                unit_label="Personen",
                values=(4, 4, 4, 5, 5, 5),
                confidence=(5, 5, 4, 4, 4, 4),
            ),
            KR(
                "c_pilot",
                "Ferndiagnose-Portal ist bei 3 Pilotkunden live",
                "markus",
                metric=Metric.MILESTONE,
                values=(0, None, 0, None, 0, None),
                confidence=(5, 3, 2),
                comments={4: "Ohne IoT-Module kein Pilot; Eskalation beim Lieferanten."},
            ),
        ),
        actions=(Action("Lieferanten der IoT-Module eskalieren", "markus", 49),),
    ),
    Goal(
        "c_teile",
        "teile",
        "petra",
        "Ersatzteile sind da, wenn sie gebraucht werden",
        kind=ObjectiveKind.COMMITTED,
        origin=Origin.TOP_DOWN,
        parents=(("o", "c_service"),),
        key_results=(
            KR(
                "c_lieferzeit",
                "Lieferzeit für A-Teile von 5 auf 2 Tage senken",
                "tobias",
                metric=Metric.DECREASE,
                start=5,
                target=2,
                unit_label="Tage",
                values=(5, 4.5, 4.5, 4, 4, 4),
                confidence=(6, 6, 5, 5, 5, 5),
            ),
            KR(
                "c_verfuegbarkeit",
                "Lagerverfügbarkeit der Top-200-Teile von 88 % auf 97 % steigern",
                "tobias",
                start=88,
                target=97,
                unit_label="%",
                values=(89, 90, 90, 91, 92, 92),
                confidence=(6, 6, 6, 6, 6, 6),
            ),
            KR(
                "c_fehler",
                "Fehlkommissionierungen von 40 auf 10 pro Monat senken",
                "petra",
                metric=Metric.DECREASE,
                start=40,
                target=10,
                unit_label="pro Monat",
                values=(40, 39, 38, 38, 37, 36),
                confidence=(5, 5, 5, 4, 4, 4),
                comments={4: "Scanner für die Kommissionierung sind bestellt."},
            ),
        ),
        actions=(Action("Sicherheitsbestände für A-Teile neu berechnen", "petra", 28, done=True),),
    ),
)

RETIRED = (
    "c_website",
    "c_content",
    "Die Agentur kann den Relaunch erst im nächsten Jahr umsetzen. Statt auf die neue "
    "Website zu warten, bauen wir einen Kanal über Fachinhalte auf, der schneller Leads "
    "bringt.",
)


# Loading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    """A login to show on the console."""

    email: str
    name: str
    role: str


@dataclass(frozen=True)
class DemoInfo:
    """What `kurs demo` prints: the organization, whether it was just created, the logins."""

    organization: Organization
    created: bool
    password: str
    logins: tuple[DemoLogin, ...]


def demo_logins() -> tuple[DemoLogin, ...]:
    """The demo people with a short description of what each may do."""
    unit_names = {key: name for key, name, _parent in UNITS} | {ROOT: ORGANIZATION_NAME}
    logins = []
    for person in PEOPLE:
        parts = [person.job]
        if person.role == Role.ADMIN:
            parts.append("org admin")
        elif person.role == Role.VIEWER:
            parts.append("viewer, read only")
        if person.leads:
            parts.append("lead of " + ", ".join(unit_names[u] for u in person.leads))
        if person.member_of:
            parts.append("member of " + ", ".join(unit_names[u] for u in person.member_of))
        if person.language:
            parts.append(f"language {person.language}")
        logins.append(DemoLogin(f"{person.email}@{DOMAIN}", person.name, "; ".join(parts)))
    return tuple(logins)


def quarter_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """Start and end of the demo's current quarter: today falls in its seventh week."""
    monday = today - dt.timedelta(days=today.weekday())
    start = monday - dt.timedelta(weeks=WEEKS_ELAPSED)
    return start, start + dt.timedelta(weeks=CYCLE_WEEKS) - dt.timedelta(days=1)


def quarter_name(day: dt.date) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def load_demo(today: dt.date | None = None) -> DemoInfo:
    """Create the demo organization unless it exists; returns it with the logins."""
    existing = Organization.objects.filter(name=ORGANIZATION_NAME).first()
    if existing is not None:
        return DemoInfo(existing, False, DEMO_PASSWORD, demo_logins())
    today = today or timezone.localdate()
    with transaction.atomic():
        organization = orgs.do_create_organization(ORGANIZATION_NAME)
        people = _create_people(organization)
        admin = people[ADMIN]
        units = _create_units(organization, admin)
        _create_memberships(admin, units, people)

        start, end = quarter_dates(today)
        previous_start = start - dt.timedelta(weeks=CYCLE_WEEKS)
        previous = goals.do_create_cycle(
            admin,
            name=quarter_name(previous_start + dt.timedelta(weeks=6)),
            start=previous_start,
            end=start - dt.timedelta(days=1),
            kind=CycleKind.QUARTER,
            state=CycleState.ACTIVE,
        )
        # Every other Friday of the previous quarter.
        previous_days = [previous_start + dt.timedelta(days=11 + 14 * i) for i in range(6)]
        _create_goals(previous, PREVIOUS_GOALS, units, people, previous_days)
        goals.do_close_cycle(admin, previous)

        current = goals.do_create_cycle(
            admin,
            name=quarter_name(today),
            start=start,
            end=end,
            kind=CycleKind.QUARTER,
            state=CycleState.ACTIVE,
        )
        # The Fridays of the weeks gone by.
        days = [start + dt.timedelta(days=4 + 7 * i) for i in range(WEEKS_ELAPSED)]
        objectives = _create_goals(current, CURRENT_GOALS, units, people, days)

        retired, replacement, reason = RETIRED
        goals.do_retire_objective(
            people[_goal(retired).owner],
            objectives[retired],
            reason=reason,
            replacement=objectives[replacement],
        )
    return DemoInfo(organization, True, DEMO_PASSWORD, demo_logins())


def _goal(key: str) -> Goal:
    return next(g for g in (*PREVIOUS_GOALS, *CURRENT_GOALS) if g.key == key)


def _create_people(organization: Organization) -> dict[str, User]:
    people: dict[str, User] = {}
    for person in PEOPLE:
        people[person.key] = orgs.do_create_person(
            None,
            organization=organization,
            email=f"{person.email}@{DOMAIN}",
            name=person.name,
            role=person.role,
            password=DEMO_PASSWORD,
            language=person.language,
        )
    return people


def _create_units(organization: Organization, admin: User) -> dict[str, Unit]:
    units = {ROOT: Unit.objects.get(organization=organization, parent=None)}
    for key, name, parent in UNITS:
        units[key] = orgs.do_create_unit(admin, name=name, parent=units[parent])
    return units


def _create_memberships(admin: User, units: dict[str, Unit], people: dict[str, User]) -> None:
    for person in PEOPLE:
        for unit in person.leads:
            orgs.do_set_membership(
                admin, unit=units[unit], person=people[person.key], role=MembershipRole.LEAD
            )
        for unit in person.member_of:
            orgs.do_set_membership(
                admin, unit=units[unit], person=people[person.key], role=MembershipRole.MEMBER
            )


def _at(day: dt.date, offset: int) -> dt.datetime:
    # Check-ins land on Friday mornings, a few minutes apart, in a fixed order.
    start = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=7 * offset)
    return timezone.make_aware(start)


def _create_goals(
    cycle: Cycle,
    specs: tuple[Goal, ...],
    units: dict[str, Unit],
    people: dict[str, User],
    days: list[dt.date],
) -> dict[str, Objective]:
    """Objectives, key results and actions, then the check-ins week by week."""
    objectives: dict[str, Objective] = {}
    key_results: dict[str, KeyResult] = {}
    for spec in specs:
        unit = units[spec.unit]
        # Each unit's lead writes its OKRs (the owner may be someone else).
        author = people[LEADS[spec.unit]]
        parents = [
            ("objective", objectives[ref].pk)
            if kind == "o"
            else ("key_result", key_results[ref].pk)
            for kind, ref in spec.parents
        ]
        objective = goals.do_create_objective(
            author,
            cycle=cycle,
            unit=unit,
            owner=people[spec.owner],
            title=spec.title,
            description=spec.description,
            kind=spec.kind,
            origin=spec.origin,
            parents=parents,
        )
        objectives[spec.key] = objective
        for kr in spec.key_results:
            key_results[kr.key] = goals.do_create_key_result(
                author,
                objective,
                title=kr.title,
                owner=people[kr.owner],
                metric=kr.metric,
                start=kr.start,
                target=kr.target,
                range_min=kr.range[0] if kr.range else None,
                range_max=kr.range[1] if kr.range else None,
                unit_label=kr.unit_label,
            )
        for action in spec.actions:
            initiative = goals.do_create_initiative(
                author,
                objective,
                title=action.title,
                owner=people[action.owner],
                due=cycle.start + dt.timedelta(days=action.due),
            )
            if action.done:
                goals.do_set_initiative_done(people[action.owner], initiative, done=True)

    for week, day in enumerate(days):
        offset = 0
        for spec in specs:
            for kr in spec.key_results:
                value = kr.values[week] if week < len(kr.values) else None
                if value is None:
                    continue
                # Confidences are listed for the check-ins that happen, in order.
                done = sum(1 for v in kr.values[:week] if v is not None)
                offset += 1
                goals.do_check_in(
                    people[kr.owner],
                    key_results[kr.key],
                    value=float(value),
                    confidence=kr.confidence[done] if done < len(kr.confidence) else None,
                    comment=kr.comments.get(week, ""),
                    at=_at(day, offset),
                )
    return objectives
