"""The language checks of one statement, German and English.

Interface used by checks.py, the form hints, the API and bench/coach_eval.py:
`detect_language`, `objective_issues`, `key_result_issues`, each returning `TextIssue`s.

Every rule is a small named function over the words of the statement (word lists in
kurs.coach.lexicon); no scoring, no model. The statement's language selects the word
lists; the messages are in the active Django language (the two can differ).

Conventions (the labelled set in bench/coach_set follows them too):
- an objective gets at most one of OBJ_NOT_QUALITATIVE / OBJ_NO_DIRECTION / OBJ_IS_TASK
  (a number wins, then a topic; a project only when neither applies);
- a `milestone` key result is always KR_IS_TASK (a milestone is not a result), never
  KR_NOT_MEASURABLE;
- a key result that is a task gets KR_IS_TASK, not also KR_NOT_MEASURABLE;
- KR_PERCENT_NO_BASE only on a key result that is otherwise measurable;
- structured `metric` increase/decrease/range with a `target` makes a key result
  measurable without a number in its text, unless the text is vague and `unit` is empty;
- multipliers are numbers ("Double", "Verdopplung"); events and meetings ("Kick-off",
  "Workshop", "Town hall") are activities; an activity word over a share of cases or over
  the cycle time of recurring work ("close done in 5 days instead of 9") states a result,
  and so does a count someone else qualifies ("25 qualified meetings").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kurs.coach import lexicon as lx

MAX_LENGTH = 120  # characters: a statement people remember fits on one line
MEASURED_METRICS = ("increase", "decrease", "range")


@dataclass(frozen=True)
class TextIssue:
    code: str  # a code from kurs.coach.findings.CODES
    message: str  # in the active language (gettext), names what was found
    suggestion: str = ""  # a better wording or what to do instead, when there is one


# ------------------------------------------------------------------ words and numbers


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_number(self) -> bool:
        return self.text[:1].isdigit()


@dataclass(frozen=True)
class _Number:
    text: str  # as written, with its sign
    start: int
    end: int
    value_text: str  # digits only, as written ("1.250", "12,5")
    signed: bool
    # "metric", "rank" (Nr. 1, top 3), "name" (Industrie 4.0, ISO 27001) or "selection"
    # (unsere 3 wichtigsten Kunden)
    kind: str


_TOKEN_RE = re.compile(r"[^\W_](?:[\w’'\-]*[^\W_])?|[%€$#+]")
_NUMBER_RE = re.compile(r"(?<![\w/.,\-])(?P<sign>[+±−-]\s?)?(?P<num>\d+(?:[.,]\d+)*)")
_DATE_RE = re.compile(
    r"\b\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{2,4})?"  # 30.06. / 30.06.2027
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
    rf"|\b\d{{1,2}}(?:\.|st|nd|rd|th)?\s+(?:{lx.MONTHS})\b\.?"  # 31. März / 31 March
    rf"|\b(?:{lx.MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?",  # March 31
    re.IGNORECASE,
)
_UNIT_AFTER_RE = re.compile(
    r"\s?(?:%|prozent\b|percent\b|€|eur\b|euro\b|usd\b|\$|chf\b|k\b|m\b|mio\.?|mrd\.?|tsd\.?|"
    r"million(?:en)?\b|billion\b|bn\b|mn\b|prozentpunkte\b|pp\b)(?:\s?(?:€|eur\b|euro\b|usd\b))?",
    re.IGNORECASE,
)
# Units written without a space keep the number a measurement ("300ms", "4h", "5kg");
# any other letters make it part of a name ("4HANA", "3D", "5G").
_GLUED_UNIT_RE = re.compile(
    r"(?:k|m|mn|bn|x|h|ms|s|sec|min|std|t|kg|km|mb|gb|tb|kwh|mwh|eur|usd|chf)\b", re.IGNORECASE
)
_PERCENT_AFTER_RE = re.compile(r"\s?" + lx.PERCENT_RE, re.IGNORECASE)
# A trailing time qualifier ("bis 30.06.", "by end of Q2", "im Q3") is not part of the verb
# phrase: strip it before looking at the last word.
_TIME_TAIL_RE = re.compile(
    r"[\s,]+(?:bis(?:\s+zum|\s+zur|\s+ende|\s+spätestens)?|zum|zur|spätestens(?:\s+am|\s+bis)?|"
    r"vor|im|in|ab|am|by(?:\s+the)?(?:\s+end\s+of)?|until|before|no\s+later\s+than|within|"
    r"end\s+of|ende|at\s+the\s+end\s+of|during|innerhalb)\b[^,;()]*$",
    re.IGNORECASE,
)
_TIME_WORDS_RE = re.compile(
    rf"\d|\bq[1-4]\b|\bh[12]\b|ende|\bend\b|quartal|quarter|monat|month|jahr|year|woche|week|\bkw\b|"
    rf"sommer|summer|winter|herbst|autumn|fall|frühjahr|spring|sprint|zyklus|cycle|\b(?:{lx.MONTHS})\b",
    re.IGNORECASE,
)


def _tokens(text: str, limit: int | None = None) -> list[_Token]:
    """The tokens of `text`; only the first `limit` when given, without reading the rest
    (called once per number, reading all of a long text each time would be quadratic)."""
    return [
        _Token(m.group(0), m.group(0).lower(), m.start(), m.end())
        for m in itertools.islice(_TOKEN_RE.finditer(text), limit)
    ]


def _words(text: str) -> list[_Token]:
    return [t for t in _tokens(text) if t.text[:1].isalpha()]


def _word_before(text: str, position: int) -> str:
    """The word (or '#') right before `position`, lowercased, with a trailing '.' kept."""
    # A window, not all the text before: this runs for every number (linear, not quadratic).
    match = re.search(r"([^\W\d_][\w\-]*\.?|#)\s*$", text[max(0, position - 200) : position])
    return match.group(1).lower() if match else ""


def _is_year(text: str, number: re.Match[str]) -> bool:
    """A four-digit year ("für 2027", "by 2026", "Improve quality 2026")."""
    digits = number.group("num")
    if not re.fullmatch(r"(?:19[5-9]\d|20\d\d)", digits) or number.group("sign"):
        return False
    if _UNIT_AFTER_RE.match(text, number.end()):
        return False
    before = _word_before(text, number.start()).rstrip(".")
    after = text[number.end() :].lstrip()
    if before in lx.YEAR_CONTEXT or not after or after[0] in ".,;:)–-/":
        return True
    if before in lx.VALUE_BEFORE:
        return False  # "auf 2030 erhöhen" is a value
    # Followed by an article, a pronoun or a verb, not by what it counts: "Make 2027 our best
    # year", "Bonusziele 2027 erreichen" (a German verb ends the statement, lowercase).
    following = re.match(r"[^\W\d_][\w\-]*", after)
    if following is None:
        return False
    word = following.group(0)
    verb_final = (
        word.islower()
        and re.search(r"(?:en|ern|eln)$", word) is not None
        and not after[following.end() :].strip(" .!")
    )
    return word.lower() in lx.YEAR_FOLLOWERS or verb_final


def _is_superlative(word: str) -> bool:
    """A superlative ("wichtigsten", "größten", "biggest", "most", "top")."""
    if word in lx.SELECTION_WORDS or word.startswith("top-"):
        return True
    if word in lx.NOT_SUPERLATIVES or len(word) < 5:
        return False
    return re.search(r"(?:st|ßt)(?:e|en|er|es|em)$|est$", word) is not None


def _selects(text: str, start: int, end: int) -> bool:
    """A number that selects, not a target: "unsere 3 wichtigsten Kunden", "our three
    biggest customers", "die 5 Top-Lieferanten". A listed superlative after it is enough;
    one recognised by its ending (or "top") needs a determiner before the number too."""
    following = re.match(r"\s+([^\W\d_][\w\-]*)", text[end:])
    if following is None:
        return False
    word = following.group(1).lower()
    if word in lx.SELECTION_WORDS and word != "top":
        return True
    return _is_superlative(word) and _word_before(text, start) in lx.SELECTION_DETERMINERS


def _numbers(text: str) -> list[_Number]:
    """The numbers in `text`, without dates and years; ranks and names are marked as such."""
    dates = [m.span() for m in _DATE_RE.finditer(text)]
    found: list[_Number] = []
    for match in _NUMBER_RE.finditer(text):
        start, end = match.span()
        if any(a <= match.start("num") < b for a, b in dates):
            continue
        rest = text[end:]
        if re.match(r"/\d", rest):  # 24/7, 4/5
            continue
        if re.match(r"[^\W\d_]", rest) and not _GLUED_UNIT_RE.match(rest):
            continue  # part of a name: 4HANA, 3D
        if _is_year(text, match):
            continue
        before = _word_before(text, start)
        kind = "metric"
        if _selects(text, start, end) and not match.group("sign"):
            kind = "selection"
        elif before in lx.RANK_WORDS or before.rstrip(".") in lx.RANK_WORDS:
            kind = "rank"
        elif before.rstrip(".") in lx.NAME_BEFORE_NUMBER and not match.group("sign"):
            kind = "name"
        found.append(
            _Number(
                text=match.group(0),
                start=start,
                end=end,
                value_text=match.group("num"),
                signed=bool(match.group("sign")),
                kind=kind,
            )
        )
    return found


def _figure(text: str, number: _Number) -> str:
    """The number with what it counts, for messages: "53 MQLs", "10 %", "2,5 Mio. €"."""
    end = number.end
    unit = _UNIT_AFTER_RE.match(text, end)
    if unit:
        end = unit.end()
    else:
        word = re.match(r"\s[^\W\d_][\w\-]*", text[end:])
        if word:
            end += word.end()
    return text[number.start : end].strip()


def _is_multiplier(word: str) -> bool:
    """A word that multiplies a quantity: "double", "halbiert", "Verdopplung", "tenfold",
    also as a German compound head ("Umsatzverdopplung")."""
    return (
        word in lx.MULTIPLY_VERBS["de"]
        or word in lx.MULTIPLY_VERBS["en"]
        or _ends_with_any(word, lx.MULTIPLY_NOUN_HEADS) is not None
    )


def _number_words(words: list[_Token]) -> list[_Token]:
    """Numbers written as words ("zwei Tage", "ten customers") and multipliers ("Double")."""
    every = lx.NUMBER_WORDS["de"] | lx.NUMBER_WORDS["en"]
    found = []
    for index, word in enumerate(words):
        if _is_multiplier(word.lower):
            found.append(word)
        elif word.lower in every:
            # "unsere drei wichtigsten Kunden" selects, it sets no target
            following = words[index + 1].lower if index + 1 < len(words) else ""
            before = words[index - 1].lower if index > 0 else ""
            listed = following in lx.SELECTION_WORDS and following != "top"
            shaped = _is_superlative(following) and before in lx.SELECTION_DETERMINERS
            if not (listed or shaped):
                found.append(word)
    return found


def _quantities(text: str, *, ranks: bool) -> list[str]:
    """What makes a statement quantitative: its numbers (as figures) and number words."""
    found = [
        _figure(text, n)
        for n in _numbers(text)
        if n.kind == "metric" or (ranks and n.kind == "rank")
    ]
    found += [w.text for w in _number_words(_words(text))]
    return found


# ------------------------------------------------------------------ language


_DE_STOPWORDS = lx.words(
    "der die das den dem des und mit für von auf ein eine einen einem einer eines wir unsere "
    "unser zu im um bis ist sind nicht zum zur bei aus nach über neue neuen uns als wie auch "
    "werden wird mehr durch gegenüber statt pro je"
)
_EN_STOPWORDS = lx.words(
    "the and of to for with our we a an by from in on is are new more than at its their "
    "your into all every be make build win improve increase reduce launch create"
)
_DE_STEMS = (
    "kunde",
    "vertrieb",
    "mitarbeit",
    "umsatz",
    "anteil",
    "markt",
    "lieferant",
    "einkauf",
    "fertigung",
    "produktion",
    "geschäft",
    "unternehmen",
    "anzahl",
    "quote",
    "bereich",
    "wartung",
    "auftrag",
    "angebot",
    "führung",
    "arbeit",
    "ziel",
    "lager",
    "rechnung",
    "buchhaltung",
    "personal",
    "forschung",
    "zufriedenheit",
    "themen",
    "schaft",
    "ung",
    "heit",
    "keit",
    "sch",
    "tz",
)
_EN_STEMS = ("ing", "tion", "ness", "ship", "the", "ly", "ment", "ity", "ers")


def detect_language(text: str, hint: str | None = None) -> str:
    """'de' or 'en'; `hint` (a file's `lang`) wins when given.

    Umlauts and German function words count for German, English function words for
    English; with no function words, typical German and English word parts decide
    ("Kundenzufriedenheit", "Customer onboarding"). A tie is English.
    """
    if hint in ("de", "en"):
        return hint
    lowered = text.lower()
    words = re.findall(r"[^\W\d_]+", lowered)
    score = 3 if re.search("[äöüß]", lowered) else 0
    score += sum(w in _DE_STOPWORDS for w in words) * 2
    score -= sum(w in _EN_STOPWORDS for w in words) * 2
    if (
        words
        and re.fullmatch(r"[a-zäöü]{3,}(?:en|ern|eln)", words[-1])
        and text.rstrip()[-1:].islower()
    ):
        score += 2  # a verb-final infinitive: "Kundenportal freischalten"
    # German capitalises nouns inside a sentence; English sentence case does not.
    score += sum(
        1
        for word in re.findall(r"(?<=\s)[A-ZÄÖÜ][a-zäöüß]{3,}", text)
        if word.lower() not in _EN_STOPWORDS
    )
    for word in words:
        if len(word) > 3:
            score += any(stem in word for stem in _DE_STEMS) or bool(
                _ends_with_any(word, lx.DE_CHANGE_HEADS)
            )
            score -= any(word.endswith(stem) for stem in _EN_STEMS)
    return "de" if score > 0 else "en"


def _lang(text: str, lang: str | None) -> str:
    return detect_language(text, lang if lang in ("de", "en") else None)


# ------------------------------------------------------------------ rules shared by both kinds


def _bonus_term(text: str, lang: str) -> str | None:
    """BONUS_LINK: a word that ties the statement to pay ("Jahresbonus", "Provision", "salary")."""
    lowered = text.lower()
    match = lx.BONUS_RE.search(lowered) or (
        lx.BONUS_RE_DE.search(lowered) if lang == "de" else None
    )
    if not match:
        return None
    # Quote the whole word the match sits in ("bonusrelevant", "Jahresbonus").
    start = match.start()
    end = match.end()
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[start:end]


def _bonus_issue(text: str, lang: str) -> TextIssue | None:
    term = _bonus_term(text, lang)
    if term is None:
        return None
    return TextIssue(
        "BONUS_LINK",
        _("“%(term)s” ties this OKR to pay.") % {"term": term},
        _(
            "Keep OKRs apart from pay: when they decide bonuses, people set safe goals instead "
            "of ambitious ones. Talk about pay in a separate conversation."
        ),
    )


def _length_issue(text: str) -> TextIssue | None:
    """TOO_LONG: more than MAX_LENGTH characters."""
    length = len(" ".join(text.split()))
    if length <= MAX_LENGTH:
        return None
    return TextIssue(
        "TOO_LONG",
        _("%(count)d characters – too long to remember at a glance.") % {"count": length},
        _(
            "Say it in one line of at most %(limit)d characters and put the details in the "
            "description."
        )
        % {"limit": MAX_LENGTH},
    )


# ------------------------------------------------------------------ objectives


def _is_de_state_word(word: str) -> bool:
    """A German state or comparative adjective, inflected or not ("zufriedene", "schnellere")."""
    for stem in lx.DE_STATE_STEMS:
        if word == stem or (
            word.startswith(stem)
            and word[len(stem) :]
            in ("e", "en", "er", "es", "em", "ere", "eren", "erer", "ste", "sten")
        ):
            return True
    return False


def _ends_with_any(word: str, heads: tuple[str, ...] | frozenset[str]) -> str | None:
    for head in heads:
        if word.endswith(head):
            return head
    return None


def _de_has_direction(words: list[_Token], text: str) -> bool:
    """German: a verb, a state or comparative adjective, or a change noun ("Steigerung").

    German nouns are capitalised, so a lowercase word that is neither a function word
    nor an attributive adjective before a noun is a verb or a predicate:
    "Kundenanfragen schneller beantworten", "Unsere IT hält ... stand".
    """
    for index, word in enumerate(words):
        low = word.lower
        if (
            _ends_with_any(low, lx.DE_CHANGE_HEADS)
            or low in lx.DE_CHANGE_WORDS
            or _is_de_state_word(low)
        ):
            return True
        if low in lx.DE_FUNCTION_WORDS or low.isupper():
            continue
        if index == 0 and word.capitalised:
            # Sentence-initial: a noun, an adjective, or a verb in "Erhöhen Sie ...".
            if len(words) > 1 and words[1].text == "Sie":
                return True
            continue
        if word.capitalised or any(ch.isdigit() for ch in low):
            continue
        following = words[index + 1] if index + 1 < len(words) else None
        stem = re.sub(r"(?:e|en|er|es|em)$", "", low)
        if stem in lx.DE_NEUTRAL_ADJECTIVES or low in lx.DE_NEUTRAL_ADJECTIVES:
            continue
        if low in lx.DE_ACTIVITY_INFINITIVES or low in lx.DE_VERBS:
            return True
        if (
            following is not None
            and following.capitalised
            and re.search(r"(?:e|en|er|es|em)$", low)
            and not text[word.end : following.start].strip()
        ):
            continue  # an attributive adjective: "Themen im europäischen Markt"
        return True
    return False


def _en_ing_stem(word: str) -> str | None:
    """The verb in an English "-ing" form ("migrating" → "migrate"), unless it is a noun."""
    if not word.endswith("ing") or len(word) < 6 or word in lx.EN_ING_NOUNS:
        return None
    base = word[:-3]
    candidates = [base, base + "e"]
    if len(base) > 2 and base[-1] == base[-2]:
        candidates.append(base[:-1])  # running → run
    for candidate in candidates:
        if (
            candidate in lx.EN_DIRECTION_VERBS
            or candidate in lx.EN_ACTIVITY_VERBS
            or candidate in lx.EN_RESULT_VERBS
        ):
            return candidate
    return None


def _en_skip_subject(words: list[_Token]) -> int:
    """Index of the verb after a leading "we (will)", "to", "let's"."""
    index = 0
    while index < len(words) and words[index].lower in (
        "we",
        "we'll",
        "we’ll",
        "will",
        "to",
        "let's",
        "let’s",
        "i",
        "shall",
        "must",
    ):
        index += 1
    return index


_EN_AUXILIARIES = lx.words(
    "is are am be being been become becomes became can could will would should must has have "
    "had does"
)
_EN_SUBJECTS = frozenset(["we", "they", "everyone", "everybody", "people", "customers", "teams"])


def _en_subject_verb(words: list[_Token], position: int) -> bool:
    """A plural subject and a verb in the present: "Our field engineers fix problems ..."."""
    verb = words[position].lower
    if verb not in lx.EN_DIRECTION_VERBS and verb not in lx.EN_CLAUSE_VERBS:
        return False
    subject = words[position - 1].lower
    plural = subject in _EN_SUBJECTS or (
        len(subject) > 3
        and subject.endswith("s")
        and not subject.endswith(("ss", "us", "ics"))
        and subject not in ("sales", "operations", "logistics", "analytics", "status")
    )
    following = words[position + 1].lower
    objectlike = (
        following in lx.EN_OPENERS_AFTER_VERB
        or following.endswith("ly")
        or (following.endswith("s") and not following.endswith("ss"))
    )
    return plural and objectlike


def _en_has_direction(words: list[_Token]) -> bool:
    """English: an imperative verb first, a clause (a finite verb), or a state/comparative word."""
    if not words:
        return False
    index = _en_skip_subject(words)
    if index < len(words):
        first = words[index].lower
        following = words[index + 1].lower if index + 1 < len(words) else ""
        if first in lx.EN_DIRECTION_VERBS and (
            first not in lx.EN_AMBIGUOUS_VERBS or following in lx.EN_OPENERS_AFTER_VERB
        ):
            return True
        if _en_ing_stem(first):
            return True
    for position, word in enumerate(words):
        low = word.lower
        if low in lx.EN_STATE_WORDS or low == "we":
            return True
        clause_verb = low in lx.EN_CLAUSE_VERBS and (position > 0 or low in ("be", "become"))
        # An auxiliary anywhere; another verb only when something follows ("Customer trust").
        if clause_verb and (low in _EN_AUXILIARIES or position < len(words) - 1):
            return True
        if 0 < position < len(words) - 1 and _en_subject_verb(words, position):
            return True
    return False


def _has_direction(text: str, lang: str) -> bool:
    """Whether an objective names a change or a state, not only a topic."""
    words = _words(text)
    if lang == "de":
        # German text often carries English loan phrases; either way counts.
        return _de_has_direction(words, text) or _en_has_direction(words)
    return _en_has_direction(words)


def _objective_is_number(text: str) -> list[str]:
    """OBJ_NOT_QUALITATIVE: the figures that make an objective a key result.

    Any number, percentage or amount counts, and numbers written as words ("zwei Tage")
    or multiplying verbs ("Double web traffic"); dates, years, ranks ("Die Nr. 1",
    "top 3") and numbers inside names ("Industrie 4.0", "24/7") do not.
    """
    return _quantities(text, ranks=False)


_GOAL_WORD_RE = re.compile(
    r"(?:q[1-4]-?|h[12]-?|jahres-?|quartals-?)?(?:ziele?|goals?|targets?|objectives?|okrs?|kpis?)"
)
_REACH_VERBS = lx.words("erreichen erfüllen schaffen achieve hit meet reach")


def _is_topic_only(text: str) -> bool:
    """A lone noun ("Wachstum", "Growth") or "reach our goals" ("Q1-Ziele erreichen",
    "Achieve our Q1 goals"): nothing says what should be different."""
    words = _words(text)
    if len(words) == 1 and not any(ch.isdigit() for ch in text):
        return True
    content = [
        w.lower
        for w in words
        if w.lower not in lx.DE_FUNCTION_WORDS
        and w.lower not in lx.SELECTION_DETERMINERS
        and w.lower not in ("all", "alle", "every", "unsere", "our")
    ]
    return (
        len(content) >= 2
        and any(w in _REACH_VERBS for w in content)
        and all(w in _REACH_VERBS or _GOAL_WORD_RE.fullmatch(w) for w in content)
    )


def _names_an_outcome(words: list[_Token], skip: int) -> bool:
    """Whether the statement says what the project should change: a state word, a clause
    ("..., damit Kunden ...", "releases our customers can trust"), not counting how well
    the project itself goes ("erfolgreich", "on time") or the project verb at `skip`."""
    for index, word in enumerate(words):
        low = word.lower
        if index == skip or low in lx.PROJECT_MANNER:
            continue
        if low in lx.OUTCOME_OPENERS or low in lx.EN_STATE_WORDS:
            return True
        if not word.capitalised and _is_de_state_word(low):
            return True
        if index > skip + 1 and low in lx.EN_CLAUSE_VERBS:
            return True
    return False


def _has_deliverable(words: list[_Token]) -> bool:
    for word in words:
        low = word.lower
        if low in lx.EN_DELIVERABLE_HEADS or low.rsplit("-", 1)[-1] in lx.EN_DELIVERABLE_HEADS:
            return True
        if word.capitalised and _ends_with_any(low, lx.DE_DELIVERABLE_HEADS):
            return True
    return False


def _objective_project(text: str, lang: str) -> str | None:
    """OBJ_IS_TASK: the project an objective names instead of a change ("CRM einführen",
    "Launch the new website"), found like a key result's activity (a project verb, or a
    building verb with a deliverable as object, or a project noun at the start)."""
    core = _strip_time_tail(text)
    words = _words(core)
    if not words:
        return None
    verb_at: int | None = None
    verb = ""
    if lang == "de":
        found = _de_verb_task(words, core)
        if found is not None:
            parts = found.lower().split(" … ")
            verb = parts[1] + parts[0] if len(parts) == 2 else parts[0].replace(" ", "-")
            verb_at = next((i for i, w in enumerate(words) if w.lower == parts[0]), len(words) - 1)
    if verb_at is None:
        index = _en_skip_subject(words)
        if index < len(words):
            verb = words[index].lower
            following = words[index + 1].lower if index + 1 < len(words) else ""
            if f"{verb}-{following}" in lx.OBJ_PROJECT_VERBS:
                verb = f"{verb}-{following}"
            verb_at = index
    if verb_at is not None and not _names_an_outcome(words, verb_at):
        others = words[:verb_at] + words[verb_at + 1 :]
        if verb in lx.OBJ_PROJECT_VERBS or (
            verb in lx.OBJ_BUILD_VERBS and _has_deliverable(others)
        ):
            return core
    # a project noun first: "Erfolgreiche Einführung des neuen ERP in allen Werken"
    content = [w for w in words if w.lower not in lx.PROJECT_MANNER]
    if (
        content
        and _ends_with_any(content[0].lower, lx.OBJ_PROJECT_NOUNS)
        and not _names_an_outcome(words, words.index(content[0]))
    ):
        return core
    return None


def objective_issues(title: str, *, lang: str | None = None) -> list[TextIssue]:
    """OBJ_NOT_QUALITATIVE, OBJ_NO_DIRECTION, OBJ_IS_TASK, BONUS_LINK, TOO_LONG for an
    objective's title (at most one of the first three)."""
    text = " ".join(str(title or "").split())
    if not text:
        return []
    language = _lang(text, lang)
    issues: list[TextIssue] = []
    figures = _objective_is_number(text)
    if figures:
        issues.append(
            TextIssue(
                "OBJ_NOT_QUALITATIVE",
                _(
                    "“%(figure)s” sets a number to reach, which makes this a key result "
                    "rather than an objective."
                )
                % {"figure": figures[0]},
                _(
                    "Move “%(figure)s” into a key result and let the objective say what you "
                    "want to achieve and why, e.g. “Customers in the mid-market choose us "
                    "first”."
                )
                % {"figure": figures[0]},
            )
        )
    elif _is_topic_only(text) or not _has_direction(text, language):
        issues.append(
            TextIssue(
                "OBJ_NO_DIRECTION",
                _("“%(topic)s” names a topic, not the change or state you want.") % {"topic": text},
                _(
                    "Say what should be different when the cycle ends – better, faster, "
                    "simpler, and for whom? E.g. “Understand why our customers buy from us” "
                    "instead of “Market research”."
                ),
            )
        )
    else:
        project = _objective_project(text, language)
        if project is not None:
            issues.append(
                TextIssue(
                    "OBJ_IS_TASK",
                    _("“%(project)s” is a project: it says what you will do, not what changes.")
                    % {"project": project},
                    _(
                        "Ask what “%(project)s” should change, and for whom, and make that the "
                        "objective, e.g. “Customers solve problems without calling us”. The "
                        "project belongs under the actions."
                    )
                    % {"project": project},
                )
            )
    for issue in (_bonus_issue(text, language), _length_issue(text)):
        if issue is not None:
            issues.append(issue)
    return issues


