"""Reads of invoices, scoped to who asks, with each invoice's payments and status."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Association, Role, User
from members.selectors import roles_of_user
from nns_portal.models import OutboxMessage
from nns_portal.outbox import outbox_known_keys, outbox_status_counts

from ..models import Invoice, InvoiceRun, Payment
from .emails import has_invoice_address, invoice_address, invoice_email_key, resend_key_prefix


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")
    OVERPAID = "overpaid", _("Over-paid")
    OVERDUE = "overdue", _("Overdue")
    CREDITED = "credited", _("Credited")
    CREDIT_NOTE = "credit_note", _("Credit note")


def with_payments(queryset: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Annotate ``paid`` (the sum of payments) and ``is_credited`` on each invoice."""
    paid = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return queryset.annotate(
        paid=Coalesce(Subquery(paid, output_field=money), Value(Decimal(0)), output_field=money),
        is_credited=Exists(Invoice.objects.filter(credits=OuterRef("pk"))),
    )


def status_of(invoice: Invoice, *, today: datetime.date | None = None) -> Status:
    """The status of an invoice annotated by ``with_payments``."""
    if invoice.is_credit_note:
        return Status.CREDIT_NOTE
    if invoice.is_credited:
        return Status.CREDITED
    if invoice.paid > invoice.total_amount:
        return Status.OVERPAID
    if invoice.paid == invoice.total_amount:
        return Status.PAID
    if invoice.paid > 0:
        return Status.PARTLY_PAID
    if invoice.due_on < (today or timezone.localdate()):
        return Status.OVERDUE
    return Status.OPEN


def status_filter(status: str, *, today: datetime.date | None = None) -> Q:
    """The same statuses as ``status_of``, for a queryset annotated by ``with_payments``."""
    today = today or timezone.localdate()
    invoice = Q(kind=Invoice.Kind.INVOICE, is_credited=False)
    total = models.F("total_amount")
    nothing_paid = invoice & Q(paid=0)
    return {
        Status.CREDIT_NOTE: Q(kind=Invoice.Kind.CREDIT_NOTE),
        Status.CREDITED: Q(kind=Invoice.Kind.INVOICE, is_credited=True),
        Status.OVERPAID: invoice & Q(paid__gt=total),
        Status.PAID: invoice & Q(paid=total),
        Status.PARTLY_PAID: invoice & Q(paid__gt=0, paid__lt=total),
        Status.OVERDUE: nothing_paid & Q(due_on__lt=today),
        Status.OPEN: nothing_paid & Q(due_on__gte=today),
    }[Status(status)]


def balance_due_filter(*, today: datetime.date) -> Q:
    """Invoices past their due date with something left to pay (nothing or a part paid): what
    reminders are for."""
    return Q(
        kind=Invoice.Kind.INVOICE,
        is_credited=False,
        paid__lt=models.F("total_amount"),
        due_on__lt=today,
    )


def _invoices_of_own_associations(user: User) -> QuerySet[Invoice]:
    """Invoices of the associations where the user is chair, director or invoice contact today."""
    if not user.is_authenticated:
        return Invoice.objects.none()
    associations = roles_of_user(user=user, kinds=Role.INVOICE_KINDS).values("association_id")
    return Invoice.objects.filter(association_id__in=associations)


def invoices_for_user(*, user: User) -> QuerySet[Invoice]:
    """The invoices a user may open: staff every one, others those of their associations."""
    if user.is_authenticated and user.is_staff:
        return Invoice.objects.all()
    return _invoices_of_own_associations(user)


def invoice_get_for_user(*, user: User, pk: int) -> Invoice:
    """One invoice the user may see, or 404 (the same whether it is missing or not theirs)."""
    invoice = invoices_for_user(user=user).filter(pk=pk).first()
    if invoice is None:
        raise Http404
    return invoice


