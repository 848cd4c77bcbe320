import base64
import datetime
import hmac
import struct
import zoneinfo
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from stdnum import luhn

from meetings.models import Meeting, MeetingType
from meetings.services import meeting_types_ensure_standard
from members.models import Area, AreaContact, Association, AssociationYear, Person, Role, User
from members.services import person_save

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@forbund.example")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.PostGeneration(lambda user, create, extracted: user.set_unusable_password())

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


# The authenticator-app secret of every staff login the tests make (a login with staff rights
# must have a second factor: members/second_factor.py).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str, at: datetime.datetime, *, step: int = 0) -> str:
    """The authenticator app's six digits at ``at`` (RFC 6238: HMAC-SHA1 over 30-second
    steps), ``step`` periods away; written out here so that the portal's login is judged by
    the standard, not by its own code."""
    counter = int(at.timestamp()) // 30 + step
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def enrol_second_factor(user: User) -> User:
    """Give ``user`` an authenticator app (TOTP) with ``STAFF_TOTP_SECRET``, and recovery codes,
    as enrolment does."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, STAFF_TOTP_SECRET)
    RecoveryCodes.activate(user)
    return user


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def second_factor(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted is not False:
            enrol_second_factor(self)


def valid_org_number(n: int) -> str:
    stem = f"2{n:08d}"
    return stem + luhn.calc_check_digit(stem)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Samordningsförbundet Testbygd {n}")
    org_number = factory.Sequence(lambda n: valid_org_number(100_000 + n))
    area = factory.LazyFunction(lambda: Area.objects.get_or_create(code="syd")[0])
    region = "Region Östergötland"
    municipalities = "Linköping, Åtvidaberg"
    city = "Linköping"
    invoice_email = factory.Sequence(lambda n: f"ekonomi{n}@forbund.example")
    joined_on = datetime.date(2015, 1, 1)


class AssociationYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssociationYear

    association = factory.SubFactory(AssociationFactory)
    year = 2026
    total_budget = Decimal("5000000")
    takes_part_in_indicators = True


class PersonFactory(factory.django.DjangoModelFactory):
    """A person in the register; with an e-mail address they get a login, as in real life."""

    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.Sequence(lambda n: f"medlem{n}@forbund.example")
    phone = "070-123 45 67"

    @classmethod
    def _create(cls, model_class: type[Person], *args: object, **kwargs: object) -> Person:
        return person_save(person=model_class(*args, **kwargs))


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    kind = Role.Kind.CHAIR
    association = factory.SubFactory(AssociationFactory)
    starts_on = datetime.date(2024, 1, 1)


class AreaContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaContact

    area = factory.LazyFunction(lambda: Area.objects.get_or_create(code="syd")[0])
    person = factory.SubFactory(PersonFactory)
    starts_on = datetime.date(2024, 1, 1)


def meeting_type(code: str) -> MeetingType:
    """One of the standard meeting types (a transactional test's flush removes the ones the
    data migration made, so they are added again when missing)."""
    meeting_types_ensure_standard()
    return MeetingType.objects.get(code=code)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A chairs' meeting at 17.30–19.00 Stockholm time, a month from the frozen 'now'."""

    class Meta:
        model = Meeting

    type = factory.LazyFunction(lambda: meeting_type(MeetingType.Code.CHAIRS))
    title = "Ordförandeträff"
    starts_at = datetime.datetime(2026, 12, 14, 17, 30, tzinfo=STOCKHOLM)
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(minutes=90))
    place = "Digitalt"
    video_link = "https://video.example/nns"


# What the admin's meeting form sends along for its documents when none are added.
NO_MEETING_DOCUMENTS = {"documents-TOTAL_FORMS": "0", "documents-INITIAL_FORMS": "0"}


def annual_meeting(day: datetime.date) -> Meeting:
    """An all-day annual meeting, where each member association votes through its delegate."""
    return MeetingFactory(
        type=meeting_type(MeetingType.Code.ANNUAL),
        title="Årsmöte",
        starts_at=datetime.datetime.combine(day, datetime.time(), STOCKHOLM),
        ends_at=datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time(), STOCKHOLM
        ),
        all_day=True,
    )
