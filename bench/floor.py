"""The floor of the load run: the cheapest page the server can give a signed-in person.

Mounted at /bench/floor/ only when BENCH_FLOOR is on (never by default: see
config/urls.py). It goes through the same server, settings and middleware as the real
pages, reads the session and the person like they do (login required), and renders a small
template; every page's throughput is reported as a fraction of this one's.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_GET

TEMPLATE = engines["django"].from_string(
    """<!doctype html>
<html lang="{{ LANGUAGE_CODE|default:'fr' }}"><head><meta charset="utf-8"><title>Floor</title></head>
<body><main><h1>Bonjour {{ user.display_name }}</h1>
<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></main></body></html>
"""
)


@login_required
@require_GET
def floor_view(request):
    return HttpResponse(TEMPLATE.render({"items": range(10)}, request))


app_name = "bench"
urlpatterns = [path("", floor_view, name="floor")]
