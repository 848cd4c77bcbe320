"""Who sees which of a meeting's documents, in one place.

A meeting's documents are for those who may see the meeting (``meetings/visibility.py``), but
minutes only once published; published minutes are for everyone who holds a role in a member
association or in NNS; staff see everything. Someone else's document is a 404."""

from collections import defaultdict

from django.db.models import Q, QuerySet
from django.http import Http404

from members.models import User

from ..models import Meeting
from ..visibility import meetings_for_standing, user_standing
from .models import MeetingDocument

Kind = MeetingDocument.Kind
State = MeetingDocument.MinutesState


def _visible_to_those_who_see_the_meeting() -> Q:
    return ~Q(kind=Kind.MINUTES) | Q(minutes_state=State.PUBLISHED)


def documents_for_user(*, user: User) -> QuerySet[MeetingDocument]:
    if not user.is_authenticated:
        return MeetingDocument.objects.none()
    if user.is_staff:
        return MeetingDocument.objects.all()
    standing = user_standing(user=user)
    visible = _visible_to_those_who_see_the_meeting() & Q(
        meeting__in=meetings_for_standing(standing=standing).values("pk")
    )
    if standing.holds_a_role:
        visible |= Q(minutes_state=State.PUBLISHED)
    return MeetingDocument.objects.filter(visible)


def document_get_for_user(*, user: User, pk: int) -> MeetingDocument:
    document = documents_for_user(user=user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def meeting_documents_for_user(*, user: User, meeting: Meeting) -> list[MeetingDocument]:
    return list(documents_for_user(user=user).filter(meeting=meeting).order_by("added_at", "pk"))


def invitee_documents(*, meeting_ids: list[int]) -> dict[int, list[MeetingDocument]]:
    """What each meeting's invitees see (for "Mina möten" and the invitation e-mails)."""
    documents: dict[int, list[MeetingDocument]] = defaultdict(list)
    for document in MeetingDocument.objects.filter(
        _visible_to_those_who_see_the_meeting(), meeting_id__in=meeting_ids
    ).order_by("added_at", "pk"):
        documents[document.meeting_id].append(document)
    return documents


def published_minutes(*, user: User) -> QuerySet[MeetingDocument]:
    """The archive of minutes: published ones, the latest meeting first, for everyone who
    holds a role in a member association or in NNS, and staff."""
    if not (user.is_authenticated and (user.is_staff or user_standing(user=user).holds_a_role)):
        return MeetingDocument.objects.none()
    return (
        MeetingDocument.objects.filter(kind=Kind.MINUTES, minutes_state=State.PUBLISHED)
        .select_related("meeting__type")
        .order_by("-meeting__starts_at", "pk")
    )
