from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from nns_portal.forms import LineField, ParagraphField

from . import selectors, services


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=gettext_lazy("Your answer"),
        choices=[
            ("justera", gettext_lazy("I have read this version and approve it")),
            ("tillbaka", gettext_lazy("Send it back to be changed")),
        ],
        widget=forms.RadioSelect,
    )
    comment = ParagraphField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=4000,
        help_text=gettext_lazy("Needed when you send it back: what should be changed."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sha256 = LineField(widget=forms.HiddenInput, max_length=64)


@login_required
@require_http_methods(["GET", "POST"])
def minutes_adjusting(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair's or an adjuster's page: the latest version to read, and the answer."""
    round_ = selectors.round_for_signer(user=request.user, pk=pk)
    form = AnswerForm(initial={"sha256": round_.version.sha256})
    if request.method == "POST" and round_.answer is None:
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.minutes_answer(
                    document=round_.document,
                    person=round_.signer.person,
                    approve=form.cleaned_data["answer"] == "justera",
                    comment=form.cleaned_data["comment"],
                    sha256_read=form.cleaned_data["sha256"],
                    login_method=selectors.login_method(request),
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext_lazy("Your answer is recorded."))
                return redirect("meetings:minutes_adjusting", round_.document.pk)
    return render(
        request,
        "meetings/minutes_adjusting.html",
        {"round": round_, "form": form if round_.answer is None else None},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def minutes_version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = selectors.version_for_signer(user=request.user, pk=pk, number=number)
    response = HttpResponse(bytes(version.content), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="protokoll-{version.document_id}-version-{version.number}.pdf"'
    )
    return response
