"""The private channel between a participant and the confidential advisor of their side."""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.advisors.conftest import SECRET, Role
from tests.factories import ParticipantFactory, ProgrammeFactory, UserFactory
from youthcop.advisors import services
from youthcop.advisors.models import AdvisorMessage
from youthcop.privacy import erasure, export
from youthcop.privacy.models import AuditLogEntry
from youthcop.programmes.models import PersonalLink

pytestmark = pytest.mark.django_db


def home(token):
    return reverse("youthcop_programmes:participant_home", args=[token])


def send_url(token):
    return reverse("youthcop_advisors:message", args=[token])


def thread_url(participant):
    return reverse("youthcop_advisors_admin:thread", args=[participant.pk])


INBOX = "/admin/youthcop/advisor/"


def advisor_card(client, token):
    page = BeautifulSoup(client.get(home(token)).content, "html5lib")
    return page.select_one("#advisor")


def test_the_page_names_the_advisor_of_the_participants_own_side(client, group):
    young_card = advisor_card(client, group["young_token"]).get_text(" ", strip=True)
    assert "Your confidential advisor is Nadia Benali." in young_card
    assert "Karel" not in young_card
    police_card = advisor_card(client, group["officer_token"]).get_text(" ", strip=True)
    assert "Your confidential advisor is Karel Janssens." in police_card and "Nadia" not in police_card


def test_without_an_advisor_the_page_says_so_and_sending_is_refused(client):
    programme = ProgrammeFactory()
    lonely = ParticipantFactory(programme=programme)
    from youthcop.programmes import services as programme_services

    token = programme_services.issue_link(lonely)
    card = advisor_card(client, token)
    assert "No confidential advisor is assigned to your group yet" in card.get_text(" ", strip=True)
    assert card.select_one("textarea") is None
    response = client.post(send_url(token), {"text": "Hello?"}, follow=True)
    assert "No confidential advisor is assigned" in response.content.decode()
    assert not AdvisorMessage.objects.exists()


