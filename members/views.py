from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services
from .forms import AssociationContactForm, PersonContactForm


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
        services.person_update_contact(person=person, **form.cleaned_data)
        messages.success(request, _("%(name)s has been saved.") % {"name": person})
        return redirect("members:association", pk=association.pk)
    title = _("Correct %(name)s") % {"name": person}
    context = {"association": association, "form": form, "title": title}
    return render(request, "members/edit_form.html", context)


@login_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "members/directory.html", {"areas": selectors.member_directory()})
