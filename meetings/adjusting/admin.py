"""Staff send the minutes round for adjusting and follow the answers, on the minutes' admin
page: who has approved which version, when, how they had logged in, and what was sent back."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Person
from nns_portal.admin import admin_form_page

from ..documents.models import MeetingDocument
from . import services
from .models import MinutesAnswer, MinutesSigner

Role = MinutesSigner.Role


def _people_of(document: MeetingDocument):
    """Who can sign: those invited to the meeting and its delegates."""
    meeting = document.meeting
    return (
        Person.objects.filter(
            Q(invitations__meeting=meeting) | Q(pk__in=meeting.delegates.values("person"))
        )
        .exclude(email="")
        .distinct()
        .order_by("last_name", "first_name")
    )


class RoundForm(forms.Form):
    chair = forms.ModelChoiceField(
        label=gettext_lazy("Chair of the meeting"), queryset=Person.objects.none()
    )
    adjusters = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Adjusters"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("One or two, as the meeting chose them."),
    )

    def __init__(self, *args: object, document: MeetingDocument, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        people = _people_of(document)
        self.fields["chair"].queryset = people
        self.fields["adjusters"].queryset = people
        signers = list(document.signers.all())
        self.initial = {
            "chair": next((s.person_id for s in signers if s.role == Role.CHAIR), None),
            "adjusters": [s.person_id for s in signers if s.role == Role.ADJUSTER],
        }


def send_round_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, document: MeetingDocument
) -> HttpResponse:
    """*Skicka för justering*: the draft as it is now, as a new version, to the signers."""
    form = RoundForm(request.POST or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.minutes_round_start(
                document=document,
                chair=form.cleaned_data["chair"],
                adjusters=list(form.cleaned_data["adjusters"]),
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            model_admin.message_user(
                request,
                _("Version %(number)s is sent round for adjusting.") % {"number": version.number},
            )
            return redirect("admin:meetings_meetingdocument_change", document.pk)
    return admin_form_page(
        request,
        model_admin=model_admin,
        title=_("Send the minutes round for adjusting: %(document)s") % {"document": document},
        form=form,
        form_id="round-form",
        submit_label=_("Send round for adjusting"),
    )


def adjusting_summary(document: MeetingDocument) -> str:
    """The minutes' signers and every version's answers; the way to send a version round."""
    if not document.is_minutes:
        return "–"
    signers = format_html_join(
        ", ", "{} ({})", [(s.person, s.get_role_display()) for s in document.signers.all()]
    )
    answers = MinutesAnswer.objects.filter(version__document=document).select_related(
        "version", "signer__person"
    )
    rows = format_html_join(
        "",
        "<li>{} {}: {} – {} {} ({}){}</li>",
        [
            (
                _("Version"),
                answer.version.number,
                answer.signer.person,
                answer.get_answer_display(),
                timezone.localtime(answer.answered_at).strftime("%Y-%m-%d %H:%M"),
                answer.login_method,
                format_html(": <q>{}</q>", answer.comment) if answer.comment else "",
            )
            for answer in answers.order_by("version__number", "answered_at")
        ],
    )
    versions = [
        (v.number, timezone.localtime(v.sent_at).strftime("%Y-%m-%d %H:%M"), v.sha256)
        for v in document.versions.all()
    ]
    sent = format_html_join(
        "", "<li>{} {}, {}: <code>{}</code></li>", [(_("Version"), *v) for v in versions]
    )
    action = ""
    if document.minutes_state == MeetingDocument.MinutesState.DRAFT:
        action = format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:meetings_meetingdocument_send_round", args=[document.pk]),
            _("Send round for adjusting"),
        )
    return format_html(
        "<p>{}: {}</p><ul>{}</ul><ul>{}</ul>{}",
        _("Signers"),
        signers or "–",
        sent,
        rows,
        action,
    )
