from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("ideas/<int:pk>/<str:decision>/", views.decide_view, name="decide"),
]
