"""A letter's fan-out resumed from the database when its Celery task is lost."""

import datetime

from django.utils import timezone

from meetings.letters import services as letters
from meetings.letters.selectors import letter_recipients
from meetings.models import Letter
from nns_portal.models import OutboxMessage

LATER = datetime.timedelta(minutes=3)


def test_a_letter_whose_fan_out_was_lost_is_resumed(letter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the task is lost with the broker
        letters.letter_send(letter=letter)
    assert not OutboxMessage.objects.filter(category="letter").exists()
    assert letters.letters_resume_stalled(now=timezone.now()) == []  # not stalled yet

    with django_capture_on_commit_callbacks(execute=True):
        assert letters.letters_resume_stalled(now=timezone.now() + LATER) == [letter.pk]

    expected = len(list(letter_recipients(on=timezone.localdate())))
    assert OutboxMessage.objects.filter(category="letter").count() == expected > 0
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert letters.letters_resume_stalled(now=timezone.now() + 2 * LATER) == []


def test_a_resumed_fan_out_beside_a_running_one_queues_each_e_mail_once(
    letter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        letters.letter_send(letter=letter)
    letters.letter_fan_out(letter_id=letter.pk, batch_size=2)
    recipients = {p.email for p in letter_recipients(on=timezone.localdate())}
    with django_capture_on_commit_callbacks(execute=True):
        # As if the first copy were still running: the letter is still being sent.
        Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.SCHEDULED)
        assert letters.letters_resume_stalled(now=timezone.now() + LATER) == [letter.pk]

    # The outbox's unique key would refuse a second row with the same key; what the resumed
    # copy must not do is queue anyone twice under another key, or leave anyone out.
    sent_to = list(OutboxMessage.objects.filter(category="letter").values_list("to", flat=True))
    keys = list(OutboxMessage.objects.filter(category="letter").values_list("key", flat=True))
    assert len(keys) == len(set(keys)) > 0
    assert sorted(sent_to) == sorted(recipients)
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.SENT
