import re

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from nns_portal.admin import RecordAdmin, TabularInline
from nns_portal.forms import SPACED_NUMBERS
from nns_portal.params import year_param
from nns_portal.tabular.admin import ImportExportMixin

from .forms import UserAddForm
from .imports import KINDS
from .models import (
    Area,
    AreaContact,
    Association,
    AssociationYear,
    LoginAddressChange,
    Person,
    Role,
    User,
)
from .orgnr import OrgNumberFormField
from .privacy.extract import register_extract
from .privacy.retention import people_due_for_anonymisation, person_erase
from .second_factor import second_factor_reset
from .services import person_save
from .views import register_extract_download

ORGNR_SEARCH = re.compile(r"^(\d{6})-?(\d{4})$")


# The factors themselves (secrets, recovery codes) are nobody's to browse: a lost one is reset
# on the login (UserAdmin's action).
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Logins. Nobody has a password (everyone logs in with a code), so none is shown or set."""

    add_form = UserAddForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "first_name", "last_name"]})]
    actions = ["reset_second_factor"]

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> None:
        raise Http404

    def has_reset_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    @admin.action(
        description=_("Reset the second factor (a lost phone or key)"),
        permissions=["reset"],
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            removed = second_factor_reset(user=user, by=request.user)
            self.message_user(
                request,
                _("%(user)s: %(count)s factors removed; they add a new one at the next login.")
                % {"user": user, "count": removed},
            )


class AreaContactInline(TabularInline):
    model = AreaContact
    extra = 0
    autocomplete_fields = ["person"]
    select_related = ("person", "area")


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    inlines = [AreaContactInline]
    list_display = ["__str__", "code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the four areas are fixed

    def has_delete_permission(self, request: HttpRequest, obj: Area | None = None) -> bool:
        return False


class AssociationYearInline(TabularInline):
    model = AssociationYear
    extra = 0
    fields = ["year", "total_budget", "takes_part_in_indicators"]
    formfield_overrides = SPACED_NUMBERS
    select_related = ("association",)


class AssociationRoleInline(TabularInline):
    model = Role
    extra = 0
    fields = ["person", "kind", "starts_on", "ends_on"]
    autocomplete_fields = ["person"]
    ordering = ["ends_on", "-starts_on"]
    select_related = ("person", "association")


class MembershipFilter(admin.SimpleListFilter):
    title = _("membership")
    parameter_name = "membership"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("member", _("Member")), ("non_member", _("Not a member"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        members = Association.objects.members_on(timezone.localdate()).values("pk")
        if self.value() == "member":
            return queryset.filter(pk__in=members)
        if self.value() == "non_member":
            return queryset.exclude(pk__in=members)
        return queryset


def _recent_years() -> list[int]:
    this_year = timezone.localdate().year
    return [this_year + 1, this_year, this_year - 1, this_year - 2]


class IndicatorsFilter(admin.SimpleListFilter):
    title = _("takes part in the indicators")
    parameter_name = "indicators"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(str(year), str(year)) for year in _recent_years()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if year := year_param(self.value()):
            return queryset.filter(years__year=year, years__takes_part_in_indicators=True)
        return queryset


class BudgetMissingFilter(admin.SimpleListFilter):
    title = _("budget missing for year")
    parameter_name = "budget_missing"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(str(year), str(year)) for year in _recent_years()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if year := year_param(self.value()):
            has_budget = AssociationYear.objects.filter(association=OuterRef("pk"), year=year)
            return queryset.filter(~Exists(has_budget))
        return queryset


class AssociationForm(forms.ModelForm):
    class Meta:
        model = Association
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose and order them)
        field_classes = {"org_number": OrgNumberFormField}


class OrgNumberSearchMixin:
    """An organisation number is found however it is typed: NNNNNN-NNNN or ten digits."""

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        match = ORGNR_SEARCH.match(search_term.strip())
        if match:
            search_term = "".join(match.groups())
        return super().get_search_results(request, queryset, search_term)


@admin.register(Association)
class AssociationAdmin(OrgNumberSearchMixin, ImportExportMixin, SimpleHistoryAdmin):
    form = AssociationForm
    import_kind = KINDS["associations"]
    list_display = ["name", "org_number_display", "area", "city", "member_status"]
    list_filter = ["area", MembershipFilter, IndicatorsFilter, BudgetMissingFilter]
    search_fields = [
        "name",
        "org_number",
        "roles__person__first_name",
        "roles__person__last_name",
        "roles__person__email",
    ]
    list_select_related = ["area"]
    inlines = [AssociationYearInline, AssociationRoleInline]
    fieldsets = [
        (None, {"fields": ["name", "org_number", "area"]}),
        (_("Membership"), {"fields": ["joined_on", "left_on"]}),
        (_("Parties"), {"fields": ["region", "municipalities"]}),
        (
            _("Contact details"),
            {"fields": ["street_address", "postal_code", "city", "email", "phone", "website"]},
        ),
        (
            _("Invoicing"),
            {
                "fields": [
                    "invoice_address",
                    "invoice_email",
                    "invoice_reference",
                    "invoice_order_number",
                    "invoice_channel",
                    "peppol_id",
                ]
            },
        ),
    ]

    @admin.display(description=_("organisation number"), ordering="org_number")
    def org_number_display(self, association: Association) -> str:
        return association.org_number_display

    @admin.display(description=_("member"), boolean=True)
    def member_status(self, association: Association) -> bool:
        return association.is_member


@admin.register(AssociationYear)
class AssociationYearAdmin(OrgNumberSearchMixin, ImportExportMixin, SimpleHistoryAdmin):
    import_kind = KINDS["budgets"]
    list_display = ["association", "year", "budget", "takes_part_in_indicators"]
    list_filter = ["year", "takes_part_in_indicators"]
    search_fields = ["association__name", "association__org_number"]
    list_select_related = ["association"]
    autocomplete_fields = ["association"]
    formfield_overrides = SPACED_NUMBERS

    @admin.display(description=_("total budget (SEK)"), ordering="total_budget")
    def budget(self, year: AssociationYear) -> str:
        return number_format(year.total_budget, 0, force_grouping=True)


class PersonRoleInline(TabularInline):
    model = Role
    extra = 0
    fields = ["kind", "association", "starts_on", "ends_on"]
    autocomplete_fields = ["association"]
    ordering = ["ends_on", "-starts_on"]
    select_related = ("person", "association")


class DueForAnonymisationFilter(admin.SimpleListFilter):
    title = _("retention")
    parameter_name = "gallras"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("ja", _("Anonymised by the next nightly run")), ("klar", _("Anonymised"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "ja":
            due = people_due_for_anonymisation(today=timezone.localdate()).values("pk")
            return queryset.filter(pk__in=due)
        if self.value() == "klar":
            return queryset.filter(anonymised_at__isnull=False)
        return queryset


@admin.register(Person)
class PersonAdmin(OrgNumberSearchMixin, ImportExportMixin, SimpleHistoryAdmin):
    import_kind = KINDS["people"]
    list_display = ["__str__", "email", "phone", "has_login"]
    list_filter = [DueForAnonymisationFilter]
    search_fields = [
        "first_name",
        "last_name",
        "email",
        "roles__association__name",
        "roles__association__org_number",
    ]
    inlines = [PersonRoleInline]
    actions = ["erase_now"]
    fields = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "preferred_language",
        "receives_letters",
        "user",
        "anonymised_at",
        "extract_link",
    ]
    readonly_fields = ["user", "anonymised_at", "extract_link"]

    @admin.display(description=_("register extract"))
    def extract_link(self, person: Person) -> str:
        if not person.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:members_person_extract", args=[person.pk]),
            _("Everything the portal holds about the person"),
        )

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/registerutdrag/", view(self.extract_view), name="members_person_extract"
            ),
            path(
                "<int:pk>/registerutdrag.json",
                view(self.extract_json_view),
                name="members_person_extract_json",
            ),
            *super().get_urls(),
        ]

    def _person(self, request: HttpRequest, pk: int) -> Person:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Person, pk=pk)

    def extract_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = self._person(request, pk)
        context = {
            "person": person,
            "sections": register_extract(person=person),
            "json_url": reverse("admin:members_person_extract_json", args=[pk]),
            "back_url": reverse("admin:members_person_change", args=[pk]),
        }
        return TemplateResponse(request, "members/register_extract.html", context)

    def extract_json_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return register_extract_download(
            person=self._person(request, pk), filename=f"registerutdrag-{pk}.json"
        )

    @admin.action(description=_("Erase the selected people's details now"), permissions=["delete"])
    def erase_now(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        erased = 0
        for person in queryset:
            try:
                person_erase(person=person)
            except ValidationError as refused:
                self.message_user(request, " ".join(refused.messages), messages.ERROR)
            else:
                erased += 1
        if erased:
            self.message_user(request, _("%(count)s erased.") % {"count": erased})

    @admin.display(description=_("can log in"), boolean=True)
    def has_login(self, person: Person) -> bool:
        return bool(person.user_id and person.email)

    def save_model(self, request: HttpRequest, obj: Person, form: object, change: bool) -> None:
        person_save(person=obj, changed_by=request.user)


@admin.register(Role)
class RoleAdmin(OrgNumberSearchMixin, SimpleHistoryAdmin):
    list_display = ["person", "kind", "association", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = [
        "person__first_name",
        "person__last_name",
        "association__name",
        "association__org_number",
    ]
    list_select_related = ["person", "association"]
    autocomplete_fields = ["person", "association"]


@admin.register(LoginAddressChange)
class LoginAddressChangeAdmin(RecordAdmin):
    """Who changed or asked to change the address a person logs in with: a record, not a form."""

    list_display = [
        "person",
        "old_email",
        "new_email",
        "requested_by",
        "association",
        "status",
        "requested_at",
        "confirmed_at",
    ]
    list_filter = ["status"]
    search_fields = ["person__first_name", "person__last_name", "old_email", "new_email"]
    list_select_related = ["person", "requested_by", "association"]
    date_hierarchy = "requested_at"
