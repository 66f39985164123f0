from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import identity

        identity.connect()
        # A change to a person gives their cached copy a new version (accounts/session_cache.py).
        from django.db.models.signals import post_delete, post_save

        from .session_cache import forget_user_on_change

        post_save.connect(forget_user_on_change, sender=self.get_model("User"), dispatch_uid="accounts.forget_user.save")
        post_delete.connect(forget_user_on_change, sender=self.get_model("User"),
                            dispatch_uid="accounts.forget_user.delete")
        # Each app says what it holds about a person (export, erasure, retention) in its own
        # personal_data module; accounts imports none of them directly.
        autodiscover_modules("personal_data")
