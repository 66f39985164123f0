"""Existing ideas that resemble one being written, so that its author can support or comment
instead of posting a duplicate, correspondents can merge duplicates, and a search finds the
ideas on its subject in either language.

Only ideas every employee may find are suggested (ideas.selectors.public_ideas): never
drafts, ideas awaiting validation, hidden or merged ones.

One method on every database. Each idea's terms (ideas.meaning: its stemmed words and the
concepts of the bilingual lexicon they name) are kept in `IdeaTerms`, computed after each
change of its text (the `idea_*` events) or by `manage.py similar_rebuild`. Each process
keeps the public ideas' terms in memory as weighted vectors (NumPy arrays per term), read
again only for the ideas that changed; a call scores the candidates by the cosine of
TF-IDF vectors, the title counting more than the description. An idea whose title is
exactly the typed title always comes first, whatever else is typed.
"""

import hashlib
import math
import threading
import time

import numpy as np
from django.conf import settings
from django.db.models import Count, Max, Sum
from django.db.models.functions import Substr

from .meaning import CONCEPT, analyse, current_lexicon, fold, idea_terms, stem, words  # noqa: F401
from .models import Idea, IdeaTerms
from .selectors import public_ideas

MAX_TITLE = 160
MAX_BODY = 600  # the start of a description says what it is about
MAX_CANDIDATES = 100_000
# Below this cosine an idea shares no more than a common word with the text.
MIN_SCORE = 0.12
# How much a term counts in a title against a description, and a concept against a word
# (measured on the tuning part of tests/data/similar_ideas/pairs.json, bench/similar_quality.py).
TITLE_WEIGHT = 1.5
BODY_WEIGHT = 1.0
CONCEPT_WEIGHT = 3.0


def similar_ideas(title: str, body: str = "", *, viewer, limit: int = 5, exclude=None) -> list[Idea]:
    """Up to `limit` public ideas resembling the `title` (and `body`) being written, best
    first, with their theme. `exclude`: an idea or idea id (the one being edited), or
    several. `viewer` is who reads the suggestions (they only ever see public ideas)."""
    found = [pk for pk, _score in similar_idea_scores(title, body, limit=limit, exclude=exclude)]
    ideas = Idea.objects.select_related("theme").in_bulk(found)
    return [ideas[pk] for pk in found if pk in ideas]


def merge_suggestions(source: Idea, *, limit: int = 5, same_theme: bool = True) -> list[Idea]:
    """The public ideas `source` could be merged into, most alike first, with their author
    and theme (by default of its theme, as a merge keeps the target's)."""
    found = [pk for pk, _score in similar_idea_scores(source.title, source.body, limit=limit * 10, exclude=source.pk)]
    candidates = public_ideas().filter(pk__in=found).select_related("author", "theme")
    if same_theme:
        candidates = candidates.filter(theme_id=source.theme_id)
    by_pk = {idea.pk: idea for idea in candidates}
    return [by_pk[pk] for pk in found if pk in by_pk][:limit]


def clean(text: str, length: int) -> str:
    # NUL characters cannot reach PostgreSQL: they become spaces like other control ones.
    return " ".join((text or "")[: length * 4].replace("\x00", " ").split())[:length]


def similar_idea_scores(title: str, body: str = "", *, limit: int = 5, exclude=None, min_score: float = MIN_SCORE,
                        every_word: bool = False) -> list[tuple[int, float]]:
    """(id, score) of up to `limit` public ideas resembling the text, best first: what a
    caller keeps (the moderation queue stores each submitted idea's list). `every_word`
    (a search): only ideas holding each word of the title, itself or a word of its meaning."""
    title, body = clean(title, MAX_TITLE), clean(body, MAX_BODY)
    if not words(title) and len(words(body)) < 3:
        return []
    with _index_lock:  # the index is shared by the threads of this process
        lexicon = _index.lexicon_now()
        return _index.rank(title, body, lexicon, limit=limit, excluded=_ids(exclude), min_score=min_score,
                           every_word=every_word)


def _ids(exclude) -> set[int]:
    if exclude is None:
        return set()
    if isinstance(exclude, (list, tuple, set, frozenset)):
        return {getattr(item, "pk", item) for item in exclude if item is not None}
    return {getattr(exclude, "pk", exclude)}


# --- Each idea's terms, kept -------------------------------------------------------------

