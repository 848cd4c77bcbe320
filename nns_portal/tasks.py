from celery import shared_task
from django.core.management import call_command
from django.utils import timezone

from . import health, outbox


@shared_task
def clear_expired_sessions() -> None:
    """Remove expired login sessions, which Django's database backend otherwise keeps."""
    call_command("clearsessions")


@shared_task(bind=True, ignore_result=True)  # many: no results kept
def send_outbox_batch(self, message_ids: list[int]) -> None:
    """Send a batch of the outbox over one connection; a row that may pass later is tried
    again alone, after its back-off."""
    deferred = outbox.outbox_send_batch(message_ids=message_ids)
    if self.request.is_eager:
        return  # in-process (development): the rows stay queued for resume_stalled_outbox
    for message_id, countdown in deferred.items():
        send_outbox_message.apply_async((message_id,), countdown=countdown)


@shared_task(bind=True, max_retries=None, ignore_result=True)  # many: no results kept
def send_outbox_message(self, message_id: int) -> None:
    """Send one row of the outbox (a row deferred from its batch), retried with back-off."""
    try:
        outbox.outbox_send(message_id=message_id)
    except outbox.SendDeferred as deferred:
        if self.request.is_eager:
            # In-process (development): no worker to retry later; the row stays queued
            # with its error, for resume_stalled_outbox.
            return
        raise self.retry(countdown=deferred.countdown) from deferred


@shared_task(ignore_result=True)
def heartbeat(queue: str) -> None:
    """Sent by beat to each queue every minute: the worker that takes it says it is there."""
    health.heartbeat_record(queue=queue)


@shared_task
def warn_of_silent_workers() -> None:
    """Run by beat every five minutes: staff are e-mailed once when a queue falls silent."""
    health.silent_workers_warn()


@shared_task
def resume_stalled_outbox() -> None:
    outbox.outbox_resume_stalled()


@shared_task
def report_outbox_failures() -> None:
    """Run by beat every morning: staff hear once of each message that could not be sent."""
    outbox.outbox_failures_report(now=timezone.now())
