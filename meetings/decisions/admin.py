"""Staff prepare and record what a meeting decides: the standard agenda, a meeting's items with
their candidates, the polls (read-only: they are run from the live page, ``live_admin.py``),
and the minutes' text."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from nns_portal.admin import TabularInline

from ..annual.admin import PAPERS
from . import selectors, services
from .models import AgendaItem, AgendaTemplateItem, Candidate, MinutesText, Poll


@admin.register(AgendaTemplateItem)
class AgendaTemplateItemAdmin(admin.ModelAdmin):
    """The standard agenda a new annual or members' meeting starts from."""

    list_display = ["position", "title", "kind", "meeting_type", "role_kind", "seats"]
    list_display_links = ["title"]
    list_filter = ["meeting_type"]
    ordering = ["meeting_type", "position"]


class CandidateInline(TabularInline):
    """Candidates are added (and removed, before the vote) here; one who stands is not edited."""

    model = Candidate
    extra = 1
    fields = ["person", "by_nomination_committee", "nominated_by", "elected"]
    readonly_fields = ["elected"]
    autocomplete_fields = ["person"]
    select_related = ("person",)

    def get_readonly_fields(self, request: HttpRequest, obj: AgendaItem | None = None) -> list:
        return (
            self.fields
            if obj and obj.polls.exclude(status=Poll.Status.DRAFT).exists()
            else ["elected"]
        )


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "meeting", "position", "title", "kind", "proposal", "motion", "documents",
            "role_kind", "seats", "term_starts_on", "term_ends_on", "decision", "reservations",
        ]  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        meeting_id = self.instance.meeting_id or self.initial.get("meeting")
        if "motion" in self.fields:
            self.fields["motion"].queryset = self.fields["motion"].queryset.filter(
                meeting_id=meeting_id
            )
        if "documents" in self.fields:
            self.fields["documents"].queryset = self.fields["documents"].queryset.filter(
                meeting_id=meeting_id
            )
        if "position" in self.fields:
            self.fields["position"].required = False


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    form = AgendaItemForm
    list_display = ["position", "title", "kind", "meeting", "decided"]
    list_display_links = ["title"]
    list_filter = ["kind", "meeting__type"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting"]
    autocomplete_fields = ["meeting"]
    filter_horizontal = ["documents"]
    inlines = [CandidateInline]
    readonly_fields = ["polls_summary"]

    def get_readonly_fields(self, request: HttpRequest, obj: AgendaItem | None = None) -> list:
        return [*self.readonly_fields, "meeting"] if obj else self.readonly_fields

    def get_fields(self, request: HttpRequest, obj: AgendaItem | None = None) -> list:
        return [*AgendaItemForm.Meta.fields, "polls_summary"]

    def get_inlines(self, request: HttpRequest, obj: AgendaItem | None) -> list:
        return self.inlines if obj and obj.is_election else []

    @admin.display(description=gettext_lazy("decided"), boolean=True)
    def decided(self, item: AgendaItem) -> bool:
        return bool(item.decision)

    @admin.display(description=gettext_lazy("polls"))
    def polls_summary(self, item: AgendaItem) -> str:
        polls = list(item.polls.all()) if item.pk else []
        if not polls:
            return "–"
        return format_html_join(
            mark_safe("<br>"),
            "{} ({}, {})",
            [
                (poll.question, poll.get_method_display(), poll.get_status_display())
                for poll in polls
            ],
        )

    def save_model(
        self, request: HttpRequest, obj: AgendaItem, form: forms.Form, change: bool
    ) -> None:
        services.agenda_item_save(item=obj)

    def delete_model(self, request: HttpRequest, obj: AgendaItem) -> None:
        services.agenda_item_delete(item=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AgendaItem]) -> None:
        for item in queryset:
            services.agenda_item_delete(item=item)

    def save_formset(self, request: HttpRequest, form: forms.Form, formset, change: bool) -> None:
        """Candidates through the services: added, or withdrawn before the vote."""
        item = form.instance
        for candidate_form in formset.forms:
            data = getattr(candidate_form, "cleaned_data", {})
            if not data or (not candidate_form.has_changed() and not data.get("DELETE")):
                continue
            try:
                if data.get("DELETE") and candidate_form.instance.pk:
                    services.candidate_withdraw(candidate=candidate_form.instance)
                elif not candidate_form.instance.pk and data.get("person"):
                    services.candidate_add(
                        item=item,
                        person=data["person"],
                        by_nomination_committee=data.get("by_nomination_committee", False),
                        nominated_by=data.get("nominated_by", ""),
                    )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    """The votes, as recorded: opened and closed on the live page, never edited."""

    list_display = ["question", "item", "method", "status", "closed_at"]
    list_filter = ["status", "method"]
    list_select_related = ["item__meeting"]
    search_fields = ["question", "item__title"]
    fields = [
        "item", "question", "method", "majority", "tie_rule", "seats", "status", "opened_at",
        "closed_at", "counted", "seal", "seal_check",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Poll | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Poll | None = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("result"))
    def counted(self, poll: Poll) -> str:
        if not poll.is_closed:
            return "–"
        labels = dict(poll.options.values_list("pk", "label"))
        winners = {int(pk) for pk in poll.result["outcome"]["winners"]}
        return format_html_join(
            mark_safe("<br>"),
            "{}: {}{}",
            [
                (labels[int(pk)], n, " ✓" if int(pk) in winners else "")
                for pk, n in poll.result["per_option"].items()
            ],
        )

    @admin.display(description=gettext_lazy("seal checked"))
    def seal_check(self, poll: Poll) -> str:
        problems = selectors.poll_verify(poll=poll)
        return " ".join(problems) or _("The ballots and the result match the seal.")