# ------------------------------------------------------------------ key results: tasks


def _strip_time_tail(text: str) -> str:
    """The statement without a trailing deadline: "Website live schalten bis 30.06."."""
    stripped = text.strip().rstrip(".!;:")
    stripped = re.sub(r"\s*\([^()]*\)$", "", stripped)  # "(bonusrelevant)", "(Q3)"
    match = _TIME_TAIL_RE.search(stripped)
    # Only a tail that ends in a date or a time word: "im Herbst veranstalten" ends in a verb.
    tail_end = match.group(0).split()[-1] if match and match.group(0).split() else ""
    if match and match.start() > 0 and _TIME_WORDS_RE.search(tail_end):
        stripped = stripped[: match.start()]
    return stripped.strip().rstrip(".!;:,")


def _has_deal(words: list[_Token]) -> bool:
    return any(_ends_with_any(w.lower, lx.DE_DEAL_HEADS) for w in words)


def _has_threshold(words: list[_Token]) -> bool:
    return any(w.lower in lx.EN_THRESHOLD_WORDS for w in words)


def _holds_talks(words: list[_Token]) -> bool:
    """ "führen" with talks, interviews or workshops as its object is an activity
    ("Erstgespräche führen"); otherwise it leads ("den Markt anführen", "zu mehr Umsatz
    führen")."""
    for index, word in enumerate(words):
        if word.capitalised and _ends_with_any(word.lower, lx.DE_CONVERSATION_HEADS):
            before = words[index - 1].lower if index else ""
            if before not in ("zu", "zum", "zur"):
                return True
    return False


