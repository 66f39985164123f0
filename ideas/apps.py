from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "ideas"

    def ready(self):
        from . import events, fragments, similar

        fragments.connect()
        # Each idea's terms for the similar-ideas engine, after its text changed.
        for signal, name in ((events.idea_created, "created"), (events.idea_edited, "edited"),
                             (events.idea_published, "published")):
            signal.connect(similar.idea_text_changed, dispatch_uid=f"ideas.similar.terms.{name}")
