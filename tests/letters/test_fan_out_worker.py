"""A letter to 2,000 people through a real worker, Redis and a local SMTP server."""

import datetime
import time

import pytest

from meetings.letters import services as letter_services
from meetings.models import Letter, MeetingType
from members.models import Person, Role
from nns_portal.models import OutboxMessage
from tests.factories import STOCKHOLM, AssociationFactory, MeetingFactory, meeting_type
from tests.waiting import wait_until

RECIPIENTS = 2000


@pytest.mark.django_db(transaction=True)
def test_a_letter_reaches_2000_people_once_each_despite_refusals(
    smtp_server, celery_worker, settings
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 1
    associations = [AssociationFactory() for _ in range(20)]
    people = Person.objects.bulk_create(
        Person(first_name="Medlem", last_name=str(n), email=f"m{n}@forbund.example")
        for n in range(RECIPIENTS)
    )
    Role.objects.bulk_create(
        Role(
            person=person,
            association=associations[n % 20],
            kind=Role.Kind.OFFICER,
            starts_on=datetime.date(2024, 1, 1),
        )
        for n, person in enumerate(people)
    )
    board_meeting = MeetingFactory(
        type=meeting_type(MeetingType.Code.BOARD),
        starts_at=datetime.datetime(2026, 10, 14, 8, 30, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2026, 10, 14, 12, 0, tzinfo=STOCKHOLM),
    )
    letter = Letter.objects.create(
        board_meeting=board_meeting, title="Brev från NNS styrelse", body="Hej alla!"
    )
    smtp_server.refuse_next = 5  # the server says "try again later" a few times

    letter_services.letter_send(letter=letter)  # autocommit: the fan-out task goes at once

    wait_until(lambda: len(smtp_server.messages) >= RECIPIENTS, timeout=240)
    wait_until(
        lambda: not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists(),
        timeout=30,
    )
    time.sleep(1)  # anything duplicated would have arrived by now
    delivered = [message["To"] for message in smtp_server.messages]
    assert len(delivered) == RECIPIENTS
    assert len(set(delivered)) == RECIPIENTS
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert sum(OutboxMessage.objects.values_list("attempts", flat=True)) == RECIPIENTS + 5