# A value tail after a colon or dash: "Vertriebsmitarbeitende schulen: von 0 auf 5".
_VALUE_TAIL_RE = re.compile(
    r"\s*[:–—-]\s*(?:von|from)\s+[+-]?\d[\d.,]*\s*(?:%|\S+)?\s+(?:auf|to|bis)\s+[+-]?\d[\d.,]*"
    r"(?:\s*\S+)?$",
    re.IGNORECASE,
)


def _de_verb_task(words: list[_Token], core: str) -> str | None:
    """German activity verbs: verb-final infinitives or participles ("Kundenportal
    freischalten", "CRM eingeführt"), "live schalten", split separable verbs ("Wir führen
    das CRM ein"), "Wir veranstalten ...", and "Starten Sie ..." imperatives.
    """
    go_live = lx.DE_GO_LIVE_RE.search(core.lower())
    if go_live:
        # quote it as written ("Go-Live"), unless lowercasing changed the length
        same = len(core.lower()) == len(core)
        return core[go_live.start() : go_live.end()] if same else go_live.group(0)
    if not words:
        return None
    last = words[-1]
    if last.lower in ("führen", "geführt") and _holds_talks(words[:-1]):
        return last.text  # "Interviews mit 10 Pilotkunden führen"
    if not last.capitalised or len(words) == 1:
        low = last.lower
        if low in lx.DE_ACTIVITY_INFINITIVES or low in lx.DE_ACTIVITY_PARTICIPLES:
            if low in ("abschließen", "abgeschlossen") and _has_deal(words[:-1]):
                return None  # "30 Wartungsverträge abgeschlossen" is a result
            if low in ("halten", "gehalten") and _has_threshold(words):
                return None  # "Ausfallrate unter 2 % halten" is a result
            if low in ("live", "online", "fertig") and len(words) == 1:
                return None
            if _measured_result(core):
                return None  # "Zwei Drittel der Angebote in 24 Stunden verschickt"
            return last.text
        if low in lx.DE_PARTICLES:
            for word in words[:-1]:
                if not word.capitalised and low + word.lower in lx.DE_ACTIVITY_INFINITIVES:
                    return f"{word.text} … {last.text}"
    first = words[0].lower
    if first == "wir" and len(words) > 1 and words[1].lower in lx.DE_ACTIVITY_INFINITIVES:
        return words[1].text
    if len(words) > 1 and words[1].text == "Sie" and first in lx.DE_ACTIVITY_INFINITIVES:
        return words[0].text
    return None


