"""The Celery app. Configuration comes from Django settings (CELERY_* names), so eager mode
for a first run and for tests is decided by the settings module, not at run time."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
