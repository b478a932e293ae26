"""Word lists and patterns for the coach's language checks (kurs.coach.text), German and English.

Everything is lowercase. German compounds are matched by their last part (a suffix:
"kundenworkshops" ends with "workshops"), so the lists hold the heads, not every compound.
The lists are written by hand from the seeds (001-003) and what an OKR coach says; they
are meant to be read and extended, not learned.
"""

from __future__ import annotations

import re


def _forms(*chunks: str) -> frozenset[str]:
    """A word set from whitespace-separated words (one string is easier to read and extend)."""
    return frozenset(word for chunk in chunks for word in chunk.split())


def words(text: str) -> frozenset[str]:
    """A word set from one whitespace-separated string (for the lists in text.py)."""
    return frozenset(text.split())


def _heads(words: str) -> tuple[str, ...]:
    """Compound heads, matched as suffixes of a word ("kundenworkshops" → "workshops")."""
    return tuple(words.split())


# ------------------------------------------------------------------ numbers

# Numbers written as words that count something ("zwei Tage", "ten customers").
# "ein/eine/one" are left out: they are mostly articles or figures of speech ("day one").
NUMBER_WORDS = {
    "de": _forms(
        "null zwei drei vier fünf sechs sieben acht neun zehn elf zwölf fünfzehn zwanzig dreißig "
        "vierzig fünfzig hundert tausend dutzend doppelt doppelte doppelten dreifach halb hälfte "
        "drittel viertel"
    ),
    "en": _forms(
        "zero two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
        "forty fifty hundred thousand dozen twice thrice half"
    ),
}

# Verbs that multiply a quantity: "Double web traffic" is a quantified target. Their
# nominalisations and participles too ("Verdopplung der Anmeldungen", "Halving churn").
MULTIPLY_VERBS = {
    "de": _forms(
        "verdoppeln verdreifachen vervierfachen halbieren verzehnfachen dritteln",
        "verdoppelt verdreifacht vervierfacht halbiert verzehnfacht gedrittelt",
        "zweifach dreifach vierfach fünffach zehnfach zweifache dreifache vierfache zehnfache",
    ),
    "en": _forms(
        "double triple quadruple halve doubling tripling quadrupling halving doubled tripled",
        "quadrupled halved doubles triples halves twofold threefold fourfold fivefold tenfold",
    ),
}
# German compound heads of the same nominalisations: "Umsatzverdopplung", "Fehlerhalbierung".
MULTIPLY_NOUN_HEADS = _heads(
    "verdopplung verdoppelung verdreifachung vervierfachung verfünffachung verzehnfachung "
    "halbierung drittelung"
)

# A number after one of these is a name, a rank or a place, not a quantity:
# "Industrie 4.0", "ISO 27001", "Die Nr. 1", "top 3 supplier", "line 3".
NAME_BEFORE_NUMBER = _forms(
    "industrie industry web version v release iso din iec en windows office sap s linie line "
    "halle hall werk plant gate phase stufe level tier nr nr. no no. nummer number # top kw cw "
    "kalenderwoche platz rang rank p gen generation covid bau gebäude building sprint modul "
    "module"
)
RANK_WORDS = _forms("nr nr. no no. nummer number # top platz rang rank")
# After a number these select, they set no target: "unsere 3 wichtigsten Kunden", "our three
# biggest customers", "die 5 Top-Lieferanten". German and English superlatives are matched by
# their ending in text.py; these look like one but are not.
NOT_SUPERLATIVES = _forms(
    "feste festen fester festes festem erste kosten listen kisten gäste gästen osten westen "
    "test tests interest interests request requests guest guests west contest contests forest "
    "harvest invest suggest manifest honest modest rest protest protests digest quest chest nest"
)
SELECTION_WORDS = _forms(
    "top most least best biggest largest wichtigsten größten besten stärksten umsatzstärksten "
    "treuesten ältesten"
)
# Before the number, these make a superlative after it a selection ("unsere 3 ...").
SELECTION_DETERMINERS = _forms(
    "die den der unsere unseren unserer ihre seine diese the our your their these those my"
)

# After a four-digit number, these make it a year ("Make 2027 our best year", "Bonusziele
# 2027 erreichen"): an article, a pronoun, a preposition or an auxiliary, not what is counted.
YEAR_FOLLOWERS = _forms(
    "our the a an is will was be to into for as in at on and or with we my your their its this",
    "der die das den dem des ein eine unser unsere unseren wird wir ist soll und mit",
)
# Before a number these make it a value, not a year ("auf 2030 erhöhen", "to 2050").
VALUE_BEFORE = _forms(
    "auf um to at von from mindestens über unter than als least max maximal höchstens rund ca "
    "ca. etwa around about"
)

# Words before a four-digit number that make it a year ("für 2027", "by 2026").
YEAR_CONTEXT = _forms(
    "in im bis by for für of ab seit since until till ende end jahr year fy gj geschäftsjahr "
    "anfang start mitte jahres vor before after nach from von zum q1 q2 q3 q4 h1 h2 jan feb march "
    "april may june july sept oct nov dec – - the die der das den our unsere unser unseren this "
    "next diese dieses"
)

