from celery import shared_task
from django.utils import timezone

from members.models import User
from nns_portal.celery import JOB_RETRY

from .invoicing import payment_files, services


@shared_task(**JOB_RETRY)
def execute_invoice_run(run_id: int) -> None:
    services.invoice_run_execute(run_id=run_id)


@shared_task(ignore_result=True, **JOB_RETRY)
def send_invoices(invoice_ids: list[int]) -> None:
    services.invoices_send_now(invoice_ids=invoice_ids)


@shared_task(ignore_result=True, **JOB_RETRY)
def email_invoices(invoice_ids: list[int]) -> None:
    services.invoices_email_now(invoice_ids=invoice_ids)


@shared_task
def remind_overdue_invoices() -> None:
    """Run by beat every morning."""
    services.overdue_reminders_send()


@shared_task
def resume_invoice_runs() -> None:
    """Run by beat every minute: a run whose worker died goes on where it stopped."""
    services.invoice_runs_resume(now=timezone.now())


@shared_task(**JOB_RETRY)
def register_payment_file(payment_file_id: int, user_id: int | None) -> None:
    """Register a bank file's matched payments (staff confirmed its preview)."""
    user = User.objects.filter(pk=user_id).first() if user_id else None
    payment_files.payment_file_register(payment_file_id=payment_file_id, user=user)


@shared_task
def resume_payment_files() -> None:
    """Run by beat every minute: a registration whose worker died is started again."""
    payment_files.payment_files_resume(now=timezone.now())
