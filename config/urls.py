from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import admin_sign_in_view, second_factor_view

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="ideas:list", permanent=False), name="home"),
    # allauth's code stage, answering 429 when wrong codes reach the limit (accounts.views).
    path("accounts/2fa/authenticate/", second_factor_view),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("ideas/", include("ideas.urls")),
    path("moderation/", include("moderation.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("gamification.urls")),
    path("reports/", include("reports.urls")),
    path("moderation/webhooks/", include("webhooks.urls")),
    path("api/", include("config.api_urls")),
    # Before the admin's own: one sign-in for everyone, with the second factor (accounts.views).
    path("admin/login/", admin_sign_in_view, name="admin_sign_in"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR:
    # The load run's floor page (bench/floor.py), only when BENCH_FLOOR is on.
    urlpatterns.append(path("bench/floor/", include("bench.floor")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# No database, no context processors: a 503 while the database is unreachable, else a 500.
# Under /api/ each of these answers in the API's error format.
handler500 = "core.views.server_error"
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
