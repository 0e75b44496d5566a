import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone, translation

from tests.factories import ParticipantFactory, officer
from tests.sessions.factories import SessionFactory, brussels
from youthcop.programmes.models import Participant
from youthcop.sessions import services, tasks
from youthcop.sessions.models import ReminderSent, Session, SessionKind

pytestmark = pytest.mark.django_db

# Monday 3 November 2025, 09:00 in Brussels; sessions below are relative to it.
NOW = brussels(2025, 11, 3, 9)


def people(programme):
    return {
        "fr": ParticipantFactory(programme=programme, preferred_language="fr", email="amira@example.net"),
        "nl": ParticipantFactory(programme=programme, preferred_language="nl", email="noah@example.net"),
        "no_email": ParticipantFactory(programme=programme, email=""),
        "waiting": ParticipantFactory(programme=programme, status=Participant.Status.WAITING, email="w@example.net"),
        "officer": officer(programme=programme, preferred_language="en", email="pieter@police.example.be"),
    }


def test_reminders_go_out_days_before_once_per_person_and_session(programme):
    group = people(programme)
    due = SessionFactory(programme=programme, starts_at=brussels(2025, 11, 5, 18))  # in 2 days
    SessionFactory(programme=programme, starts_at=brussels(2025, 11, 6, 18))  # in 3 days: not yet
    SessionFactory(programme=programme, starts_at=brussels(2025, 11, 4, 18), status=Session.Status.CANCELLED)
    SessionFactory(programme=programme, starts_at=brussels(2025, 11, 4, 12), kind=SessionKind.STEERING_COMMITTEE)

    assert services.send_due_reminders(now=NOW) == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["amira@example.net", "noah@example.net", "pieter@police.example.be"]
    assert services.send_due_reminders(now=NOW) == 0
    assert services.send_due_reminders(now=NOW + datetime.timedelta(hours=5)) == 0
    assert len(mail.outbox) == 3
    assert ReminderSent.objects.filter(session=due).count() == 3
    assert group


def test_reminders_are_in_each_persons_language(programme):
    group = people(programme)
    SessionFactory(programme=programme, title="Atelier", starts_at=brussels(2025, 11, 5, 18))
    services.send_due_reminders(now=NOW)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "novembre" in by_address[group["fr"].email].subject
    assert "mercredi 5 novembre 2025" in by_address[group["fr"].email].body
    assert "november" in by_address[group["nl"].email].subject
    assert "woensdag 5 november 2025" in by_address[group["nl"].email].body
    assert "Wednesday 5 November 2025, 18:00–21:00" in by_address[group["officer"].email].body
    assert "Maison de Quartier" in by_address[group["officer"].email].body


def test_reminders_only_reach_people_of_the_sessions_kind(programme):
    group = people(programme)
    SessionFactory(programme=programme, kind=SessionKind.POLICE_BRIEFING, starts_at=brussels(2025, 11, 4, 14))
    assert services.send_due_reminders(now=NOW) == 1
    assert mail.outbox[0].to == [group["officer"].email]


def test_the_days_before_are_a_setting(programme, settings):
    people(programme)
    SessionFactory(programme=programme, starts_at=brussels(2025, 11, 8, 18))
    assert services.send_due_reminders(now=NOW) == 0
    settings.YOUTHCOP = {"REMINDER_DAYS_BEFORE": 5}
    assert services.send_due_reminders(now=NOW) == 3


