"""Invitations through a real Celery worker and the real Redis broker into a local SMTP server."""

import datetime

import pytest
from django.utils import timezone

from meetings.tasks import send_invitations
from nns_portal.models import OutboxMessage
from nns_portal.tasks import send_outbox_message
from tests.factories import MeetingFactory
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def meeting(scene):
    starts_at = (timezone.now() + datetime.timedelta(days=20)).replace(microsecond=0)
    return MeetingFactory(starts_at=starts_at)


def _all_sent() -> bool:
    return not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()


def test_invitations_reach_smtp_once_through_a_real_worker(
    scene, meeting, smtp_server, celery_worker
):
    send_invitations.delay(meeting.pk).get(timeout=30)
    wait_until(lambda: len(smtp_server.messages) == 4 and _all_sent())
    received = sorted(m["To"] for m in smtp_server.messages)
    assert received == sorted(
        p.email for p in [scene.chair_a, scene.chair_b, scene.director_a, scene.director_b]
    )
    message = next(m for m in smtp_server.messages if m["To"] == scene.chair_a.email)
    assert message["Subject"].startswith("Inbjudan: Ordförandeträff")
    assert "Jag kommer" in message.get_body(("html",)).get_content()
    [ics] = [part for part in message.iter_attachments() if part.get_filename() == "mote.ics"]
    assert "BEGIN:VEVENT" in ics.get_content()

    # The tasks delivered again (as Celery may) send nothing more. The solo worker takes
    # tasks in order, so the last one's result means the others have run.
    for row in OutboxMessage.objects.all():
        send_outbox_message.delay(row.pk)
    send_invitations.delay(meeting.pk).get(timeout=30)
    assert len(smtp_server.messages) == 4


def test_temporary_smtp_refusals_are_retried_until_delivered(
    scene, meeting, smtp_server, celery_worker, settings
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 1
    smtp_server.refuse_next = 3
    send_invitations.delay(meeting.pk).get(timeout=30)
    wait_until(lambda: len(smtp_server.messages) == 4 and _all_sent(), timeout=60)
    assert smtp_server.refuse_next == 0
    assert sum(OutboxMessage.objects.values_list("attempts", flat=True)) == 4 + 3
    assert "451" in "".join(OutboxMessage.objects.values_list("last_error", flat=True))
