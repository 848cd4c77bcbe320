"""What the start page shows of invoices: what is left to pay on the associations' invoices;
for staff, invoice runs under way."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import User
from nns_portal.start import DueItem, StartSection, start_section

from .invoicing.selectors import (
    Status,
    balance_due_filter,
    my_invoices,
    status_filter,
    with_payments,
)
from .models import Invoice, InvoiceRun, PaymentFile
from .templatetags.money import kronor


@start_section
def invoices_due(user: User, now: datetime.datetime) -> StartSection | None:
    if not user.is_authenticated:
        return None
    return StartSection(
        _("Invoices"),
        [
            DueItem(
                _("Invoice %(number)s to %(association)s: %(left)s left to pay, due %(due)s")
                % {
                    "number": invoice.number,
                    "association": invoice.association,
                    "left": kronor(invoice.balance),
                    "due": invoice.due_on.isoformat(),
                },
                reverse("budget:mine"),
                urgent=invoice.past_due,
            )
            for invoice in my_invoices(user=user)
            if invoice.balance > 0
        ],
    )


def _invoices_to_follow_up(today: datetime.date) -> list[DueItem]:
    """Invoices past due with something left (partly paid included), and over-paid ones."""
    invoices = with_payments(Invoice.objects.all())
    changelist = reverse("admin:budget_invoice_changelist")
    items = []
    past_due = invoices.filter(balance_due_filter(today=today)).count()
    if past_due:
        text = ngettext(
            "%(count)d invoice is past due and not paid in full",
            "%(count)d invoices are past due and not paid in full",
            past_due,
        )
        items.append(
            DueItem(text % {"count": past_due}, f"{changelist}?status=past_due", urgent=True)
        )
    overpaid = invoices.filter(status_filter(Status.OVERPAID, today=today)).count()
    if overpaid:
        text = ngettext(
            "%(count)d invoice is over-paid: pay back or set off the difference",
            "%(count)d invoices are over-paid: pay back or set off the difference",
            overpaid,
        )
        items.append(DueItem(text % {"count": overpaid}, f"{changelist}?status={Status.OVERPAID}"))
    return items


def _payment_files_to_handle() -> list[DueItem]:
    """Bank files not registered yet, and registered ones with payments that matched nothing."""
    items = [
        DueItem(
            _("The payment file %(name)s is not registered yet") % {"name": payment_file.name},
            reverse("admin:budget_paymentfile_change", args=[payment_file.pk]),
        )
        for payment_file in PaymentFile.objects.filter(
            registered_at__isnull=True, registering_since__isnull=True
        ).only("name")
    ]
    return items + [
        DueItem(
            ngettext(
                "The payment file %(name)s has %(count)d payment (%(amount)s) that matched no "
                "invoice: handle it by hand",
                "The payment file %(name)s has %(count)d payments (%(amount)s) that matched no "
                "invoice: handle them by hand",
                payment_file.unmatched,
            )
            % {
                "name": payment_file.name,
                "count": payment_file.unmatched,
                "amount": kronor(payment_file.unmatched_amount),
            },
            reverse("admin:budget_paymentfile_change", args=[payment_file.pk]),
            urgent=True,
        )
        for payment_file in PaymentFile.objects.filter(
            unmatched__gt=0, unmatched_handled_at__isnull=True
        ).only("name", "unmatched", "unmatched_amount")
    ]


@start_section
def office_invoices(user: User, now: datetime.datetime) -> StartSection | None:
    """For staff: invoices to follow up and bank files to handle."""
    if not (user.is_authenticated and user.is_staff):
        return None
    items = _invoices_to_follow_up(timezone.localdate(now)) + _payment_files_to_handle()
    return StartSection(_("For the office"), items)


@start_section
def runs_under_way(user: User, now: datetime.datetime) -> StartSection | None:
    if not (user.is_authenticated and user.is_staff):
        return None
    return StartSection(
        _("For the office"),
        [
            DueItem(
                _("%(run)s is under way: %(issued)s of %(total)s issued")
                % {"run": run, "issued": run.issued, "total": run.to_invoice},
                reverse("admin:budget_invoicerun_change", args=[run.pk]),
            )
            for run in InvoiceRun.objects.filter(status__in=InvoiceRun.UNDER_WAY)
        ],
    )
