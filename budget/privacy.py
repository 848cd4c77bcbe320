"""What budget/ holds about a person, for the register extract (registered with members'
privacy registry in ``BudgetConfig.ready()``). Invoices name associations, not people."""

from django.utils.translation import gettext_lazy as _

from members.privacy.registry import (
    Source,
    by_login,
    history_of,
    register_not_personal,
    register_sources,
)

from .models import InvoiceRun, Payment, PaymentFile, SieImport

register_sources(
    Source(
        _("Invoice runs started"),
        InvoiceRun,
        lambda p: InvoiceRun.objects.filter(by_login("started_by")(p)),
        ("fee_year", "issued_on", "started_at"),
    ),
    Source(
        _("Payments registered"),
        Payment,
        lambda p: Payment.objects.filter(by_login("registered_by")(p)).select_related("invoice"),
        ("invoice", "paid_on", "amount", "registered_at"),
    ),
    Source(
        _("Payment files uploaded"),
        PaymentFile,
        lambda p: PaymentFile.objects.filter(by_login("uploaded_by")(p)),
        ("name", "uploaded_at", "registered_at"),
    ),
    Source(
        _("Bookkeeping files imported"),
        SieImport,
        lambda p: SieImport.objects.filter(by_login("imported_by")(p)),
        ("fiscal_year", "name", "imported_at"),
    ),
    Source(
        _("Earlier versions of payments registered"),
        history_of(Payment),
        lambda p: history_of(Payment).objects.filter(by_login("registered_by")(p)),
        ("history_date", "history_type", "invoice", "paid_on", "amount"),
    ),
)

register_not_personal(
    {
        "budget.invoice": "names the association, not a person; issued_by is the staff member's "
        "address and seller_reference NNS's contact (Vår referens), kept with the invoice as "
        "bookkeeping law requires",
        "budget.feeschedule": "NNS's own invoicing address",
        "budget.historicalfeeschedule": "NNS's own invoicing address",
    }
)
