"""Small helpers shared by the tests."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

HTMX = {"HX-Request": "true"}


def queries_of(request) -> tuple[int, list[str]]:
    """Run `request()` (a callable returning a response) and count its SQL queries."""
    with CaptureQueriesContext(connection) as context:
        response = request()
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries), [q["sql"] for q in context.captured_queries]


def assert_flat_query_count(build, request, *, sizes=(5, 50), expected: int, cold: int | None = None):
    """The page asks the database the same number of questions whatever the number of
    rows: `build(n)` brings the data to n rows (cumulatively), `request()` fetches the page.
    The count must be identical for every size, and equal to `expected`. With `cold`, each
    size is first read on an empty cache (`cold` queries, the page's fragments then made and
    kept: ideas.fragments), and `expected` is the count of the next reading, from the cache."""
    counts = {}
    statements = {}
    for size in sizes:
        build(size)
        if cold is not None:
            cache.clear()
            cold_count, cold_statements = queries_of(request)
            assert cold_count == cold, f"expected {cold} queries on an empty cache, got {cold_count}:\n" + "\n".join(cold_statements)
        counts[size], statements[size] = queries_of(request)
    assert len(set(counts.values())) == 1, (
        f"query count grows with rows: {counts}\n" + "\n".join(statements[max(sizes)])
    )
    assert counts[sizes[0]] == expected, (
        f"expected {expected} queries, got {counts[sizes[0]]}:\n" + "\n".join(statements[sizes[0]])
    )
    return counts[sizes[0]]