MONTHS = (
    "januar|jänner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|"
    "dezember|january|february|march|may|june|july|october|december|jan|feb|mär|mar|apr|jun|"
    "jul|aug|sep|sept|okt|oct|nov|dez|dec"
)

# Words after a number that make it a measure (money, amounts, shares).
UNIT_WORDS = _forms(
    "% prozent percent pct € eur euro usd $ chf k m mio mio. mrd mrd. tsd tsd. million millionen "
    "billion bn mn prozentpunkte pp punkte points"
)

PERCENT_RE = (
    r"(?:%|prozent\b|percent\b|per\s+cent\b|pct\b|prozentpunkte?\b|%-punkte?\b"
    r"|percentage\s+points?\b|pp\b)"
)

# ------------------------------------------------------------------ percentages

# A relative change: "um 10 %", "by 20 %", "+8 %", "10 % mehr", "20 % YoY".
RELATIVE_BEFORE = _forms("um by weitere another additional zusätzlich")
RELATIVE_FILLERS = _forms(
    "mindestens rund ca ca. etwa circa ungefähr über mehr als at least about around roughly "
    "approximately over more than weitere another a full gut knapp fast almost nearly"
)
RELATIVE_AFTER = _forms(
    "mehr weniger höher niedriger schneller langsamer more less fewer higher lower faster "
    "increase decrease growth uplift improvement reduction rise drop wachstum steigerung zuwachs "
    "plus minus rückgang senkung yoy y/y qoq mom gegenüber vs vs. im compared over year-over-year "
    "year-on-year gegenüber verbesserung reduktion reduzierung anstieg"
)
# "10 % im Vergleich zum Vorjahr" needs "im" followed by "vergleich"/"vorjahr"; see text.py.
RELATIVE_AFTER_COMPOUND = _heads("wachstum steigerung zuwachs plus anstieg rückgang")

# A from-value: "von 12 % auf 20 %", "from 40 to 55", "up from 22", "5 statt 9".
BASELINE_RE = re.compile(
    r"\b(?:von|from|ab)\s+(?:\S+\s+){0,3}?[+-]?\d[\d.,]*[^\n]*?\b(?:auf|to|bis|zu)\s+(?:\S+\s+){0,3}?[+-]?\d"
    r"|\b(?:up|down)\s+from\s+\S*\d"
    # "5 statt 9", "5 working days instead of 9": up to two words between number and "statt"
    r"|\d(?:\s*[^\s\d]\S{0,19}){0,2}\s+(?:statt|instead\s+of|anstatt|anstelle\s+von|vs\.?|versus|"
    r"gegenüber|rather\s+than)\s+\S*\d"
    r"|\d\s*%?\s*(?:->|→|=>|–>)\s*\d"
    r"|\b(?:ausgangswert|baseline|basis|basiswert|startwert|ausgehend\s+von|currently|derzeit|aktuell|heute|today|bisher|bislang|vorher|zuvor|previously)\b\s*\S*\s*\S*\d",
    re.IGNORECASE,
)

# ------------------------------------------------------------------ pay and bonus

# Matched anywhere in the lowercased text (compounds: "Jahresbonus", "bonusrelevant").
BONUS_RE = re.compile(
    r"bonus|\bboni\b|prämie|tantieme|vergütung|gehaltserhöhung|\bgehalt(?:s\w*|es)?\b|\bgehälter|"
    r"(?:jahres|fest|grund|ziel|brutto|netto|monats)gehalt|lohnerhöhung|leistungslohn|"
    r"sonderzahlung|gratifikation|erfolgsbeteiligung|gewinnbeteiligung|zielvereinbarungsgespräch|"
    r"\bsalar(?:y|ies)\b|\bcompensation\b|\bincentive\s+(?:pay|plan|scheme|payment)s?|variable\s+pay|"
    r"\bpayouts?\b|\bpay\s*(?:rise|raise|increase|grade|band|check)s?\b|paycheck|"
    r"pay[- ]for[- ]performance|performance[- ]pay|\bcommissions?\b|on-target\s+earnings|"
    r"\bote\b|\bmerit\s+(?:increase|raise)|remuneration|\bwages?\b|(?:tied|linked)\s+to\s+pay",
)
# "Provision" is German for a sales commission but English for supplying something.
BONUS_RE_DE = re.compile(r"provision(?!ier)")

# ------------------------------------------------------------------ activities (key results)

