"""The portal's Celery app.

Tasks are plain functions in each app's ``tasks.py``. Their base class is Celery's
``DjangoTask``: callers dispatch with ``task.delay_on_commit(...)`` so that a worker never
looks for a row whose transaction has not committed yet (or was rolled back).
"""

import os

from celery import Celery
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nns_portal.settings.dev")

app = Celery("nns_portal", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _redis_through_the_guarded_transport(sender: Celery, source, **kwargs) -> None:
    """A Redis broker goes through the transport that survives its loss (nns_portal/broker.py).
    Not rediss://: naming the transport would lose the TLS its scheme asks for."""
    if str(source.broker_url).startswith("redis://"):
        source["broker_transport"] = "nns_portal.broker:Transport"


# The job tasks (a letter's fan-out, a meeting's invitations, an invoice run, sending invoices,
# registering a bank file) try again by themselves when the database goes away for a moment
# (a restart, a failover): after 2, 4, 8, 16 and 30 seconds, before leaving it to beat's
# resumption. Each job goes on from what the database holds, so a retry never repeats work.
JOB_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 30,
    "retry_jitter": False,
    "max_retries": 5,
}
