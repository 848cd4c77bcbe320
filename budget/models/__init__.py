"""The models of both areas of ``budget``, re-exported so that the app's label and
migrations stay as they were."""

from .invoicing import (
    FeeSchedule,
    ImmutableModel,
    ImmutableQuerySet,
    Invoice,
    InvoiceLine,
    InvoicePdf,
    InvoiceReminder,
    InvoiceRun,
    InvoiceSeries,
    IssuedInvoiceError,
    Payment,
)
from .plan import BudgetAmount, BudgetColumn, BudgetLine, EquityBalance

__all__ = [
    "BudgetAmount",
    "BudgetColumn",
    "BudgetLine",
    "EquityBalance",
    "FeeSchedule",
    "ImmutableModel",
    "ImmutableQuerySet",
    "Invoice",
    "InvoiceLine",
    "InvoicePdf",
    "InvoiceReminder",
    "InvoiceRun",
    "InvoiceSeries",
    "IssuedInvoiceError",
    "Payment",
]