# German infinitives of activity verbs (what you do, not what changes). Verb-final phrases
# ("Kundenportal freischalten") end with one of these.
DE_ACTIVITY_INFINITIVES = _forms(
    "automatisieren einführen durchführen aufsetzen umsetzen abschließen freischalten schalten "
    "erstellen entwickeln launchen relaunchen implementieren organisieren veranstalten "
    "dokumentieren starten bauen aufbauen erarbeiten ausarbeiten konzipieren planen vorbereiten "
    "schreiben verfassen veröffentlichen publizieren abhalten besuchen migrieren installieren "
    "einrichten ausrollen testen überarbeiten definieren festlegen beauftragen ausschreiben "
    "evaluieren analysieren prüfen überprüfen präsentieren schulen anpassen aktualisieren "
    "bereitstellen ausliefern fertigstellen beenden erledigen designen gestalten neugestalten "
    "programmieren integrieren anbinden beschaffen auswählen verschicken versenden senden posten "
    "drucken produzieren drehen moderieren teilnehmen anlegen ersetzen ablösen umstellen eröffnen "
    "einreichen beantragen auditieren bereinigen aufräumen kommunizieren verteilen ausrichten "
    "initiieren anstoßen pilotieren erproben recherchieren interviewen kontaktieren anrufen "
    "übersetzen lokalisieren refactoren upgraden updaten deployen releasen shippen halten "
    "vorstellen aufnehmen konfigurieren zertifizieren finalisieren abstimmen vereinbaren "
    "durchlaufen ausbilden einweisen digitalisieren modernisieren erneuern errichten umziehen "
    "verlagern einkaufen bestellen besetzen ausstatten einbauen umbauen neuaufsetzen realisieren "
    "abwickeln",
    # ending something: switching off, retiring, replacing
    "abschalten ausschalten stilllegen abschaffen abkündigen ausphasen zurückbauen rückbauen "
    "deinstallieren archivieren kündigen ausmustern",
    # people and partners in and out; setting something up for good
    "onboarden offboarden einarbeiten etablieren verankern institutionalisieren "
    "zusammenführen zusammenlegen auslagern outsourcen übergeben übertragen "
    "verabschieden beschließen kickoffen",
)
# Separable verbs split in a main clause: "Wir führen das CRM ein" (particle + verb).
DE_PARTICLES = _forms("ein durch um auf ab frei aus fertig an vor neu")
# "live schalten", "online gehen", "in Betrieb nehmen", "an den Start bringen".
DE_GO_LIVE_RE = re.compile(
    r"\b(?:live|online|produktiv|scharf)\s+(?:schalten|gehen|stellen|nehmen|bringen|setzen)\b"
    r"|\bin\s+betrieb\s+(?:nehmen|gehen|genommen)\b|\ban\s+den\s+start\s+(?:bringen|gehen|gebracht)\b"
    r"|\b(?:ist|sind|geht|gehen|wird|werden)\s+(?:live|online)\b|\bgo[- ]live\b"
)
DE_ACTIVITY_PARTICIPLES = _forms(
    "automatisiert eingeführt durchgeführt aufgesetzt umgesetzt abgeschlossen freigeschaltet "
    "geschaltet erstellt entwickelt gelauncht gelaunched relauncht implementiert organisiert "
    "veranstaltet dokumentiert gestartet gebaut aufgebaut erarbeitet ausgearbeitet konzipiert "
    "geplant vorbereitet geschrieben verfasst veröffentlicht publiziert abgehalten besucht "
    "migriert installiert eingerichtet ausgerollt getestet überarbeitet definiert festgelegt "
    "beauftragt ausgeschrieben evaluiert analysiert geprüft überprüft präsentiert geschult "
    "angepasst aktualisiert bereitgestellt ausgeliefert fertiggestellt beendet erledigt gestaltet "
    "programmiert integriert angebunden beschafft ausgewählt verschickt versendet versandt "
    "gepostet gedruckt produziert gedreht moderiert angelegt ersetzt abgelöst umgestellt eröffnet "
    "eingereicht beantragt auditiert bereinigt kommuniziert verteilt initiiert pilotiert erprobt "
    "übersetzt lokalisiert deployed released vorgestellt konfiguriert zertifiziert finalisiert "
    "abgestimmt digitalisiert modernisiert erneuert errichtet live online fertig realisiert",
    "abgeschaltet ausgeschaltet stillgelegt abgeschafft abgekündigt ausgephast zurückgebaut "
    "rückgebaut deinstalliert archiviert gekündigt ausgemustert onboarded offboarded "
    "eingearbeitet etabliert verankert institutionalisiert zusammengeführt zusammengelegt "
    "ausgelagert outgesourct übergeben übertragen "
    "verabschiedet beschlossen ausgerollt abgewickelt",
)
# Nominalised activities at the start: "Einführung eines Ticketsystems", "Migration der FiBu".
DE_ACTIVITY_NOUNS = _forms(
    "einführung durchführung erstellung entwicklung umsetzung implementierung veranstaltung "
    "planung konzeption konzipierung erarbeitung ausarbeitung überarbeitung migration "
    "dokumentation einrichtung freischaltung fertigstellung abschluss aufbau neuaufbau launch "
    "relaunch start go-live golive veröffentlichung schulung bereitstellung definition festlegung "
    "vorbereitung beauftragung auswahl organisation installation integration anbindung "
    "inbetriebnahme eröffnung gestaltung neugestaltung programmierung ablösung umstellung "
    "ersetzung aktualisierung anpassung evaluierung evaluation analyse überprüfung prüfung "
    "rollout roll-out pilotierung auslieferung zertifizierung beschaffung ausschreibung teilnahme "
    "präsentation versand erneuerung modernisierung digitalisierung automatisierung etablierung "
    "realisierung errichtung neugestaltung konfiguration schaffung erhebung befragung ausstattung "
    "besetzung",
    "abschaltung stilllegung abschaffung abkündigung außerbetriebnahme ausphasung rückbau "
    "einarbeitung onboarding offboarding zusammenführung zusammenlegung "
    "auslagerung verabschiedung archivierung auflösung kündigung",
    # events and meetings: holding one is an activity ("Kick-off mit den Pilotkunden")
    "kick-off kickoff auftakt auftaktveranstaltung auftakttermin auftaktworkshop workshop "
    "meeting termin offsite off-site klausur klausurtagung roadshow hackathon webinar "
    "messeauftritt strategietag jour-fixe townhall town-hall all-hands betriebsversammlung "
    "qbr review retrospektive retro poc proof-of-concept",
)
# What "führen" makes an activity of (holding talks, not leading a market): "Interviews mit
# 10 Pilotkunden führen", "Erstgespräche in Bayern von 0 auf 20 führen".
DE_CONVERSATION_HEADS = _heads(
    "interviews interview gespräche gespräch workshops workshop schulungen schulung telefonate "
    "telefonat termine termin calls call meetings meeting verhandlungen verhandlung befragungen "
    "befragung reviews review audits audit demos demo webinare webinar trainings training "
    "dialoge dialog diskussionen diskussion sitzungen sitzung"
)
# Compound heads that are activity nouns even inside a word ("CRM-Einführung",
# "Website-Relaunch"); "-entwicklung"/"-planung"/"-analyse" are left out because
# "Umsatzentwicklung" or "Absatzplanung" name a metric or a function, not a project.
DE_ACTIVITY_NOUN_HEADS = _heads(
    "einführung umstellung migration relaunch launch inbetriebnahme freischaltung fertigstellung "
    "implementierung go-live rollout roll-out neugestaltung zertifizierung eröffnung ablösung "
    "abschaltung stilllegung abschaffung außerbetriebnahme abkündigung einarbeitung "
    "kick-off kickoff workshop offsite klausur klausurtagung auftaktveranstaltung townhall "
    "-termin -meeting -review -retro"
)
# What may follow the nominalisation: an article, a genitive, "von", a preposition.
DE_NOMINAL_FOLLOWERS = _forms(
    "an über zu nach eines einer des der von vom zum zur neuer neuen neues unseres unserer "
    "unseren für bei mit im in auf ins am den dem die das eine einem einen zweier dreier"
)

