"""A meeting's invitations in the admin: who is invited and answered (attendance, as a page
and CSV), the delegates, and every path that e-mails those invited (send or remind now, cancel,
write to them), each asking first with the count and who."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from members.models import Person
from nns_portal.admin import admin_form_page
from nns_portal.forms import LineField, ParagraphField
from nns_portal.mass_email import Recipient, mass_email_confirmation, mass_email_confirmed
from nns_portal.tabular.files import write_csv

from . import selectors, services
from .models import Invitation, Meeting

ATTENDANCE_COLUMNS = (
    "efternamn", "förnamn", "epost", "förbund", "inbjuden_som", "svar", "ersättare", "svarade",
)  # fmt: skip


def _listed(meetings: QuerySet[Meeting]) -> str:
    return ", ".join(str(meeting) for meeting in meetings) or "–"


class MeetingMessageForm(forms.Form):
    subject = LineField(label=gettext_lazy("Subject"), max_length=200)
    body = ParagraphField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "A practical message (the room, what to bring). It does not change the meeting: "
            "change the meeting itself for a new time or place."
        ),
    )


class MeetingInvitationsAdmin:
    """The invitation pages and actions of ``MeetingAdmin`` (which gives ``_meeting``)."""

    def attendance_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self._meeting(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Attendance: %(meeting)s") % {"meeting": meeting},
            "attendance": selectors.attendance(meeting=meeting),
            "answers": Invitation.Answer.choices,
        }
        return TemplateResponse(request, "admin/meetings/attendance.html", context)

    def attendance_csv_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self._meeting(request, pk)
        rows = [
            {
                "efternamn": invitation.person.last_name,
                "förnamn": invitation.person.first_name,
                "epost": invitation.person.email,
                "förbund": invitation.association.name if invitation.association else "NNS",
                "inbjuden_som": invitation.get_capacity_display(),
                "svar": invitation.get_answer_display(),
                "ersättare": str(invitation.substitute or ""),
                "svarade": timezone.localtime(invitation.answered_at).strftime("%Y-%m-%d %H:%M")
                if invitation.answered_at
                else "",
            }
            for invitation in selectors.attendance(meeting=meeting).invitations
        ]
        header = list(ATTENDANCE_COLUMNS)
        response = HttpResponse(
            write_csv(header=header, rows=rows), content_type="text/csv; charset=utf-8"
        )
        filename = f"deltagare-{meeting.first_day.isoformat()}-{meeting.pk}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def delegates_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self._meeting(request, pk)
        rows = selectors.delegate_list(meeting=meeting)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Delegates: %(meeting)s") % {"meeting": meeting},
            "rows": rows,
            "named": sum(1 for row in rows if row.delegate),
        }
        return TemplateResponse(request, "admin/meetings/delegates.html", context)

    def _confirm(
        self,
        request: HttpRequest,
        queryset: QuerySet[Meeting],
        *,
        action: str,
        what: str,
        recipients: list[Person],
    ) -> TemplateResponse:
        return mass_email_confirmation(
            request,
            model_admin=self,
            what=what,
            recipients=[Recipient(str(person), person.email) for person in recipients],
            cancel_url=reverse("admin:meetings_meeting_changelist"),
            action=action,
            selected=queryset.values_list("pk", flat=True),
        )

    @admin.action(description=gettext_lazy("Send the invitations now"), permissions=["change"])
    def send_invitations_now(
        self, request: HttpRequest, queryset: QuerySet[Meeting]
    ) -> TemplateResponse | None:
        if not mass_email_confirmed(request):
            today = timezone.localdate()
            return self._confirm(
                request,
                queryset,
                action="send_invitations_now",
                what=_("the invitation to %(meetings)s.") % {"meetings": _listed(queryset)},
                recipients=[
                    person
                    for meeting in queryset.select_related("type")
                    for person in selectors.invitation_recipients(meeting=meeting, on=today)
                ],
            )
        for meeting in queryset:
            try:
                count = services.invitations_send(meeting=meeting)
            except ValidationError as error:
                self.message_user(request, f"{meeting}: {' '.join(error.messages)}", messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(meeting)s: %(count)d invitation queued.",
                    "%(meeting)s: %(count)d invitations queued.",
                    count,
                )
                % {"meeting": meeting, "count": count},
                messages.SUCCESS,
            )
        return None

    @admin.action(
        description=gettext_lazy("Remind those who have not answered"), permissions=["change"]
    )
    def send_reminders_now(
        self, request: HttpRequest, queryset: QuerySet[Meeting]
    ) -> TemplateResponse | None:
        if not mass_email_confirmed(request):
            return self._confirm(
                request,
                queryset,
                action="send_reminders_now",
                what=_("a reminder to answer the invitation to %(meetings)s.")
                % {"meetings": _listed(queryset)},
                recipients=[
                    person
                    for meeting in queryset
                    for person in selectors.reminder_recipients(meeting=meeting)
                ],
            )
        for meeting in queryset:
            count = services.reminders_send(meeting=meeting)
            self.message_user(
                request,
                ngettext(
                    "%(meeting)s: %(count)d reminder queued.",
                    "%(meeting)s: %(count)d reminders queued.",
                    count,
                )
                % {"meeting": meeting, "count": count},
                messages.SUCCESS,
            )
        return None

    @admin.action(description=gettext_lazy("Cancel the meetings"), permissions=["change"])
    def cancel_meetings(
        self, request: HttpRequest, queryset: QuerySet[Meeting]
    ) -> TemplateResponse | None:
        planned = queryset.filter(status=Meeting.Status.PLANNED)
        if not mass_email_confirmed(request):
            return self._confirm(
                request,
                queryset,
                action="cancel_meetings",
                what=_("the cancellation of %(meetings)s, with a calendar cancellation.")
                % {"meetings": _listed(planned)},
                recipients=[
                    person
                    for meeting in planned
                    if meeting.invitations_sent_at
                    for person in selectors.invitees(meeting=meeting)
                ],
            )
        for meeting in planned:
            services.meeting_cancel(meeting=meeting)
            self.message_user(request, _("%(meeting)s is cancelled.") % {"meeting": meeting})
        return None

    def message_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Write to everyone invited: a form, then the confirmation page, then the outbox."""
        meeting = self._meeting(request, pk)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        form = MeetingMessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if not mass_email_confirmed(request):
                return mass_email_confirmation(
                    request,
                    model_admin=self,
                    what=_("the message %(subject)s about %(meeting)s.")
                    % {"subject": data["subject"], "meeting": meeting},
                    recipients=[
                        Recipient(str(person), person.email)
                        for person in selectors.invitees(meeting=meeting)
                    ],
                    cancel_url=reverse("admin:meetings_meeting_change", args=[meeting.pk]),
                    fields={"subject": data["subject"], "body": data["body"]},
                )
            try:
                message = services.meeting_message_send(
                    meeting=meeting, subject=data["subject"], body=data["body"], user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "The message is being sent to %(count)d person.",
                        "The message is being sent to %(count)d people.",
                        message.recipients,
                    )
                    % {"count": message.recipients},
                )
                return redirect("admin:meetings_meeting_change", meeting.pk)
        return admin_form_page(
            request,
            model_admin=self,
            title=_("Write to those invited: %(meeting)s") % {"meeting": meeting},
            form=form,
            form_id="meeting-message-form",
            submit_label=_("Next: see who gets it"),
        )
