from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self):
        from ideas import events

        from . import similar

        # Each submitted idea's similar ideas are found once, ahead of the queue.
        events.idea_submitted.connect(similar.idea_submitted, dispatch_uid="moderation.similar.submitted")
        events.idea_edited.connect(similar.idea_edited, dispatch_uid="moderation.similar.edited")
