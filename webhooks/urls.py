from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoints_view, name="endpoints"),
    path("<int:pk>/", views.endpoint_view, name="endpoint"),
    path("<int:pk>/test/", views.endpoint_test_view, name="test"),
    path("<int:pk>/enable/", views.endpoint_enable_view, name="enable"),
    path("<int:pk>/delete/", views.endpoint_delete_view, name="delete"),
]
