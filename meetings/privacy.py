"""What meetings/ holds about a person, for the register extract and for anonymisation
(registered with members' privacy registry in ``MeetingsConfig.ready()``)."""

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.privacy.registry import (
    Source,
    Traces,
    by_login,
    history_of,
    register_eraser,
    register_not_personal,
    register_sources,
)
from nns_portal.models import OutboxMessage

from .adjusting.models import MinutesAnswer, MinutesSigner
from .annual.models import Motion, RollCallEntry
from .decisions.models import Candidate, Poll, PollVoter
from .followup.models import Decision
from .models import (
    AreaMeetingRequest,
    CalendarFeed,
    Invitation,
    Letter,
    MeetingDelegate,
    MeetingMessage,
)

# django-simple-history's table of earlier versions of the decisions' people.
RESPONSIBLE_HISTORY = apps.get_model("meetings", "HistoricalDecision_responsible")

register_sources(
    Source(
        _("Invitations and answers"),
        Invitation,
        lambda p: Invitation.objects.filter(person=p).select_related("meeting", "substitute"),
        ("meeting", "association", "capacity", "answer", "substitute", "answered_at", "created_at"),
    ),
    Source(
        _("Named to come instead of someone"),
        Invitation,
        lambda p: Invitation.objects.filter(substitute=p).select_related("meeting", "person"),
        ("meeting", "person", "answered_at"),
    ),
    Source(
        _("Delegate"),
        MeetingDelegate,
        lambda p: MeetingDelegate.objects.filter(person=p).select_related("meeting"),
        ("meeting", "association", "named_at"),
    ),
    Source(
        _("Earlier versions of delegate records"),
        history_of(MeetingDelegate),
        lambda p: history_of(MeetingDelegate).objects.filter(person_id=p.pk),
        ("history_date", "history_type", "meeting", "association"),
    ),
    Source(
        _("Motions submitted"),
        Motion,
        lambda p: Motion.objects.filter(submitted_by=p).select_related("meeting"),
        ("meeting", "association", "number", "title", "submitted_at"),
    ),
    Source(
        _("Earlier versions of motions"),
        history_of(Motion),
        lambda p: history_of(Motion).objects.filter(submitted_by_id=p.pk),
        ("history_date", "history_type", "meeting", "title", "text"),
    ),
    Source(
        _("Roll call"),
        RollCallEntry,
        lambda p: RollCallEntry.objects.filter(person=p).select_related("meeting"),
        ("meeting", "association", "attendance", "present", "checked_in_at", "left_at"),
    ),
    Source(
        _("Earlier versions of the roll call"),
        history_of(RollCallEntry),
        lambda p: history_of(RollCallEntry).objects.filter(person_id=p.pk),
        ("history_date", "history_type", "meeting", "association", "present"),
    ),
    Source(
        _("Requests for area meetings"),
        AreaMeetingRequest,
        lambda p: AreaMeetingRequest.objects.filter(requested_by=p),
        ("association", "area", "message", "created_at"),
    ),
    Source(
        _("Private calendar"),
        CalendarFeed,
        lambda p: CalendarFeed.objects.filter(person=p),
        ("created_at",),
    ),
    Source(
        _("Letters signed"),
        Letter,
        lambda p: Letter.objects.filter(signed_by=p),
        ("title", "sent_at"),
    ),
    Source(
        _("Earlier versions of letters signed"),
        history_of(Letter),
        lambda p: history_of(Letter).objects.filter(signed_by_id=p.pk),
        ("history_date", "history_type", "title"),
    ),
    Source(
        _("Candidacies in elections"),
        Candidate,
        lambda p: Candidate.objects.filter(person=p).select_related("item__meeting"),
        ("item", "by_nomination_committee", "nominated_by", "elected"),
    ),
    Source(
        _("Votes cast for an association (whether, never how in a secret vote)"),
        PollVoter,
        lambda p: PollVoter.objects.filter(person=p).select_related("poll", "association"),
        ("poll", "association", "voted"),
    ),
    Source(
        _("Votes opened"),
        Poll,
        lambda p: Poll.objects.filter(by_login("created_by")(p)),
        ("question", "opened_at", "closed_at"),
    ),
    Source(
        _("Decisions responsible for, or followed up"),
        Decision,
        lambda p: (
            Decision.objects.filter(Q(responsible=p) | by_login("changed_by")(p))
            .select_related("meeting")
            .distinct()
        ),
        ("meeting", "paragraph", "text", "working_group", "deadline", "status", "note"),
    ),
    Source(
        _("Earlier versions of decisions followed up"),
        history_of(Decision),
        lambda p: history_of(Decision).objects.filter(by_login("changed_by")(p)),
        ("history_date", "history_type", "text", "status", "note"),
    ),
    Source(
        _("Earlier versions of who was responsible for a decision"),
        RESPONSIBLE_HISTORY,
        lambda p: RESPONSIBLE_HISTORY.objects.filter(person=p).select_related("decision__meeting"),
        ("decision",),
    ),
    Source(
        _("Minutes to sign (as chair of the meeting or adjuster)"),
        MinutesSigner,
        lambda p: MinutesSigner.objects.filter(person=p).select_related("document__meeting"),
        ("document", "role"),
    ),
    Source(
        _("Answers to minutes sent round for adjusting"),
        MinutesAnswer,
        lambda p: MinutesAnswer.objects.filter(signer__person=p).select_related(
            "version__document__meeting"
        ),
        ("version", "answer", "comment", "sha256", "answered_at", "login_method"),
    ),
    Source(
        _("Messages written to those invited to a meeting"),
        MeetingMessage,
        lambda p: MeetingMessage.objects.filter(by_login("sent_by")(p)),
        ("meeting", "subject", "created_at"),
    ),
)

register_not_personal(
    {
        "meetings.meetingdocument": "a meeting's document; added_by is the staff member's login",
        "meetings.historicalmeetingdocument": "a meeting's document; added_by is the staff "
        "member's login",
        "meetings.minutesversion": "a version of the minutes as sent round; sent_by is the "
        "staff member's login",
    }
)


@register_eraser
def _calendar_and_requests(traces: Traces) -> None:
    """The private calendar goes; an area-meeting request keeps its association and day but
    not what the person wrote, nor the e-mails that carried it (with their address as
    Reply-To) to the area's contact persons."""
    CalendarFeed.objects.filter(person_id=traces.person_id).delete()
    requests = AreaMeetingRequest.objects.filter(requested_by_id=traces.person_id)
    for pk in requests.values_list("pk", flat=True):
        OutboxMessage.objects.filter(key__startswith=f"area-request:{pk}:").update(
            subject="", body_text="", body_html="", headers={}
        )
    requests.update(message="")
