from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from nns_portal.forms import ParagraphField
from nns_portal.params import integer_param

from . import selectors, services
from .models import Decision


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Decision.Status.choices)
    note = ParagraphField(
        label=gettext_lazy("Note on the follow-up"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    shown = request.GET.get("visa", selectors.DEFAULT_SHOWN)
    shown = shown if shown in selectors.SHOWN else selectors.DEFAULT_SHOWN
    responsible = integer_param(request.GET.get("ansvarig"))
    today = timezone.localdate()
    decisions = selectors.register(
        user=request.user, shown=shown, responsible=responsible, today=today
    )
    return render(
        request,
        "meetings/decision_register.html",
        {
            "decisions": decisions,
            "shown": shown,
            "responsible": responsible,
            "people": selectors.responsible_people(user=request.user),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.decision_get_for_user(user=request.user, pk=pk)
    may_change = selectors.may_change_followup(user=request.user, decision=entry)
    form = FollowUpForm(initial={"status": entry.status, "note": entry.note})
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                services.decision_follow_up(
                    decision=entry,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The follow-up is saved."))
                return redirect("meetings:decision", entry.pk)
    return render(
        request,
        "meetings/decision.html",
        {
            "decision": entry,
            "form": form if may_change else None,
            "history": selectors.decision_history(decision=entry),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )
