"""Every write of invoicing, by what the office does: issuing (the snapshot and its number),
credit notes, runs and sending, payments registered by hand, reminders of overdue invoices.
Re-exported here, so that callers write ``services.invoice_issue`` wherever it lives."""

from .credit_notes import invoice_credit
from .issuing import (
    AlreadyInvoiced,
    buyer_address,
    delivery_problems,
    invoice_draft,
    invoice_issue,
    invoice_number,
    schedule_for_invoicing,
    schedule_problems,
)
from .payments import payment_register, payment_remove
from .reminders import overdue_reminders_send, reminders_send_now
from .runs import (
    invoice_email_resend,
    invoice_run_candidates,
    invoice_run_create,
    invoice_run_execute,
    invoice_run_finish_if_done,
    invoice_run_refuse_if_running,
    invoice_run_start,
    invoice_runs_resume,
    invoices_email,
    invoices_email_now,
    invoices_email_queue,
    invoices_send,
    invoices_send_now,
)

__all__ = [
    "AlreadyInvoiced",
    "buyer_address",
    "delivery_problems",
    "invoice_credit",
    "invoice_draft",
    "invoice_email_resend",
    "invoice_issue",
    "invoice_number",
    "invoice_run_candidates",
    "invoice_run_create",
    "invoice_run_execute",
    "invoice_run_finish_if_done",
    "invoice_run_refuse_if_running",
    "invoice_run_start",
    "invoice_runs_resume",
    "invoices_email",
    "invoices_email_now",
    "invoices_email_queue",
    "invoices_send",
    "invoices_send_now",
    "overdue_reminders_send",
    "payment_register",
    "payment_remove",
    "reminders_send_now",
    "schedule_for_invoicing",
    "schedule_problems",
]
