"""Demo data of programmes: a police zone, two youth organisations, staff, a running group."""

import datetime

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
    SteeringCommitteeMember,
)

from .languages import person_language

DEMO_PASSWORD = "youthcop-demo"

USERS = [
    # username, first name, last name, group, organisation key
    ("coordinator", "Nadia", "Claes", roles.COORDINATOR, "zone"),
    ("youthworker1", "Karim", "Mertens", roles.YOUTH_WORKER, "jh"),
    ("youthworker2", "Lotte", "Peeters", roles.YOUTH_WORKER, "amo"),
    ("facilitator1", "Inès", "Dubois", roles.FACILITATOR, "theatre"),
    ("facilitator2", "Tom", "Jacobs", roles.FACILITATOR, "theatre"),
    ("advisor_youth", "Samira", "El Amrani", roles.ADVISOR, "amo"),
    ("advisor_police", "Marc", "Lambert", roles.ADVISOR, "zone"),
]

STAFF_ROLES = {
    "coordinator": ProgrammeStaff.Role.COORDINATOR,
    "youthworker1": ProgrammeStaff.Role.YOUTH_WORKER,
    "youthworker2": ProgrammeStaff.Role.YOUTH_WORKER,
    "facilitator1": ProgrammeStaff.Role.FACILITATOR,
    "facilitator2": ProgrammeStaff.Role.FACILITATOR,
    "advisor_youth": ProgrammeStaff.Role.YOUTH_ADVISOR,
    "advisor_police": ProgrammeStaff.Role.POLICE_ADVISOR,
}

YOUTH_NAMES = [
    ("Yasmine", "Benali", "female"), ("Lucas", "Janssens", "male"), ("Amira", "Haddad", "female"),
    ("Noah", "Willems", "male"), ("Fatou", "Diallo", "female"), ("Elias", "Maes", "male"),
    ("Sara", "Vermeulen", "female"), ("Ilyas", "Bouzid", "male"), ("Julie", "Lemaire", "female"),
    ("Mehdi", "Aït Ali", "male"), ("Emma", "Goossens", "female"), ("Rayan", "Chaoui", "male"),
    ("Lina", "Kaya", "female"), ("Arthur", "De Smet", "male"), ("Hanna", "Wouters", "female"),
    ("Adam", "Saidi", "male"), ("Chloé", "Renard", "female"), ("Ayoub", "El Idrissi", "male"),
    ("Zoé", "Michiels", "female"), ("Bilal", "Amrani", "male"), ("Nora", "Dupont", "female"),
]
OFFICER_NAMES = [
    ("Pieter", "Van den Bossche", "male", "community"), ("Sophie", "Leclercq", "female", "intervention"),
    ("Kevin", "Hermans", "male", "investigation"), ("Laura", "Martens", "female", "community"),
    ("Olivier", "Simon", "male", "intervention"), ("Anke", "De Vos", "female", "other"),
    ("Jonas", "Declercq", "male", "intervention"), ("Céline", "Lejeune", "female", "investigation"),
    ("Bram", "Coppens", "male", "community"), ("Karen", "Segers", "female", "intervention"),
    ("David", "Mathieu", "male", "community"),
]
DIETS = [[], ["halal"], [], ["vegetarian"], ["halal"], [], ["vegan"], [], ["vegetarian"], ["halal"]]
LANGUAGES = ["fr", "nl", "fr", "nl", "fr", "en", "nl", "fr", "de", "fr"]


def _user(username, first, last, group_name, organisation):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=group_name))
    StaffProfile.objects.update_or_create(user=user, defaults={"organisation": organisation})
    return user


