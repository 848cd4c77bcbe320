"""The portal's Celery app.

Tasks are plain functions in each app's ``tasks.py``. Their base class is Celery's
``DjangoTask``: callers dispatch with ``task.delay_on_commit(...)`` so that a worker never
looks for a row whose transaction has not committed yet (or was rolled back).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nns_portal.settings.dev")

app = Celery("nns_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