# Countable outputs: "3 E-Mail-Newsletter", "12 Blogartikel", "5 workshops".
DE_OUTPUT_HEADS = _heads(
    "kundentermine kundentermin vertriebstermine beratungstermine workshop workshops webinar "
    "webinare webinars artikel beitrag beiträge posts post newsletter kampagne kampagnen event "
    "events veranstaltung veranstaltungen schulung schulungen training trainings meeting meetings "
    "präsentation präsentationen video videos whitepaper whitepapers e-book e-books ebook ebooks "
    "feature features landingpage landingpages landing-pages broschüre broschüren podcast "
    "podcasts podcastfolgen vortrag vorträge messen messebesuche interviews audit audits besuch "
    "besuche anrufe mailings konzept konzepte fallstudie fallstudien case-studies umfrage "
    "umfragen termine calls telefonate seminare seminar vorführungen veranstaltungstermine "
    "roadshows offsites hackathons qbrs pocs demos kick-offs kickoffs"
)
EN_OUTPUT_HEADS = _forms(
    "workshop workshops webinar webinars post posts article articles newsletter newsletters "
    "campaign campaigns event events session sessions trainings meeting meetings presentation "
    "presentations talk talks video videos whitepaper whitepapers ebook ebooks e-books feature "
    "features page pages brochure brochures podcast podcasts episode episodes study studies "
    "interview interviews audit audits visit visits calls mailing mailings email emails e-mails "
    "tweet tweets survey surveys fair fairs conference conferences seminar seminars concept "
    "concepts courses course tests experiments releases reports playbook playbooks "
    "roadshow roadshows offsite offsites hackathon hackathons qbr qbrs kickoff kickoffs "
    "kick-offs town-halls townhalls"
)

