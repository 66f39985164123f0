"""Websocket routes; the apps that push live updates add theirs here."""

from django.urls import path

from notifications.consumers import LiveConsumer

websocket_urlpatterns: list = [
    path("ws/live/", LiveConsumer.as_asgi()),
]
