"""Signing reminders for the participants selected in the programmes app's list (charters' bulk action)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_registry

from tests.factories import ParticipantFactory, ProgrammeFactory, programme_staff
from youthcop.charters import services
from youthcop.programmes.models import Participant, ProgrammeStaff

Role = ProgrammeStaff.Role
INDEX = reverse("youthcop_admin_participants:index")


def remind_url(participants):
    ids = "&".join(f"id={participant.pk}" for participant in participants)
    return reverse("wagtail_bulk_action", args=["youthcop_programmes", "participant", "remind_to_sign"]) + f"?{ids}&next={INDEX}"


def messages_of(response):
    return [str(message).split("\n")[0].strip() for message in response.context["messages"]]


@pytest.fixture
def adopted(charter, facilitator):
    return services.adopt_charter(charter, by=facilitator, invite=False)


def test_reminds_the_selected_who_have_not_signed_and_says_who_was_skipped(
    client, programme, facilitator, adopted, mailoutbox, django_capture_on_commit_callbacks
):
    unsigned = ParticipantFactory(programme=programme, first_name="Una", last_name="Unsigned")
    signed = ParticipantFactory(programme=programme, first_name="Sid", last_name="Signed")
    services.sign(signed, adopted, typed_name="Sid Signed", language="en", method="online", ip="127.0.0.1", user_agent="t")
    no_email = ParticipantFactory(programme=programme, first_name="Ned", last_name="Noemail", email="")
    waiting = ParticipantFactory(
        programme=programme,
        first_name="Wes",
        last_name="Waiting",
        status=Participant.Status.WAITING,
        waiting_since=timezone.now(),
    )
    not_selected = ParticipantFactory(programme=programme, first_name="Not", last_name="Selected")
    client.force_login(facilitator)
    url = remind_url([unsigned, signed, no_email, waiting])

    preview = client.get(url).content.decode()
    assert "Sid Signed: already signed" in preview
    assert "Ned Noemail: no email address" in preview
    assert "Wes Waiting: not taking part" in preview

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert [email.to for email in mailoutbox] == [[unsigned.email]]
    assert not_selected.email not in {email.to[0] for email in mailoutbox}
    said = messages_of(response)
    assert "A reminder to sign was sent to 1 participant." in said
    assert any(message.startswith("Skipped: Ned Noemail (no email address); Sid Signed (already signed)") for message in said)
    charter = services.original_charter(programme)
    assert log_registry.get_logs_for_instance(charter).get(action="youthcop.charter.reminded").data == {"count": 1}


def test_no_reminder_before_a_charter_is_adopted(client, programme, facilitator, charter, mailoutbox):
    person = ParticipantFactory(programme=programme, first_name="Ada", last_name="Early")
    client.force_login(facilitator)
    assert "Ada Early: no charter adopted yet" in client.get(remind_url([person])).content.decode()


def test_reminders_only_where_the_user_may(client, programme, facilitator, adopted, mailoutbox, django_capture_on_commit_callbacks):
    mine = ParticipantFactory(programme=programme, first_name="Mine", last_name="Here")
    other_programme = ProgrammeFactory()
    elsewhere = ParticipantFactory(programme=other_programme, first_name="Far", last_name="Away")
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remind_url([mine, elsewhere]))
    assert [email.to for email in mailoutbox] == [[mine.email]]
    # An advisor sees the group but sends no links: no reminders either.
    advisor = programme_staff(programme, Role.YOUTH_ADVISOR)
    client.force_login(advisor)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remind_url([mine]))
    assert mailoutbox == []


def test_the_list_shows_the_charter_column_through_the_hook(client, programme, facilitator, adopted):
    ParticipantFactory(programme=programme)
    client.force_login(facilitator)
    assert "Charter signed" in client.get(INDEX).content.decode()
