"""Members' pages of the annual cycle: writing a motion, its attachment, checking in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.selectors import person_for_user

from ..models import Meeting
from ..visibility import meeting_get_for_user
from . import selectors, services
from .deadlines import meeting_deadlines, statutes_get
from .forms import CheckInForm, MotionForm
from .models import Motion


def _motion_page(request: HttpRequest, meeting: Meeting, motion: Motion | None) -> HttpResponse:
    associations = selectors.motion_associations(user=request.user, meeting=meeting)
    if not associations:
        raise Http404
    deadlines = meeting_deadlines(meeting=meeting, statutes=statutes_get())
    initial = (
        {"association": motion.association_id, "title": motion.title, "text": motion.text}
        if motion
        else None
    )
    form = MotionForm(
        request.POST or None, request.FILES or None, associations=associations, initial=initial
    )
    is_open = selectors.motions_open(meeting=meeting, deadlines=deadlines)
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        try:
            if motion is None:
                motion = services.motion_submit(
                    meeting=meeting,
                    association=data["association"],
                    person=person_for_user(user=request.user),
                    title=data["title"],
                    text=data["text"],
                    attachment=data["attachment"],
                )
            else:
                services.motion_change(
                    motion=motion,
                    title=data["title"],
                    text=data["text"],
                    attachment=data["attachment"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you, the motion has been received."))
            return redirect("meetings:meeting", pk=meeting.pk)
    context = {
        "meeting": meeting,
        "motion": motion,
        "form": form,
        "is_open": is_open,
        "deadlines": deadlines,
    }
    return render(request, "meetings/motion_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def motion_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _motion_page(request, meeting_get_for_user(user=request.user, pk=pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def motion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    motion = selectors.motion_get_for_author(user=request.user, pk=pk)
    return _motion_page(request, motion.meeting, motion)


@login_required
@require_GET
def motion_attachment(request: HttpRequest, pk: int) -> FileResponse:
    motion = selectors.motion_attachment_get_for_user(user=request.user, pk=pk)
    name = motion.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(motion.attachment.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The delegate checks themselves in on arrival, on site or online, for the association
    they represent."""
    meeting = meeting_get_for_user(user=request.user, pk=pk)
    seat = selectors.delegate_seats(user=request.user, meeting=meeting).first()
    if seat is None:
        raise Http404
    form = CheckInForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.roll_call_check_in(
                meeting=meeting,
                association=seat.association,
                attendance=form.cleaned_data["attendance"],
                user=request.user,
                proxy=form.cleaned_data["proxy"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("You are checked in: %(association)s's vote counts.")
                % {"association": seat.association},
            )
    return redirect("meetings:meeting", pk=meeting.pk)
