import importlib.util

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import receivers

        receivers.connect()
        # Badges and segment messages come from gamification, which may not be installed:
        # listen to its events only when its events module is there.
        if importlib.util.find_spec("gamification.events") is not None:
            from gamification import events as gamification_events

            receivers.connect_gamification(gamification_events)
