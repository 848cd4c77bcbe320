from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from nns_portal.admin import TabularInline

from ..models import BudgetAmount, BudgetColumn, BudgetLine, EquityBalance


class PositionForm(forms.ModelForm):
    """A line's order, edited in the list: each box named after its line for screen readers
    (the list's own boxes have no label)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].widget.attrs["aria-label"] = _("Order of %(line)s") % {
            "line": self.instance
        }


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["name", "section", "parent", "position", "is_group", "fee_kind"]
    list_filter = ["section", "is_group"]
    list_editable = ["position"]
    ordering = ["section", "parent__position", "position"]
    list_select_related = ["parent"]

    def get_changelist_form(self, request: HttpRequest, **kwargs: object) -> type[forms.Form]:
        return super().get_changelist_form(request, form=PositionForm, **kwargs)


class BudgetAmountInline(TabularInline):
    model = BudgetAmount
    fields = ["line", "amount"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "line":
            kwargs["queryset"] = BudgetLine.objects.filter(is_group=False).select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(BudgetColumn)
class BudgetColumnAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "adopted_on"]
    list_filter = ["kind", "status"]
    inlines = [BudgetAmountInline]

    def view_on_site(self, column: BudgetColumn) -> str:
        return reverse("budget:budget") + f"?kolumn={column.pk}"


@admin.register(EquityBalance)
class EquityBalanceAdmin(admin.ModelAdmin):
    list_display = ["year", "closing_equity"]