_DE_LEADING_WORDS = lx.words(
    "die der das den eine ein erfolgreiche erfolgreicher vollständige termingerechte "
    "pünktliche fristgerechte"
)


def _telegram_object(following: _Token | None, core: str) -> bool:
    """Telegram style without an article: "Roll-out SSO", "Einführung Ticketsystem bis Q2".

    An abbreviation after the activity noun always is its object; a capitalised noun only
    when the statement has no figure of its own ("Umstellung Lohnabrechnung", but not
    "Entwicklung Umsatz 4 Mio. €")."""
    if following is None or not following.text[:1].isalpha():
        return False
    if following.text.isupper() and len(following.text) > 1:
        return True
    return following.capitalised and not any(n.kind == "metric" for n in _numbers(core))


def _de_nominal_task(words: list[_Token], core: str = "") -> str | None:
    """German nominalised activities at the start: "Einführung eines Ticketsystems",
    "Migration der Finanzbuchhaltung", "Kick-off mit den Pilotkunden", "CRM-Einführung bis
    Q2", "Roll-out SSO für alle Tools"."""
    content = list(words)
    while content and content[0].lower in _DE_LEADING_WORDS:
        content.pop(0)
    if not content:
        return None
    head = content[0]
    low = head.lower
    following = content[1].lower if len(content) > 1 else ""
    if low in lx.DE_ACTIVITY_NOUNS and (
        not following or following in lx.DE_NOMINAL_FOLLOWERS or _telegram_object(content[1], core)
    ):
        if low in ("abschluss",) and _has_deal(content[1:]):
            return None  # "Abschluss von 30 Wartungsverträgen" is a result
        if len(content) > 1 and following not in lx.DE_NOMINAL_FOLLOWERS:
            return f"{head.text} {content[1].text}"  # telegram style: "Einführung Ticketsystem"
        return head.text  # "Einführung", not "Einführung eines"
    compound = "-" in low or len(low) > 12
    if (
        compound
        and _ends_with_any(low, lx.DE_ACTIVITY_NOUN_HEADS)
        and low not in lx.DE_ACTIVITY_NOUNS
    ):
        return head.text
    return None


