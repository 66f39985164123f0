from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.reasons import register_reason_texts
        from ideas import events

        from . import similar
        from .models import CannedReason
        from .selectors import canned_reason_text, canned_reason_texts_changed

        # Ready-made reasons are stored as their code and read in the reader's language.
        register_reason_texts(canned_reason_text)
        post_save.connect(canned_reason_texts_changed, sender=CannedReason, dispatch_uid="moderation.canned.saved")
        post_delete.connect(canned_reason_texts_changed, sender=CannedReason, dispatch_uid="moderation.canned.deleted")

        # Each submitted idea's similar ideas are found once, ahead of the queue.
        events.idea_submitted.connect(similar.idea_submitted, dispatch_uid="moderation.similar.submitted")
        events.idea_edited.connect(similar.idea_edited, dispatch_uid="moderation.similar.edited")
