from celery import shared_task
from django.utils import timezone

from .invoicing import emails, services


@shared_task
def execute_invoice_run(run_id: int) -> None:
    services.invoice_run_execute(run_id=run_id)


@shared_task(ignore_result=True)
def send_invoices(invoice_ids: list[int]) -> None:
    services.invoices_send_now(invoice_ids=invoice_ids)


@shared_task(ignore_result=True)
def email_invoices(invoice_ids: list[int]) -> None:
    services.invoices_email_now(invoice_ids=invoice_ids)


@shared_task
def remind_overdue_invoices() -> None:
    """Run by beat every morning."""
    emails.overdue_reminders_send()


@shared_task
def resume_invoice_runs() -> None:
    """Run by beat every minute: a run whose worker died goes on where it stopped."""
    services.invoice_runs_resume(now=timezone.now())
