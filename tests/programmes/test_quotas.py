import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import ProgrammeFactory, UserFactory, enrol_participant
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes import services
from youthcop.programmes.models import Participant, Side

Status = Participant.Status


@pytest.mark.parametrize(
    ("size", "ratio", "youth", "police"),
    [
        (25, 2, 17, 8),
        (26, 2, 17, 9),
        (27, 2, 18, 9),
        (28, 2, 19, 9),
        (29, 2, 19, 10),
        (30, 2, 20, 10),
        (27, 1, 13, 14),  # 27 / 2 = 13.5 rounds to the even 14 officers
        (28, 3, 21, 7),
        (30, 4, 24, 6),
    ],
)
def test_slots_split_the_target_size_at_the_ratio(size, ratio, youth, police):
    programme = ProgrammeFactory.build(target_size=size, youth_per_officer=ratio)
    assert (services.youth_slots(programme), services.police_slots(programme)) == (youth, police)
    assert services.youth_slots(programme) + services.police_slots(programme) == size


@pytest.mark.django_db
def test_registrations_beyond_the_slots_go_to_the_waiting_list_in_order():
    programme = ProgrammeFactory(target_size=6, youth_per_officer=2)  # 4 + 2
    youth = [enrol_participant(programme).participant for _ in range(7)]
    officers = [enrol_participant(programme, side=Side.POLICE).participant for _ in range(3)]

    assert [p.status for p in youth] == [Status.ENROLLED] * 4 + [Status.WAITING] * 3
    assert [p.waiting_position for p in youth[4:]] == [1, 2, 3]
    assert [p.status for p in officers] == [Status.ENROLLED] * 2 + [Status.WAITING]
    assert officers[2].waiting_position == 1  # each side has its own list
    assert services.youth_slots_left(programme) == 0


@pytest.mark.django_db
def test_result_message_says_what_happened():
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    enrol_participant(programme)
    enrol_participant(programme)
    result = enrol_participant(programme, first_name="Sam", last_name="Peeters")
    assert result.message == (
        "This programme's youth places are full; Sam Peeters was added to the waiting list (position 1)."
    )


@pytest.mark.django_db
def test_withdrawal_offers_the_place_to_the_first_waiting_and_tells_their_youth_worker(
    django_capture_on_commit_callbacks,
):
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)  # 2 + 1
    worker = UserFactory(email="worker@example.org")
    first, second = (enrol_participant(programme).participant for _ in range(2))
    waiting = [enrol_participant(programme, registered_by=worker).participant for _ in range(2)]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.withdraw(first, reason="moved away")

    assert promoted == waiting[0]
    waiting[0].refresh_from_db()
    waiting[1].refresh_from_db()
    # The place is offered, to accept by a deadline (pretix's waiting-list vouchers); it counts as taken.
    assert waiting[0].status == Status.OFFERED
    assert timezone.localdate(waiting[0].offer_expires_at) == timezone.localdate() + datetime.timedelta(days=7)
    assert services.youth_slots_left(programme) == 0
    assert waiting[1].waiting_position == 1
    assert [m.to for m in mail.outbox if "opened" in m.subject] == [["worker@example.org"]]
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {"youthcop.participant.withdrawn", "youthcop.participant.place_offered"} <= actions


@pytest.mark.django_db
def test_withdrawing_someone_on_the_waiting_list_promotes_nobody():
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    enrol_participant(programme)
    enrol_participant(programme)
    waiting = [enrol_participant(programme).participant for _ in range(2)]
    assert services.withdraw(waiting[0]) is None
    waiting[1].refresh_from_db()
    assert (waiting[1].status, waiting[1].waiting_position) == (Status.WAITING, 1)


@pytest.mark.django_db
def test_withdrawing_twice_changes_nothing_the_second_time():
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    participant = enrol_participant(programme).participant
    services.withdraw(participant)
    assert services.withdraw(participant) is None


@pytest.mark.django_db
def test_a_minor_reserves_a_slot_until_consent_and_the_guardian_is_emailed(django_capture_on_commit_callbacks):
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    with django_capture_on_commit_callbacks(execute=True):
        result = enrol_participant(programme, minor=True)
    participant = result.participant
    assert participant.status == Status.AWAITING_CONSENT
    assert participant.reserved_until - participant.registered_at == datetime.timedelta(days=14)
    assert "awaiting guardian consent" in result.message
    assert [m.to for m in mail.outbox] == [[participant.guardian_email]]
    assert "/youthcop/consent/" in mail.outbox[0].body
    assert services.youth_slots_left(programme) == 1  # the reservation holds a slot