def _count_head(text: str, number: _Number, lang: str) -> _Token | None:
    """The noun a number counts: "3 E-Mail-Newsletter versenden" → "E-Mail-Newsletter"."""
    after = _tokens(text[number.end :], limit=4)
    if lang == "de":
        for word in after:
            if word.capitalised and word.text[:1].isalpha():
                return word
            if not word.text[:1].isalpha() or word.lower in lx.DE_FUNCTION_WORDS:
                return None
        return None
    head = None
    for word in after:
        if (
            not word.text[:1].isalpha()
            or word.lower in lx.EN_NOMINAL_FOLLOWERS
            or word.lower
            in (
                "per",
                "each",
                "a",
                "and",
                "or",
                "from",
                "up",
                "by",
                "within",
                "across",
            )
        ):
            break
        if word.lower.endswith("ed") and head is not None:
            break
        head = word
    return head


_EN_OUTPUT_PHRASE_RE = re.compile(
    r"\b(?:training|coaching|feedback|discovery|strategy|sales|customer|onboarding|cold|"
    r"prospecting|on-site|onsite)\s+(?:sessions|calls|visits)\b|\blanding\s+pages\b|\btrade\s+fairs?\b",
    re.IGNORECASE,
)


def _qualified_count(text: str, number: _Number, head: _Token) -> bool:
    """ "25 qualified meetings", "12 bestätigte Kundentermine": a qualifier between the
    number and what it counts makes the count someone else's decision (a prospect accepts,
    sales qualifies), so it measures a result of the funnel, not the team's own activity."""
    # _count_head reads the text after the number: its tokens' offsets start there.
    between = _words(text[number.end : number.end + head.start])
    return any(w.lower in lx.COUNT_QUALIFIERS for w in between)