def my_invoices(*, user: User) -> list[Invoice]:
    """What "Mina fakturor" lists: by association, newest first, each with its status.

    Staff see their own associations' invoices here too; every invoice is in the admin."""
    invoices = list(
        with_payments(_invoices_of_own_associations(user))
        .select_related("association", "credits")
        .order_by("association__name", "-issued_on", "-sequence")
    )
    today = timezone.localdate()
    for invoice in invoices:
        invoice.status = status_of(invoice, today=today)
        open_amount = not (invoice.is_credit_note or invoice.is_credited)
        invoice.balance = invoice.total_amount - invoice.paid if open_amount else Decimal(0)
        invoice.overpaid = -invoice.balance if invoice.balance < 0 else Decimal(0)
        invoice.past_due = open_amount and invoice.balance > 0 and invoice.due_on < today
    return invoices


def invoice_email_message(*, invoice: Invoice) -> OutboxMessage | None:
    """The e-mail that carried the invoice, once queued."""
    return OutboxMessage.objects.filter(key=invoice_email_key(invoice.pk)).first()


def invoice_email_resent_count(*, invoice: Invoice) -> int:
    return OutboxMessage.objects.filter(key__startswith=resend_key_prefix(invoice.pk)).count()


def run_email_progress(*, run: InvoiceRun) -> dict[str, int]:
    """How many of a run's invoice e-mails are queued, being sent, sent and failed."""
    keys = [invoice_email_key(pk) for pk in run.invoices.values_list("pk", flat=True)]
    return outbox_status_counts(messages=OutboxMessage.objects.filter(key__in=keys))


def run_email_expected(*, run: InvoiceRun) -> int | None:
    """How many e-mails a run that sends is to queue (its invoices to associations that want
    them by e-mail and have an address), so that one cut short shows what is missing."""
    if not run.send_by_email:
        return None
    return (
        run.invoices.filter(association__invoice_channel__in=Association.EMAIL_CHANNELS)
        .filter(has_invoice_address("association__"))
        .count()
    )


def invoices_not_emailed(invoices: list[Invoice]) -> list[Invoice]:
    """Those of ``invoices`` whose e-mail is not in the outbox yet (each is e-mailed once)."""
    queued = outbox_known_keys(keys=[invoice_email_key(invoice.pk) for invoice in invoices])
    return [invoice for invoice in invoices if invoice_email_key(invoice.pk) not in queued]


def invoice_run_under_way(*, fee_year: int) -> bool:
    """Whether a run of the year is issuing or e-mailing (or was, and waits for beat)."""
    return InvoiceRun.objects.filter(fee_year=fee_year, status__in=InvoiceRun.UNDER_WAY).exists()


def reminders_now(*, invoice_ids: list[int], today: datetime.date) -> list[tuple[Invoice, int]]:
    """Of the chosen invoices, those a reminder may go to now, with its number: past due,
    something left to pay, fewer than two reminders, an address to send to."""
    invoices = (
        with_payments(Invoice.objects.filter(pk__in=invoice_ids))
        .filter(balance_due_filter(today=today))
        .annotate(reminded=Count("reminders"))
        .select_related("association")
        .order_by("sequence")
    )
    return [
        (invoice, invoice.reminded + 1)
        for invoice in invoices
        if invoice.reminded < 2 and invoice_address(invoice.association)
    ]


def reminders_due(*, today: datetime.date) -> list[tuple[Invoice, int]]:
    """Overdue invoices to remind now: a first reminder some days after the due date, a second
    (and last) one some days after the first. Paid and credited invoices never qualify."""
    grace = datetime.timedelta(days=settings.INVOICE_REMINDER_GRACE_DAYS)
    interval = datetime.timedelta(days=settings.INVOICE_SECOND_REMINDER_DAYS)
    overdue = (
        with_payments(Invoice.objects.filter(kind=Invoice.Kind.INVOICE))
        .filter(balance_due_filter(today=today), due_on__lt=today - grace)
        .annotate(reminded=Count("reminders"), last_reminded=Max("reminders__queued_at"))
        .select_related("association")
        .order_by("sequence")
    )
    due = []
    for invoice in overdue:
        if invoice.reminded == 0:
            due.append((invoice, 1))
        elif (
            invoice.reminded == 1 and timezone.localdate(invoice.last_reminded) <= today - interval
        ):
            due.append((invoice, 2))
    return due
