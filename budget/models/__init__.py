"""The models of both areas of ``budget`` (invoicing with its payments, and the plan),
re-exported so that the app's label and migrations stay as they were."""

from .invoicing import (
    EinvoiceDelivery,
    FeeSchedule,
    ImmutableModel,
    ImmutableQuerySet,
    Invoice,
    InvoiceLine,
    InvoicePdf,
    InvoiceRun,
    InvoiceSendLease,
    InvoiceSeries,
    InvoiceUbl,
    IssuedInvoiceError,
)
from .outcome import AccountRange, OutcomeAmount, SieAccount, SieImport
from .payments import InvoiceReminder, Payment, PaymentFile
from .plan import BudgetAmount, BudgetColumn, BudgetLine, EquityBalance

__all__ = [
    "AccountRange",
    "BudgetAmount",
    "BudgetColumn",
    "BudgetLine",
    "EinvoiceDelivery",
    "EquityBalance",
    "FeeSchedule",
    "ImmutableModel",
    "ImmutableQuerySet",
    "Invoice",
    "InvoiceLine",
    "InvoicePdf",
    "InvoiceReminder",
    "InvoiceRun",
    "InvoiceSendLease",
    "InvoiceSeries",
    "InvoiceUbl",
    "IssuedInvoiceError",
    "OutcomeAmount",
    "Payment",
    "PaymentFile",
    "SieAccount",
    "SieImport",
]
