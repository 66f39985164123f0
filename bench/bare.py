"""A bare Django view: the framework alone, for the load run to measure beside the floor.

Settings, URL and view in one module, served by the same gunicorn set-up as the site
(`gunicorn bench.bare:application` with DJANGO_SETTINGS_MODULE=bench.bare): no middleware,
no database, no session, a constant answer. The floor (bench/floor.py) is the site's
cheapest signed-in page; how far it stays from this one is what the site's own middleware
and sign-in cost every request.
"""

import threading

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "bench-bare-view-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True

BODY = "<!doctype html><html><head><title>Bare</title></head><body><h1>Bonjour</h1></body></html>"


def bare_view(request):
    return HttpResponse(BODY)


urlpatterns = [path("bench/bare/", bare_view)]

_handler = None
_lock = threading.Lock()


def application(environ, start_response):
    """The WSGI application, made on the first request (this module is also the settings)."""
    global _handler
    if _handler is None:
        with _lock:
            if _handler is None:
                from django.core.wsgi import get_wsgi_application

                _handler = get_wsgi_application()
    return _handler(environ, start_response)
