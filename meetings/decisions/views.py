"""Members' live pages of an annual or members' meeting: the item being dealt with and the
delegate's ballot on a phone, the projector's view, and what the pages ask every two seconds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ..models import Meeting
from ..visibility import meeting_get_for_user
from . import selectors, services
from .live_cache import sees_meeting_cached
from .models import PollVoter


def _voting_meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    if not meeting.type.has_delegates:
        raise Http404
    return meeting


def _number(value: str | None) -> int:
    """An id from a form; anything but up to nine plain digits is no id (and finds nothing)."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else 0


def _ids(values: list[str]) -> list[int]:
    return [_number(value) for value in values]


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The item being dealt with, its vote and, for a delegate on the voter list, the ballot
    of each association they vote for; then the result."""
    if request.method == "POST":
        # Only the person the poll's voter list names gets a place on it (404 otherwise):
        # they are a delegate of this meeting, so no other check of who sees it is needed.
        voter = selectors.voter_get_for_user(
            user=request.user,
            meeting_pk=pk,
            poll_pk=_number(request.POST.get("poll")),
            association_pk=_number(request.POST.get("association")),
        )
        try:
            services.ballot_cast(voter=voter, choices=_ids(request.POST.getlist("choice")))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _voted(voter))
        return redirect("meetings:vote", pk)
    meeting = _voting_meeting_for_user(request, pk)
    live = selectors.live_of(meeting=meeting, user=request.user)
    return render(
        request,
        "meetings/vote.html",
        {"meeting": meeting, "live": live, "rows": _rows(live)},
    )


def _voted(voter: PollVoter) -> str:
    return _("The vote of %(association)s is registered.") % {"association": voter.association}


def _rows(live: selectors.Live) -> list[selectors.ResultRow]:
    return selectors.result_rows(poll=live.poll) if live.poll and live.poll.is_closed else []


@login_required
@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    """For the screen in the room: the item, the question and, once closed, the result."""
    meeting = _voting_meeting_for_user(request, pk)
    live = selectors.live_of(meeting=meeting)
    return render(
        request, "meetings/projector.html", {"meeting": meeting, "live": live, "rows": _rows(live)}
    )


def _sees(request: HttpRequest, pk: int) -> bool:
    try:
        _voting_meeting_for_user(request, pk)
    except Http404:
        return False
    return True


@never_cache
@login_required
@require_GET
def live_state(request: HttpRequest, pk: int) -> JsonResponse:
    """What the live pages ask every 0.7 seconds: from the cache, for those who see the
    meeting."""
    if not sees_meeting_cached(
        meeting_id=pk, user_id=request.user.pk, check=lambda: _sees(request, pk)
    ):
        raise Http404
    return JsonResponse(selectors.live_state_of(meeting=Meeting(pk=pk)))
