"""Who may see which meeting, in one place.

A meeting's page and papers are for those whose invitation is still in force (their roles of
the day would invite them, or they are named to come instead of someone); an annual or
members' meeting's, and published minutes, for everyone who holds a role in a member
association or in NNS today; staff see everything. Someone who has left sees none of it, as
their invitation links stop working. Someone else's meeting is a 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from members.models import Person, User

from .audience import NO_STANDING, Standing, invitations_in_force, standing_of
from .models import Meeting, MeetingType


def user_standing(*, user: User) -> Standing:
    """The standing of the user's person today (none for a login without a person); kept on
    the user object, which lives as long as the request, as Django keeps its permissions."""
    if not user.is_authenticated:
        return NO_STANDING
    today = timezone.localdate()
    cached = getattr(user, "_meeting_standing", None)
    if cached is None or cached[0] != today:
        person_id = Person.objects.filter(user=user).values_list("pk", flat=True).first()
        cached = user._meeting_standing = (today, standing_of(person_id=person_id, on=today))
    return cached[1]


def meetings_for_standing(*, standing: Standing) -> QuerySet[Meeting]:
    in_force = invitations_in_force(standing=standing).values("meeting_id")
    visible = Q(pk__in=in_force)
    if standing.holds_a_role:
        visible |= Q(type__code__in=MeetingType.VOTING)
    return Meeting.objects.filter(visible)


def meetings_for_user(*, user: User) -> QuerySet[Meeting]:
    """The meetings whose page the user may open."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    if user.is_staff:
        return Meeting.objects.all()
    return meetings_for_standing(standing=user_standing(user=user))


def meeting_get_for_user(*, user: User, pk: int) -> Meeting:
    meeting = meetings_for_user(user=user).select_related("type", "area").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting
