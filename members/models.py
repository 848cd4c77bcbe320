"""The member register: areas, associations (members or not) and their yearly budgets, people
and their roles over time, the board's contact persons of each area."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .orgnr import format_orgnr, validate_orgnr
from .peppol import default_peppol_id, normalise_peppol_id, validate_peppol_id


class Area(models.Model):
    """One of NNS's four geographical areas; each member association belongs to one."""

    class Code(models.TextChoices):
        SYD = "syd", _("South")
        NORD = "nord", _("North")
        OST = "ost", _("East")
        VAST = "vast", _("West")

    code = models.CharField(_("code"), max_length=4, choices=Code.choices, unique=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


def membership_on(day: datetime.date, prefix: str = "") -> Q:
    """Q for associations that are members on ``day``; ``prefix`` reaches them via a relation."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def membership_during(year: int) -> Q:
    """Q for associations that are members at some time in ``year`` (and so owe its fees)."""
    return Q(joined_on__lte=datetime.date(year, 12, 31)) & (
        Q(left_on__isnull=True) | Q(left_on__gt=datetime.date(year, 1, 1))
    )


def not_ended_by(day: datetime.date, prefix: str = "") -> Q:
    """Q for periods (roles, contact assignments) that last until ``day`` or later, whether
    they have begun or not."""
    return Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})


def current_on(day: datetime.date, prefix: str = "") -> Q:
    """Q for periods (roles, contact assignments) that include ``day``."""
    return Q(**{f"{prefix}starts_on__lte": day}) & not_ended_by(day, prefix)


class AssociationQuerySet(models.QuerySet["Association"]):
    def members_on(self, day: datetime.date) -> "AssociationQuerySet":
        return self.filter(membership_on(day))

    def members_during(self, year: int) -> "AssociationQuerySet":
        return self.filter(membership_during(year))


class Association(models.Model):
    """A samordningsförbund, member of NNS or not."""

    class InvoiceChannel(models.TextChoices):
        EMAIL = "epost", _("E-mail with PDF")
        EINVOICE = "efaktura", _("E-invoice (Peppol)")
        BOTH = "bada", _("E-invoice and e-mail")

    # The channels that need an e-mail address, and those that need a Peppol e-invoice.
    EMAIL_CHANNELS = (InvoiceChannel.EMAIL, InvoiceChannel.BOTH)
    EINVOICE_CHANNELS = (InvoiceChannel.EINVOICE, InvoiceChannel.BOTH)

    name = models.CharField(_("name"), max_length=200, unique=True)
    org_number = models.CharField(
        _("organisation number"),
        max_length=10,
        unique=True,
        validators=[validate_orgnr],
        help_text=_("Ten digits, written NNNNNN-NNNN."),
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, verbose_name=_("area"))
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    invoice_address = models.TextField(
        _("invoice address"), blank=True, help_text=_("If different from the postal address.")
    )
    invoice_email = models.EmailField(_("invoice e-mail"), blank=True)
    invoice_reference = models.CharField(
        _("invoice reference"),
        max_length=100,
        blank=True,
        help_text=_(
            "The reference code (Er referens) the association's finance office routes invoices by."
        ),
    )
    invoice_order_number = models.CharField(_("order number"), max_length=50, blank=True)
    peppol_id = models.CharField(
        _("Peppol id"),
        max_length=60,
        blank=True,
        validators=[validate_peppol_id],
        help_text=_("Empty: 0007: followed by the organisation number."),
    )
    invoice_channel = models.CharField(
        _("invoices by"),
        max_length=10,
        choices=InvoiceChannel.choices,
        default=InvoiceChannel.EMAIL,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    region = models.CharField(
        _("region"), max_length=100, help_text=_("The region that is a party.")
    )
    municipalities = models.TextField(
        _("municipalities"),
        help_text=_("The municipalities that are parties, separated by commas."),
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)
    left_on = models.DateField(_("member until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=False, left_on__gt=models.F("joined_on")),
                name="association_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.peppol_id:
            try:
                self.peppol_id = normalise_peppol_id(self.peppol_id)
            except ValidationError as error:
                raise ValidationError({"peppol_id": error}) from None
        if self.invoice_channel in self.EINVOICE_CHANNELS and not self.invoice_reference.strip():
            raise ValidationError(
                {
                    "invoice_reference": _(
                        "E-invoices need the reference (Er referens) the association's finance "
                        "office routes them by: public bodies return an e-invoice without one."
                    )
                }
            )
        if self.left_on and not self.joined_on:
            raise ValidationError({"left_on": _("An association that left must have joined.")})
        if self.left_on and self.joined_on and self.left_on <= self.joined_on:
            raise ValidationError({"left_on": _("The membership must end after it began.")})

    @property
    def org_number_display(self) -> str:
        return format_orgnr(self.org_number)

    @property
    def peppol_participant(self) -> str:
        """Where its e-invoices go in Peppol."""
        return self.peppol_id or default_peppol_id(self.org_number)

    @property
    def municipality_list(self) -> list[str]:
        return [name.strip() for name in self.municipalities.split(",") if name.strip()]

    def is_member_on(self, day: datetime.date) -> bool:
        return bool(
            self.joined_on and self.joined_on <= day and not (self.left_on and self.left_on <= day)
        )

    @property
    def is_member(self) -> bool:
        return self.is_member_on(timezone.localdate())


class AssociationYear(models.Model):
    """What NNS needs to know about an association for one year: its total budget, indicators."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="years", verbose_name=_("association")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    total_budget = models.DecimalField(
        _("total budget (SEK)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    takes_part_in_indicators = models.BooleanField(
        _("takes part in the national indicators"), default=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        ordering = ["association__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year"], name="one_row_per_association_and_year"
            ),
            models.CheckConstraint(
                condition=Q(total_budget__gte=0), name="total_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.year}"


class Person(models.Model):
    """Someone in the register: of a member association, of the NNS board, or of NNS's staff."""

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.SWEDISH
    )
    receives_letters = models.BooleanField(
        _("receives the board's letters"),
        default=True,
        help_text=_("Off when the person has declined the letters from the board."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    anonymised_at = models.DateTimeField(
        _("anonymised"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the person's details were removed (retention or their request)."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(Upper("email"), name="person_email_upper")]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~Q(email=""),
                name="person_email_unique",
                violation_error_message=_(
                    "Another person in the register has this e-mail address."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class RoleQuerySet(models.QuerySet["Role"]):
    def current_on(self, day: datetime.date) -> "RoleQuerySet":
        return self.filter(current_on(day))


class Role(models.Model):
    """A person's role over a period, in an association or in NNS. Ended roles are kept."""

    class Kind(models.TextChoices):
        # In a member association
        CHAIR = "ordforande", _("Chair")
        VICE_CHAIR = "vice_ordforande", _("Vice chair")
        BOARD_MEMBER = "ledamot", _("Board member")
        DEPUTY = "ersattare", _("Deputy board member")
        DIRECTOR = "forbundschef", _("Director")
        OFFICER = "tjansteperson", _("Officer")
        INVOICE_CONTACT = "fakturamottagare", _("Invoice contact")
        DELEGATE = "ombud", _("Delegate")
        # In NNS
        NNS_BOARD_MEMBER = "nns_styrelseledamot", _("NNS board member")
        NNS_CHAIR = "nns_ordforande", _("NNS chair")
        NNS_WORKING_COMMITTEE = "nns_arbetsutskott", _("NNS working committee")
        NNS_AUDITOR = "nns_revisor", _("NNS auditor")
        NNS_NOMINATION_COMMITTEE = "nns_valberedning", _("NNS nomination committee")
        NNS_STAFF = "nns_tjanstepersonstod", _("NNS staff")

    ASSOCIATION_KINDS = frozenset(
        {
            Kind.CHAIR,
            Kind.VICE_CHAIR,
            Kind.BOARD_MEMBER,
            Kind.DEPUTY,
            Kind.DIRECTOR,
            Kind.OFFICER,
            Kind.INVOICE_CONTACT,
            Kind.DELEGATE,
        }
    )
    # People of the association's board, who may represent it (e.g. at an ordförandeträff).
    BOARD_KINDS = frozenset({Kind.CHAIR, Kind.VICE_CHAIR, Kind.BOARD_MEMBER, Kind.DEPUTY})
    # Who may correct the association's details and people in the portal.
    EDITOR_KINDS = frozenset({Kind.CHAIR, Kind.DIRECTOR})
    # Who may see and download the association's invoices.
    INVOICE_KINDS = frozenset({Kind.CHAIR, Kind.DIRECTOR, Kind.INVOICE_CONTACT})

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    kind = models.CharField(_("role"), max_length=24, choices=Kind.choices)
    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("association"),
        help_text=_("Empty for a role in NNS."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty while it lasts.")
    )

    history = HistoricalRecords()
    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["association", "kind", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(association__isnull=True, kind__startswith="nns_")
                | (Q(association__isnull=False) & ~Q(kind__startswith="nns_")),
                name="role_kind_matches_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = self.association or "NNS"
        return f"{self.person}, {self.get_kind_display()} ({where})"

    def clean(self) -> None:
        in_association = self.kind in self.ASSOCIATION_KINDS
        if in_association and not self.association_id:
            raise ValidationError(
                {"association": _("This role is held in an association: choose which.")}
            )
        if not in_association and self.association_id:
            raise ValidationError(
                {"association": _("This is a role in NNS: leave the association empty.")}
            )
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A role cannot end before it starts.")})


class AreaContact(models.Model):
    """An NNS board member who is a contact person of an area, over a period."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("area")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="area_contacts", verbose_name=_("person")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area contact person")
        verbose_name_plural = _("area contact persons")
        ordering = ["area", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="area_contact_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.area})"


# The logins (the user model, changes of login address, refused notices) live in their own
# module; importing them here keeps their app and migrations as they were.
from .login_models import LoginAddressChange, NoticeRefusal, User, UserManager  # noqa: E402, F401
