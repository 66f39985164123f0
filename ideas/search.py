"""Full-text search of ideas.

On PostgreSQL each idea keeps a stored text-search vector (French and English stemming,
accents removed, title weighted above description) under a GIN index; the services that
write titles and descriptions refresh it in the same transaction. A search then reads the
index instead of parsing every idea's text. Elsewhere (SQLite) every word of the query
must appear in the title or the description.
"""

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value

from core.text import strip_accents

from .models import Idea

MAX_QUERY_LENGTH = 200


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
    if connection.vendor == "postgresql":
        plain = strip_accents(text)
        query = SearchQuery(plain, config="french", search_type="websearch") | SearchQuery(
            plain, config="english", search_type="websearch"
        )
        # Match with @@ on the indexed vector; the rank only orders. (A rank above zero is
        # no match: ts_rank gives a tiny score to a text holding only some of the words.)
        return queryset.filter(search_vector=query).annotate(search_rank=SearchRank(F("search_vector"), query))
    condition = Q()
    for word in text.split()[:10]:
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return queryset.filter(condition).annotate(search_rank=Value(1.0))
