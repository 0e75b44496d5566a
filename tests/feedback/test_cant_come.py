"""'I can't come': excused in advance on the attendance sheet, the facilitator told, undone before the session."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests.factories import programme_staff
from tests.feedback.factories import SessionFactory, make_group
from youthcop.programmes import services as programme_services
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions import services as session_services
from youthcop.sessions.models import Attendance, Session, SessionKind
from youthcop.sessions.services.figures import add_attendance_figures

pytestmark = pytest.mark.django_db
Role = ProgrammeStaff.Role


@pytest.fixture
def coming(programme):
    """A joint workshop in two days."""
    start = timezone.now() + datetime.timedelta(days=2)
    return SessionFactory(programme=programme, title="Theatre forum", starts_at=start, ends_at=start + datetime.timedelta(hours=3))


def _home(client, token):
    return BeautifulSoup(client.get(reverse("youthcop_programmes:participant_home", args=[token])).content, "html5lib")


def _cant_come_form(soup, session):
    (form,) = [f for f in soup.select("[data-youthcop=cant-come]") if f["action"].split("?")[0].endswith(f"/sessions/{session.pk}/cant-come/")]
    return form


def test_i_cannot_come_excuses_me_and_tells_the_session_facilitator_in_their_language(
    client, programme, coming, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://youth.example.org"
    (sam,), _officers = make_group(programme, youth=1, police=0)
    sam.first_name, sam.last_name = "Samira", "Haddad"
    sam.save()
    facilitator = programme_staff(programme, Role.FACILITATOR)
    profile = UserProfile.get_for_user(facilitator)
    profile.preferred_language = "fr"
    profile.save()
    other_facilitator = programme_staff(programme, Role.FACILITATOR)  # not this session's: not told
    coming.facilitators.add(facilitator)
    token = programme_services.issue_link(sam)

    form = _cant_come_form(_home(client, token), coming)
    assert form.select_one("button").get_text(" ", strip=True) == "I can't come — Theatre forum"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form["action"], follow=True)
    assert response.redirect_chain[-1][0].endswith("#yc-sessions")
    soup = BeautifulSoup(response.content, "html5lib")
    assert "Noted: you cannot come to Theatre forum" in soup.get_text()
    record = Attendance.objects.get(session=coming, participant=sam)
    assert record.status == Attendance.Status.EXCUSED and record.recorded_by is None
    form = _cant_come_form(soup, coming)
    assert "You said you can't come" in form.get_text()
    assert form.select_one("button").get_text(" ", strip=True) == "I can come after all — Theatre forum"

    (message,) = mail.outbox
    assert message.to == [facilitator.email] and other_facilitator.email not in message.to
    assert "Samira Haddad" in message.subject and "Theatre forum" in message.subject
    local = timezone.localtime(coming.starts_at)
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    assert f"{local.day} {months[local.month - 1]} {local.year}" in message.body  # the facilitator's French
    assert "https://youth.example.org/admin/" in message.body

    # Twice is once: no second email.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("youthcop_feedback:cant_come", args=[token, coming.pk]))
    assert Attendance.objects.filter(session=coming, participant=sam).count() == 1
    assert len(mail.outbox) == 1


def test_the_attendance_sheet_opens_with_them_excused(client, programme, facilitator):
    young, _officers = make_group(programme, youth=2, police=0)
    start = timezone.now() - datetime.timedelta(minutes=30)  # started: attendance can be taken today
    session = SessionFactory(programme=programme, starts_at=start + datetime.timedelta(minutes=1), ends_at=start + datetime.timedelta(hours=3))
    session_services.excuse_in_advance(session, young[0], now=start)
    client.force_login(facilitator)
    soup = BeautifulSoup(client.get(reverse("youthcop_admin_sessions:attendance", args=[session.pk])).content, "html5lib")
    checked = soup.select_one(f"input[name=mark-{young[0].pk}][checked]")
    assert checked["value"] == "excused"
    assert not soup.select(f"input[name=mark-{young[1].pk}][checked]")
    note = soup.select_one(f"[name=note-{young[0].pk}]")
    assert "cannot come" in (note.get("value") or note.get_text())
    # Saved as it stands: still excused, not absent, no absence flag.
    result = session_services.record_attendance(session, {young[0].pk: "excused", young[1].pk: "present"})
    assert result.counts["excused"] == 1 and result.counts["absent"] == 0


def test_taking_it_back_before_the_session_tells_the_facilitator(
    client, programme, coming, django_capture_on_commit_callbacks
):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    facilitator = programme_staff(programme, Role.FACILITATOR)  # the session names none: the programme's are told
    token = programme_services.issue_link(sam)
    url = reverse("youthcop_feedback:cant_come", args=[token, coming.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
        response = client.post(url, {"undo": "1"}, follow=True)
    assert "Noted: you can come to Theatre forum" in response.content.decode()
    assert not Attendance.objects.exists()
    assert [m.to for m in mail.outbox] == [[facilitator.email], [facilitator.email]]
    assert "after all" in mail.outbox[1].subject
    assert "I can't come" in _cant_come_form(_home(client, token), coming).get_text()


def test_no_excuse_nor_undo_once_the_session_started(programme):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    start = timezone.now() + datetime.timedelta(hours=1)
    session = SessionFactory(programme=programme, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    session_services.excuse_in_advance(session, sam)
    later = start + datetime.timedelta(minutes=1)
    with pytest.raises(session_services.AdvanceExcuseClosed, match="has started"):
        session_services.withdraw_advance_excuse(session, sam, now=later)
    assert Attendance.objects.get().status == "excused"
    session_services.withdraw_advance_excuse(session, sam)
    with pytest.raises(session_services.AdvanceExcuseClosed, match="has started"):
        session_services.excuse_in_advance(session, sam, now=later)
    assert not Attendance.objects.exists()


def test_a_facilitator_record_is_not_undone_from_the_page(programme, facilitator):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    start = timezone.now() + datetime.timedelta(hours=1)
    session = SessionFactory(programme=programme, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    Attendance.objects.create(session=session, participant=sam, status="excused", recorded_by=facilitator)
    assert session_services.withdraw_advance_excuse(session, sam) is False
    assert Attendance.objects.filter(recorded_by=facilitator).exists()


def test_not_for_a_cancelled_session_nor_one_of_the_other_side(programme):
    (sam,), (kim,) = make_group(programme, youth=1, police=1)
    start = timezone.now() + datetime.timedelta(days=1)
    briefing = SessionFactory(programme=programme, kind=SessionKind.POLICE_BRIEFING, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    cancelled = SessionFactory(programme=programme, status=Session.Status.CANCELLED, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    with pytest.raises(session_services.AdvanceExcuseClosed, match="not expected"):
        session_services.excuse_in_advance(briefing, sam)
    session_services.excuse_in_advance(briefing, kim)
    with pytest.raises(session_services.AdvanceExcuseClosed, match="cancelled"):
        session_services.excuse_in_advance(cancelled, sam)
    assert list(Attendance.objects.values_list("participant_id", flat=True)) == [kim.pk]


def test_a_past_or_cancelled_session_has_no_button(client, programme):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    start = timezone.now() + datetime.timedelta(days=1)
    SessionFactory(programme=programme, status=Session.Status.CANCELLED, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    token = programme_services.issue_link(sam)
    soup = _home(client, token)
    assert soup.select("[data-youthcop=participant-sessions] li") and not soup.select("[data-youthcop=cant-come]")


def test_who_said_they_cannot_come_gets_no_reminder(programme, coming):
    (sam, lina), _officers = make_group(programme, youth=2, police=0)
    for person in (sam, lina):
        person.email = f"{person.first_name.lower()}@example.org"
        person.save()
    session_services.excuse_in_advance(coming, sam)
    mail.outbox.clear()
    session_services.send_due_reminders()
    assert [message.to for message in mail.outbox] == [[lina.email]]


def test_an_advance_excuse_is_no_attendance_figure_before_the_sheet_is_taken(programme, coming):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    session_services.excuse_in_advance(coming, sam)
    (listed,) = add_attendance_figures([coming])
    (annotated,) = session_services.with_attendance_figures(Session.objects.filter(pk=coming.pk))
    assert (listed.recorded, annotated.recorded) == (0, 0)  # "—" in the lists, not "0 of 1"


def test_an_advance_excuse_is_for_the_date_it_was_said_of(programme, coming):
    (sam, lina), _officers = make_group(programme, youth=2, police=0)
    session_services.excuse_in_advance(coming, sam)
    session_services.move_session(coming, starts_at=coming.starts_at, ends_at=coming.ends_at, venue_name="Elsewhere")
    assert Attendance.objects.filter(session=coming, participant=sam).exists()  # same date, another place: kept
    later = coming.starts_at + datetime.timedelta(days=7)
    session_services.move_session(coming, starts_at=later, ends_at=later + datetime.timedelta(hours=3))
    assert not Attendance.objects.filter(session=coming, participant=sam).exists()  # a new date: asked again
