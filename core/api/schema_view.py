"""The schema at /api/schema/: generated once per process, in English whatever the
caller's Accept-Language (one language for field titles and descriptions alike), and
served from memory afterwards. Generating it once also keeps drf-spectacular's lazy
loading of its extensions out of concurrent threads, where it fails (a 500 on a fresh
gunicorn worker hit by two requests at once)."""

import threading

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.response import Response

_generated: dict = {}
_lock = threading.Lock()


class SchemaView(SpectacularAPIView):
    def _get_schema_response(self, request):
        key = (self.urlconf, self.api_version or request.version, self.serve_public)
        with _lock:
            if key not in _generated:
                generator = self.generator_class(urlconf=self.urlconf, api_version=key[1], patterns=self.patterns)
                with translation.override("en"):
                    _generated[key] = generator.get_schema(request=request, public=self.serve_public)
        version = key[1] or ""
        return Response(
            data=_generated[key],
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )


class DocsView(SpectacularSwaggerView):
    """Swagger UI. Its only renderer is an HTML template: OPTIONS answers with the Allow
    header alone, as Django's own views do, instead of metadata the template cannot show."""

    def options(self, request, *args, **kwargs):
        return HttpResponse(headers={"Allow": ", ".join(self.allowed_methods)})
