"""Existing ideas that resemble one being written, so that its author can support or comment
instead of posting a duplicate, and correspondents can merge duplicates in the queue.

Only ideas every employee may find are suggested (ideas.selectors.public_ideas): never
drafts, ideas awaiting validation, hidden or merged ones.

On PostgreSQL the database does the work: trigram similarity of the titles (pg_trgm, GIN
index on the unaccented title, see migration 0009) plus the full-text rank of the
written words on each idea's stored search vector (French and English stemming, see
ideas.search), among the ideas that match either way.

Elsewhere (SQLite) the same idea in Python: words folded (case, accents), stop words
dropped, lightly stemmed, weighted by rarity among the candidates, the title counting
double; plus the character-trigram overlap of the titles. The candidates are the most
recent public ideas, at most MAX_CANDIDATES, whose words are indexed in memory between
calls (re-read when an idea's updated_at changes), so a call reads ids and dates, then
scores only the ideas that share a word or a title trigram with the text.
"""

import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import CharField, Count, F, FloatField, Func, Max, Q, Sum, Value
from django.db.models.functions import Substr

from .models import Idea
from .selectors import public_ideas

MAX_TITLE = 160
MAX_BODY = 600  # the start of a description says what it is about
MAX_WORDS = 16
MAX_CANDIDATES = 5000
# Below these scores an idea shares no more than common words with the text.
MIN_SCORE_POSTGRES = 0.12
MIN_SCORE_PYTHON = 0.12
# How much the title's trigrams count against the words.
TRIGRAM_WEIGHT_POSTGRES = 1.0
TRIGRAM_WEIGHT_PYTHON = 0.5

STOP_WORDS = frozenset("""
a au aux avec ce ces cela celle celles celui ceux chaque comme dans de des du elle elles en
entre est et etre eux il ils je la le les leur leurs lui mais meme mes moi mon ne nos notre
nous on ou par pas peu plus pour qu que qui sa sans se ses si son sont sous sur ta te tes toi
ton tous tout toute toutes tres tu un une vos votre vous y ete etait sera serait seraient
faire fait ferait feraient permettrait permettraient aurait pourrait cette afin ainsi alors
aussi autre autres avant apres bien car deja donc dont encore enfin ici jamais la lors moins
parce parfois plusieurs souvent trop puis quand quelques selon tant tel telle toujours
a about above after again all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just me more
most my no nor not now of off on once only or other our ours out over own same she should
so some such than that the their theirs them then there these they this those through to
too under until up very was we were what when where which while who whom why will with
would you your yours instead every many much one would make made new use using get
""".split())

WORD = re.compile(r"[a-z0-9]+")
# Light stemming shared by French and English: the longest matching ending goes (twice), as
# long as four letters remain; then words are cut to their first seven letters.
SUFFIXES = sorted("""
ations ation ements ement ments ment euses euse eurs eur ites ite iques ique ives ive ifs if
ables able ibles ible ances ance ences ence ismes isme istes iste ages age ees ee es er ez
ait aient ant ants ante antes ions ing ings ed ly ness s x e
""".split(), key=len, reverse=True)
STEM_LENGTH = 7


LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})


