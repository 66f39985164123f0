"""Uploaded files served to those the view has let through.

Pictures and avatars are read only through views that check who may see them; there is no
public /media/ address. Behind nginx (deploy/nginx.conf) the view answers with an empty
response naming the file in X-Accel-Redirect and nginx sends the bytes from its internal
location, so a web thread is not held for the length of a download; without it (make run,
the tests) the view streams the file itself.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse


def protected_file_response(field, *, cache_control: str = "private, max-age=3600") -> HttpResponse:
    """The stored file of `field` (an ImageField/FileField value), or a 404 when it is gone."""
    if not field:
        raise Http404
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    if prefix:
        if not field.storage.exists(field.name):
            raise Http404
        response = HttpResponse()
        # nginx decides the type from the file's extension; an empty one stops Django's default.
        del response["Content-Type"]
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + field.name.lstrip("/")
    else:
        try:
            response = FileResponse(field.open("rb"))
        except FileNotFoundError:
            raise Http404
    response["Cache-Control"] = cache_control
    return response
