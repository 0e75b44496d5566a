"""Adopting a charter version emails everyone their link: the same one, so subscribed calendars keep working."""

import pytest
from django.urls import reverse

from tests.charters.factories import link_for
from youthcop.charters import services
from youthcop.programmes import services as programme_services

pytestmark = pytest.mark.django_db


def test_adopting_versions_and_reminders_keep_the_feed_and_every_emailed_link_working(
    client, charter, facilitator, group, mailoutbox, django_capture_on_commit_callbacks
):
    participant = group[0]
    token = link_for(participant)
    feed = reverse("youthcop_sessions:participant_feed", args=[token])
    with django_capture_on_commit_callbacks(execute=True):
        services.adopt_charter(charter, by=facilitator)
    draft = charter.get_latest_revision_as_object()
    draft.commitments.append(("commitment", "We commit to meet again next year."))
    draft.save_revision(user=facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.adopt_charter(charter, by=facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_unsigned(charter.programme, by=facilitator)

    theirs = [message for message in mailoutbox if message.to == [participant.email]]
    assert len(theirs) == 3  # two invitations and a reminder
    assert client.get(feed).status_code == 200
    for message in theirs:
        path = message.body.split("http://testserver", 1)[1].split()[0]
        assert token in path
        assert client.get(path).status_code == 200

    programme_services.revoke_links(participant)
    assert client.get(feed).status_code == 404
