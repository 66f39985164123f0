from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import identity

        identity.connect()
        # Each app says what it holds about a person (export, erasure, retention) in its own
        # personal_data module; accounts imports none of them directly.
        autodiscover_modules("personal_data")