# English activity verbs at the start (imperative): "Launch a new website".
EN_ACTIVITY_VERBS = _forms(
    "launch relaunch build rebuild create implement hold run conduct host organize organise "
    "publish write draft migrate complete finish introduce attend develop design redesign define "
    "document prepare release install deploy integrate send post update review evaluate analyze "
    "analyse plan start begin establish refactor upgrade replace pilot present produce record "
    "film translate localize localise purchase buy select procure train interview survey visit "
    "call contact schedule finalize finalise rework revamp overhaul open relocate submit "
    "negotiate outline research investigate brainstorm map compile distribute communicate "
    "announce perform execute participate test prototype arrange coordinate facilitate moderate "
    "exhibit sponsor print mail email tweet upload configure customize customise code program fix "
    "deliver ship roll set kick go carry clean put do make hire recruit onboard certify audit "
    "digitize digitise automate introduce setup craft assemble compose migrate move switch "
    "convert adopt select choose sign",
    # ending something: retiring, switching off, replacing
    "sunset decommission retire deprecate discontinue phase shut switch turn wind archive "
    "remove dismantle terminate cancel merge outsource",
    # people and partners in and out
    "onboard offboard",
)
# Verbs that are only an activity together with their particle ("roll out", "set up").
EN_PHRASAL = {
    "roll": _forms("out"),
    "set": _forms("up"),
    "kick": _forms("off"),
    "go": _forms("live"),
    "carry": _forms("out"),
    "clean": _forms("up"),
    "put": _forms("in"),
    "make": _forms(),  # "make" is an activity only in "make X available/ready/live" (text.py)
    "switch": _forms("to over off"),
    "move": _forms("to"),
    "convert": _forms("to"),
    "sign": _forms("off"),
    "phase": _forms("out in"),
    "shut": _forms("down off"),
    "turn": _forms("off on"),
    "wind": _forms("down"),
    "hire": _forms(),
    "recruit": _forms(),
    "choose": _forms(),
    "adopt": _forms(),
}
EN_ACTIVITY_PARTICIPLES = _forms(
    "launched relaunched built rebuilt created implemented held conducted hosted organized "
    "organised published written drafted migrated completed finished introduced attended "
    "developed designed redesigned defined documented prepared released installed deployed "
    "integrated sent posted updated reviewed evaluated started established refactored upgraded "
    "replaced piloted presented produced recorded translated localized purchased selected "
    "procured trained scheduled finalized finalised reworked revamped overhauled opened submitted "
    "announced performed executed tested configured shipped delivered live done certified "
    "signed-off approved rolled set ready place running automated digitized",
    "sunsetted sunseted decommissioned retired deprecated discontinued archived removed "
    "dismantled terminated cancelled canceled merged outsourced onboarded "
    "offboarded",
)
# Nominal activities at the start: "Launch of the new website", "Migration to the cloud".
EN_ACTIVITY_NOUNS = _forms(
    "launch relaunch implementation introduction completion rollout roll-out migration creation "
    "development delivery go-live golive kickoff kick-off setup set-up redesign overhaul "
    "installation deployment integration release publication preparation definition documentation "
    "establishment execution construction upgrade replacement selection purchase procurement "
    "organization organisation rebuild revamp certification opening start design build "
    "digitization digitalization automation",
    "sunset sunsetting decommissioning retirement deprecation shutdown shut-down phase-out "
    "switch-off switchover switch-over cutover cut-over onboarding offboarding",
    # events and meetings: holding one is an activity ("Kick-off with the pilot customers")
    "workshop meeting offsite off-site townhall town-hall all-hands hackathon roadshow "
    "webinar summit qbr retrospective retro poc",
)
EN_NOMINAL_FOLLOWERS = _forms("of to for the a an our at in with on")
# Events and meetings as the head of a leading noun phrase: "Partner kick-off in Munich",
# "Quarterly business review with the top accounts", "Leadership offsite in June".
EN_EVENT_NOUNS = _forms(
    "kickoff kick-off workshop meeting offsite off-site townhall town-hall all-hands hackathon "
    "roadshow webinar summit review retrospective retro qbr go-live launch relaunch rollout "
    "roll-out cutover cut-over"
)
# Words that make a count someone else's decision, i.e. a result of the funnel rather than
# an activity: "25 qualified meetings", "40 sales-accepted demos", "12 bestätigte Termine".
COUNT_QUALIFIERS = _forms(
    "qualified sales-qualified marketing-qualified accepted sales-accepted confirmed paid "
    "paying signed won booked",
    "qualifizierte qualifizierten qualifizierter bestätigte bestätigten bestätigter "
    "angenommene angenommenen bezahlte bezahlten gewonnene gewonnenen unterschriebene "
    "unterschriebenen",
)

# -ing words that are nouns, not activities ("Marketing", "Pricing").
EN_ING_NOUNS = _forms(
    "marketing pricing onboarding branding training hiring engineering planning accounting "
    "manufacturing purchasing sourcing shipping billing recruiting consulting controlling housing "
    "building meeting setting reporting forecasting budgeting licensing testing packaging "
    "printing networking learning publishing banking staffing funding offering thing something "
    "everything nothing spring morning evening king ring string ceiling during according "
    "outstanding ongoing upcoming existing leading missing remaining pending incoming outgoing "
    "operating retailing warehousing tooling ticketing invoicing routing scheduling messaging "
    "monitoring logging hosting caching modeling modelling coaching mentoring selling "
    "underwriting outsourcing processing handling listing posting rating ranking wording"
)

