"""Next year's invoice run for every association, through Celery (python -m bench.invoice_run).

As staff start it in the admin: the run issues in the worker, then each invoice's PDF is
rendered and e-mailed in a task of its own, into a local SMTP server.
"""

import os
import time

from bench import sink

port = sink.free_port()
os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.scale import STAFF_EMAIL  # noqa: E402
from bench.worker import start_worker, stop_worker, wait_until  # noqa: E402
from budget.invoicing.services import invoice_run_start  # noqa: E402
from budget.models import InvoiceRun  # noqa: E402
from nns_portal.models import OutboxMessage  # noqa: E402

controller, received = sink.start(port)
worker = start_worker()
try:
    today = timezone.localdate()
    started = time.perf_counter()
    run = invoice_run_start(
        fee_year=today.year + 1,
        issued_on=today,
        send_by_email=True,
        user=get_user_model().objects.get(email=STAFF_EMAIL),
    )
    wait_until(
        lambda: InvoiceRun.objects.get(pk=run.pk).status != InvoiceRun.Status.RUNNING,
        timeout=1800,
    )
    issued = time.perf_counter() - started
    run.refresh_from_db()
    wait_until(lambda: received.received >= run.issued, timeout=3600, every=1)
    mailed = time.perf_counter() - started
    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    print(
        f"Fakturering {run.fee_year}: {run.issued} fakturor utfärdade på {issued:.1f} s"
        f" ({run.issued / issued:.0f}/s); med PDF och e-post till alla: {mailed:.1f} s"
        f" ({run.issued / mailed:.1f}/s); dubbletter {received.duplicates},"
        f" misslyckade {failed}, problem {len(run.problems)}"
    )
finally:
    stop_worker(worker)
    controller.stop()
