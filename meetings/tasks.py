from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nns_portal.celery import JOB_RETRY

from . import services
from .annual import services as annual_services
from .followup import services as followup_services
from .letters import services as letter_services
from .models import Meeting


@shared_task(**JOB_RETRY)
def send_invitations(meeting_id: int) -> None:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return
    try:
        services.invitations_send(meeting=meeting)
    except ValidationError:
        return  # cancelled or started since it was found due: nothing to send


@shared_task(**JOB_RETRY)
def send_reminders(meeting_id: int) -> None:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is not None:
        services.reminders_send(meeting=meeting)


@shared_task
def queue_due_invitations() -> None:
    """Run by beat: start the invitations and reminders whose time has come."""
    now = timezone.now()
    with transaction.atomic():
        for meeting_id in services.meetings_due_for_invitations(now=now):
            send_invitations.delay_on_commit(meeting_id)
        for meeting_id in services.meetings_due_for_reminders(now=now):
            send_reminders.delay_on_commit(meeting_id)


@shared_task
def warn_staff_of_deadlines() -> None:
    """Run by beat each morning: a deadline before an annual or members' meeting is near."""
    annual_services.deadline_warnings_send()


@shared_task
def remind_of_decision_deadlines() -> None:
    """Run by beat each morning: a decision's deadline is near and it is not done."""
    followup_services.decision_reminders_send()


@shared_task(**JOB_RETRY)
def fan_out_letter(letter_id: int) -> None:
    letter_services.letter_fan_out(letter_id=letter_id)


@shared_task
def remind_staff_of_missing_letters() -> None:
    letter_services.staff_remind_of_missing_letters()


@shared_task
def resume_stalled_letters() -> None:
    """Run by beat every minute: a letter's fan-out lost with its task goes on."""
    letter_services.letters_resume_stalled(now=timezone.now())