# Result verbs: changing or reaching a number is a result, not a task.
EN_RESULT_VERBS = _forms(
    "increase raise grow reduce decrease lower cut achieve reach win gain acquire generate attain "
    "hit maintain keep retain improve boost double halve triple lift shorten speed accelerate "
    "save close convert earn attract land secure expand drop bring get sell book sign score "
    "exceed sustain limit minimize minimise maximize maximise decrease shrink eliminate prevent "
    "avoid recover collect resolve answer respond handle"
)
# Verbs that are results when followed by a threshold: "Hold churn below 2 %".
EN_THRESHOLD_WORDS = _forms(
    "below under above over at within steady stable flat unter über bei stabil konstant "
    "mindestens höchstens maximal",
    # a band is a result too: "zwischen 95 und 100 % halten", "keep NPS between 40 and 50"
    "zwischen between innerhalb oberhalb unterhalb bereich korridor spanne range band",
)
# Deals and contracts: "30 Wartungsverträge abgeschlossen" is a result, not a task.
DE_DEAL_HEADS = _heads(
    "vertrag verträge verträgen deal deals abschlüsse abschlüssen aufträge aufträgen auftrag "
    "abonnements abos geschäfte geschäften kunden neukunden lizenzen verkäufe verkäufen"
)

# ------------------------------------------------------------------ vagueness (key results)

DE_VAGUE_WORDS = _forms(
    "deutlich spürbar erheblich signifikant merklich stark viel viele mehr besser bessere "
    "besseren besserer möglichst maximal optimal kontinuierlich nachhaltig weiter höhere höheren "
    "höher schnellere schnelleren schneller wesentlich massiv enorm verbessern verbessert "
    "steigern erhöhen stärken optimieren sichern fördern ausbauen verstärken vorantreiben "
    "weiterentwickeln intensivieren verbesserung stärkung optimierung steigerung erhöhung "
    "förderung ausbau sicherstellen gewährleisten garantieren vorantreiben voranbringen "
    "forcieren pushen treiben angehen sicherstellung gewährleistung"
)
EN_VAGUE_WORDS = _forms(
    "significantly substantially considerably noticeably much more better many lots greatly "
    "dramatically massively strongly continuously further improve improving improved enhance "
    "enhancing boost boosting strengthen strengthening optimize optimise optimizing maximize "
    "maximise streamline streamlining foster smoother stronger higher faster greater increase "
    "increasing grow growing raise improvement drive driving promote advance elevate deepen "
    "reduce lower less fewer ensure ensuring guarantee push accelerate prioritize prioritise "
    "champion tackle address"
)
# Abstract nouns that no one counts without saying how (compound heads for German).
DE_ABSTRACT_HEADS = _heads(
    "bekanntheit zufriedenheit image qualität performance leistung sichtbarkeit kultur motivation "
    "wahrnehmung vertrauen stimmung reputation attraktivität effizienz effektivität engagement "
    "erlebnis experience präsenz innovationskraft zusammenarbeit kommunikation transparenz "
    "loyalität bindung beziehung beziehungen kompetenz know-how awareness akzeptanz "
    "identifikation treue agilität professionalität positionierung prozesse abläufe kosten "
    "verständnis"
)
EN_ABSTRACT_WORDS = _forms(
    "awareness satisfaction image quality performance visibility culture morale motivation "
    "perception trust reputation engagement experience presence efficiency effectiveness "
    "collaboration communication transparency loyalty happiness brand relationship relationships "
    "alignment debt processes knowledge skills capabilities innovation agility positioning "
    "understanding wellbeing well-being retention"
)

# ------------------------------------------------------------------ projects (objectives)

# Verbs that make an objective a project whatever their object: "CRM einführen", "Launch
# the new website", "Ship the new onboarding wizard".
OBJ_PROJECT_VERBS = _forms(
    "einführen freischalten durchführen launchen relaunchen implementieren ausrollen migrieren "
    "installieren einrichten umstellen ablösen abschalten stilllegen veranstalten abhalten "
    "fertigstellen abschließen aufsetzen bereitstellen programmieren integrieren anbinden "
    "beschaffen zertifizieren live-schalten",
    "eingeführt freigeschaltet durchgeführt gelauncht relauncht implementiert ausgerollt "
    "migriert installiert eingerichtet umgestellt abgelöst abgeschaltet fertiggestellt",
    "implement launch relaunch ship introduce deploy install migrate integrate complete finish "
    "upgrade replace release publish conduct hold organize organise host sunset decommission "
    "redesign roll-out set-up go-live kick-off",
)
# Verbs that make one only with a deliverable as object: "Build a partner portal", but
# "Build a new demand generation channel", "Eine Feedbackkultur etablieren".
OBJ_BUILD_VERBS = _forms(
    "aufbauen bauen erstellen entwickeln etablieren gestalten neugestalten konzipieren "
    "build create develop establish design rebuild"
)
# Project nouns at the start of an objective: "Erfolgreiche Einführung des neuen ERP".
OBJ_PROJECT_NOUNS = _heads(
    "einführung implementierung migration rollout roll-out launch relaunch go-live golive "
    "inbetriebnahme freischaltung umstellung ablösung abschaltung durchführung fertigstellung "
    "implementation introduction deployment"
)
# Words that say how well the project goes, not what it changes ("erfolgreich einführen").
PROJECT_MANNER = _forms(
    "erfolgreich erfolgreiche erfolgreichen erfolgreicher pünktlich pünktliche termingerecht "
    "termingerechte fristgerecht fristgerechte vollständig vollständige reibungslos "
    "reibungslose schnell zügig successfully successful fully complete on-time smoothly quickly"
)
# Words that open an outcome after the project: "..., damit Kunden ...", "... so that ...".
OUTCOME_OPENERS = _forms("damit dass sodass so that which who where wo weil because")

