from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from . import outbox


@shared_task
def clear_expired_sessions() -> None:
    """Remove expired login sessions, which Django's database backend otherwise keeps."""
    call_command("clearsessions")


@shared_task(bind=True, max_retries=None, ignore_result=True)  # one per e-mail: no results kept
def send_outbox_message(self, message_id: int) -> None:
    try:
        outbox.outbox_send(message_id=message_id)
    except outbox.SendDeferred as deferred:
        if self.request.is_eager:
            # In-process (development): no worker to retry later; the row stays queued
            # with its error, for resume_stalled_outbox.
            return
        raise self.retry(countdown=deferred.countdown) from deferred


@shared_task
def resume_stalled_outbox() -> None:
    outbox.outbox_resume_stalled()


@shared_task
def report_outbox_failures() -> None:
    """Run by beat every morning: staff hear once of each message that could not be sent."""
    outbox.outbox_failures_report(now=timezone.now())
