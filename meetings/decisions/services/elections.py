"""Every write about an election's candidates: the nomination committee's proposal before the
meeting, and nominations made at it (until its vote opens)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.models import Person

from ..choices import ItemKind
from ..models import AgendaItem, Candidate, Poll


@transaction.atomic
def candidate_add(
    *,
    item: AgendaItem,
    person: Person,
    by_nomination_committee: bool = False,
    nominated_by: str = "",
) -> Candidate:
    """Propose someone for the election; not once its vote has opened or it is decided."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.kind != ItemKind.ELECTION:
        raise ValidationError(_("Candidates stand in an election."))
    if item.polls.exclude(status=Poll.Status.DRAFT).exists():
        raise ValidationError(_("The election's vote has begun: no more nominations."))
    try:
        with transaction.atomic():
            return Candidate.objects.create(
                item=item,
                person=person,
                by_nomination_committee=by_nomination_committee,
                nominated_by=nominated_by.strip(),
            )
    except IntegrityError:
        raise ValidationError(
            _("%(person)s is a candidate already.") % {"person": person}
        ) from None


@transaction.atomic
def candidate_withdraw(*, candidate: Candidate) -> None:
    """Take a candidacy back, before the election's vote has begun."""
    if candidate.item.polls.exclude(status=Poll.Status.DRAFT).exists():
        raise ValidationError(_("The election's vote has begun: the candidates stand."))
    candidate.delete()