class MinutesTextForm(forms.ModelForm):
    class Meta:
        model = MinutesText
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 40, "cols": 100})}


@admin.register(MinutesText)
class MinutesTextAdmin(SimpleHistoryAdmin):
    """The minutes' text as drafted from the meeting, for staff to edit (Markdown: ## for a
    heading, - for a list)."""

    form = MinutesTextForm
    list_display = ["meeting", "drafted_at", "changed_at"]
    list_select_related = ["meeting"]
    readonly_fields = ["meeting"]
    fields = ["meeting", "text"]
    change_form_template = "admin/meetings/minutestext/change_form.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # drafted from the meeting (its page's button)

    def response_change(self, request: HttpRequest, obj: MinutesText) -> HttpResponse:
        """*Save and make the PDF*: the minutes' draft among the meeting's documents."""
        if "_make_pdf" not in request.POST:
            return super().response_change(request, obj)
        try:
            document = services.minutes_to_document(meeting=obj.meeting, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(document)s is among the documents, as a draft.") % {"document": document},
            )
        return redirect("admin:meetings_minutestext_change", obj.pk)

    def save_model(
        self, request: HttpRequest, obj: MinutesText, form: forms.Form, change: bool
    ) -> None:
        services.minutes_text_save(minutes=obj)


def agenda_summary(meeting) -> str:
    """The meeting's agenda on its admin page: each item to open, one to add, the standard
    agenda in one click while there is none, and the page to run the meeting from."""
    items = list(meeting.agenda_items.all())
    live = format_html(
        '<a class="button" href="{}">{}</a>',
        reverse("admin:meetings_meeting_live", args=[meeting.pk]),
        _("Run the meeting (agenda, votes, decisions)"),
    )
    if not items:
        return format_html(
            '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button> {}',
            reverse("admin:meetings_meeting_agenda_make", args=[meeting.pk]),
            _("Make the agenda from the standard agenda"),
            live,
        )
    rows = format_html_join(
        "",
        '<li>§ {} <a href="{}">{}</a></li>',
        [
            (item.position, reverse("admin:meetings_agendaitem_change", args=[item.pk]), item.title)
            for item in items
        ],
    )
    return format_html(
        '<ol class="agenda-summary">{}</ol><p><a href="{}?meeting={}">{}</a> {}</p>',
        rows,
        reverse("admin:meetings_agendaitem_add"),
        meeting.pk,
        _("Add an item"),
        live,
    )


def _minutes(meeting, user):
    """The minutes' draft: its text drafted from the meeting if there is none yet, as a PDF."""
    if not MinutesText.objects.filter(meeting=meeting).exists():
        services.minutes_draft(meeting=meeting)
    return services.minutes_to_document(meeting=meeting, user=user)


PAPERS["dagordning"] = (gettext_lazy("Put the agenda among the papers"), services.agenda_to_papers)
PAPERS["protokoll"] = (gettext_lazy("Make the minutes' draft from the meeting"), _minutes)
