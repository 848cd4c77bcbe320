"""Reminders of overdue invoices: at most two per invoice, each recorded once with its mail."""

import datetime

from django.db import transaction
from django.utils import timezone

from nns_portal.outbox import outbox_queue

from ...models import InvoiceReminder
from ..emails import invoice_address, reminder_draft
from ..selectors import reminders_due, reminders_now


def overdue_reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue the reminders that are due; returns how many. Each is recorded once, with its mail."""
    today = today or timezone.localdate()
    queued = 0
    for invoice, ordinal in reminders_due(today=today):
        if not invoice_address(invoice.association):
            continue
        with transaction.atomic():
            _reminder, created = InvoiceReminder.objects.get_or_create(
                invoice=invoice, ordinal=ordinal
            )
            if created:
                queued += outbox_queue(drafts=[reminder_draft(invoice, ordinal=ordinal)])
    return queued


def reminders_send_now(*, invoice_ids: list[int], today: datetime.date | None = None) -> int:
    """Staff remind the chosen overdue invoices now (the next of at most two reminders),
    whatever the schedule; returns how many were queued. Paid, credited, not yet due and
    twice-reminded invoices are left out."""
    today = today or timezone.localdate()
    queued = 0
    for invoice, ordinal in reminders_now(invoice_ids=invoice_ids, today=today):
        with transaction.atomic():
            _reminder, created = InvoiceReminder.objects.get_or_create(
                invoice=invoice, ordinal=ordinal
            )
            if created:
                queued += outbox_queue(drafts=[reminder_draft(invoice, ordinal=ordinal)])
    return queued
