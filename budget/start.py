"""What the start page shows of invoices: what is left to pay on the associations' invoices;
for staff, invoice runs under way."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import User
from nns_portal.start import DueItem, StartSection, start_section

from .invoicing.selectors import my_invoices
from .models import InvoiceRun
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