def test_the_database_refuses_a_second_reminder_for_the_same_session_and_person(programme):
    group = people(programme)
    session = SessionFactory(programme=programme, starts_at=brussels(2025, 11, 5, 18))
    ReminderSent.objects.create(session=session, participant=group["fr"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(session=session, participant=group["fr"])


def test_a_failed_send_is_tried_again_next_time_and_does_not_hold_back_the_others(programme, monkeypatch):
    group = people(programme)
    SessionFactory(programme=programme, starts_at=brussels(2025, 11, 5, 18))
    real_send = EmailMessage.send

    def refuse_amira(message, *args, **kwargs):
        if message.to == [group["fr"].email]:
            raise ConnectionError("550 mailbox unavailable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr("youthcop.core.mail.EmailMessage.send", refuse_amira)
    assert services.send_due_reminders(now=NOW) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [group["nl"].email, group["officer"].email]
    assert not ReminderSent.objects.filter(participant=group["fr"]).exists()
    monkeypatch.undo()
    assert services.send_due_reminders(now=NOW) == 1
    assert mail.outbox[-1].to == [group["fr"].email]
    assert services.send_due_reminders(now=NOW) == 0
    assert len(mail.outbox) == 3


def test_the_task_and_the_command_send_due_reminders_once(programme, freeze_now):
    people(programme)
    SessionFactory(programme=programme, starts_at=brussels(2025, 11, 5, 18))
    out = StringIO()
    call_command("youthcop_send_reminders", stdout=out)
    assert "3 reminder(s) sent." in out.getvalue()
    result = tasks.send_session_reminders.enqueue()
    assert result.return_value == 0
    assert len(mail.outbox) == 3


@pytest.fixture
def freeze_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def test_cancelling_tells_the_participants_in_their_language(programme, facilitator, django_capture_on_commit_callbacks):
    group = people(programme)
    session = SessionFactory(programme=programme, title="Atelier 4", starts_at=timezone.now() + datetime.timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session, by=facilitator, reason="Venue flooded")
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.sequence == 1
    assert "Venue flooded" in session.facilitator_notes
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [group["fr"].email, group["nl"].email, group["officer"].email]
    )
    french = next(m for m in mail.outbox if m.to == [group["fr"].email])
    month = timezone.localtime(session.starts_at).month
    assert ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"][month - 1] in french.subject
    assert "Venue flooded" not in french.body  # the reason is for staff only
    # Cancelling twice tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session, by=facilitator)
    assert len(mail.outbox) == 3


def test_moving_a_coming_session_marks_it_moved_and_tells_the_participants(programme, django_capture_on_commit_callbacks):
    group = people(programme)
    starts = timezone.now() + datetime.timedelta(days=10)
    session = SessionFactory(programme=programme, starts_at=starts)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_session(
            session, starts_at=starts + datetime.timedelta(days=7), ends_at=starts + datetime.timedelta(days=7, hours=3)
        )
    session.refresh_from_db()
    assert session.status == Session.Status.MOVED
    assert session.sequence == 1
    assert len(mail.outbox) == 3
    by_address = {m.to[0]: m for m in mail.outbox}
    new_day = timezone.localtime(session.starts_at, timezone.get_default_timezone())
    for key, words in (("fr", "Nouvelle date"), ("nl", "Nieuwe datum"), ("officer", "New date")):
        message = by_address[group[key].email]
        with translation.override(group[key].preferred_language):
            assert dateformat.format(new_day, "l j F Y") in message.body, key
        assert words in message.subject, key


def test_editing_only_the_facilitator_notes_tells_nobody_and_keeps_the_sequence(programme, django_capture_on_commit_callbacks):
    people(programme)
    session = SessionFactory(programme=programme, starts_at=timezone.now() + datetime.timedelta(days=10))
    before = Session.objects.get(pk=session.pk)
    session.facilitator_notes = "Bring the speakers."
    with django_capture_on_commit_callbacks(execute=True):
        services.save_session_changes(session, before=before)
    session.refresh_from_db()
    assert (session.status, session.sequence, len(mail.outbox)) == (Session.Status.PLANNED, 0, 0)


def test_changes_to_past_sessions_tell_nobody(programme, django_capture_on_commit_callbacks):
    people(programme)
    session = SessionFactory(programme=programme, starts_at=timezone.now() - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session)
    assert mail.outbox == []
