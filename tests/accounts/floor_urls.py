"""The site's URLs plus the load run's floor page (bench/floor.py), which the site mounts
only when BENCH_FLOOR is on: the tests of what every signed-in request costs read it."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("bench/floor/", include("bench.floor"))]
