"""The annual cycle in the admin: the statutes' deadlines, motions, and the pages of a
meeting for its deadlines, its papers and its roll call."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from members.models import Association
from nns_portal.admin import admin_form_page

from ..documents import services as document_services
from ..documents.files import uploaded_file_kind
from ..models import Meeting
from . import selectors, services
from .deadlines import STATUTES_PK, meeting_deadlines, statutes_get
from .models import Motion, RollCallEntry, Statutes
from .pdf import render_roll_call_pdf


@admin.register(Statutes)
class StatutesAdmin(SimpleHistoryAdmin):
    """One row: the changelist opens it."""

    fields = [
        "notice_days",
        "notice_min_days",
        "notice_max_days",
        "motion_days",
        "papers_days",
        "warn_days",
    ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        return redirect("admin:meetings_statutes_change", STATUTES_PK)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Statutes | None:
        """The row, or the statutes' defaults until it is first saved here."""
        return statutes_get() if object_id == str(STATUTES_PK) else None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MotionAdminForm(forms.ModelForm):
    class Meta:
        model = Motion
        fields = [
            "meeting",
            "association",
            "submitted_by",
            "title",
            "text",
            "attachment",
            "statement",
            "proposal",
            "decision",
            "decision_note",
        ]
        widgets = {"attachment": forms.FileInput}

    def clean(self) -> dict[str, object]:
        """The services' own checks, so that a refusal shows on the form."""
        data = super().clean()
        try:
            if self.instance.pk:
                services.motion_answer_check(
                    motion=self.instance,
                    statement=data.get("statement", ""),
                    proposal=data.get("proposal", ""),
                    decision=data.get("decision", ""),
                    decision_note=data.get("decision_note", ""),
                )
            elif data.get("meeting") and data.get("association"):
                services.motion_submit_check(
                    meeting=data["meeting"], association=data["association"], by_staff=True
                )
                if data.get("attachment"):
                    uploaded_file_kind(data["attachment"])
        except ValidationError as error:
            self.add_error(None, error)
        return data


@admin.register(Motion)
class MotionAdmin(SimpleHistoryAdmin):
    """Staff register a late motion, and write the board's statement and the decision."""

    form = MotionAdminForm
    list_display = ["__str__", "meeting", "association", "late", "proposal", "decision"]
    list_filter = ["proposal", "decision", "late"]
    list_select_related = ["meeting", "association"]
    search_fields = ["title", "text", "association__name"]
    autocomplete_fields = ["meeting", "association", "submitted_by"]

    # A late motion staff register; then what the association wrote, which stays as it was
    # written, and the board's answer and the meeting's decision.
    registered = ["meeting", "association", "submitted_by", "title", "text", "attachment"]
    as_written = [
        "meeting", "number", "association", "submitted_by", "submitted_at", "late", "title", "text",
    ]  # fmt: skip
    answer = ["statement", "proposal", "decision", "decision_note"]

    def get_fields(self, request: HttpRequest, obj: Motion | None = None) -> list:
        return self.registered if obj is None else [*self.as_written, *self.answer]

    def get_readonly_fields(self, request: HttpRequest, obj: Motion | None = None) -> list:
        return [] if obj is None else self.as_written

    def save_model(self, request: HttpRequest, obj: Motion, form: forms.Form, change: bool) -> None:
        data = form.cleaned_data
        if change:
            saved = services.motion_answer(
                motion=obj,
                statement=data.get("statement", ""),
                proposal=data.get("proposal", ""),
                decision=data.get("decision", ""),
                decision_note=data.get("decision_note", ""),
            )
        else:
            saved = services.motion_submit(
                meeting=data["meeting"],
                association=data["association"],
                person=data.get("submitted_by"),
                title=data["title"],
                text=data["text"],
                attachment=data.get("attachment"),
                by_staff=True,
            )
        obj.pk, obj.number = saved.pk, saved.number


def deadline_summary(meeting: Meeting) -> str:
    """The meeting's dates and what is left to do, for its change page."""
    deadlines = meeting_deadlines(meeting=meeting, statutes=statutes_get())
    if deadlines is None:
        return "–"
    today = timezone.localdate()
    rows = []
    for state in selectors.deadline_states(meeting=meeting, deadlines=deadlines):
        if state.done:
            status, css = _("done") if state.todo else "", "deadline-done"
        elif state.on < today:
            status, css = _("past, and %(todo)s") % {"todo": state.todo}, "deadline-late"
        else:
            status = _("in %(days)s days, and %(todo)s") % {
                "days": state.days_left(today),
                "todo": state.todo,
            }
            css = "deadline-near" if state.days_left(today) <= statutes_get().warn_days else ""
        rows.append((css, state.label, state.on.isoformat(), status))
    return format_html(
        "<ul class='deadlines'>{}</ul>",
        format_html_join("", "<li class='{}'><strong>{}</strong> {} {}</li>", rows),
    )


