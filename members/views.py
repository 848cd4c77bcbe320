from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import notices, selectors, services
from .forms import AssociationContactForm, PersonContactForm
from .models import LoginAddressChange, Person
from .privacy.extract import register_extract, register_extract_json
from .tokens import LoginAddressLinkInvalid


@login_required
@require_GET
def my_associations(request: HttpRequest) -> HttpResponse:
    associations = list(selectors.associations_for_user(user=request.user).order_by("name"))
    if len(associations) == 1:
        return redirect("members:association", pk=associations[0].pk)
    return render(request, "members/my_associations.html", {"associations": associations})


@login_required
@require_GET
def association_detail(request: HttpRequest, pk: int) -> HttpResponse:
    association = selectors.association_get_for_user(user=request.user, pk=pk)
    overview = selectors.association_overview(user=request.user, association=association)
    return render(request, "members/association_detail.html", {"overview": overview})


@login_required
@require_http_methods(["GET", "POST"])
def association_edit(request: HttpRequest, pk: int) -> HttpResponse:
    association = selectors.association_get_editable_for_user(user=request.user, pk=pk)
    form = AssociationContactForm(request.POST or None, instance=association)
    if request.method == "POST" and form.is_valid():
        services.association_update_contact_details(
            association=association, fields=form.cleaned_data
        )
        messages.success(request, _("The contact details have been saved."))
        return redirect("members:association", pk=association.pk)
    context = {"association": association, "form": form, "title": _("Correct contact details")}
    return render(request, "members/edit_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    association = selectors.association_get_editable_for_user(user=request.user, pk=pk)
    person = selectors.person_get_editable_for_user(
        user=request.user, association=association, pk=person_pk
    )
    form = PersonContactForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.person_update_contact(
                person=person, association=association, editor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has been saved.") % {"name": person})
            if change is not None and change.status == LoginAddressChange.Status.PENDING:
                messages.info(
                    request,
                    _(
                        "A link has been sent to %(email)s. The new address is used from when "
                        "%(name)s has confirmed it; until then the old address stays."
                    )
                    % {"email": change.new_email, "name": person.first_name},
                )
            return redirect("members:association", pk=association.pk)
    title = _("Correct %(name)s") % {"name": person}
    context = {"association": association, "form": form, "title": title}
    return render(request, "members/edit_form.html", context)


@login_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "members/directory.html", {"areas": selectors.member_directory()})


@require_http_methods(["GET", "POST"])
def login_address_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to a new address: confirming it moves the person's login there."""
    try:
        change = selectors.login_address_change_for_link(token=token)
    except LoginAddressLinkInvalid:
        return render(request, "members/login_address_invalid.html", status=400)
    error = None
    if request.method == "POST":
        try:
            services.login_address_change_confirm(change=change)
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
        else:
            messages.success(
                request,
                _("Thank you. From now on you log in with %(email)s.")
                % {"email": change.new_email},
            )
            return redirect("account_login")
    context = {"change": change, "error": error}
    return render(request, "members/login_address_confirm.html", context)


@require_http_methods(["GET", "POST"])
def notices_refuse(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the "not in the register" notice: no more of them to this address."""
    try:
        email = notices.address_for_refusal(token=token)
    except signing.BadSignature:
        return render(request, "members/notices_refuse_invalid.html", status=400)
    done = request.method == "POST"
    if done:
        notices.notices_refuse(email=email)
    return render(request, "members/notices_refuse.html", {"email": email, "done": done})


def register_extract_download(*, person: Person, filename: str) -> HttpResponse:
    """The register extract as a JSON file (Mina uppgifter and the person's admin page)."""
    response = HttpResponse(
        register_extract_json(person=person), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _own_person(request: HttpRequest) -> Person:
    """The register's person behind the login; staff without one have no extract (404)."""
    person = selectors.person_for_user(user=request.user)
    if person is None:
        raise Http404
    return person


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """Mina uppgifter: the person logged in, their roles and areas; the extract behind it."""
    profile = selectors.profile_of(person=_own_person(request))
    return render(request, "members/my_data.html", {"profile": profile})


@login_required
@require_GET
def my_extract(request: HttpRequest) -> HttpResponse:
    """The register extract: everything the portal holds about the person logged in."""
    person = _own_person(request)
    context = {
        "person": person,
        "sections": register_extract(person=person),
        "back_url": reverse("members:my_data"),
        "json_url": reverse("members:my_data_json"),
    }
    return render(request, "members/register_extract.html", context)


@login_required
@require_GET
def my_data_json(request: HttpRequest) -> HttpResponse:
    return register_extract_download(person=_own_person(request), filename="registerutdrag.json")
