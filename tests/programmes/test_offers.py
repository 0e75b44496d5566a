"""Offers of a waiting place, as pretix's waiting-list vouchers (README rule 1).

A coordinator offers a free place to a person they choose, with a reason in
their history; the person (or a minor's youth worker) accepts it through a
personal link by a deadline; a lapsed offer moves the place on; more places
move the waiting list up. Places offered and not lapsed count as taken.
"""

import datetime
import html
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import ProgrammeFactory, UserFactory, enrol_participant, programme_staff
from youthcop.privacy.erasure import erase_participant
from youthcop.privacy.export import export_participant
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes import services, tasks
from youthcop.programmes.models import Participant, PersonalLink, Programme, ProgrammeStaff, Side

Status = Participant.Status
Role = ProgrammeStaff.Role
pytestmark = pytest.mark.django_db


def small_programme(**fields):
    """2 young people and 1 officer; free places kept for the coordinator unless ``waiting_list_auto``."""
    return ProgrammeFactory(target_size=3, youth_per_officer=2, **{"waiting_list_auto": False, **fields})


def full_with_waiting(programme, waiting=3, worker=None):
    """Both youth places taken, and ``waiting`` young people on the waiting list, in order."""
    held = [enrol_participant(programme).participant for _ in range(2)]
    queue = [
        enrol_participant(programme, registered_by=worker, email=f"waiting{n}@example.net").participant
        for n in range(waiting)
    ]
    return held, queue