# ------------------------------------------------------------------ direction (objectives)

DE_FUNCTION_WORDS = _forms(
    "der die das den dem des ein eine einen einem einer eines und oder in im ins am an auf aus "
    "bei beim mit nach von vom zu zum zur für über unter vor hinter neben zwischen durch gegen "
    "ohne um bis als wie auch nur noch sowie bzw bzw. u. unser unsere unseren unserem unserer "
    "unseres ihr ihre ihren sein seine alle allen aller alles jede jeder jedes dieser diese "
    "dieses rund bezüglich hinsichtlich betreffend inkl inkl. etc etc. usw z. b. vs vs. samt "
    "innerhalb außerhalb während wegen per pro je & themen thema sonstiges allgemein allgemeines "
    "diverse diverses q1 q2 q3 q4"
)
# Attributive adjectives that give no direction ("Neue Märkte", "Digitale Transformation").
DE_NEUTRAL_ADJECTIVES = _forms(
    "neu digital intern extern strategisch operativ global international national regional "
    "aktuell zentral weiter verschieden wichtig allgemein sonstig laufend kommend nächst "
    "europäisch deutsch technisch kaufmännisch organisatorisch personell finanziell agil erst "
    "zweit dritt gesamt eigen bestehend geplant zukünftig künftig jährlich quartalsweise "
    "monatlich hybrid mobil online analog klassisch"
)
# Change nominalisations: "Steigerung der Kundenzufriedenheit" has a direction.
DE_CHANGE_HEADS = _heads(
    "steigerung erhöhung senkung reduktion reduzierung verringerung verkürzung verbesserung "
    "beschleunigung stärkung vereinfachung wachstum halbierung verdopplung verdoppelung"
)
# Change words that give direction only on their own: "Optimierung der Abläufe", but
# "Qualitätssicherung", "Neukundengewinnung" and "Prozessoptimierung" name a function.
DE_CHANGE_WORDS = _forms(
    "ausbau optimierung minimierung maximierung vermeidung sicherung gewinnung stärkung "
    "verbesserung"
)
# State and comparative adjectives (stems; inflected forms are matched in text.py).
DE_STATE_STEMS = _heads(
    "besser best schnell einfach zufrieden begeistert führend erfolgreich profitabel sichtbar "
    "bekannt stabil verlässlich zuverlässig reibungslos klar transparent nachhaltig attraktiv "
    "beliebt sicher stark stärker höher niedriger günstig schlank effizient effektiv produktiv "
    "motiviert loyal treu gesund glücklich exzellent herausragend spitze vorbildlich verbindlich "
    "pünktlich robust resilient schlagkräftig innovativ unverzichtbar erste bevorzugt gern gerne "
    "leicht mehr weniger größer kleiner schneller einfacher sicherer fehlerfrei kundenorientiert "
    "wettbewerbsfähig skalierbar messbar planbar"
)

