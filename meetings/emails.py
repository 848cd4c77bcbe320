"""The e-mails about meetings: invitations, updates, cancellations, reminders, requests."""

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse

from members.models import AreaContact, Person
from nns_portal.emails import absolute_url, render_draft
from nns_portal.outbox import Attachment, Draft

from .calendar import ics_method
from .documents.models import MeetingDocument
from .models import AreaMeetingRequest, Invitation, Meeting, MeetingMessage
from .tokens import rsvp_token


class Kind:
    INVITATION = "invitation"
    UPDATE = "update"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"


def rsvp_url(invitation: Invitation) -> str:
    return absolute_url(
        reverse("meetings:rsvp", kwargs={"pk": invitation.pk, "token": rsvp_token(invitation)})
    )


def meeting_message_key(kind: str, meeting: Meeting, person_id: int) -> str:
    """One invitation and one reminder per person and meeting; one update per revision."""
    if kind == Kind.UPDATE:
        return f"meeting:{meeting.pk}:{kind}:{meeting.sequence}:person:{person_id}"
    return f"meeting:{meeting.pk}:{kind}:person:{person_id}"


def meeting_draft(
    *, kind: str, invitation: Invitation, ics: bytes, documents: Sequence[MeetingDocument] = ()
) -> Draft:
    """One person's e-mail about a meeting; ``documents`` are those attached by now (linked,
    as they are read after logging in)."""
    meeting, person = invitation.meeting, invitation.person
    answer_url = rsvp_url(invitation)
    context = {
        "documents": [
            (document.title, absolute_url(reverse("meetings:document", args=[document.pk])))
            for document in documents
        ],
        "meeting_url": absolute_url(reverse("meetings:meeting", args=[meeting.pk])),
        "kind": kind,
        "meeting": meeting,
        "invitation": invitation,
        "person": person,
        "answer_url": answer_url,
        "coming_url": f"{answer_url}?svar={Invitation.Answer.COMING}",
        "not_coming_url": f"{answer_url}?svar={Invitation.Answer.NOT_COMING}",
        "my_meetings_url": absolute_url(reverse("meetings:mine")),
        "portal_url": settings.PORTAL_URL,
    }
    return render_draft(
        key=meeting_message_key(kind, meeting, person.pk),
        category=f"meeting_{kind}",
        to=person.email,
        template="meetings/email/meeting",
        context=context,
        language=person.preferred_language,
        attachments=[Attachment("mote.ics", ics, f"text/calendar; method={ics_method(meeting)}")],
    )


def area_request_drafts(*, request: AreaMeetingRequest, contacts: list[AreaContact]) -> list[Draft]:
    drafts = []
    for contact in contacts:
        person: Person = contact.person
        drafts.append(
            render_draft(
                key=f"area-request:{request.pk}:person:{person.pk}",
                category="area_request",
                to=person.email,
                template="meetings/email/area_request",
                context={
                    "request": request,
                    "person": person,
                    "portal_url": settings.PORTAL_URL,
                },
                language=person.preferred_language,
                headers={"Reply-To": request.requested_by.email} if request.requested_by else None,
            )
        )
    return drafts


def meeting_message_draft(*, message: MeetingMessage, person: Person) -> Draft:
    """Staff's message to one person invited to the meeting; once per person and message."""
    return render_draft(
        key=f"meeting-message:{message.pk}:person:{person.pk}",
        category="meeting_message",
        to=person.email,
        template="meetings/email/message",
        context={
            "message": message,
            "meeting": message.meeting,
            "person": person,
            "my_meetings_url": absolute_url(reverse("meetings:mine")),
        },
        language=person.preferred_language,
        written_by_a_person=True,
    )