@pytest.mark.django_db
def test_an_adult_youth_is_enrolled_without_consent():
    programme = ProgrammeFactory()
    assert enrol_participant(programme, minor=False).participant.status == Status.ENROLLED


@pytest.mark.django_db
def test_minor_status_is_taken_on_the_programme_start_date():
    programme = ProgrammeFactory(start_date=datetime.date(2026, 9, 1))
    turns_18_before = enrol_participant(programme, date_of_birth=datetime.date(2008, 8, 31),
                                        guardian_name="G", guardian_email="g@example.net").participant
    turns_18_after = enrol_participant(programme, date_of_birth=datetime.date(2008, 9, 2),
                                       guardian_name="G", guardian_email="g2@example.net").participant
    assert turns_18_before.status == Status.ENROLLED
    assert turns_18_after.status == Status.AWAITING_CONSENT


@pytest.mark.django_db
def test_expired_reservation_releases_the_slot_to_the_waiting_list():
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    minor = enrol_participant(programme, minor=True).participant
    enrol_participant(programme)
    waiting = enrol_participant(programme).participant
    assert waiting.status == Status.WAITING

    assert services.expire_reservations(now=minor.reserved_until - datetime.timedelta(seconds=1)) == []
    expired = services.expire_reservations(now=minor.reserved_until + datetime.timedelta(seconds=1))

    assert expired == [minor]
    minor.refresh_from_db()
    waiting.refresh_from_db()
    assert minor.status == Status.WITHDRAWN
    assert waiting.status == Status.OFFERED


@pytest.mark.django_db
def test_consent_enrols_and_refusal_releases_the_slot():
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    given = enrol_participant(programme, minor=True).participant
    refused = enrol_participant(programme, minor=True).participant
    waiting = enrol_participant(programme).participant

    services.record_consent(given, participation=True, photos=False, method="online", ip="10.0.0.1", user_agent="UA")
    services.record_consent(refused, participation=False, photos=False, method="online")

    for p in (given, refused, waiting):
        p.refresh_from_db()
    assert given.status == Status.ENROLLED
    assert given.consent.ip_address == "10.0.0.1"
    assert refused.status == Status.WITHDRAWN
    assert waiting.status == Status.OFFERED


@pytest.mark.django_db
def test_a_guardian_withdrawing_consent_later_withdraws_the_participant_at_once():
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    minor = enrol_participant(programme, minor=True).participant
    services.record_consent(minor, participation=True, photos=True, method="online")
    services.record_consent(minor, participation=False, photos=False, method="online")
    minor.refresh_from_db()
    assert minor.status == Status.WITHDRAWN
    assert list(minor.consents.values_list("participation", flat=True)) == [False, True]


@pytest.mark.django_db
def test_paper_consent_at_registration_enrols_a_minor_directly(django_capture_on_commit_callbacks):
    programme = ProgrammeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        result = enrol_participant(
            programme,
            minor=True,
            email="kid@example.net",
            paper_consent={"participation": True, "photos": False, "paper_form_date": datetime.date.today()},
        )
    assert result.participant.status == Status.ENROLLED
    assert result.participant.consent.method == "paper"
    # No consent request to the guardian; the participant receives their personal link.
    assert [m.to for m in mail.outbox] == [["kid@example.net"]]


@pytest.mark.django_db
def test_a_promoted_minor_without_consent_gets_a_reservation_not_a_place():
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    first = enrol_participant(programme).participant
    enrol_participant(programme)
    minor = enrol_participant(programme, minor=True).participant
    assert minor.status == Status.WAITING
    services.withdraw(first)
    minor.refresh_from_db()
    assert minor.status == Status.OFFERED
    services.accept_offer(minor)
    minor.refresh_from_db()
    assert minor.status == Status.AWAITING_CONSENT
    assert minor.reserved_until is not None


@pytest.mark.django_db
def test_every_change_is_in_the_audit_log():
    programme = ProgrammeFactory(target_size=3, youth_per_officer=2)
    user = UserFactory()
    minor = enrol_participant(programme, minor=True, registered_by=user).participant
    services.record_consent(minor, participation=True, photos=False, method="paper", by=user,
                            paper_form_date=datetime.date.today())
    services.withdraw(minor, by=user)
    entries = AuditLogEntry.objects.filter(object_id=str(minor.pk)).order_by("timestamp", "pk")
    assert [(e.action, e.user_id) for e in entries] == [
        ("youthcop.participant.registered", user.pk),
        ("youthcop.consent.recorded", user.pk),
        ("youthcop.participant.enrolled", user.pk),
        ("youthcop.participant.withdrawn", user.pk),
    ]