def fold(text: str) -> str:
    """Lower case without accents: "Cœur d'Été" → "coeur d'ete" (as PostgreSQL's unaccent)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower().translate(LIGATURES))
    return decomposed.encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    # Twice, so that a plural and its singular meet ("printers", "printer" → "print").
    for _round in range(2):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
    return word[:STEM_LENGTH]


def words(text: str) -> list[str]:
    """The significant words of `text`, folded, in order, each once."""
    seen = {}
    for word in WORD.findall(fold(text)):
        if len(word) > 2 and word not in STOP_WORDS and not word.isdigit():
            seen.setdefault(word, None)
    return list(seen)


def stems(text: str) -> set[str]:
    return {stem(word) for word in words(text)}


def trigrams(text: str) -> set[str]:
    """Character trigrams of each word, padded as pg_trgm does."""
    grams = set()
    for word in WORD.findall(fold(text)):
        padded = f"  {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return grams


def similar_ideas(title: str, body: str = "", *, viewer, limit: int = 5, exclude=None) -> list[Idea]:
    """Up to `limit` public ideas resembling the `title` (and `body`) being written, best
    first, with their theme. `exclude`: an idea or idea id (the one being edited), or
    several. `viewer` is who reads the suggestions (they only ever see public ideas)."""
    found = [pk for pk, _score in similar_idea_scores(title, body, limit=limit, exclude=exclude)]
    ideas = Idea.objects.select_related("theme").in_bulk(found)
    return [ideas[pk] for pk in found if pk in ideas]


def similar_idea_scores(title: str, body: str = "", *, limit: int = 5, exclude=None) -> list[tuple[int, float]]:
    """(id, score) of up to `limit` public ideas resembling the text, best first: what a
    caller keeps (the moderation queue stores each submitted idea's list)."""
    # NUL characters cannot reach PostgreSQL: they become spaces like other control ones.
    title = " ".join((title or "").replace("\x00", " ").split())[:MAX_TITLE]
    body = " ".join((body or "").replace("\x00", " ").split())[:MAX_BODY]
    if not words(title) and len(words(body)) < 3:
        return []
    excluded = _ids(exclude)
    if connection.vendor == "postgresql":
        return _postgres(public_ideas().exclude(pk__in=excluded), title, body, limit)
    return _python(public_ideas(), title, body, limit, excluded)


def _ids(exclude) -> set[int]:
    if exclude is None:
        return set()
    if isinstance(exclude, (list, tuple, set, frozenset)):
        return {getattr(item, "pk", item) for item in exclude if item is not None}
    return {getattr(exclude, "pk", exclude)}


# --- PostgreSQL ---------------------------------------------------------------------------

class Similarity(Func):
    function = "similarity"
    output_field = FloatField()


def _postgres(queryset, title: str, body: str, limit: int) -> list[tuple[int, float]]:
    title_words = words(title)
    query_words = (title_words + [w for w in words(body) if w not in title_words])[:MAX_WORDS]
    folded_title = fold(title)
    # The expression the trigram index is built on (migration 0009).
    unaccented = Func(F("title"), function="ideas_unaccent", output_field=CharField())
    queryset = queryset.alias(unaccented_title=unaccented)
    # Candidates: the ideas sharing a stemmed word with the text (GIN index on the stored
    # vector), scored by title trigrams and word rank. OR-ing the trigram match into this
    # filter made PostgreSQL compute the unaccented title of every public idea (140 ms at
    # 3,600 ideas under load); the trigram index is asked separately below, when words
    # found fewer than `limit` ideas (a typo, a word cut while typing).
    text = " or ".join(query_words)
    tsquery = SearchQuery(text, config="french", search_type="websearch") | SearchQuery(
        text, config="english", search_type="websearch"
    )
    # Not normalised by length: on the measure set, dividing by the document length
    # (normalisation 1) found 54 of 64 originals, the plain rank 63.
    rank = SearchRank(F("search_vector"), tsquery)
    similarity = Similarity(unaccented, Value(folded_title))
    scored = (
        queryset.filter(search_vector=tsquery)
        .annotate(score=similarity * TRIGRAM_WEIGHT_POSTGRES + rank)
        .filter(score__gte=MIN_SCORE_POSTGRES)
        .order_by("-score", "-support_count", "-id")
    )
    found = list(scored.values_list("pk", "score")[:limit])
    if len(found) < limit and title_words:
        alike = (
            queryset.filter(unaccented_title__trigram_similar=folded_title).exclude(pk__in=[pk for pk, _s in found])
            .annotate(score=similarity).order_by("-score", "-id")
        )
        found += list(alike.values_list("pk", "score")[: limit - len(found)])
    return found


# --- Python fallback ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Features:
    title_stems: frozenset
    all_stems: frozenset
    title_trigrams: frozenset


class _Index:
    """Each public idea's words and title trigrams, with postings (word → ideas, trigram →
    ideas), kept between calls in this process. An idea is read again when its
    `updated_at` changes (every change of title or description sets it)."""

    def __init__(self):
        self.features: dict[int, _Features] = {}
        self.stamps: dict[int, object] = {}
        self.stems: dict[str, set[int]] = defaultdict(set)
        self.trigrams: dict[str, set[int]] = defaultdict(set)
        self.current: frozenset[int] = frozenset()
        self.signature = None

    def _forget(self, pk: int) -> None:
        old = self.features.pop(pk, None)
        self.stamps.pop(pk, None)
        if old is not None:
            for word in old.all_stems:
                self.stems[word].discard(pk)
            for gram in old.title_trigrams:
                self.trigrams[gram].discard(pk)

    def sync(self, current: dict[int, object], queryset) -> None:
        """Bring the index to the ideas of `current` (id → updated_at), reading the text
        of new and changed ones only."""
        stale = [pk for pk, stamp in current.items() if self.stamps.get(pk) != stamp]
        if len(self.features) > 2 * max(len(current), 1000):
            for pk in [pk for pk in self.features if pk not in current]:
                self._forget(pk)
        for start in range(0, len(stale), 500):
            chunk = stale[start:start + 500]
            rows = queryset.filter(pk__in=chunk).annotate(body_start=Substr("body", 1, MAX_BODY)).values_list(
                "pk", "title", "body_start", "updated_at"
            )
            for pk, title, body, stamp in rows:
                self._forget(pk)
                title_stems = frozenset(stems(title))
                features = _Features(title_stems=title_stems, all_stems=title_stems | stems(body),
                                     title_trigrams=frozenset(trigrams(title)))
                self.features[pk], self.stamps[pk] = features, stamp
                for word in features.all_stems:
                    self.stems[word].add(pk)
                for gram in features.title_trigrams:
                    self.trigrams[gram].add(pk)


_index = _Index()
_index_lock = threading.Lock()


def _python(queryset, title: str, body: str, limit: int, excluded: set[int]) -> list[tuple[int, float]]:
    with _index_lock:  # the index is shared by the threads of this process
        return _python_scores(queryset, title, body, limit, excluded)


def _python_scores(queryset, title: str, body: str, limit: int, excluded: set[int]) -> list[tuple[int, float]]:
    # One aggregate says whether the public ideas changed since the last call (an idea
    # published, hidden, merged or edited changes the count, the id sum or the last date);
    # only then are their ids and dates read again.
    summary = queryset.aggregate(count=Count("pk"), ids=Sum("id"), last=Max("updated_at"))
    signature = (summary["count"], summary["ids"], summary["last"])
    if signature != _index.signature or summary["count"] > MAX_CANDIDATES:
        rows = queryset.order_by("-published_at", "-id").values_list("pk", "updated_at")[:MAX_CANDIDATES]
        listed = dict(rows)
        _index.sync(listed, queryset)
        _index.current, _index.signature = frozenset(listed), signature
    current = _index.current - excluded if excluded else _index.current
    if not current:
        return []
    query_title = stems(title)
    query_all = query_title | stems(body)
    query_grams = trigrams(title)
    # Rarer words say more: inverse document frequency among the candidates.
    postings = {word: [pk for pk in _index.stems.get(word, ()) if pk in current] for word in query_all}
    total = len(current)
    weight = {word: math.log(1 + total / (1 + len(postings[word]))) for word in query_all}
    query_norm = math.sqrt(sum(weight[w] ** 2 * (4 if w in query_title else 1) for w in query_all)) or 1.0
    overlap: dict[int, float] = defaultdict(float)
    for word, pks in postings.items():
        for pk in pks:
            both_titles = word in query_title and word in _index.features[pk].title_stems
            overlap[pk] += weight[word] ** 2 * (2 if both_titles else 1)
    shared_grams: Counter = Counter()
    for gram in query_grams:
        shared_grams.update(pk for pk in _index.trigrams.get(gram, ()) if pk in current)
    scored = []
    for pk in set(overlap) | set(shared_grams):
        features = _index.features[pk]
        words_score = overlap.get(pk, 0.0) / (query_norm * math.sqrt(len(features.all_stems) or 1) * 1.5)
        shared = shared_grams.get(pk, 0)
        union = len(query_grams) + len(features.title_trigrams) - shared
        score = words_score + TRIGRAM_WEIGHT_PYTHON * (shared / union if union else 0.0)
        if score >= MIN_SCORE_PYTHON:
            scored.append((score, pk))
    scored.sort(key=lambda row: (-row[0], -row[1]))
    return [(pk, score) for score, pk in scored[:limit]]