def _output_count(text: str, lang: str) -> str | None:
    """A count of outputs: "12 Blogartikel", "5 workshops with distributors".

    Left alone when the statement changes a number from a baseline ("Webinar-Teilnehmer
    von 40 auf 120") or counts people and results, not things made.
    """
    if lx.BASELINE_RE.search(text):
        return None
    for number in _numbers(text):
        if number.kind != "metric" or _PERCENT_AFTER_RE.match(text, number.end):
            continue
        head = _count_head(text, number, lang)
        if head is None or _qualified_count(text, number, head):
            continue
        if lang == "de":
            if _ends_with_any(head.lower, lx.DE_OUTPUT_HEADS) or head.lower in lx.EN_OUTPUT_HEADS:
                return f"{number.text} {head.text}"
        elif head.lower in lx.EN_OUTPUT_HEADS:
            return f"{number.text} {head.text}"
    phrase = _EN_OUTPUT_PHRASE_RE.search(text)
    if phrase and _numbers(text):
        return phrase.group(0)
    return None


_EN_MILESTONE_RE = re.compile(
    r"\b(?:is|are|goes|go|went|gone)\s+live\b|\bin\s+place$|\bup\s+and\s+running$|"
    r"\b(?:set|rolled|signed|kicked)\s+(?:up|out|off)$|\bgo[- ]live\b|\bsigned[- ]off$",
    re.IGNORECASE,
)
_EN_LAST_NOUNS = lx.words(
    "launch relaunch rollout roll-out go-live migration implementation kickoff kick-off setup "
    "overhaul redesign introduction completion upgrade certification"
)


def _starts_with_number(text: str, position: int) -> bool:
    return bool(re.match(r"\s*[+-]?\d", text[position:]))


_SHARE_RE = re.compile(
    r"\d\s?(?:%|prozent|percent|per\s+cent)\s+(?:of|der|des|aller|unserer|our|all)\b"
    r"|\b(?:drittel|hälfte|viertel|third|thirds|half|quarter|quarters)\s+(?:of|der|des|aller)\b"
    r"|\b\d+\s+(?:von|of|out\s+of)\s+\d+\b"
    # "Anteil", "Fehlerquote", "Konversionsrate", "rate" (not "migrate" or "generate");
    # from a word's start, or one long word is tried from each of its letters (quadratic)
    r"|\b\w*(?:anteil|quote)\b|\brates?\b|-rate\b|\b\w{3,}[snlrfh]rate\b|\bshare\s+of\b",
    re.IGNORECASE,
)


def _measures_a_share(text: str) -> bool:
    """ "Deliver 98 % of orders on time", "Zwei Drittel der Angebote ... verschickt": an
    activity verb over a share of cases is a result (a rate), not a task."""
    return bool(_SHARE_RE.search(text))


_DURATION_RE = re.compile(
    r"\b(?:in|within|under|below|innerhalb(?:\s+von)?|binnen|unter|max\.?|maximal|höchstens|"
    r"in\s+(?:under|less\s+than|weniger\s+als))\s+(?:[<≤]\s*)?\d[\d.,]*\s*"
    r"(?:(?:statt|anstatt|instead\s+of|rather\s+than|vs\.?)\s+\d[\d.,]*\s*)?"
    r"(?:working\s+|business\s+|calendar\s+)?"
    r"(?:minutes?|min|hours?|hrs?|h|days?|d|weeks?|wks?|months?|"
    r"minuten|stunden|std\.?|tagen?|arbeitstagen?|werktagen?|wochen|monaten?)\b",
    re.IGNORECASE,
)
_RECURRING_RE = re.compile(
    r"\b(?:each|every|per|average|avg|median|mean|typical|all|"
    r"jede[rsnm]?|alle|pro|je|durchschnittlich\w*|im\s+schnitt|mittlere\w*|ø)\b"
    r"|\b(?:month|quarter|year|week|day)[- ]end\b|\b(?:monthly|weekly|daily|quarterly)\b"
    r"|\b(?:monats|quartals|jahres|wochen|tages)\w+|\b(?:monatlich|wöchentlich|täglich)\w*",
    re.IGNORECASE,
)


def _measures_a_duration(text: str) -> bool:
    """ "Month-end close done in 5 working days instead of 9", "Angebote im Schnitt innerhalb
    von 2 Tagen verschickt": how long a recurring piece of work takes is a result (a cycle
    time), not a task. Recurring means compared with an earlier value ("statt 9", "from ...
    to ...") or said of every case ("each", "average", "Monatsabschluss"); a one-off
    project with a duration ("Website launched within 6 weeks") stays a task."""
    if not _DURATION_RE.search(text):
        return False
    return bool(lx.BASELINE_RE.search(text) or _RECURRING_RE.search(text))


def _measured_result(text: str) -> bool:
    """An activity word over a measured share or a cycle time still states a result."""
    return _measures_a_share(text) or _measures_a_duration(text)


_EN_PASSIVE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|gets?|got)\s+(?:\w+ly\s+)?(?:fully\s+|successfully\s+)?"
    r"(?P<participle>[a-z][\w\-]*ed|built|written|held|done|set|shut|run|sent|made|begun|put)"
    r"(?:\s+(?P<particle>out|up|off|down|in|over|live))?\b",
    re.IGNORECASE,
)


_EN_PASSIVE_RESULTS = lx.words("live ready place running delivered shipped done")


def _en_passive_task(core: str) -> str | None:
    """English passive milestones anywhere: "The new CRM is rolled out to all regions",
    "SSO is implemented for all tools", "v1 API gets decommissioned in Q3"."""
    for match in _EN_PASSIVE_RE.finditer(core):
        participle = match.group("participle").lower()
        particle = (match.group("particle") or "").lower()
        if participle in ("rolled", "set", "kicked", "phased", "shut", "switched", "turned"):
            if particle:
                return match.group(0)
            continue
        # "live", "ready" are states; "delivered", "shipped" describe orders (results).
        if participle in lx.EN_ACTIVITY_PARTICIPLES and participle not in _EN_PASSIVE_RESULTS:
            return match.group(0)
    return None


def _en_event_phrase(core_words: list[_Token]) -> str | None:
    """An event or meeting as the head of the leading noun phrase: "Partner kick-off in
    Munich", "Quarterly business review with the top 10 accounts", "Leadership offsite"."""
    phrase: list[_Token] = []
    for word in core_words:
        if word.lower in _EN_NP_STOP:
            break
        phrase.append(word)
    if not 1 < len(phrase) <= 4:
        return None
    last_two = "-".join(w.lower for w in phrase[-2:])  # "town hall", "go live"
    if phrase[-1].lower in lx.EN_EVENT_NOUNS or last_two in lx.EN_EVENT_NOUNS:
        return " ".join(w.text for w in phrase)
    return None


