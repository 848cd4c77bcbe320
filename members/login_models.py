"""The logins: who can log in (``User``, by e-mail address and a code), every change of the
address a person logs in with, and addresses outside the register that refused notices."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A login. People log in with their e-mail address and a code; nobody needs a password."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        # email__iexact is UPPER(email) = UPPER(%s) on PostgreSQL: this index serves it.
        indexes = [models.Index(Upper("email"), name="user_email_upper")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class LoginAddressChange(models.Model):
    """A change of the address a person logs in with: who made it, from what to what, when.

    A person's address is their identity in the portal, not only a contact detail. Staff
    change it at once; a member association's chair or director asks for it, and the new
    address takes effect only when a link sent to it has been followed (the old address is
    told). Every change, made or asked for, stays here as the audit trail.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed by the new address")
        MADE_BY_STAFF = "staff", _("Made by NNS staff")
        REMOVED = "removed", _("Address removed")
        SUPERSEDED = "superseded", _("Replaced by a later change")

    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="login_address_changes",
        verbose_name=_("person"),
    )
    old_email = models.EmailField(_("old address"), blank=True)
    new_email = models.EmailField(_("new address"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    association = models.ForeignKey(
        "members.Association",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
        help_text=_("The association whose chair or director asked; empty for staff."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    requested_at = models.DateTimeField(_("asked for at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("took effect at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change of login address")
        verbose_name_plural = _("changes of login address")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.old_email or '–'} → {self.new_email or '–'}"


class NoticeRefusal(models.Model):
    """An address outside the register that asked to get no more "not in the register"
    notices. Only a hash of the address is kept: enough to recognise it, nothing to read."""

    address_hash = models.CharField(_("address (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        verbose_name = _("refused notice")
        verbose_name_plural = _("refused notices")

    def __str__(self) -> str:
        return self.address_hash[:12]
