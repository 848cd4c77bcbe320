"""Staff keep the decision register: a board meeting's decisions entered, anyone's follow-up
changed, filtered to the open or overdue; on a board meeting's page its decisions and the
follow-up of decisions made one of its papers in one click."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from nns_portal.params import integer_param

from ..models import Meeting
from . import services
from .models import Decision


class FollowUpFilter(admin.SimpleListFilter):
    title = gettext_lazy("follow-up")
    parameter_name = "uppfoljning"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("oppna", _("Open decisions")), ("forsenade", _("Overdue decisions"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Decision]) -> QuerySet[Decision]:
        if self.value() == "oppna":
            return queryset.open()
        if self.value() == "forsenade":
            return queryset.overdue(today=timezone.localdate())
        return queryset


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["short_text", "meeting", "paragraph", "who", "deadline", "status"]
    list_display_links = ["short_text"]
    list_filter = [FollowUpFilter, "status", "meeting__type", "deadline"]
    search_fields = ["text", "note", "working_group", "meeting__title"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting", "responsible", "motion", "documents"]
    fields = [
        "meeting", "paragraph", "text", "responsible", "working_group", "deadline", "status",
        "note", "motion", "documents", "agenda_item", "changed_by", "changed_at",
    ]  # fmt: skip
    readonly_fields = ["agenda_item", "changed_by", "changed_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Decision]:
        return super().get_queryset(request).prefetch_related("responsible")

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        meeting = Meeting.objects.filter(pk=integer_param(request.GET.get("meeting"))).first()
        return {**initial, "meeting": meeting} if meeting else initial

    @admin.display(description=gettext_lazy("decision"))
    def short_text(self, decision: Decision) -> str:
        return Truncator(decision.text).words(12)

    @admin.display(description=gettext_lazy("responsible"))
    def who(self, decision: Decision) -> str:
        return decision.responsible_names or "–"

    def save_model(
        self, request: HttpRequest, obj: Decision, form: forms.Form, change: bool
    ) -> None:
        services.decision_save(decision=obj, user=request.user)


def decisions_summary(meeting: Meeting) -> str:
    """A board meeting's decisions on its admin page, one to add, and the follow-up of every
    open decision made one of its papers."""
    rows = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        [
            (reverse("admin:meetings_decision_change", args=[d.pk]), str(d))
            for d in meeting.decisions.all()
        ],
    )
    return format_html(
        '<ul class="compact">{}</ul><a class="button" href="{}">{}</a> '
        '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button>',
        rows,
        reverse("admin:meetings_decision_add") + f"?meeting={meeting.pk}",
        _("Add a decision"),
        reverse("admin:meetings_meeting_followup_make", args=[meeting.pk]),
        _("Make the follow-up of decisions one of the papers"),
    )


def followup_make_view(
    model_admin: admin.ModelAdmin, request: HttpRequest, pk: int
) -> HttpResponse:
    """*Uppföljning av beslut* among the board meeting's papers (POST)."""
    meeting = get_object_or_404(Meeting.objects.select_related("type"), pk=pk)
    if not model_admin.has_change_permission(request, meeting):
        raise PermissionDenied
    if request.method == "POST":
        try:
            document = services.followup_to_papers(meeting=meeting, user=request.user)
        except ValidationError as error:
            model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            model_admin.message_user(
                request, _("%(document)s is among the papers.") % {"document": document}
            )
    return redirect("admin:meetings_meeting_change", meeting.pk)
