"""Who sees which meeting and which of its documents, in one place.

A meeting's page and documents are for those invited to it; the papers of an annual or
members' meeting (and its motions) are for every member; published minutes are for every
member; staff see everything. Someone else's document is a 404."""

from collections import defaultdict

from django.db.models import Q, QuerySet
from django.http import Http404

from members.models import User

from ..models import Meeting, MeetingType
from .models import MeetingDocument

Kind = MeetingDocument.Kind
State = MeetingDocument.MinutesState


def meetings_for_user(*, user: User) -> QuerySet[Meeting]:
    """The meetings whose page the user may open."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    if user.is_staff:
        return Meeting.objects.all()
    return Meeting.objects.filter(
        Q(type__code__in=MeetingType.VOTING) | Q(invitations__person__user=user)
    ).distinct()


def meeting_get_for_user(*, user: User, pk: int) -> Meeting:
    meeting = meetings_for_user(user=user).select_related("type", "area").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def _visible_to_those_who_see_the_meeting() -> Q:
    return ~Q(kind=Kind.MINUTES) | Q(minutes_state=State.PUBLISHED)


def documents_for_user(*, user: User) -> QuerySet[MeetingDocument]:
    if not user.is_authenticated:
        return MeetingDocument.objects.none()
    if user.is_staff:
        return MeetingDocument.objects.all()
    return MeetingDocument.objects.filter(
        (
            _visible_to_those_who_see_the_meeting()
            & Q(meeting__in=meetings_for_user(user=user).values("pk"))
        )
        | Q(minutes_state=State.PUBLISHED)
    )


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
    """The archive of minutes: published ones, the latest meeting first, for every member."""
    if not user.is_authenticated:
        return MeetingDocument.objects.none()
    return (
        MeetingDocument.objects.filter(kind=Kind.MINUTES, minutes_state=State.PUBLISHED)
        .select_related("meeting__type")
        .order_by("-meeting__starts_at", "pk")
    )
