"""Alignment suggestions: which objectives above an objective it most likely supports.

Pure Python, German and English, no model. Each title is normalised (lower case,
ä→ae, ß→ss, no digits or punctuation), stripped of stop words and of the verbs every OKR
uses (steigern, verbessern, increase, improve, ...), lightly stemmed, and cut into
character n-grams of 4 and 5 letters per word. The n-grams are what lets a German compound
match its parts: “Neukundengewinnung” shares “kund”, “gewinn” with “neue Kunden
gewinnen”. The n-grams are weighted by TF-IDF over the candidates (an n-gram that every
candidate has says little) and compared by cosine similarity.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# 4 and 5 letters: long enough that unrelated words rarely share one (3-grams such as
# "ten" or "ung" matched almost everything), short enough to find "kund" in "Neukunden".
NGRAM_SIZES = (4, 5)

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Anything that is not a plain letter (after the umlauts are spelled out) separates words;
# digits go too, since "Q3" or "2027" say nothing about what an objective is about.
_NON_LETTERS = re.compile(r"[^a-z]+")

# Function words, and the words almost every objective uses (so they say nothing about
# which parent it belongs to). All already normalised (ae, oe, ue, ss).
_STOPWORD_TEXT = """
    der die das den dem des ein eine einen einem einer eines und oder aber fuer mit von
    vom zu zum zur auf in im ins an am bei beim aus nach ueber unter durch als wie so um
    wir unser unsere unseren unserem unserer unseres uns ist sind wird werden wurde sein
    haben hat hatte es sich dass nicht auch noch nur sehr alle allen aller jeder jede
    jedes damit gegen ohne zwischen bis seit dieses diese dieser diesem noch schon man
    steigern erhoehen verbessern senken reduzieren verringern ausbauen staerken optimieren
    erreichen schaffen machen sicherstellen foerdern weiterentwickeln entwickeln
    steigerung erhoehung verbesserung senkung reduzierung optimierung staerkung ausbau
    deutlich spuerbar nachhaltig besser bessere besseren mehr weniger hoeher hoehere
    ziel ziele zielen okr okrs quartal jahr
    the a an and or but for with of to in on at by from into onto over under as than
    our we us is are be been being will shall can this that these those its it their
    all every each also only very more less better best most
    increase increasing improve improving grow growing reduce reducing raise raising
    boost boosting strengthen achieve achieving drive driving deliver enhance optimize
    optimise ensure make making become becoming get getting significantly substantially
    goal goals objective objectives okr key result results quarter year
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Suffixes removed from words of more than five letters, longest first: enough to make
# "zufriedene"/"Zufriedenheit" or "customers"/"customer" meet, not a real stemmer.
_SUFFIXES = (
    "ungen",
    "heit",
    "keit",
    "ung",
    "ing",
    "ers",
    "en",
    "er",
    "es",
    "ed",
    "ly",
    "e",
    "s",
    "n",
)


@dataclass(frozen=True)
class Suggestion:
    index: int  # into the candidates given
    score: float  # 0..1


def _stem(word: str) -> str:
    if len(word) <= 5:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    """The content words of a title: normalised, without stop words, lightly stemmed."""
    normalised = _NON_LETTERS.sub(" ", text.lower().translate(_UMLAUTS))
    return [_stem(w) for w in normalised.split() if len(w) > 1 and w not in _STOPWORDS]


def features(text: str) -> Counter[str]:
    """Character n-grams of the content words.

    A word's start is marked ("_kund") so that whole words weigh a little more than the
    same letters inside a compound; its end is not, since endings vary with inflection.
    """
    grams: Counter[str] = Counter()
    for word in words(text):
        padded = f"_{word}"
        if len(padded) < NGRAM_SIZES[0]:
            grams[padded] += 1  # "it", "hr": the whole short word
        for size in NGRAM_SIZES:
            for at in range(len(padded) - size + 1):
                grams[padded[at : at + size]] += 1
    return grams


def _weighted(grams: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    # Sublinear term frequency: a word repeated in a title should not dominate it.
    return {g: (1.0 + math.log(n)) * idf.get(g, 0.0) for g, n in grams.items() if g in idf}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(g, 0.0) for g, w in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return min(1.0, dot / norm) if norm else 0.0


def suggest_parents(
    text: str, candidates: Sequence[str], *, limit: int = 3, min_score: float = 0.1
) -> list[Suggestion]:
    """The candidates most similar to `text`, best first (German and English).

    Only candidates scoring at least `min_score` (and above 0) are returned, at most
    `limit` of them; equal scores keep the candidates' order.
    """
    if limit <= 0 or not candidates:
        return []
    query = features(text)
    if not query:
        return []
    candidate_grams = [features(c) for c in candidates]
    document_frequency: Counter[str] = Counter()
    for grams in candidate_grams:
        document_frequency.update(grams.keys())
    total = len(candidates)
    # Smoothed IDF (always > 0): an n-gram in every candidate still counts a little, so
    # that a single candidate, or identical ones, can be suggested.
    idf = {g: math.log((1 + total) / (1 + n)) + 1.0 for g, n in document_frequency.items()}
    query_vector = _weighted(query, idf)
    scored = [
        Suggestion(index=i, score=round(_cosine(query_vector, _weighted(grams, idf)), 4))
        for i, grams in enumerate(candidate_grams)
    ]
    kept = [s for s in scored if s.score > 0 and s.score >= min_score]
    kept.sort(key=lambda s: (-s.score, s.index))
    return kept[:limit]
