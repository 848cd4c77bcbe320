"""A monthly meeting's invitations to 10,000 people through Celery and Redis into a local SMTP
server, next to smtplib sending the same messages over one connection (python -m bench.fan_out).
"""

import datetime
import email.policy
import os
import smtplib
import time

from bench import sink

port = sink.free_port()
os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from bench.worker import start_worker, stop_worker, wait_until  # noqa: E402
from meetings.models import Invitation, Meeting, MeetingType  # noqa: E402
from meetings.tasks import send_invitations  # noqa: E402
from nns_portal.models import OutboxMessage  # noqa: E402
from nns_portal.outbox import outbox_email  # noqa: E402

starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=40)
meeting = Meeting.objects.create(
    type=MeetingType.objects.get(code=MeetingType.Code.MONTHLY),
    title="Månadsträff (benchmark)",
    starts_at=starts,
    ends_at=starts + datetime.timedelta(hours=1),
    place="Digitalt",
)
controller, received = sink.start(port)
worker = start_worker()
try:
    started = time.perf_counter()
    send_invitations.delay(meeting.pk)
    wait_until(lambda: Invitation.objects.filter(meeting=meeting).exists(), timeout=600)
    expected = set(
        Invitation.objects.filter(meeting=meeting).values_list("person__email", flat=True)
    )
    messages = OutboxMessage.objects.filter(key__startswith=f"meeting:{meeting.pk}:")
    wait_until(lambda: messages.count() >= len(expected), timeout=600)
    queued = time.perf_counter() - started
    wait_until(
        lambda: (
            received.received >= len(expected)
            or messages.filter(status=OutboxMessage.Status.FAILED).exists()
        ),
        timeout=3600,
        every=0.5,
    )
    elapsed = time.perf_counter() - started
    time.sleep(5)  # anything sent twice arrives now
finally:
    stop_worker(worker)
    controller.stop()

lost = len(expected - set(received.recipients))
raw_controller, raw_received = sink.start(sink.free_port())
payloads = [
    (m.to, outbox_email(m).message(policy=email.policy.SMTP).as_bytes())
    for m in messages.prefetch_related("attachments")
]
raw_started = time.perf_counter()
with smtplib.SMTP("127.0.0.1", raw_controller.port) as connection:
    for to, payload in payloads:
        connection.sendmail("info@nns.example", [to], payload)
raw = time.perf_counter() - raw_started
raw_controller.stop()
assert raw_received.received == len(payloads)
sent = received.received
print(
    f"Inbjudningar: {sent} e-brev på {elapsed:.1f} s ({sent / elapsed:.0f}/s) genom Celery och"
    f" Redis (varav {queued:.1f} s att välja mottagare, skriva breven och lägga dem i kö);"
    f" smtplib över en förbindelse: {raw:.1f} s ({len(payloads) / raw:.0f}/s);"
    f" kvot {elapsed / raw:.1f}; dubbletter {received.duplicates}, förlorade {lost}"
)
