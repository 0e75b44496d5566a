"""Factories shared by every app's tests. Apps add their own in tests/<app>/factories.py."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from youthcop.core import roles
from youthcop.programmes import services
from youthcop.programmes.models import (
    Organisation,
    Participant,
    Programme,
    ProgrammeStaff,
    Side,
    StaffProfile,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Youth organisation {n}")
    kind = Organisation.Kind.YOUTH_ORGANISATION


class PoliceZoneFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Police zone {n}")
    kind = Organisation.Kind.POLICE_ZONE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Staff"
    last_name = factory.Sequence(lambda n: f"Member{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


def staff_user(role_group, organisation=None, **kwargs):
    """A user in one of youthcop's groups (``youthcop.core.roles``), with an organisation."""
    user = UserFactory(group=role_group, **kwargs)
    StaffProfile.objects.create(user=user, organisation=organisation or OrganisationFactory())
    return user


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    police_zone = factory.SubFactory(PoliceZoneFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    status = Programme.Status.RUNNING


def add_staff(programme, user, role):
    return ProgrammeStaff.objects.create(programme=programme, user=user, role=role)


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant created directly with a status (no quota checks): for fixtures.

    Use ``enrol_participant`` to go through the quota rules.
    """

    class Meta:
        model = Participant

    programme = factory.SubFactory(ProgrammeFactory)
    side = Side.YOUTH
    first_name = factory.Sequence(lambda n: f"Young{n}")
    last_name = factory.Sequence(lambda n: f"Person{n}")
    date_of_birth = factory.LazyAttribute(
        lambda p: datetime.date(p.programme.start_date.year - 19, 5, 1) if p.side == Side.YOUTH else None
    )
    email = factory.LazyAttribute(lambda p: f"{p.first_name.lower()}@example.net")
    preferred_language = "en"
    organisation = factory.SubFactory(OrganisationFactory)
    police_unit = factory.LazyAttribute(lambda p: "community" if p.side == Side.POLICE else "")
    status = Participant.Status.ENROLLED


def officer(**kwargs):
    kwargs.setdefault("organisation", kwargs.get("programme").police_zone if kwargs.get("programme") else None)
    if kwargs["organisation"] is None:
        kwargs.pop("organisation")
    return ParticipantFactory(side=Side.POLICE, date_of_birth=None, police_unit="community", **kwargs)


_people = iter(range(10**9))


def enrol_participant(programme, *, side=Side.YOUTH, registered_by=None, minor=False, **fields):
    """Register through ``services.enrol`` and return the result."""
    n = next(_people)
    years = 16 if minor else 20
    defaults = {
        "first_name": f"First{n}",
        "last_name": f"Last{n}",
        "organisation": programme.police_zone if side == Side.POLICE else OrganisationFactory(),
        "preferred_language": "en",
    }
    if side == Side.YOUTH:
        defaults["date_of_birth"] = datetime.date(programme.start_date.year - years, 1, 15)
        if minor:
            defaults.update(guardian_name="A Guardian", guardian_email=f"guardian{n}@example.net")
    else:
        defaults["police_unit"] = "community"
    defaults.update(fields)
    return services.enrol(programme, side=side, registered_by=registered_by, **defaults)


ROLE_GROUPS = {
    ProgrammeStaff.Role.COORDINATOR: roles.COORDINATOR,
    ProgrammeStaff.Role.FACILITATOR: roles.FACILITATOR,
    ProgrammeStaff.Role.YOUTH_WORKER: roles.YOUTH_WORKER,
    ProgrammeStaff.Role.YOUTH_ADVISOR: roles.ADVISOR,
    ProgrammeStaff.Role.POLICE_ADVISOR: roles.ADVISOR,
}


def programme_staff(programme, role, organisation=None):
    """A user with ``role`` on ``programme``, in the matching group."""
    user = staff_user(ROLE_GROUPS[role], organisation=organisation)
    add_staff(programme, user, role)
    return user
