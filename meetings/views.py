from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.selectors import person_for_user

from . import selectors, services
from .annual import selectors as annual_selectors
from .annual.deadlines import meeting_deadlines, statutes_get
from .annual.forms import CheckInForm
from .calendar import feed_ics
from .decisions import selectors as decision_selectors
from .documents import selectors as document_selectors
from .forms import AnswerForm, AreaMeetingRequestForm, DelegateForm
from .models import Invitation
from .tokens import RsvpLinkInvalid
from .visibility import meeting_get_for_user


@require_GET
def plan(request: HttpRequest, year: int | None = None) -> HttpResponse:
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    context = {
        "year": year,
        # Rendered once per version of the plan (see the template's cache); read only then.
        "plan_version": selectors.plan_version(),
        "months": partial(selectors.plan_for_year, year=year),
        "years": selectors.plan_years,
    }
    return render(request, "meetings/plan.html", context)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def plan_calendar(request: HttpRequest) -> HttpResponse:
    meetings = selectors.public_plan_meetings()
    return _ics_response(feed_ics(meetings, name=_("NNS meetings")), "nns-moten.ics")


@require_GET
def person_calendar(request: HttpRequest, token: str) -> HttpResponse:
    person = selectors.calendar_feed_owner(token=token)
    if not selectors.calendar_feed_in_use(person=person):
        return render(request, "meetings/calendar_gone.html", status=410)
    meetings = selectors.person_feed_meetings(person=person)
    return _ics_response(feed_ics(meetings, name=_("My NNS meetings")), "mina-moten.ics")


@login_required
@require_GET
def my_meetings(request: HttpRequest) -> HttpResponse:
    person = person_for_user(user=request.user)
    context = {
        "meetings": selectors.my_meetings(user=request.user),
        "feed": services.calendar_feed_get(person=person) if person else None,
        "may_ask_for_area_meeting": bool(
            person and selectors.area_request_associations(user=request.user)
        ),
    }
    return render(request, "meetings/my_meetings.html", context)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's page: its facts and documents; for an annual or members' meeting also its
    deadlines, its motions and, on the day, the delegate's check-in."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    deadlines = meeting_deadlines(meeting=meeting, statutes=statutes_get())
    context = {
        "meeting": meeting,
        "deadlines": deadlines,
        "invitation": selectors.invitation_of_user(user=request.user, meeting=meeting),
        "documents": document_selectors.meeting_documents_for_user(
            user=request.user, meeting=meeting
        ),
    }
    if deadlines is not None:
        authors_of = annual_selectors.motion_associations(user=request.user, meeting=meeting)
        motions_open = annual_selectors.motions_open(meeting=meeting, deadlines=deadlines)
        seats = []
        if annual_selectors.roll_call_open(meeting=meeting):
            seats = list(annual_selectors.delegate_seats(user=request.user, meeting=meeting))
        context |= {
            "agenda": decision_selectors.agenda_of(meeting=meeting),
            "live_open": annual_selectors.roll_call_open(meeting=meeting),
            "motions": annual_selectors.motions_of_meeting(meeting=meeting),
            "may_write_motion": motions_open and bool(authors_of),
            "editable_motions": {association.pk for association in authors_of if motions_open},
            "seats": seats,
            "present": annual_selectors.present_associations(
                meeting=meeting, associations=[seat.association_id for seat in seats]
            ),
            "check_in_form": CheckInForm(),
        }
    return render(request, "meetings/meeting.html", context)


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    person = person_for_user(user=request.user)
    if person is None:
        raise Http404
    services.calendar_feed_renew(person=person)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("meetings:mine")


def _answer(request: HttpRequest, invitation: Invitation, template: str) -> HttpResponse | None:
    """Handle the answer form; returns None when the answer was saved."""
    candidates = selectors.substitute_candidates(invitation=invitation, on=timezone.localdate())
    initial = {"answer": request.GET.get("svar") or invitation.answer}
    if invitation.substitute_id:
        initial["substitute"] = invitation.substitute_id
    form = AnswerForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_answer(
                invitation=invitation,
                answer=form.cleaned_data["answer"],
                substitute=form.cleaned_data.get("substitute"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you, your answer has been saved."))
            return None
    delegates = (
        selectors.delegate_choices_for_user(user=request.user, meeting=invitation.meeting)
        if request.user.is_authenticated
        else []
    )
    context = {
        "invitation": invitation,
        "meeting": invitation.meeting,
        "form": form,
        "is_open": not invitation.meeting.has_started() and not invitation.meeting.is_cancelled,
        "delegates": [
            (choice, DelegateForm(candidates=choice.candidates, prefix=f"d{choice.association.pk}"))
            for choice in delegates
        ],
    }
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.invitation_get_for_user(user=request.user, pk=pk)
    if not selectors.invitation_in_force(invitation=invitation):
        return render(request, "meetings/rsvp_gone.html", {"invitation": invitation}, status=410)
    return _answer(request, invitation, "meetings/invitation.html") or redirect(
        "meetings:invitation", pk=invitation.pk
    )


@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The answer link of the e-mail: works without logging in, for this invitation only."""
    try:
        invitation = selectors.invitation_for_link(pk=pk, token=token)
    except (RsvpLinkInvalid, Http404):
        return render(request, "meetings/rsvp_invalid.html", status=400)
    if invitation.meeting.has_started():
        return render(request, "meetings/rsvp_closed.html", {"invitation": invitation}, status=410)
    if not selectors.invitation_in_force(invitation=invitation):
        return render(request, "meetings/rsvp_gone.html", {"invitation": invitation}, status=410)
    return _answer(request, invitation, "meetings/rsvp.html") or redirect(request.path)


@login_required
@require_POST
def delegate(request: HttpRequest, pk: int, association_pk: int) -> HttpResponse:
    invitation = selectors.invitation_get_for_user(user=request.user, pk=pk)
    choice = selectors.delegate_association_get_for_user(
        user=request.user, meeting=invitation.meeting, association_pk=association_pk
    )
    form = DelegateForm(request.POST, candidates=choice.candidates, prefix=f"d{association_pk}")
    if form.is_valid():
        try:
            services.delegate_name(
                meeting=invitation.meeting,
                association=choice.association,
                person=form.cleaned_data["person"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(person)s is the delegate of %(association)s.")
                % {"person": form.cleaned_data["person"], "association": choice.association},
            )
    else:
        messages.error(request, _("Choose a delegate."))
    return redirect("meetings:invitation", pk=invitation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def area_meeting_request(request: HttpRequest) -> HttpResponse:
    associations = selectors.area_request_associations(user=request.user)
    person = person_for_user(user=request.user)
    if not associations or person is None:
        raise Http404
    form = AreaMeetingRequestForm(request.POST or None, associations=associations)
    if request.method == "POST" and form.is_valid():
        association = form.cleaned_data["association"]
        try:
            services.area_meeting_request_create(
                association=association, person=person, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_error("message", error)
        else:
            messages.success(
                request,
                _("Your request has been sent to the contact persons of area %(area)s.")
                % {"area": association.area},
            )
            return redirect("meetings:mine")
    return render(request, "meetings/area_request.html", {"form": form})
