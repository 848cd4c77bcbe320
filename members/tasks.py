from celery import shared_task
from django.utils import timezone

from .privacy import retention


@shared_task
def apply_retention() -> None:
    """Run by beat every night: anonymise people past the limit, clear old e-mail texts."""
    retention.people_anonymise_due(today=timezone.localdate())
    retention.outbox_bodies_clear(now=timezone.now())
