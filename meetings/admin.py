import copy
from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from nns_portal.tabular.admin import ImportExportMixin

from . import services
from .annual.admin import (
    deadline_summary,
    papers_links,
    papers_view,
    proxy_view,
    roll_call_pdf_view,
    roll_call_view,
)
from .annual.deadlines import deadlines_check, statutes_get
from .audience import audience
from .decisions.admin import agenda_summary
from .decisions.live_admin import agenda_make_view, live_view
from .documents.admin import MeetingDocumentInline
from .followup.admin import decisions_summary, followup_make_view
from .invitations_admin import MeetingInvitationsAdmin
from .models import (
    AreaMeetingRequest,
    Invitation,
    Meeting,
    MeetingType,
)
from .plan_file import PLAN_KIND
from .templatetags.meeting_tags import meeting_when


@admin.register(MeetingType)
class MeetingTypeAdmin(SimpleHistoryAdmin):
    """An annual or members' meeting's invitations are its notice, sent on the day the
    statutes' deadlines (or the meeting's own date) give, not by the type's days."""

    list_display = [
        "__str__",
        "default_start",
        "default_end",
        "invitation_lead_days",
        "reminder_days",
        "in_public_plan",
    ]
    fields = [
        "code",
        "default_start",
        "default_end",
        "invitation_lead_days",
        "reminder_days",
        "in_public_plan",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: MeetingType | None = None) -> list:
        return ["code"] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MeetingAdminForm(forms.ModelForm):
    """Staff give the local day and times; the type's usual times fill in what is left out."""

    day = forms.DateField(label=gettext_lazy("Day"), widget=AdminDateWidget)
    start = forms.TimeField(
        label=gettext_lazy("Start"),
        required=False,
        help_text=gettext_lazy("Empty: the type's usual time."),
    )
    end = forms.TimeField(label=gettext_lazy("End"), required=False)
    last_day = forms.DateField(
        label=gettext_lazy("Last day"),
        required=False,
        help_text=gettext_lazy("Only for a meeting over several days."),
    )
    all_day = forms.BooleanField(label=gettext_lazy("All day"), required=False)
    notify = forms.ChoiceField(
        label=gettext_lazy("Tell those invited"),
        choices=[
            ("yes", gettext_lazy("Yes: e-mail everyone invited about the change")),
            ("no", gettext_lazy("No: save without e-mailing anyone")),
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Asked when the invitations have gone out and the change is one they are told of."
        ),
    )

    invite = forms.ChoiceField(
        label=gettext_lazy("Send the invitations"),
        choices=[
            ("now", gettext_lazy("Now: e-mail the invitations when the meeting is saved")),
            (
                "by_hand",
                gettext_lazy('Not now: I send them myself later ("Send the invitations now")'),
            ),
        ],
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Asked when saving would make the invitations go out at once, the meeting being "
            "nearer than the type's usual time before it."
        ),
    )

    class Meta:
        model = Meeting
        fields = [
            "type", "title", "area", "place", "video_link", "agenda", "status",
            "notice_on", "motions_due_on", "papers_on", "invitations_by_hand",
        ]  # fmt: skip
        widgets = {
            "notice_on": AdminDateWidget,
            "motions_due_on": AdminDateWidget,
            "papers_on": AdminDateWidget,
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if "title" in self.fields:  # not there for someone who may only view the meeting
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Empty: the name of the type.")
        meeting = self.instance
        if meeting.pk:
            start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
            self.initial.update(
                day=meeting.first_day,
                all_day=meeting.all_day,
                start=None if meeting.all_day else start.time(),
                end=None if meeting.all_day else end.time(),
                last_day=meeting.last_day if meeting.last_day != meeting.first_day else None,
            )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        meeting_type: MeetingType | None = data.get("type")
        if meeting_type is None or data.get("day") is None:
            return data
        start, end = data.get("start"), data.get("end")
        if not data.get("all_day"):
            start = start or meeting_type.default_start
            end = end or meeting_type.default_end
        else:
            start = end = None
        try:
            times = services.meeting_times(
                first_day=data["day"], last_day=data.get("last_day"), start=start, end=end
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        self.instance.starts_at, self.instance.ends_at, self.instance.all_day = times
        if not data.get("title"):
            data["title"] = str(meeting_type)
        self._check_deadlines(data)
        self._ask_whether_to_notify(data)
        self._ask_whether_to_invite(data)
        return data

    def _ask_whether_to_invite(self, data: dict[str, object]) -> None:
        """A save that would make the invitations go out by themselves at once (a meeting
        nearer than its type's lead time, say) asks first: now, or by hand later."""
        if "invite" not in self.fields or data.get("invite") or self.errors:
            return
        candidate = copy.copy(self.instance)
        candidate.type = data["type"]
        candidate.status = data.get("status") or Meeting.Status.PLANNED
        candidate.invitations_by_hand = bool(data.get("invitations_by_hand"))
        for name in ("notice_on", "motions_due_on", "papers_on", "area"):
            setattr(candidate, name, data.get(name))
        now = timezone.now()
        if not services.invitations_due_now(meeting=candidate, now=now):
            return
        invitees = audience(meeting=candidate, on=timezone.localdate(now))
        self.add_error(
            "invite",
            ngettext(
                "Saved like this, the invitation goes out at once to %(count)d person. "
                "Choose when it is sent, then save again.",
                "Saved like this, the invitations go out at once to %(count)d people. "
                "Choose when they are sent, then save again.",
                len(invitees),
            )
            % {"count": len(invitees)},
        )

    def _check_deadlines(self, data: dict[str, object]) -> None:
        candidate = copy.copy(self.instance)
        candidate.type = data["type"]
        for name in ("notice_on", "motions_due_on", "papers_on"):
            setattr(candidate, name, data.get(name))
        try:
            deadlines_check(meeting=candidate, statutes=statutes_get())
        except ValidationError as error:
            self.add_error(None, error)

    def _ask_whether_to_notify(self, data: dict[str, object]) -> None:
        """Once invitations are out, a change they are told of needs staff's choice: e-mail
        everyone invited or not. Time, place or link: "yes" is preselected; wording: "no"."""
        if "notify" not in self.fields or data.get("notify"):
            return
        candidate = copy.copy(self.instance)
        for name in ("title", "place", "video_link", "agenda", "status"):
            if name in data:
                setattr(candidate, name, data[name])
        changes = services.meeting_changes(meeting=candidate)
        if not changes:
            return
        practical = set(changes) & {*services.PRACTICAL_FIELDS, "status"}
        self.data = self.data.copy()
        self.data[self.add_prefix("notify")] = "yes" if practical else "no"
        labels = [
            str(Meeting._meta.get_field(name).verbose_name)
            for name in changes
            if name not in ("ends_at", "all_day")
        ]
        self.add_error(
            "notify",
            _(
                "The invitations have gone out to %(count)s people. Choose whether they get an "
                "e-mail about this change (%(fields)s), then save again."
            )
            % {"count": self.instance.invitations.count(), "fields": ", ".join(labels)},
        )


ANNUAL_FIELDSET = gettext_lazy("Annual and members' meetings")
# The fields through which saving a meeting asks before it e-mails anyone.
QUESTIONS = frozenset({"notify", "invite"})


@admin.register(Meeting)
class MeetingAdmin(MeetingInvitationsAdmin, ImportExportMixin, SimpleHistoryAdmin):
    import_kind = PLAN_KIND
    form = MeetingAdminForm
    change_form_template = "admin/meetings/meeting/change_form.html"
    list_display = ["title", "when", "type", "status", "invited", "coming", "sent"]
    list_filter = ["type", "status", "area"]
    search_fields = ["title", "agenda", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["type"]
    actions = ["send_invitations_now", "send_reminders_now", "cancel_meetings"]
    inlines = [MeetingDocumentInline]
    fieldsets = [
        (None, {"fields": ["type", "title", "area", "status"]}),
        (gettext_lazy("Time"), {"fields": ["day", "all_day", "start", "end", "last_day"]}),
        (None, {"fields": ["place", "video_link", "agenda"]}),
        (
            ANNUAL_FIELDSET,
            {
                "fields": [
                    "deadlines",
                    "notice_on",
                    "motions_due_on",
                    "papers_on",
                    "papers_and_roll_call",
                    "agenda_items",
                ],
                "description": gettext_lazy(
                    "The notice goes out with the invitations on its day. Empty dates follow "
                    "the statutes' deadlines."
                ),
            },
        ),
        (
            gettext_lazy("Invitations"),
            {"fields": ["invitation_summary", "invitations_by_hand", "invite"]},
        ),
    ]
    readonly_fields = [
        "invitation_summary", "deadlines", "papers_and_roll_call", "agenda_items", "decisions",
    ]  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                invited_count=Count("invitations"),
                coming_count=Count(
                    "invitations",
                    filter=Q(invitations__answer=Invitation.Answer.COMING),
                ),
            )
        )

    @admin.display(description=gettext_lazy("when"), ordering="starts_at")
    def when(self, meeting: Meeting) -> str:
        return meeting_when(meeting)

    @admin.display(description=gettext_lazy("invited"), ordering="invited_count")
    def invited(self, meeting: Meeting) -> int:
        return meeting.invited_count

    @admin.display(description=gettext_lazy("coming"), ordering="coming_count")
    def coming(self, meeting: Meeting) -> int:
        return meeting.coming_count

    @admin.display(description=gettext_lazy("invitations sent"), boolean=True)
    def sent(self, meeting: Meeting) -> bool:
        return meeting.invitations_sent_at is not None

    @admin.display(description=gettext_lazy("deadlines"))
    def deadlines(self, meeting: Meeting) -> str:
        return deadline_summary(meeting) if meeting.pk else "–"

    @admin.display(description=gettext_lazy("papers and roll call"))
    def papers_and_roll_call(self, meeting: Meeting) -> str:
        return papers_links(meeting) if meeting.pk else "–"

    @admin.display(description=gettext_lazy("agenda"))
    def agenda_items(self, meeting: Meeting) -> str:
        return agenda_summary(meeting) if meeting.pk else "–"

    @admin.display(description=gettext_lazy("decisions"))
    def decisions(self, meeting: Meeting) -> str:
        return decisions_summary(meeting) if meeting.pk else "–"

    @admin.display(description=gettext_lazy("invitations"))
    def invitation_summary(self, meeting: Meeting) -> str:
        if not meeting.pk:
            return "–"
        sent = (
            _("Sent %(when)s.")
            % {"when": timezone.localtime(meeting.invitations_sent_at).strftime("%Y-%m-%d %H:%M")}
            if meeting.invitations_sent_at
            else _("Not sent yet.")
        )
        links = format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:meetings_meeting_attendance", args=[meeting.pk]),
            _("Attendance"),
            reverse("admin:meetings_meeting_attendance_csv", args=[meeting.pk]),
            _("Attendance as CSV"),
        )
        if meeting.invitations_sent_at:
            links = format_html(
                '{} · <a href="{}">{}</a>',
                links,
                reverse("admin:meetings_meeting_message", args=[meeting.pk]),
                _("Write to those invited"),
            )
        if meeting.type.has_delegates:
            links = format_html(
                '{} · <a href="{}">{}</a>',
                links,
                reverse("admin:meetings_meeting_delegates", args=[meeting.pk]),
                _("Delegates"),
            )
        return format_html("{} {}", sent, links)

    def get_fieldsets(self, request: HttpRequest, obj: Meeting | None = None) -> list:
        fieldsets = self.fieldsets
        if obj is not None and not obj.type.has_delegates:
            fieldsets = [fieldset for fieldset in fieldsets if fieldset[0] != ANNUAL_FIELDSET]
        elif obj is not None:  # its agenda is made of items (the fieldset below), not text
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "agenda"]})
                for name, options in fieldsets
            ]
        if obj is not None and obj.type.code == MeetingType.Code.BOARD:
            decided = (gettext_lazy("Decisions to follow up"), {"fields": ["decisions"]})
            fieldsets = [*fieldsets[:-1], decided, fieldsets[-1]]
        if obj is None or obj.invitations_sent_at is None:
            return fieldsets
        return [
            *fieldsets[:-1],
            (gettext_lazy("Invitations"), {"fields": ["invitation_summary", "notify"]}),
        ]

    def render_change_form(
        self, request: HttpRequest, context: dict, *args: object, **kwargs: object
    ) -> HttpResponse:
        """A question before saving (whether to e-mail those invited, when to invite) is a
        question, not an error: no "Fel:" in the title, and a button that says what it does."""
        form = context["adminform"].form
        context["asking"] = bool(form.errors) and set(form.errors) <= QUESTIONS
        if context["asking"]:
            context["errors"] = []
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Meeting, form: forms.Form, change: bool
    ) -> None:
        invite = form.cleaned_data.get("invite")
        if invite == "by_hand":
            obj.invitations_by_hand = True
        services.meeting_save(meeting=obj, notify=form.cleaned_data.get("notify") == "yes")
        if invite == "now":
            queued = services.invitations_send(meeting=obj)
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation is queued.", "%(count)d invitations are queued.", queued
                )
                % {"count": queued},
            )

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/deltagare/",
                view(self.attendance_view),
                name="meetings_meeting_attendance",
            ),
            path(
                "<int:pk>/deltagare.csv",
                view(self.attendance_csv_view),
                name="meetings_meeting_attendance_csv",
            ),
            path("<int:pk>/ombud/", view(self.delegates_view), name="meetings_meeting_delegates"),
            path("<int:pk>/meddelande/", view(self.message_view), name="meetings_meeting_message"),
            path(
                "<int:pk>/handlingar/<slug:what>/",
                view(partial(papers_view, self)),
                name="meetings_meeting_papers",
            ),
            path(
                "<int:pk>/rostlangd/",
                view(partial(roll_call_view, self)),
                name="meetings_meeting_roll_call",
            ),
            path(
                "<int:pk>/rostlangd.pdf",
                view(partial(roll_call_pdf_view, self)),
                name="meetings_meeting_roll_call_pdf",
            ),
            path("<int:pk>/beslut/", view(partial(live_view, self)), name="meetings_meeting_live"),
            path(
                "<int:pk>/dagordning/",
                view(partial(agenda_make_view, self)),
                name="meetings_meeting_agenda_make",
            ),
            path(
                "<int:pk>/uppfoljning/",
                view(partial(followup_make_view, self)),
                name="meetings_meeting_followup_make",
            ),
            path(
                "<int:pk>/rostlangd/fullmakt/<int:entry_pk>/",
                view(partial(proxy_view, self)),
                name="meetings_meeting_proxy",
            ),
            *super().get_urls(),
        ]

    def _meeting(self, request: HttpRequest, pk: int) -> Meeting:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Meeting.objects.select_related("type"), pk=pk)


@admin.register(AreaMeetingRequest)
class AreaMeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["association", "area", "requested_by", "created_at", "handled_at"]
    list_filter = ["area", ("handled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["association", "area", "requested_by"]
    readonly_fields = [
        "association", "area", "requested_by", "message", "created_at", "handled_at",
    ]  # fmt: skip
    actions = ["mark_handled"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=gettext_lazy("Mark as dealt with"), permissions=["change"])
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[AreaMeetingRequest]) -> None:
        count = services.area_meeting_requests_handled(requests=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d request is marked as dealt with.",
                "%(count)d requests are marked as dealt with.",
                count,
            )
            % {"count": count},
        )


# The letters' admin lives with the letters; importing it here registers it.
from .letters import admin as letters_admin  # noqa: E402, F401
