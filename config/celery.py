"""The worker tier's Celery application: `celery -A config worker` and `celery -A config beat`.

Settings prefixed CELERY_ in config/settings/base.py; tasks are found in each app's tasks.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("multitude")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
