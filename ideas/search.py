"""Full-text search of ideas.

Besides the words typed, a search finds the ideas on its subject in either language: the
public ideas the similar-ideas engine (ideas.similar) finds holding each word typed or a
word of its meaning ("paper" finds "papier"), ranked first.

On PostgreSQL each idea keeps a stored text-search vector (French and English stemming,
accents removed, title weighted above description) under a GIN index; the services that
write titles and descriptions refresh it in the same transaction. A search then reads the
index instead of parsing every idea's text. Elsewhere (SQLite) every word of the query
must appear in the title or the description.
"""

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

from core.text import strip_accents

from .models import Idea

MAX_QUERY_LENGTH = 200
# The ideas found by meaning: how many at most, and from what score.
MEANING_LIMIT = 100
MEANING_MIN_SCORE = 0.05


def search_document():
    title, body = Unaccent("title"), Unaccent("body")
    return (
        SearchVector(title, weight="A", config="french")
        + SearchVector(body, weight="B", config="french")
        + SearchVector(title, weight="A", config="english")
        + SearchVector(body, weight="B", config="english")
    )


def refresh_search_vectors(queryset: QuerySet | None = None) -> None:
    """Recompute the stored vectors of these ideas (all of them by default)."""
    if connection.vendor != "postgresql":
        return
    (queryset if queryset is not None else Idea.objects.all()).update(search_vector=search_document())


def search_ideas(queryset: QuerySet, text: str) -> QuerySet:
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    if not text:
        return queryset
    from .similar import similar_idea_scores  # the engine reads the public ideas (selectors)

    found = similar_idea_scores(text, limit=MEANING_LIMIT, min_score=MEANING_MIN_SCORE, every_word=True)
    matched, rank = _word_search(queryset, text)
    if not found:
        return queryset.filter(matched).annotate(search_rank=rank)
    # Found by meaning first (by score), then found only by the words.
    by_meaning = Case(*[When(pk=pk, then=Value(1.0 + score)) for pk, score in found], default=rank,
                      output_field=FloatField())
    return queryset.filter(matched | Q(pk__in=[pk for pk, _score in found])).annotate(search_rank=by_meaning)


def _word_search(queryset: QuerySet, text: str):
    """(the condition of the ideas holding the words, their rank)."""
    if connection.vendor == "postgresql":
        plain = strip_accents(text)
        query = SearchQuery(plain, config="french", search_type="websearch") | SearchQuery(
            plain, config="english", search_type="websearch"
        )
        # Match with @@ on the indexed vector; the rank only orders. (A rank above zero is
        # no match: ts_rank gives a tiny score to a text holding only some of the words.)
        return Q(search_vector=query), SearchRank(F("search_vector"), query)
    condition = Q()
    for word in text.split()[:10]:
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return condition, Value(1.0, output_field=FloatField())