def text_digest(title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\x00{body[:MAX_BODY]}".encode()).hexdigest()


def idea_terms_refresh(idea_ids, lexicon=None) -> int:
    """Compute and keep the terms of these ideas (after their text changed, or the
    lexicon). Returns how many were written."""
    lexicon = lexicon or current_lexicon()
    rows = Idea.objects.filter(pk__in=list(idea_ids)).annotate(body_start=Substr("body", 1, MAX_BODY)).values_list(
        "pk", "title", "body_start")
    kept = []
    for pk, title, body in rows:
        title_terms, body_terms = idea_terms(title, body, lexicon)
        kept.append(IdeaTerms(idea_id=pk, title_terms=title_terms, body_terms=body_terms,
                              lexicon_version=lexicon.version, text_digest=text_digest(title, body)))
    IdeaTerms.objects.bulk_create(kept, update_conflicts=True, unique_fields=["idea"],
                                  update_fields=["title_terms", "body_terms", "lexicon_version", "text_digest",
                                                 "updated_at"])
    return len(kept)


def idea_terms_rebuild(batch: int = 1000) -> int:
    """Every idea's terms again (`manage.py similar_rebuild`, after the lexicon changed)."""
    lexicon = current_lexicon()
    ids = list(Idea.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        idea_terms_refresh(ids[start:start + batch], lexicon)
    return len(ids)


def idea_text_changed(sender, idea, **payload):
    """Listener of the events that change an idea's text or who may find it."""
    idea_terms_refresh([getattr(idea, "pk", idea)])


# --- The vectors in memory ------------------------------------------------------------------

class _Index:
    """The public ideas' term vectors: for each term, the rows of the ideas holding it and
    their weights; each row's norm. An idea whose text changed gets a new row (the old one
    is marked dead), so arrays only grow until the next full build."""

    def __init__(self):
        self.reset()
        self.signature = None
        self.lexicon = None
        self.checked_at = 0.0

    def reset(self):
        self.row_pk: list[int] = []
        self.row_of: dict[int, int] = {}
        self.stamps: dict[int, tuple] = {}
        self.title_terms: list[frozenset] = []
        self.body_terms: dict[int, frozenset] = {}
        self.exact_titles: dict[str, set[int]] = {}
        self.row_titles: list[str] = []
        self.postings: dict[str, tuple[list, list]] = {}
        self.arrays: dict[str, tuple] = {}
        self.df: dict[str, int] = {}
        self.alive = np.zeros(0, dtype=bool)
        self.inverse_norm = np.zeros(0, dtype=np.float32)
        self.built_for = 0
        self.lexicon_version = None

    # Reading the ideas

    def lexicon_now(self):
        """The current lexicon, the index brought up to date with it and with the public
        ideas, asking the database at most every SIMILAR_FRESH_FOR seconds (whether anything
        changed costs two aggregates over every public idea: 25 ms at 36,000)."""
        fresh_for = getattr(settings, "SIMILAR_FRESH_FOR", 5.0)
        now = time.monotonic()
        if self.lexicon is None or now - self.checked_at >= fresh_for:
            self.lexicon = current_lexicon()
            self.refresh(self.lexicon)
            self.checked_at = now
        return self.lexicon

    def refresh(self, lexicon) -> None:
        """Bring the index to the public ideas now. One aggregate says whether anything
        changed (an idea published, hidden, merged or edited changes the count, the id sum
        or the last date; new terms change the last terms date)."""
        queryset = public_ideas()
        summary = queryset.aggregate(count=Count("pk"), ids=Sum("id"), last=Max("updated_at"),
                                     terms=Max("terms__updated_at"))
        signature = (tuple(summary.values()), lexicon.version)
        if signature == self.signature:
            return
        if lexicon.version != self.lexicon_version:
            self.reset()
            self.lexicon_version = lexicon.version
        current = {pk: (updated, terms_updated) for pk, updated, terms_updated in queryset.order_by(
            "-published_at", "-id").values_list("pk", "updated_at", "terms__updated_at")[:MAX_CANDIDATES]}
        for pk in [pk for pk in self.row_of if pk not in current]:
            self._forget(pk)
        stale = [pk for pk, stamp in current.items() if self.stamps.get(pk) != stamp]
        if stale:
            full = len(stale) > len(self.row_of) or len(self.row_pk) > 2 * max(len(current), 1000)
            if full:
                self.reset()
                self.lexicon_version = lexicon.version
                stale = list(current)
            self._read(stale, current, lexicon, full=full)
        self.signature = signature

    def _read(self, pks: list[int], current: dict, lexicon, *, full: bool) -> None:
        read = []
        for start in range(0, len(pks), 2000):
            chunk = pks[start:start + 2000]
            rows = Idea.objects.filter(pk__in=chunk).annotate(body_start=Substr("body", 1, MAX_BODY)).values_list(
                "pk", "title", "body_start", "terms__title_terms", "terms__body_terms", "terms__lexicon_version",
                "terms__text_digest")
            for pk, title, body, title_terms, body_terms, version, digest in rows:
                if version != lexicon.version or digest != text_digest(title, body):
                    # Not computed yet (the event is on its way) or with another lexicon.
                    title_terms, body_terms = idea_terms(title, body, lexicon)
                read.append((pk, title, title_terms, body_terms))
        if full:
            for _pk, _title, title_terms, body_terms in read:
                for term in set(title_terms) | set(body_terms):
                    self.df[term] = self.df.get(term, 0) + 1
            self.built_for = len(read)
        # A full build knows every frequency: each term's rarity is computed once.
        idf = {term: math.log(1 + len(read) / count) for term, count in self.df.items()} if full else None
        for pk, title, title_terms, body_terms in read:
            self._forget(pk)
            self._add(pk, title, title_terms, body_terms, count_terms=not full, idf=idf)
            self.stamps[pk] = current[pk]

    def _forget(self, pk: int) -> None:
        row = self.row_of.pop(pk, None)
        self.stamps.pop(pk, None)
        if row is None:
            return
        self.alive[row] = False
        for term in self.title_terms[row] | self.body_terms.pop(row, frozenset()):
            self.df[term] -= 1
        self.exact_titles.get(self.row_titles[row], set()).discard(row)

    def _add(self, pk: int, title: str, title_terms, body_terms, *, count_terms: bool, idf=None) -> None:
        row = len(self.row_pk)
        self.row_pk.append(pk)
        self.row_of[pk] = row
        title_set, body_set = frozenset(title_terms), frozenset(body_terms) - frozenset(title_terms)
        self.title_terms.append(title_set)
        self.body_terms[row] = body_set
        folded = " ".join(words(title))
        self.row_titles.append(folded)
        self.exact_titles.setdefault(folded, set()).add(row)
        if count_terms:
            for term in title_set | body_set:
                self.df[term] = self.df.get(term, 0) + 1
        # During a full build the frequencies are already those of every idea.
        total = max(len(self.row_of), self.built_for, 1)
        squares = 0.0
        for terms, weight in ((title_set, TITLE_WEIGHT), (body_set, BODY_WEIGHT)):
            for term in terms:
                value = weight * (CONCEPT_WEIGHT if term[0] == CONCEPT else 1.0)
                rarity = idf[term] if idf is not None else math.log(1 + total / (self.df.get(term) or 1))
                squares += (value * rarity) ** 2
                posting = self.postings.get(term)
                if posting is None:
                    self.postings[term] = posting = ([], [])
                posting[0].append(row)
                posting[1].append(value)
                if term in self.arrays:
                    del self.arrays[term]
        if len(self.alive) <= row:
            grown = max(1024, 2 * len(self.alive))
            self.alive = np.resize(self.alive, grown)
            self.alive[row:] = False
            self.inverse_norm = np.resize(self.inverse_norm, grown)
        self.alive[row] = True
        self.inverse_norm[row] = 1.0 / math.sqrt(squares) if squares else 0.0

    def _posting(self, term: str):
        arrays = self.arrays.get(term)
        if arrays is None:
            rows, weights = self.postings.get(term, ((), ()))
            arrays = (np.array(rows, dtype=np.int64), np.array(weights, dtype=np.float32))
            self.arrays[term] = arrays
        return arrays

    # Ranking

    def rank(self, title: str, body: str, lexicon, *, limit: int, excluded: set[int], min_score: float,
             every_word: bool = False):
        total = len(self.row_of)
        if not total:
            return []
        title_terms = analyse(title, lexicon)
        body_terms = analyse(body, lexicon) - title_terms
        query = {}
        for terms, weight in ((title_terms, TITLE_WEIGHT), (body_terms, BODY_WEIGHT)):
            for term in terms:
                if self.df.get(term):
                    query[term] = weight * _kind(term)
        scores = np.zeros(len(self.row_pk), dtype=np.float32)
        query_squares = 0.0
        for term, weight in query.items():
            idf = _idf(total, self.df[term])
            query_squares += (weight * idf) ** 2
            rows, weights = self._posting(term)
            scores[rows] += weights * (weight * idf * idf)
        # Terms the ideas do not have still make the text longer.
        for term in (title_terms | body_terms) - set(query):
            weight = (TITLE_WEIGHT if term in title_terms else BODY_WEIGHT) * _kind(term)
            query_squares += (weight * _idf(total, 1)) ** 2
        if not query_squares:
            return []
        scores *= self.inverse_norm[: len(scores)] / math.sqrt(query_squares)
        scores[~self.alive[: len(scores)]] = 0.0
        for pk in excluded:
            if pk in self.row_of:
                scores[self.row_of[pk]] = 0.0
        exact = [row for row in self.exact_titles.get(" ".join(words(title)), ()) if self.row_pk[row] not in excluded]
        wanted = min(limit, len(scores))
        if wanted <= 0:
            return []
        best = np.argpartition(-scores, wanted - 1)[:wanted] if wanted < len(scores) else np.arange(len(scores))
        ranked = sorted(((float(scores[row]), row) for row in best if scores[row] >= min_score),
                        key=lambda item: (-item[0], -self.row_pk[item[1]]))
        ranked = [(max(1.0, float(scores[row])), row) for row in sorted(exact, key=lambda r: -self.row_pk[r])] + [
            item for item in ranked if item[1] not in exact]
        if every_word:
            meanings = [analyse(word, lexicon) for word in words(title)]
            ranked = [(score, row) for score, row in ranked if all(
                meaning & (self.title_terms[row] | self.body_terms.get(row, frozenset())) for meaning in meanings)]
        return [(self.row_pk[row], round(score, 4)) for score, row in ranked[:limit]]


def _kind(term: str) -> float:
    return CONCEPT_WEIGHT if term.startswith(CONCEPT) else 1.0


def _idf(total: int, df: int) -> float:
    return math.log(1 + total / max(df, 1))


_index = _Index()
_index_lock = threading.Lock()