def offer_link_of(message):
    return re.search(r"https?://\S+/youthcop/offer/\S+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def messages_of(response):
    return [html.unescape(str(m).split("\n")[0].strip()) for m in response.context["messages"]]


# --- The rules -------------------------------------------------------------------------------


def test_a_freed_place_waits_for_the_coordinators_choice_when_the_programme_says_so():
    programme = small_programme()
    held, queue = full_with_waiting(programme)
    assert services.withdraw(held[0]) is None
    assert [p.status for p in Participant.objects.filter(pk__in=[p.pk for p in queue])] == [Status.WAITING] * 3
    assert services.youth_slots_left(programme) == 1


def test_the_coordinator_offers_the_place_to_someone_not_first_in_line(django_capture_on_commit_callbacks):
    programme = small_programme()
    coordinator = UserFactory()
    held, queue = full_with_waiting(programme)
    services.withdraw(held[0])
    chosen = queue[2]
    accept_by = services.end_of_day(timezone.localdate() + datetime.timedelta(days=5))

    with django_capture_on_commit_callbacks(execute=True):
        services.offer_place(chosen, by=coordinator, reason="Brings a sceptical voice", expires_at=accept_by)

    chosen.refresh_from_db()
    assert (chosen.status, chosen.offer_expires_at) == (Status.OFFERED, accept_by)
    assert services.youth_slots_left(programme) == 0, "an offered place counts as taken"
    assert queue[0].waiting_position == 1, "those ahead keep their place in line"
    entry = AuditLogEntry.objects.get(object_id=str(chosen.pk), action="youthcop.participant.place_offered")
    assert entry.user_id == coordinator.pk
    assert entry.data["reason"] == "Brings a sceptical voice"
    assert entry.data["waiting_position"] == 3 and entry.data["automatic"] is False
    [offer_mail] = [m for m in mail.outbox if m.to == [chosen.email]]
    assert date_format(accept_by.date(), "DATE_FORMAT") in offer_mail.body
    assert chosen.status_label() == f"Place offered, to accept by {date_format(accept_by.date(), 'DATE_FORMAT')}"


def test_no_offer_without_a_free_place_counting_live_offers():
    programme = small_programme()
    held, queue = full_with_waiting(programme)
    with pytest.raises(services.OfferRefused, match="No youth place is free"):
        services.offer_place(queue[0], by=None, reason="x")
    services.withdraw(held[0])
    services.offer_place(queue[0], by=None, reason="x")
    with pytest.raises(services.OfferRefused, match="No youth place is free"):
        services.offer_place(queue[1], by=None, reason="x")
    with pytest.raises(services.OfferRefused, match="no longer on the waiting list"):
        services.offer_place(queue[0], by=None, reason="x")
    # A registration does not take the offered place either.
    assert enrol_participant(programme).participant.status == Status.WAITING


def test_an_offer_past_its_deadline_no_longer_holds_the_place():
    programme = small_programme()
    held, queue = full_with_waiting(programme)
    services.withdraw(held[0])
    services.offer_place(queue[0], by=None, reason="x")
    queue[0].refresh_from_db()
    later = queue[0].offer_expires_at + datetime.timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert services.youth_slots_left(programme) == 1
        with pytest.raises(services.OfferRefused, match="deadline"):
            services.accept_offer(queue[0])


def test_a_withdrawal_offers_the_place_to_the_first_in_line_with_the_default_deadline(django_capture_on_commit_callbacks):
    programme = small_programme(waiting_list_auto=True)
    worker = UserFactory(email="worker@example.net")
    held, queue = full_with_waiting(programme, worker=worker)
    with django_capture_on_commit_callbacks(execute=True):
        offered = services.withdraw(held[0], reason="moved away")
    assert offered == queue[0]
    queue[0].refresh_from_db()
    assert queue[0].status == Status.OFFERED
    assert timezone.localtime(queue[0].offer_expires_at).date() == timezone.localdate() + datetime.timedelta(days=7)
    # The adult receives the link; their youth worker is told, without the link.
    to_person = [m for m in mail.outbox if m.to == [queue[0].email]]
    to_worker = [m for m in mail.outbox if m.to == ["worker@example.net"]]
    assert len(to_person) == 1 and "/youthcop/offer/" in to_person[0].body
    assert len(to_worker) == 1 and "/youthcop/offer/" not in to_worker[0].body
    entry = AuditLogEntry.objects.get(object_id=str(queue[0].pk), action="youthcop.participant.place_offered")
    assert entry.data["automatic"] is True


def test_accepting_enrols_the_adult_and_sends_their_personal_link(client, django_capture_on_commit_callbacks):
    programme = small_programme()
    held, queue = full_with_waiting(programme)
    services.withdraw(held[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_place(queue[1], by=None, reason="x")
    offer_path = path_of(offer_link_of(mail.outbox[-1]))
    page = client.get(offer_path)
    assert page.status_code == 200
    assert "Accept the place" in page.content.decode()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_path, follow=True)

    queue[1].refresh_from_db()
    assert queue[1].status == Status.ENROLLED and queue[1].enrolled_at is not None
    assert queue[1].offer_expires_at is None
    body = response.content.decode()
    assert "the place is accepted" in body and "is enrolled" in body
    assert 'type="submit"' not in body, "nothing left to accept"
    assert [m.to for m in mail.outbox] == [[queue[1].email]]
    assert "/youthcop/p/" in mail.outbox[0].body
    assert AuditLogEntry.objects.filter(object_id=str(queue[1].pk), action="youthcop.participant.offer_accepted").exists()
    # Accepting twice changes nothing.
    again = client.post(offer_path, follow=True)
    assert "This place is no longer on offer." in messages_of(again)


def test_a_minors_offer_goes_to_their_youth_worker_and_accepting_asks_the_guardian(
    client, django_capture_on_commit_callbacks
):
    programme = small_programme()
    worker = UserFactory(email="worker@example.net", first_name="Wendy", last_name="Worker")
    held, _queue = full_with_waiting(programme, waiting=0)
    minor = enrol_participant(programme, minor=True, registered_by=worker, email="kid@example.net").participant
    services.withdraw(held[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_place(minor, by=None, reason="x")
    assert [m.to for m in mail.outbox] == [["worker@example.net"]], "not to the minor"
    assert "on their behalf" in mail.outbox[0].body
    offer_path = path_of(offer_link_of(mail.outbox[0]))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(offer_path)

    minor.refresh_from_db()
    assert minor.status == Status.AWAITING_CONSENT and minor.reserved_until is not None
    assert [m.to for m in mail.outbox] == [[minor.guardian_email]]


def test_the_offer_page_is_phone_friendly_and_in_the_persons_language(client):
    programme = small_programme()
    held, queue = full_with_waiting(programme)
    queue[0].preferred_language = "fr"
    queue[0].save()
    services.withdraw(held[0])
    services.offer_place(queue[0], by=None, reason="x")
    token = services.live_link(queue[0], PersonalLink.Purpose.OFFER).token()
    body = client.get(services.offer_url(token)).content.decode()
    assert '<html lang="fr"' in body
    assert 'name="viewport"' in body
    assert "None" not in body and "UTC" not in body


def test_a_lapsed_offer_withdraws_and_offers_the_place_to_the_next_in_line(client, django_capture_on_commit_callbacks):
    programme = small_programme(waiting_list_auto=True)
    held, queue = full_with_waiting(programme)
    services.withdraw(held[0])
    queue[0].refresh_from_db()
    token = services.live_link(queue[0], PersonalLink.Purpose.OFFER).token()
    deadline = queue[0].offer_expires_at

    assert services.expire_offers(now=deadline - datetime.timedelta(seconds=1)) == []
    later = deadline + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with django_capture_on_commit_callbacks(execute=True):
            expired = tasks.expire_place_offers.enqueue().return_value
        assert client.get(services.offer_url(token)).status_code == 404, "the link ends with the offer"

    assert expired == [queue[0].pk]
    queue[0].refresh_from_db()
    queue[1].refresh_from_db()
    assert queue[0].status == Status.WITHDRAWN
    assert queue[0].withdrawal_reason == "Offered place not accepted in time"
    assert queue[1].status == Status.OFFERED
    assert timezone.localtime(queue[1].offer_expires_at).date() == timezone.localtime(later).date() + datetime.timedelta(
        days=7
    )
    actions = list(
        AuditLogEntry.objects.filter(object_id=str(queue[0].pk)).order_by("timestamp", "pk").values_list("action", flat=True)
    )
    assert actions[-2:] == ["youthcop.participant.place_offered", "youthcop.participant.offer_expired"]


def test_a_lapsed_offer_returns_the_place_to_the_coordinators_choice():
    programme = small_programme()
    held, queue = full_with_waiting(programme)
    services.withdraw(held[0])
    services.offer_place(queue[2], by=None, reason="x")
    queue[2].refresh_from_db()
    assert services.expire_offers(now=queue[2].offer_expires_at + datetime.timedelta(seconds=1)) == [queue[2]]
    assert list(Participant.objects.filter(pk__in=[queue[0].pk, queue[1].pk]).values_list("status", flat=True)) == [
        Status.WAITING
    ] * 2


def test_the_daily_command_lets_lapsed_offers_lapse(capsys):
    programme = small_programme()
    held, queue = full_with_waiting(programme)
    services.withdraw(held[0])
    services.offer_place(queue[0], by=None, reason="x")
    queue[0].refresh_from_db()
    with mock.patch("django.utils.timezone.now", return_value=queue[0].offer_expires_at + datetime.timedelta(hours=1)):
        call_command("youthcop_expire_offers")
    assert "1 offer(s) lapsed." in capsys.readouterr().out
    queue[0].refresh_from_db()
    assert queue[0].status == Status.WITHDRAWN


def test_withdrawing_someone_offered_a_place_moves_it_on():
    programme = small_programme(waiting_list_auto=True)
    held, queue = full_with_waiting(programme)
    services.withdraw(held[0])
    assert services.withdraw(queue[0]) == queue[1]
    assert not queue[0].links.filter(purpose=PersonalLink.Purpose.OFFER, revoked_at__isnull=True).exists()


# --- More places ---------------------------------------------------------------------------


def test_a_larger_group_moves_the_waiting_lists_up_in_the_same_save():
    programme = ProgrammeFactory(target_size=6, youth_per_officer=2, min_size=2)  # 4 + 2
    youth = [enrol_participant(programme).participant for _ in range(6)]
    officers = [enrol_participant(programme, side=Side.POLICE).participant for _ in range(3)]
    programme = Programme.objects.get(pk=programme.pk)  # as the edit view loads it

    programme.target_size = 9  # 6 + 3
    programme.save()

    statuses = dict(Participant.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in youth] == [Status.ENROLLED] * 4 + [Status.OFFERED] * 2
    assert [statuses[p.pk] for p in officers] == [Status.ENROLLED] * 2 + [Status.OFFERED]


def test_switching_automatic_offers_on_offers_the_free_places():
    programme = small_programme()
    held, queue = full_with_waiting(programme)
    services.withdraw(held[0])
    programme = Programme.objects.get(pk=programme.pk)
    programme.waiting_list_auto = True
    programme.save()
    queue[0].refresh_from_db()
    assert queue[0].status == Status.OFFERED


def test_saving_a_programme_without_changing_its_places_moves_nobody():
    programme = small_programme(waiting_list_auto=True)
    held, queue = full_with_waiting(programme)
    with services.locked_programme(programme.pk):  # a free place, as a programme saved before 0011 may have
        held[0].status = Status.WITHDRAWN
        held[0].save()
    programme = Programme.objects.get(pk=programme.pk)
    programme.name = "Renamed"
    with mock.patch.object(services, "fill_free_places") as fill:
        programme.save()
    fill.assert_not_called()
    queue[0].refresh_from_db()
    assert queue[0].status == Status.WAITING


def test_the_programme_edit_form_growing_the_group_offers_the_places(client):
    programme = small_programme(waiting_list_auto=True, min_size=3, max_size=30)
    coordinator = programme_staff(programme, Role.COORDINATOR)
    _held, queue = full_with_waiting(programme)
    client.force_login(coordinator)
    edit_url = reverse("youthcop_admin_programmes:edit", args=[programme.pk])
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data(
        {
            "name": programme.name,
            "police_zone": programme.police_zone_id,
            "status": programme.status,
            "start_date": programme.start_date.isoformat(),
            "end_date": programme.end_date.isoformat(),
            "target_size": 6,  # 4 + 2: two more youth places
            "youth_per_officer": 2,
            "ratio_tolerance": "0.5",
            "min_size": 3,
            "max_size": 30,
            "waiting_list_auto": "on",
            "certificate_threshold": 75,
            "min_joint_workshops": 6,
            "reward_description": "",
            "staff": inline_formset(
                [{"id": s.pk, "user": s.user_id, "role": s.role} for s in programme.staff.all()], initial=1
            ),
            "steering_members": inline_formset([]),
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    statuses = [Participant.objects.get(pk=p.pk).status for p in queue]
    assert statuses == [Status.OFFERED, Status.OFFERED, Status.WAITING]


# --- The admin -----------------------------------------------------------------------------


@pytest.fixture
def offering(db):
    programme = small_programme()
    coordinator = programme_staff(programme, Role.COORDINATOR)
    worker = programme_staff(programme, Role.YOUTH_WORKER)
    held, queue = full_with_waiting(programme, worker=worker)
    services.withdraw(held[0])
    return {"programme": programme, "coordinator": coordinator, "worker": worker, "queue": queue}


def test_the_coordinator_offers_the_place_from_the_row_menu_with_a_reason_and_a_confirmation(
    client, offering, django_capture_on_commit_callbacks
):
    chosen = offering["queue"][2]
    client.force_login(offering["coordinator"])
    index = reverse("youthcop_admin_participants:index") + f"?programme={offering['programme'].pk}"
    offer_url = reverse("youthcop_admin_participants:offer", args=[chosen.pk])
    listing = client.get(index).content.decode()
    assert f'href="{offer_url}"' in listing
    held_url = reverse("youthcop_admin_participants:offer", args=[offering["programme"].participants.filter(status=Status.ENROLLED).first().pk])
    assert f'href="{held_url}"' not in listing, "only waiting people are offered a place"

    form_page = client.get(offer_url).content.decode()
    assert "number 3 on the waiting list" in form_page
    assert "1 free" in form_page or "one free" in form_page
    default_day = timezone.localdate() + datetime.timedelta(days=7)
    assert f'value="{default_day.isoformat()}"' in form_page

    day = timezone.localdate() + datetime.timedelta(days=3)
    confirm = client.post(offer_url, {"reason": "Influential <b>in</b> the neighbourhood", "accept_by": day.isoformat()})
    body = confirm.content.decode()
    assert confirm.status_code == 200 and 'name="confirmed"' in body
    assert "Influential &lt;b&gt;in&lt;/b&gt; the neighbourhood" in body
    assert date_format(day, "DATE_FORMAT") in body
    chosen.refresh_from_db()
    assert chosen.status == Status.WAITING, "nothing happens before the confirmation"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            offer_url,
            {"reason": "Influential <b>in</b> the neighbourhood", "accept_by": day.isoformat(), "confirmed": "yes"},
            follow=True,
        )
    chosen.refresh_from_db()
    assert chosen.status == Status.OFFERED
    assert timezone.localtime(chosen.offer_expires_at).date() == day
    label = f"Place offered, to accept by {date_format(day, 'DATE_FORMAT')}"
    assert messages_of(done)[0] == f"The place is offered to {chosen.full_name}, to accept by {date_format(day, 'DATE_FORMAT')}."
    assert label in done.content.decode(), "the list shows the offer and its deadline"
    history = client.get(reverse("youthcop_admin_participants:history", args=[chosen.pk])).content.decode()
    assert f"Place offered from the waiting list, to accept by {date_format(day, 'DATE_FORMAT')}" in history
    assert "Reason: Influential &lt;b&gt;in&lt;/b&gt; the neighbourhood" in history, "with the reason, escaped"


def test_the_offer_form_refuses_a_past_day_and_says_when_no_place_is_free(client, offering):
    queue = offering["queue"]
    client.force_login(offering["coordinator"])
    url = lambda p: reverse("youthcop_admin_participants:offer", args=[p.pk])  # noqa: E731
    response = client.post(url(queue[0]), {"reason": "x", "accept_by": timezone.localdate().isoformat()})
    assert "Give a day after today." in response.content.decode()
    services.offer_place(queue[0], by=None, reason="x")
    full = client.get(url(queue[1])).content.decode()
    assert "No place is free on this side" in full and 'name="reason"' not in full
    gone = client.get(url(queue[0])).content.decode()
    assert "is no longer on the waiting list" in gone


def test_only_the_coordinator_chooses(client, offering):
    chosen = offering["queue"][0]
    for user in (offering["worker"], programme_staff(offering["programme"], Role.FACILITATOR)):
        client.force_login(user)
        offer_url = reverse("youthcop_admin_participants:offer", args=[chosen.pk])
        assert client.get(offer_url).status_code == 404
        assert client.post(offer_url, {"reason": "x", "accept_by": "2099-01-01", "confirmed": "yes"}).status_code == 404
        assert offer_url not in client.get(reverse("youthcop_admin_participants:index")).content.decode()
    chosen.refresh_from_db()
    assert chosen.status == Status.WAITING


def test_the_coordinator_takes_back_an_offer_and_the_person_waits_where_they_were(client, offering, django_capture_on_commit_callbacks):
    first, second, third = offering["queue"]
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_place(second, by=offering["coordinator"], reason="Lives next to the venue")
    (offer_link,) = [path_of(offer_link_of(m)) for m in mail.outbox if "/youthcop/offer/" in m.body]
    assert client.get(offer_link).status_code == 200

    client.force_login(offering["coordinator"])
    index = reverse("youthcop_admin_participants:index") + f"?programme={offering['programme'].pk}"
    take_back_url = reverse("youthcop_admin_participants:take_back_offer", args=[second.pk])
    assert f'href="{take_back_url}"' in client.get(index).content.decode()
    confirm = client.get(take_back_url).content.decode()
    assert "Take the offer back?" in confirm and 'name="reason"' in confirm
    second.refresh_from_db()
    assert second.status == Status.OFFERED, "nothing happens before the confirmation"

    done = client.post(take_back_url, {"reason": "Declined <b>by phone</b>"}, follow=True)
    assert messages_of(done)[0] == (
        f"The offer to {second.full_name} is taken back: they are on the waiting list again, and the place is free."
    )
    second.refresh_from_db()
    assert (second.status, second.offer_expires_at) == (Status.WAITING, None)
    waiting = list(offering["programme"].participants.waiting())
    assert waiting == [first, second, third], "back where they were"
    assert services.slots_left(offering["programme"], Side.YOUTH) == 1, "the place is free for the coordinator"
    client.logout()
    assert client.get(offer_link).status_code == 404, "the link to accept no longer works"
    client.force_login(offering["coordinator"])
    history = client.get(reverse("youthcop_admin_participants:history", args=[second.pk])).content.decode()
    assert "Offered place taken back" in history

    again = client.post(take_back_url, {"reason": ""}, follow=True)
    assert messages_of(again)[0] == "This place is no longer on offer."


def test_only_the_coordinator_takes_an_offer_back(client, offering):
    chosen = offering["queue"][0]
    services.offer_place(chosen, by=offering["coordinator"], reason="x")
    url = reverse("youthcop_admin_participants:take_back_offer", args=[chosen.pk])
    for user in (offering["worker"], programme_staff(offering["programme"], Role.FACILITATOR)):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x"}).status_code == 404
    chosen.refresh_from_db()
    assert chosen.status == Status.OFFERED


# --- Personal data ---------------------------------------------------------------------------


def test_the_offer_is_exported_and_its_reason_erased_with_the_person():
    programme = small_programme()
    held, queue = full_with_waiting(programme)
    services.withdraw(held[0])
    services.offer_place(queue[0], by=None, reason="Knows the youth club of Rue Haute well")
    data = export_participant(queue[0], by=UserFactory(is_superuser=True))
    assert data["participant"]["offer_expires_at"] is not None
    assert data["participant"]["status"] == "Place offered"
    assert any(e["data"].get("reason") == "Knows the youth club of Rue Haute well" for e in data["history"])
    assert [link["purpose"] for link in data["personal_links"]] == ["Offered place"]

    erase_participant(queue[0], by=None)

    entry = AuditLogEntry.objects.get(object_id=str(queue[0].pk), action="youthcop.participant.place_offered")
    assert "Rue Haute" not in str(entry.data)
    assert not queue[0].links.exists()
    queue[0].refresh_from_db()
    assert queue[0].status == Status.WITHDRAWN, "an erased person's offer frees the place"
