"""Demo meetings: the 2026 and 2027 plans of the seed, and a chairs' meeting being invited to."""

from django.utils import timezone

from members.imports import import_apply

from . import services
from .models import Meeting, MeetingType
from .plan_file import PLAN_FILE, PLAN_KIND


def load() -> None:
    import_apply(kind=PLAN_KIND, content=PLAN_FILE.read_bytes(), filename=PLAN_FILE.name)
    # The next chairs' meeting has its invitations out, so "Mina möten" has something to answer.
    upcoming = Meeting.objects.filter(
        type__code=MeetingType.Code.CHAIRS,
        status=Meeting.Status.PLANNED,
        starts_at__gt=timezone.now(),
    ).first()
    if upcoming is not None:
        services.invitations_send(meeting=upcoming)