def papers_links(meeting: Meeting) -> str:
    """One click each: the buttons post the meeting's form (with its CSRF token) to the page
    that makes the paper, which reads nothing else of it."""
    if not meeting.type.has_delegates:
        return "–"
    buttons = format_html_join(
        " ",
        '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button>',
        [
            (reverse("admin:meetings_meeting_papers", args=[meeting.pk, what]), label)
            for what, (label, _make) in PAPERS.items()
        ],
    )
    return format_html(
        '{} <a href="{}">{}</a>',
        buttons,
        reverse("admin:meetings_meeting_roll_call", args=[meeting.pk]),
        _("Roll call"),
    )


def voting_meeting(
    model_admin: admin.ModelAdmin, request: HttpRequest, pk: int, *, change: bool = False
) -> Meeting:
    """An annual or members' meeting that staff may see (or, with ``change``, change)."""
    meeting = get_object_or_404(Meeting.objects.select_related("type"), pk=pk)
    allowed = (model_admin.has_change_permission if change else model_admin.has_view_permission)(
        request, meeting
    )
    if not allowed or not meeting.type.has_delegates:
        raise PermissionDenied
    return meeting


def papers_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int, what: str):
    """Make one of the portal's PDFs a paper of the meeting: a question, then on POST."""
    meeting = voting_meeting(model_admin, request, pk, change=True)
    if what not in PAPERS:
        raise PermissionDenied
    label, make = PAPERS[what]
    if request.method == "POST":
        try:
            document = make(meeting=meeting, user=request.user)
        except ValidationError as error:
            model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            model_admin.message_user(
                request, _("%(document)s is among the papers.") % {"document": document}
            )
        return redirect("admin:meetings_meeting_change", meeting.pk)
    return admin_form_page(
        request,
        model_admin=model_admin,
        title=f"{label}: {meeting}",
        form=forms.Form(),
        form_id="papers-form",
        submit_label=label,
    )


PAPERS = {
    "motioner": (
        gettext_lazy("Put the motions with statements among the papers"),
        services.motions_to_papers,
    ),
    "budget": (
        gettext_lazy("Put NNS's budget among the papers"),
        document_services.budget_to_papers,
    ),
    "utfall": (
        gettext_lazy("Put last year's outcome against the budget among the papers"),
        document_services.outcome_to_papers,
    ),
}


class RollCallForm(forms.Form):
    association = forms.ModelChoiceField(queryset=Association.objects.all())
    attendance = forms.ChoiceField(choices=RollCallEntry.Attendance.choices, required=False)
    proxy = forms.FileField(required=False)
    leave = forms.BooleanField(required=False)


def roll_call_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int):
    """The roll call during the meeting: check delegates in, on site or online, with a proxy
    where needed, and out again when they leave."""
    meeting = voting_meeting(model_admin, request, pk)
    if request.method == "POST":
        if not model_admin.has_change_permission(request, meeting):
            raise PermissionDenied
        form = RollCallForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["leave"]:
                    entry = get_object_or_404(
                        RollCallEntry, meeting=meeting, association=data["association"]
                    )
                    services.roll_call_leave(entry=entry)
                else:
                    services.roll_call_check_in(
                        meeting=meeting,
                        association=data["association"],
                        attendance=data["attendance"] or RollCallEntry.Attendance.ON_SITE,
                        proxy=data["proxy"],
                        user=request.user,
                    )
            except ValidationError as error:
                model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        return redirect("admin:meetings_meeting_roll_call", meeting.pk)
    rows = selectors.roll_call(meeting=meeting)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Meeting._meta,
        "title": _("Roll call: %(meeting)s") % {"meeting": meeting},
        "meeting": meeting,
        "rows": rows,
        "votes": sum(1 for row in rows if row.present),
        "is_open": selectors.roll_call_open(meeting=meeting),
        "may_change": model_admin.has_change_permission(request, meeting),
        "attendance": RollCallEntry.Attendance.choices,
    }
    return TemplateResponse(request, "admin/meetings/roll_call.html", context)


def roll_call_pdf_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int):
    meeting = voting_meeting(model_admin, request, pk)
    pdf = render_roll_call_pdf(meeting=meeting, rows=selectors.roll_call(meeting=meeting))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"rostlangd-{meeting.first_day.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def proxy_view(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int, entry_pk: int):
    meeting = voting_meeting(model_admin, request, pk)
    entry = get_object_or_404(RollCallEntry, meeting=meeting, pk=entry_pk)
    if not entry.proxy:
        raise PermissionDenied
    name = entry.proxy.name.rsplit("/", 1)[-1]
    return FileResponse(entry.proxy.open("rb"), as_attachment=True, filename=name)
