"""Websocket routes; the apps that push live updates add theirs here."""

websocket_urlpatterns: list = []