def test_a_message_is_sent_and_the_advisor_is_emailed_without_its_content(
    client, group, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://youthcop.example"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(group["young_token"]), {"text": SECRET})
    assert response.status_code == 302 and response["Location"].endswith(home(group["young_token"]) + "#advisor")
    message = AdvisorMessage.objects.get()
    assert (message.participant, message.sender, message.text) == (group["young"], "participant", SECRET)

    (email,) = mail.outbox
    assert email.to == [group["staff"][Role.YOUTH_ADVISOR].email]
    assert f"https://youthcop.example{thread_url(group['young'])}" in email.body
    everything = email.subject + email.body
    for word in ("scared", "Brutus", "Zephyrine", "Quackenbush"):
        assert word not in everything

    card = advisor_card(client, group["young_token"])
    assert SECRET in card.select_one("[data-advisor-message=participant]").get_text()


def test_the_advisor_answers_the_participant_is_emailed_and_their_link_keeps_working(
    client, group, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://youthcop.example"
    young, advisor = group["young"], group["staff"][Role.YOUTH_ADVISOR]
    services.send_message(young, SECRET)
    mail.outbox.clear()
    client.force_login(advisor)
    page = client.get(thread_url(young)).content.decode()
    assert SECRET in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(thread_url(young), {"text": "Let us meet on Tuesday, Zephyrine."})
    assert response.status_code == 302
    answer = AdvisorMessage.objects.get(sender="advisor")
    assert answer.author == advisor

    (email,) = mail.outbox
    assert email.to == ["zephyrine@example.net"]
    assert "Tuesday" not in email.subject + email.body and "scared" not in email.body
    link = re.search(r"https://youthcop\.example(/youthcop/p/\S+/)#advisor", email.body).group(1)
    assert link == home(group["young_token"])  # the same live link: nothing was revoked or reissued
    assert PersonalLink.objects.filter(participant=young, revoked_at__isnull=False).count() == 0
    client.logout()
    card = advisor_card(client, group["young_token"])
    assert "Let us meet on Tuesday, Zephyrine." in card.select_one("[data-advisor-message=advisor]").get_text()


def test_the_police_advisor_reads_the_officers_thread_only(client, group):
    services.send_message(group["young"], SECRET)
    services.send_message(group["officer"], "A word about my team")
    police_advisor = group["staff"][Role.POLICE_ADVISOR]
    client.force_login(police_advisor)
    assert client.get(thread_url(group["officer"])).status_code == 200
    assert client.get(thread_url(group["young"])).status_code == 404
    inbox = client.get(INBOX).content.decode()
    assert "Barnabus Whitfield" in inbox and "Zephyrine" not in inbox


WHO = [Role.COORDINATOR, Role.FACILITATOR, Role.YOUTH_WORKER, Role.POLICE_ADVISOR, "other_advisor", "superuser"]


def _user(group, who):
    if who == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    if who == "other_advisor":
        return group["other_advisor"]
    return group["staff"][who]


@pytest.mark.parametrize("who", WHO)
def test_nobody_but_the_advisor_of_the_side_reads_a_young_persons_thread(client, group, who):
    young = group["young"]
    services.send_message(young, SECRET)
    services.answer(young, "An answer about Brutus", by=group["staff"][Role.YOUTH_ADVISOR])
    user = _user(group, who)
    client.force_login(user)

    assert client.get(thread_url(young)).status_code == 404
    assert client.post(thread_url(young), {"text": "intrusion"}).status_code == 404
    assert not AdvisorMessage.objects.filter(text="intrusion").exists()
    with pytest.raises(services.MessageRefused):
        services.answer(young, "intrusion", by=user)
    inbox = client.get(INBOX)
    assert inbox.status_code == 404 or "Zephyrine" not in inbox.content.decode()

    # Ordinary views they may open show nothing of the conversation.
    pages = [
        reverse("youthcop_admin_participants:index"),
        reverse("youthcop_admin_participants:inspect", args=[young.pk]),
        reverse("youthcop_admin_participants:history", args=[young.pk]),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_home"),
    ]
    for url in pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"Brutus" not in body and b"scared" not in body, url
    # Searching the conversation's words finds nobody (the query itself is echoed in the search box).
    for url in (reverse("youthcop_admin_participants:index") + "?q=Brutus", "/admin/search/?q=Brutus"):
        assert b"Zephyrine" not in client.get(url).content, url
    csv = client.get(reverse("youthcop_admin_participants:index") + "?export=csv")
    if csv.status_code == 200:
        assert b"Brutus" not in b"".join(csv.streaming_content)


def test_no_audit_entry_holds_the_text(group):
    young, advisor = group["young"], group["staff"][Role.YOUTH_ADVISOR]
    services.send_message(young, SECRET)
    services.read_thread(young, by=advisor)
    services.answer(young, "An answer about Brutus", by=advisor)
    entries = AuditLogEntry.objects.filter(action__startswith="youthcop.advisor.")
    assert sorted(entries.values_list("action", flat=True)) == [
        "youthcop.advisor.message_answered", "youthcop.advisor.message_read", "youthcop.advisor.message_sent",
    ]
    dumped = json.dumps(list(AuditLogEntry.objects.values("label", "data")), default=str)
    assert "Brutus" not in dumped and "scared" not in dumped and "Zephyrine" not in dumped


def test_the_inbox_marks_unread_threads_and_reading_clears_the_mark(client, group):
    young, advisor = group["young"], group["staff"][Role.YOUTH_ADVISOR]
    services.send_message(young, SECRET)
    services.send_message(young, "And another thing")
    client.force_login(advisor)
    inbox = BeautifulSoup(client.get(INBOX).content, "html5lib")
    row = inbox.select_one(f"[data-thread='{young.pk}']")
    assert "2 unread" in row.select_one("[data-unread]").get_text()
    assert "Brutus" not in str(inbox)  # the list shows who and when, not what
    client.get(thread_url(young))
    inbox = BeautifulSoup(client.get(INBOX).content, "html5lib")
    assert inbox.select_one(f"[data-thread='{young.pk}'] [data-unread]") is None
    assert services.unread_count(advisor) == 0


def test_the_subject_access_export_holds_the_conversation_and_erasure_deletes_it(group):
    young, advisor = group["young"], group["staff"][Role.YOUTH_ADVISOR]
    services.send_message(young, SECRET)
    services.answer(young, "Let us talk on Tuesday", by=advisor)
    data = export.export_participant(young, by=group["staff"][Role.COORDINATOR])
    rows = data["messages_to_the_confidential_advisor"]
    assert [(row["from"], row["text"]) for row in rows] == [
        ("The participant", SECRET), ("The confidential advisor", "Let us talk on Tuesday"),
    ]
    erasure.erase_participant(young, by=group["staff"][Role.COORDINATOR])
    assert not AdvisorMessage.objects.exists()
    dumped = json.dumps(list(AuditLogEntry.objects.values("label", "data")), default=str)
    assert "Brutus" not in dumped and "Tuesday" not in dumped


def test_messages_are_escaped_on_the_page_and_in_the_admin(client, group):
    young, advisor = group["young"], group["staff"][Role.YOUTH_ADVISOR]
    services.send_message(young, "<script>alert('x')</script><b>bold</b>")
    services.answer(young, "<img src=x onerror=alert(1)>", by=advisor)
    page = client.get(home(group["young_token"])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    client.force_login(advisor)
    admin = client.get(thread_url(young)).content.decode()
    assert "<b>bold</b>" not in admin and "&lt;b&gt;bold&lt;/b&gt;" in admin


def test_an_empty_or_too_long_message_is_refused(client, group):
    response = client.post(send_url(group["young_token"]), {"text": "   "}, follow=True)
    assert "Write a message" in response.content.decode()
    client.post(send_url(group["young_token"]), {"text": "x" * 4001})
    assert not AdvisorMessage.objects.exists()


def test_a_bad_link_cannot_post(client, group):
    assert client.post(send_url("not-a-token"), {"text": "hello"}).status_code == 404
    assert not AdvisorMessage.objects.exists()


@pytest.mark.parametrize("count", [1, 25])
def test_the_page_and_the_thread_cost_the_same_queries_whatever_the_length(
    client, group, count, django_assert_max_num_queries
):
    young, advisor = group["young"], group["staff"][Role.YOUTH_ADVISOR]
    for n in range(count):
        services.send_message(young, f"message {n}")
        services.answer(young, f"answer {n}", by=advisor)
    with django_assert_max_num_queries(30):
        assert client.get(home(group["young_token"])).status_code == 200
    client.force_login(advisor)
    client.get(thread_url(young))  # marks all read
    services.send_message(young, "one more")
    with django_assert_max_num_queries(30):
        assert client.get(thread_url(young)).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_the_inbox_costs_the_same_queries_whatever_the_number_of_threads(
    client, group, count, django_assert_max_num_queries
):
    advisor = group["staff"][Role.YOUTH_ADVISOR]
    services.send_message(group["young"], "hello")
    for n in range(count - 1):
        services.send_message(ParticipantFactory(programme=group["programme"]), f"hello {n}")
    client.force_login(advisor)
    with django_assert_max_num_queries(25):
        response = client.get(INBOX)
    assert len(BeautifulSoup(response.content, "html5lib").select("[data-thread]")) == count


def test_a_row_of_messages_emails_the_advisor_once_until_they_read_it(group, django_capture_on_commit_callbacks, client):
    young, advisor = group["young"], group["staff"][Role.YOUTH_ADVISOR]
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            client.post(send_url(group["young_token"]), {"text": f"Message {n}"})
    assert AdvisorMessage.objects.filter(sender="participant").count() == 3
    assert len(mail.outbox) == 1  # one "a message waits", not three
    client.force_login(advisor)
    client.get(thread_url(young))  # read
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send_url(group["young_token"]), {"text": "And one more"})
    assert len(mail.outbox) == 2


def test_ten_unanswered_messages_a_day_then_the_participant_is_asked_to_wait(client, group, monkeypatch):
    young, advisor = group["young"], group["staff"][Role.YOUTH_ADVISOR]
    for n in range(services.UNANSWERED_PER_DAY):
        services.send_message(young, f"Message {n}")
    response = client.post(send_url(group["young_token"]), {"text": "Are you there?"}, follow=True)
    page = response.content.decode()
    assert "has not answered your last 10 messages yet" in page and "talk to your youth worker" in page
    assert not AdvisorMessage.objects.filter(text="Are you there?").exists()

    tomorrow = timezone.now() + datetime.timedelta(hours=25)
    with monkeypatch.context() as clock:
        clock.setattr(timezone, "now", lambda: tomorrow)
        services.send_message(young, "A day later")  # the next day, one more may go

    services.answer(young, "I am here.", by=advisor)  # an answer: they may write again at once
    client.post(send_url(group["young_token"]), {"text": "Thank you"})
    assert AdvisorMessage.objects.filter(text="Thank you").exists()
