from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_view, name="report"),
    path("export/<slug:table>.<str:fmt>", views.export_view, name="export"),
]