def _en_task(words: list[_Token], core: str, text: str) -> str | None:
    """English activities: an imperative or "-ing" activity verb first ("Launch", "Hold 5
    workshops", "Migrating"), a nominal activity ("Launch of", "Migration to"), or a
    milestone at the end ("Website launched", "portal is live")."""
    milestone = _EN_MILESTONE_RE.search(core)
    if milestone:
        return milestone.group(0)
    if not _measured_result(text):
        passive = _en_passive_task(core)
        if passive:
            return passive
    core_words = _words(core)
    if not core_words:
        return None
    index = _en_skip_subject(core_words)
    if index < len(core_words):
        first = core_words[index]
        following = core_words[index + 1].lower if index + 1 < len(core_words) else ""
        low = first.lower
        verb = low if low in lx.EN_ACTIVITY_VERBS else _en_ing_stem(low)
        if verb is not None and verb in lx.EN_ACTIVITY_VERBS:
            particles = lx.EN_PHRASAL.get(verb)
            if particles is not None:
                if following in particles:
                    return f"{first.text} {core_words[index + 1].text}"
                if verb in ("hire", "recruit") and following in ("a", "an", "the", "our"):
                    return first.text  # one hire is a milestone; a count of hires a result
            else:
                # "Hold churn below 2 %" and "Deliver 98 % of orders" are results; "Open
                # invoices" is no imperative (an ambiguous verb needs an object after it).
                result_like = (verb in ("hold", "keep", "run") and _has_threshold(core_words)) or (
                    _measured_result(text)
                )
                imperative = verb not in lx.EN_ACTIVITY_AMBIGUOUS or (
                    following in lx.EN_OPENERS_AFTER_VERB or _starts_with_number(core, first.end)
                )
                if imperative and not result_like:
                    return first.text
        nominal = low in lx.EN_ACTIVITY_NOUNS and (
            not following or following in lx.EN_NOMINAL_FOLLOWERS
        )
        if nominal and not _measured_result(text) and (following or low != "design"):
            return first.text  # "Migration", not "Migration to"
    if _measured_result(text):
        return None
    event = _en_event_phrase(core_words)
    if event:
        return event
    last = core_words[-1].lower
    if len(core_words) > 1 and (last in lx.EN_ACTIVITY_PARTICIPLES or last in _EN_LAST_NOUNS):
        return core_words[-1].text
    return None


def _milestone_activity(words: list[_Token]) -> str | None:
    """For a `milestone` key result, an activity word anywhere makes it a task."""
    for word in words:
        low = word.lower
        if (
            low in lx.DE_ACTIVITY_INFINITIVES
            or low in lx.DE_ACTIVITY_PARTICIPLES
            or low in lx.DE_ACTIVITY_NOUNS
            or low in lx.EN_ACTIVITY_VERBS
            or low in lx.EN_ACTIVITY_PARTICIPLES
            or low in lx.EN_ACTIVITY_NOUNS
            or _ends_with_any(low, lx.DE_ACTIVITY_NOUN_HEADS)
        ):
            return word.text
    return None


def _task(text: str, lang: str, metric: str | None) -> str | None:
    """KR_IS_TASK: the activity, milestone or output the key result names, if it is one."""
    core = _strip_time_tail(_VALUE_TAIL_RE.sub("", text.strip().rstrip(".!;:")) or text)
    words = _words(core)
    found: str | None
    if lang == "de":
        found = _de_verb_task(words, core)
        if found is None and not _measured_result(text):
            found = _de_nominal_task(words, core)
        # German statements borrow English activity phrases ("Go-live", "Launch").
        if found is None and _looks_english_start(words):
            found = _en_task(words, core, text)
    else:
        found = _en_task(words, core, text)
    found = found or _output_count(text, lang)
    if found is None and metric == "milestone":
        found = _milestone_activity(words)
    return found


_EN_NP_STOP = lx.words(
    "of to for with in on at by from and or the a an per is are will that which across within "
    "into as"
)


def _deliverable(text: str, lang: str) -> str | None:
    """A key result that only names a thing to make: "Konzept für ein Partnerprogramm",
    "Neues CRM", "Customer satisfaction survey" (its head noun is a deliverable).

    Only asked when there is no number, no vague word and no structured target.
    """
    words = _words(_strip_time_tail(text))
    if not words:
        return None
    if lang == "de":
        index = 0
        # Skip a sentence-initial adjective: "Neues CRM", "Einheitlicher Leitfaden".
        if (
            len(words) > 1
            and words[1].capitalised
            and re.search(r"(?:e|es|er|en|em)$", words[0].lower)
            and not _ends_with_any(words[0].lower, lx.DE_DELIVERABLE_HEADS)
        ):
            index = 1
        head = words[index]
        if head.capitalised and (
            _ends_with_any(head.lower, lx.DE_DELIVERABLE_HEADS)
            or head.lower in lx.EN_DELIVERABLE_HEADS
        ):
            return head.text
        return None
    phrase: list[_Token] = []
    for word in words:
        if word.lower in _EN_NP_STOP:
            break
        phrase.append(word)
    if phrase and len(phrase) <= 4:
        last = phrase[-1].lower
        tail = last.rsplit("-", 1)[-1]  # "Ferndiagnose-Portal", "self-service-app"
        if (
            last in lx.EN_DELIVERABLE_HEADS
            or last in _EN_LAST_NOUNS
            or tail in lx.EN_DELIVERABLE_HEADS
        ):
            return " ".join(w.text for w in phrase)
    return None


def _looks_english_start(words: list[_Token]) -> bool:
    return (
        bool(words)
        and words[0].lower in lx.EN_ACTIVITY_VERBS
        and words[0].lower not in lx.DE_FUNCTION_WORDS
    )


# ------------------------------------------------------------------ key results: measure


def _vague_terms(text: str, lang: str) -> list[str]:
    """Words that promise a change without saying how much ("deutlich", "improve", "Image")."""
    found: list[str] = []
    for word in _words(text):
        low = word.lower
        listed = low in lx.DE_VAGUE_WORDS or low in lx.EN_VAGUE_WORDS or low in lx.EN_ABSTRACT_WORDS
        if listed or (len(low) > 4 and _ends_with_any(low, lx.DE_ABSTRACT_HEADS)):
            found.append(word.text)
    return found


# After a percentage: a comparison with an earlier period ("15 % über Vorjahr", "YoY").
_RELATIVE_TAIL_RE = re.compile(
    r"\s*(?:year[- ](?:over|on)[- ]year|yoy|y/y|qoq|mom|im\s+vorjahresvergleich|"
    r"(?:gegenüber|über|unter|im\s+vergleich\s+zu|vs\.?|versus|compared\s+(?:to|with)|over|above|"
    r"below)\s+(?:dem\s+|the\s+|last\s+|previous\s+|prior\s+)?"
    r"(?:vorjahr|vorquartal|vormonat|year|quarter|month|last|previous|prior|the\s+previous))",
    re.IGNORECASE,
)