def load(context):
    """Create the demo organisations, users and running programme; fill ``context``."""
    zone, _ = Organisation.objects.get_or_create(
        name="Police zone Brussels-North", defaults={"kind": Organisation.Kind.POLICE_ZONE, "city": "Schaerbeek"}
    )
    jh, _ = Organisation.objects.get_or_create(
        name="Maison de Jeunes Le Quartier", defaults={"kind": Organisation.Kind.YOUTH_ORGANISATION, "city": "Schaerbeek"}
    )
    amo, _ = Organisation.objects.get_or_create(
        name="Jeugdhuis De Brug", defaults={"kind": Organisation.Kind.YOUTH_ORGANISATION, "city": "Evere"}
    )
    theatre, _ = Organisation.objects.get_or_create(
        name="Théâtre-Action Second Souffle", defaults={"kind": Organisation.Kind.FACILITATION, "city": "Brussels"}
    )
    organisations = {"zone": zone, "jh": jh, "amo": amo, "theatre": theatre}
    users = {row[0]: _user(*row[:4], organisations[row[4]]) for row in USERS}

    admin = get_user_model().objects.filter(username="admin").first()
    if admin is None:
        admin = get_user_model().objects.create_superuser("admin", "admin@example.org", DEMO_PASSWORD)

    today = timezone.localdate()
    start = (today - datetime.timedelta(days=120)).replace(day=1)
    programme, created = Programme.objects.get_or_create(
        name="Second Wave Brussels-North",
        defaults={
            "police_zone": zone,
            "start_date": start,
            "status": Programme.Status.RUNNING,
            "description": "Young people and police officers of Schaerbeek and Evere meet every month for a year.",
            "reward_description": "An exchange weekend with a youth association in Ghent for those who took part all year.",
        },
    )
    context.update(programme=programme, users=users, admin=admin, organisations=organisations)
    if not created:
        return context
    programme.partner_organisations.set([jh, amo, theatre])
    for username, role in STAFF_ROLES.items():
        ProgrammeStaff.objects.create(programme=programme, user=users[username], role=role)
    for name, represents, organisation in [
        ("Yasmine Benali", "youth", None), ("Insp. Pieter Van den Bossche", "police", zone),
        ("Karim Mertens", "youth_work", jh), ("Inès Dubois", "facilitation", theatre),
        ("Échevine de la jeunesse", "municipality", None),
    ]:
        SteeringCommitteeMember.objects.create(
            programme=programme, name=name, represents=represents, organisation=organisation
        )
    _register_group(programme, users, organisations, start)
    return context


def _register_group(programme, users, organisations, start):
    workers = [users["youthworker1"], users["youthworker2"]]
    for i, (first, last, gender) in enumerate(YOUTH_NAMES):
        worker = workers[i % 2]
        age = 15 + i % 7  # 15–21: about half are minors
        born = start.replace(year=start.year - age) - datetime.timedelta(days=30 + i)
        minor = age < 18
        diet = DIETS[i % len(DIETS)]
        # Meal needs only with explicit consent: the guardian's paper form for a minor, the person's own otherwise.
        consent = {"meal_needs_consent_by": "participant"} if diet and not minor else {}
        services.enrol(
            programme,
            registered_by=worker,
            side=Side.YOUTH,
            first_name=first,
            last_name=last,
            gender=gender,
            date_of_birth=born,
            email=f"young.person{i}@example.net",
            preferred_language=person_language(LANGUAGES[i % len(LANGUAGES)]),
            organisation=organisations["jh"] if i % 2 == 0 else organisations["amo"],
            dietary_needs=diet,
            guardian_name=f"Parent {last}" if minor else "",
            guardian_email=f"parent.{i}@example.net" if minor else "",
            paper_consent=(
                {"participation": True, "photos": i % 3 != 0, "meal_needs": bool(diet), "paper_form_date": start}
                if minor
                else None
            ),
            **consent,
        )
    for i, (first, last, gender, unit) in enumerate(OFFICER_NAMES):
        services.enrol(
            programme,
            registered_by=users["coordinator"],
            side=Side.POLICE,
            first_name=first,
            last_name=last,
            gender=gender,
            email=f"officer{i}@police.example.be",
            preferred_language=person_language("nl" if i % 2 else "fr"),
            organisation=organisations["zone"],
            police_unit=unit,
        )
    assert programme.participants.filter(status=Participant.Status.ENROLLED).count() == 27
    # The group signed up before the programme began (the demo registers it today): their places date from
    # then, so the sessions already held count for their certificates (README rule 5).
    signed_up = timezone.make_aware(datetime.datetime.combine(start - datetime.timedelta(days=7), datetime.time(18)))
    programme.participants.filter(status=Participant.Status.ENROLLED).update(enrolled_at=signed_up)
