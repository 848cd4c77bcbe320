"""The secretary's page during an annual or members' meeting: the agenda with the item being
dealt with, its votes (made, opened, closed, or decided by acclamation), the count as it comes
in, the result, and the decision and reservations as the minutes will say them."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nns_portal.forms import LineField, ParagraphField

from ..annual.admin import voting_meeting
from ..annual.selectors import roll_call
from ..models import Meeting
from . import selectors, services
from .choices import MajorityRule
from .models import AgendaItem, Poll


class PollForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("method"), choices=Poll.Method.choices)
    question = LineField(label=gettext_lazy("question"), required=False, max_length=300)
    majority = forms.ChoiceField(
        label=gettext_lazy("majority"), choices=MajorityRule.choices, initial=MajorityRule.SIMPLE
    )
    alternatives = ParagraphField(
        label=gettext_lazy("proposals (yrkanden), one a line"),
        required=False,
        help_text=gettext_lazy("Empty: ja, nej (or the motion's decisions) and avstår."),
    )


class DecisionForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["decision", "reservations"]
        widgets = {
            "decision": forms.Textarea(attrs={"rows": 4}),
            "reservations": forms.Textarea(attrs={"rows": 2}),
        }


def _poll_of(meeting: Meeting, pk: str) -> Poll:
    return get_object_or_404(Poll, pk=pk, item__meeting=meeting)


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _act(request: HttpRequest, meeting: Meeting) -> str:
    """Carry out one button of the page; returns what to tell staff."""
    action, data = request.POST.get("action", ""), request.POST
    if action == "take_up":
        item = get_object_or_404(AgendaItem, pk=data.get("item", ""), meeting=meeting)
        services.agenda_item_make_current(item=item, meeting=meeting)
        return _("§ %(position)s is being dealt with.") % {"position": item.position}
    item = get_object_or_404(AgendaItem, meeting=meeting, current=True)
    if action == "poll":
        form = PollForm(data)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data
        services.poll_create(
            item=item,
            method=data["method"],
            question=data["question"],
            majority=data["majority"],
            alternatives=data["alternatives"].splitlines(),
            user=request.user,
        )
        return _("The vote is ready to open.")
    if action == "open":
        services.poll_open(poll=_poll_of(meeting, data.get("poll", "")))
        return _("The vote is open.")
    if action == "close":
        casting = _ids(data.getlist("casting_vote"))
        services.poll_close(poll=_poll_of(meeting, data.get("poll", "")), casting_vote=casting)
        return _("The vote is closed and its result sealed.")
    if action == "acclaim":
        poll = _poll_of(meeting, data.get("poll", ""))
        chosen = _ids(data.getlist("chosen")) or None
        services.poll_acclaim(poll=poll, chosen=chosen)
        return _("The decision by acclamation is recorded.")
    if action == "decision":
        form = DecisionForm(data, instance=item)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.agenda_item_save(item=form.instance)
        return _("The decision is saved.")
    raise PermissionDenied


def live_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    meeting = voting_meeting(model_admin, request, pk)
    if request.method == "POST":
        if not model_admin.has_change_permission(request, meeting):
            raise PermissionDenied
        try:
            model_admin.message_user(request, _act(request, meeting))
        except ValidationError as error:
            model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        return redirect("admin:meetings_meeting_live", meeting.pk)
    live = selectors.live_of(meeting=meeting)
    polls = list(live.item.polls.prefetch_related("options")) if live.item else []
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Meeting._meta,
        "title": _("Run the meeting: %(meeting)s") % {"meeting": meeting},
        "meeting": meeting,
        "items": list(meeting.agenda_items.all()),
        "live": live,
        "polls": [
            {
                "poll": poll,
                "rows": selectors.result_rows(poll=poll),
                "problems": selectors.poll_verify(poll=poll) if poll.is_closed else [],
            }
            for poll in polls
        ],
        "present": sum(1 for row in roll_call(meeting=meeting) if row.present),
        "poll_form": PollForm(),
        "decision_form": DecisionForm(instance=live.item) if live.item else None,
        "may_change": model_admin.has_change_permission(request, meeting),
    }
    return TemplateResponse(request, "admin/meetings/live.html", context)


def agenda_make_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    """*Dagordning från mallen*: the standard agenda, with the meeting's motions (POST)."""
    meeting = voting_meeting(model_admin, request, pk, change=True)
    if request.method != "POST":
        return redirect("admin:meetings_meeting_change", meeting.pk)
    try:
        items = services.agenda_from_template(meeting=meeting)
    except ValidationError as error:
        model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
    else:
        model_admin.message_user(
            request, _("The agenda has %(count)s items.") % {"count": len(items)}
        )
    return redirect("admin:meetings_meeting_change", meeting.pk)