# English: verbs that can open an objective as an imperative ("Win the mid-market").
EN_DIRECTION_VERBS = _forms(
    "improve increase grow reduce decrease raise boost become be make build create win delight "
    "ship turn deliver lead drive own master understand know keep get establish earn bring give "
    "help enable empower strengthen expand accelerate simplify streamline modernize modernise "
    "transform launch implement scale secure protect retain attract wow nail dominate land enter "
    "unlock double halve triple achieve reach maximize maximise minimize minimise optimize "
    "optimise ensure provide offer develop engage inspire foster cultivate embed take hire "
    "recruit serve reinvent rethink fix eliminate cut lower speed shorten stabilize stabilise "
    "consolidate align prove validate learn explore discover find close sign convert generate "
    "capture gain acquire activate automate digitize elevate enhance excite impress lift hold run "
    "stop avoid prevent save move go stay sell put set open connect equip grow redefine reshape "
    "restore regain recover revive renew unify integrate harmonize standardize professionalize "
    "professionalise excel outperform beat lead shape future-proof de-risk bulletproof harden "
    "mature focus do",
    "break climb join overtake surpass outgrow outpace outsell conquer crack penetrate catch "
    "step level stand rise earn reclaim leapfrog",
)
# Verbs that are also common nouns at the start of a topic ("Partner program", "Market
# research"): they give direction only when an article, pronoun or preposition follows.
EN_AMBIGUOUS_VERBS = _forms(
    "partner market support design research plan test process price model report staff brand "
    "source target service fund host position control track measure review change answer finish "
    "start release update upgrade train coach network benchmark pilot map value talent sales "
    "customer finance supply demand care quality cost budget risk safety growth people team "
    "product data break step level stand rise catch crack"
)
EN_OPENERS_AFTER_VERB = _forms(
    "version v the a an our your their its my with to into up out on for all every each more less "
    "fewer us them it everyone this that these those new better faster ahead across through "
    "beyond from in at by off down over around"
)
# Verbs and auxiliaries that make a clause anywhere in the sentence.
EN_CLAUSE_VERBS = _forms(
    "is are am be being been become becomes became can could will would should must may might has "
    "have had does get gets feel feels love loves trust trusts know knows rely relies recommend "
    "recommends choose chooses stay stays want wants prefer prefers enjoy enjoys understand "
    "understands see sees find finds work works run runs reach reaches buy buys come comes return "
    "returns grow grows win wins thrive thrives succeed succeeds deliver delivers ship ships say "
    "says talk talks count counts depend depends pay pays stick sticks"
)
EN_STATE_WORDS = _forms(
    "better best faster fastest safer safest easier easiest simpler stronger higher lower more "
    "less fewer greater bigger smoother clearer quicker cheaper happier leaner smarter healthier "
    "reliable trusted loved happy delighted loyal satisfied proud leading world-class go-to "
    "first-choice effortless seamless frictionless profitable sustainable secure safe ready "
    "excellent outstanding exceptional predictable resilient scalable efficient effective "
    "productive engaged motivated visible famous preferred unbeatable great awesome amazing "
    "reliably effortlessly fast easy simple strong healthy lean superior flawless painless "
    "self-service customer-centric data-driven first-class best-in-class competitive on-time "
    "error-free zero-defect delightful remarkable indispensable"
)

# English activity verbs that are also adjectives or nouns ("Open invoices", "Test results"):
# an activity only before an article, a pronoun or a number ("Open a new office").
EN_ACTIVITY_AMBIGUOUS = _forms(
    "open plan test design map call contact survey post code program record film print mail email "
    "review update upgrade release start pilot audit present research schedule tweet sponsor host "
    "interview visit train fix document draft outline exhibit purchase select complete finish "
    "prototype run hold merge archive cancel remove switch"
)
# German verbs (infinitive or finite) that make an objective a clause, beyond the lists above.
DE_VERBS = _forms(
    "ausbauen steigern erhöhen senken reduzieren verbessern gewinnen erreichen erzielen "
    "begeistern werden sein haben machen schaffen halten sichern stärken wachsen erschließen "
    "verstehen kennen verkürzen beschleunigen vereinfachen optimieren lassen bleiben"
)

# What a key result without a number may name instead of a result: a deliverable
# ("Konzept für ein Partnerprogramm", "Customer satisfaction survey", "New CRM").
DE_DELIVERABLE_HEADS = _heads(
    "konzept konzepte handbuch leitfaden playbook plan roadmap dashboard website webseite "
    "homepage app portal tool richtlinie richtlinien prozessbeschreibung dokumentation schulung "
    "schulungen workshop workshops meeting meetings umfrage befragung studie bericht report "
    "präsentation newsletter kampagne event messeauftritt prototyp mvp pilot crm erp shop "
    "onlineshop katalog broschüre video whitepaper vorlage vorlagen template checkliste "
    "lastenheft pflichtenheft businessplan budgetplan strategiepapier wiki intranet schnittstelle"
)
EN_DELIVERABLE_HEADS = _forms(
    "concept plan roadmap dashboard website site app portal tool guideline guidelines handbook "
    "manual playbook documentation training workshop workshops meeting meetings survey study "
    "report presentation newsletter campaign event booth prototype mvp pilot crm erp shop "
    "catalogue catalog brochure video whitepaper template templates checklist wiki intranet "
    "interface api policy strategy framework process"
)

# Change verbs: with one of them, a bare percentage is a change ("Increase revenue 25 %").
CHANGE_VERBS = _forms(
    "increase grow raise boost reduce cut lower decrease improve lift shrink increasing growing "
    "raising reducing cutting lowering steigern erhöhen senken reduzieren verringern verbessern "
    "verkürzen ausbauen wachsen steigen sinken steigt sinkt wächst"
)
# Before a percentage, these make it an absolute level ("auf 4 %", "at 25 %", "of 30 %").
ABSOLUTE_BEFORE = _forms(
    "to auf at of von bei on zu than als unter under below above über mindestens least max "
    "maximal höchstens most within innerhalb reach erreichen hit achieve"
)