def _unmeasured_thing(text: str, lang: str) -> str:
    """The abstract thing a vague key result promises to change, for the message: "brand
    awareness" in "Increase brand awareness", "Kundenbindung" in "Steigerung der
    Kundenbindung"; "" when there is none."""
    words = _words(text)
    for index, word in enumerate(words):
        low = word.lower
        if lang == "de" and len(low) > 4 and _ends_with_any(low, lx.DE_ABSTRACT_HEADS):
            return word.text
        if lang == "en" and low in lx.EN_ABSTRACT_WORDS:
            # the noun phrase it ends: "customer satisfaction", "brand awareness"
            end = index
            while end + 1 < len(words) and words[end + 1].lower in lx.EN_ABSTRACT_WORDS:
                end += 1
            begin = index
            while (
                begin > 0
                and index - begin < 2
                and words[begin - 1].lower.isalpha()
                and words[begin - 1].lower not in _EN_NP_STOP
                and words[begin - 1].lower not in lx.SELECTION_DETERMINERS
                and words[begin - 1].lower not in lx.EN_VAGUE_WORDS
                and words[begin - 1].lower not in lx.EN_DIRECTION_VERBS
                and words[begin - 1].lower not in lx.EN_STATE_WORDS
                and text[words[begin - 1].end : words[begin].start].strip() == ""
            ):
                begin -= 1
            return text[words[begin].start : words[end].end]
    return ""


def _vague_modifiers(text: str) -> list[str]:
    """The vague verbs and comparatives alone ("verbessern", "better"), not abstract nouns."""
    return [
        w.text for w in _words(text) if w.lower in lx.DE_VAGUE_WORDS or w.lower in lx.EN_VAGUE_WORDS
    ]


def _relative_percent(text: str) -> str | None:
    """A relative percentage: "um 10 %", "by 20 %", "+8 %", "10 % more", "20 % YoY"."""
    for number in _numbers(text):
        if number.kind != "metric":
            continue
        percent = _PERCENT_AFTER_RE.match(text, number.end)
        if not percent:
            continue
        figure = text[number.start : percent.end()].strip()
        if number.signed or re.search(r"punkte?\b|points?\b|\bpp\b", percent.group(0), re.I):
            return figure
        before = [w.lower for w in _tokens(text[: number.start])][-4:]
        while before and before[-1] in lx.RELATIVE_FILLERS and before[-1] not in lx.RELATIVE_BEFORE:
            before.pop()
        if before and before[-1] in lx.RELATIVE_BEFORE:
            return figure
        after = [w.lower for w in _tokens(text[percent.end() :], limit=3)]
        if after and (
            (after[0] in lx.RELATIVE_AFTER and after[0] not in ("over", "im", "gegenüber"))
            or _ends_with_any(after[0], lx.RELATIVE_AFTER_COMPOUND)
        ):
            return figure
        if _RELATIVE_TAIL_RE.match(text, percent.end()):
            return figure
        # "Increase revenue 25 %", "Umsatz 10 % steigern": a bare percentage with a change verb.
        words_before = _words(text[: number.start])
        if (
            words_before
            and words_before[-1].lower not in lx.ABSOLUTE_BEFORE
            and any(w.lower in lx.CHANGE_VERBS for w in _words(text))
        ):
            return figure
    return None


def key_result_issues(
    title: str,
    *,
    metric: str | None = None,
    start: float | None = None,
    target: float | None = None,
    unit: str = "",
    lang: str | None = None,
) -> list[TextIssue]:
    """KR_NOT_MEASURABLE, KR_IS_TASK, KR_PERCENT_NO_BASE, BONUS_LINK, TOO_LONG for a key result.

    `metric`/`start`/`target`/`unit` are the structured fields when known (None: only the
    text is known, as in the labelled set's text-only items).
    """
    text = " ".join(str(title or "").split())
    if not text:
        return []
    language = _lang(text, lang)
    issues: list[TextIssue] = []
    activity = _task(text, language, metric)
    structured = metric in MEASURED_METRICS and target is not None
    output = None
    if (
        activity is None
        and not structured
        and not _quantities(text, ranks=True)
        and not _vague_modifiers(text)
    ):
        output = _deliverable(text, language)
    if activity is not None or output is not None or metric == "milestone":
        if activity is not None:
            message = _("“%(activity)s” is an activity, milestone or output, not a result.") % {
                "activity": activity
            }
        elif output is not None:
            message = _("“%(output)s” is an output (something you build), not a result.") % {
                "output": output
            }
        else:
            # A milestone on purpose: no number is missing, the result is.
            message = _(
                "A milestone (done or not) is not a result: what should it change for "
                "customers, colleagues or the business?"
            )
        issues.append(
            TextIssue(
                "KR_IS_TASK",
                message,
                _(
                    "Put “%(title)s” under the actions and ask what it should change, and by "
                    "how much: that change, from where you are to where you want to be, is the "
                    "key result."
                )
                % {"title": text},
            )
        )
    else:
        measurable, vague = _measurability(text, language, metric=metric, target=target, unit=unit)
        if not measurable:
            thing = _unmeasured_thing(text, language)
            if thing:
                message = _(
                    "“%(thing)s” has no number: nothing says how much it should change."
                ) % {"thing": thing}
            elif vague:
                message = _("“%(word)s” is vague, and there is no number to measure.") % {
                    "word": vague
                }
            else:
                message = _("There is no number to measure progress by.")
            issues.append(
                TextIssue(
                    "KR_NOT_MEASURABLE",
                    message,
                    _(
                        "Say what you count, from what to what, e.g. “Raise aided brand awareness "
                        "in the target group from %(start)s to %(target)s”."
                    )
                    % {"start": "18 %", "target": "25 %"},
                )
            )
        elif start is None and not lx.BASELINE_RE.search(text):
            percent = _relative_percent(text)
            if percent is not None:
                issues.append(
                    TextIssue(
                        "KR_PERCENT_NO_BASE",
                        _("“%(percent)s” is a change without a starting point.")
                        % {"percent": percent},
                        _(
                            "Write the real numbers, from what to what, e.g. “from 1,200 to "
                            "1,380 orders a month” instead of “%(percent)s”."
                        )
                        % {"percent": percent},
                    )
                )
    for issue in (_bonus_issue(text, language), _length_issue(text)):
        if issue is not None:
            issues.append(issue)
    return issues


def _measurability(
    text: str, lang: str, *, metric: str | None, target: float | None, unit: str
) -> tuple[bool, str]:
    """KR_NOT_MEASURABLE: (measurable?, the vague word found, or "").

    A number in the text (or a number word, a rank) makes a key result measurable. Without
    one, structured increase/decrease/range fields with a target do, unless the text is
    vague and no unit says what is counted ("Improve team morale", 1 → 2).
    """
    vague = _vague_terms(text, lang)
    if _quantities(text, ranks=True):
        return True, ""
    if metric in MEASURED_METRICS and target is not None:
        if vague and not (unit or "").strip():
            return False, vague[0]
        return True, ""
    return False, vague[0] if vague else ""
