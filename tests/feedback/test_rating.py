"""Rating a joint workshop: who, when, once per person; the participant's page and its one-tap form."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory
from tests.feedback.factories import SessionFactory, ended_hours_ago, make_group
from youthcop.feedback import services
from youthcop.feedback.models import Rating
from youthcop.programmes import services as programme_services
from youthcop.programmes.models import Participant
from youthcop.sessions import services as session_services
from youthcop.sessions.models import Session, SessionKind

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def test_the_window_opens_when_the_workshop_ends_and_closes_three_days_later(programme):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    session = SessionFactory(programme=programme)
    with pytest.raises(services.RatingError, match="once it is over"):
        services.rate(session, sam, 4, now=session.ends_at - datetime.timedelta(minutes=1))
    services.rate(session, sam, 4, now=session.ends_at)
    services.rate(session, sam, 2, now=session.ends_at + datetime.timedelta(days=3))  # the last moment: a change
    assert Rating.objects.get().score == 2
    with pytest.raises(services.RatingError, match="closed on .*during the 3 days after it ends"):
        services.rate(session, sam, 5, now=session.ends_at + datetime.timedelta(days=3, seconds=1))
    assert Rating.objects.get().score == 2


@pytest.mark.parametrize(
    "fields",
    [{"kind": SessionKind.YOUTH_PREPARATION}, {"kind": SessionKind.INFORMAL_ACTIVITY}, {"status": Session.Status.CANCELLED}],
)
def test_only_joint_workshops_not_cancelled_are_rated(programme, fields):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    session = ended_hours_ago(programme, **fields)
    with pytest.raises(services.RatingError, match="Only joint workshops"):
        services.rate(session, sam, 4)
    assert not Rating.objects.exists()


def test_only_those_expected_and_there_rate(programme):
    young, _officers = make_group(programme, youth=4, police=0)
    waiting = ParticipantFactory(programme=programme, status=Participant.Status.WAITING)
    elsewhere = ParticipantFactory()
    session = ended_hours_ago(programme)
    for person in (waiting, elsewhere):
        with pytest.raises(services.RatingError, match="not expected"):
            services.rate(session, person, 4)
    # Attendance taken: those absent or excused did not take part.
    session_services.record_attendance(session, {young[0].pk: "present", young[1].pk: "late", young[2].pk: "excused"})
    session.refresh_from_db()
    services.rate(session, young[0], 5)
    services.rate(session, young[1], 4)
    for person in (young[2], young[3]):  # excused, absent
        with pytest.raises(services.RatingError, match="Only those who took part"):
            services.rate(session, person, 4)
    assert Rating.objects.count() == 2


def test_someone_who_said_they_could_not_come_does_not_rate(programme):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    session = SessionFactory(programme=programme, starts_at=timezone.now() + HOUR, ends_at=timezone.now() + 2 * HOUR)
    session_services.excuse_in_advance(session, sam)
    with pytest.raises(services.RatingError, match="Only those who took part"):
        services.rate(session, sam, 4, now=session.ends_at + HOUR)


def test_one_rating_per_person_changed_not_added(programme):
    (sam, alex), (kim,) = make_group(programme, youth=2, police=1)
    session = ended_hours_ago(programme)
    rating, created = services.rate(session, sam, 3, "  first\nthought  ")
    assert created and rating.comment == "first thought" and rating.side == "youth"
    rating, created = services.rate(session, sam, 5, "better on reflection")
    assert not created
    services.rate(session, alex, 1)
    services.rate(session, kim, 4)
    assert sorted(Rating.objects.values_list("side", "score", "comment")) == [
        ("police", 4, ""), ("youth", 1, ""), ("youth", 5, "better on reflection")
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(session=session, participant=sam, side="youth", score=2)


@pytest.mark.parametrize("score", ["0", "6", "", "good", None])
def test_a_score_off_the_scale_is_refused(programme, score):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    with pytest.raises(services.RatingError, match="one of the five"):
        services.rate(ended_hours_ago(programme), sam, score)


def test_a_comment_is_one_line_of_at_most_200_characters(programme):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    rating, _created = services.rate(ended_hours_ago(programme), sam, 4, "a" * 150 + "\n" + "b" * 150)
    assert rating.comment == "a" * 150 + " " + "b" * 49


def _page(client, token, **params):
    response = client.get(reverse("youthcop_programmes:participant_home", args=[token]), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html5lib")


def test_the_participant_rates_in_one_tap_from_their_page(client, programme):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    session = ended_hours_ago(programme, title="Trust games")
    token = programme_services.issue_link(sam)
    card = _page(client, token).select_one("[data-youthcop=feedback]")
    assert "How was the workshop?" in card.get_text()
    buttons = card.select(f"[data-youthcop=rate-{session.pk}] button[name=score]")
    assert [b.get_text(" ", strip=True) for b in buttons] == ["1 Very bad", "2 Not good", "3 Okay", "4 Good", "5 Very good"]
    assert all(b["aria-pressed"] == "false" for b in buttons)

    url = card.select_one("form")["action"]
    response = client.post(url, {"score": "4", "comment": "We laughed <a lot>"}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/p/{token}/#yc-feedback")
    soup = BeautifulSoup(response.content, "html5lib")
    assert "Thank you: your answer “Good” for Trust games is saved. You can change it until" in soup.get_text()
    pressed = soup.select(f"[data-youthcop=rate-{session.pk}] button[aria-pressed=true]")
    assert [b["value"] for b in pressed] == ["4"]
    assert soup.select_one(f"#yc-comment-{session.pk}")["value"] == "We laughed <a lot>"
    assert "Your answer: Good. You can change it until" in soup.select_one("[data-youthcop=rate-status]").get_text()
    assert Rating.objects.get().comment == "We laughed <a lot>"


def test_the_page_says_when_answers_closed(client, programme):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    session = ended_hours_ago(programme, hours=80, title="Role play")
    token = programme_services.issue_link(sam)
    services.rate(session, sam, 5, now=session.ends_at + HOUR)
    item = _page(client, token).select_one(f"[data-youthcop=rate-{session.pk}]")
    assert not item.select("form")
    text = item.select_one("[data-youthcop=rate-closed]").get_text(" ", strip=True)
    assert "Answers closed on" in text and "during the 3 days after it ends" in text
    assert "Your answer: Very good." in text
    response = client.post(reverse("youthcop_feedback:rate", args=[token, session.pk]), {"score": "1"}, follow=True)
    assert "Ratings for this workshop closed on" in response.content.decode()
    assert Rating.objects.get().score == 5


def test_the_page_speaks_the_participant_language_and_keeps_it(client, programme):
    (sam,), _officers = make_group(programme, youth=1, police=0, preferred_language="fr")
    session = ended_hours_ago(programme)
    token = programme_services.issue_link(sam)
    soup = _page(client, token, lang="nl")
    assert soup.html["lang"] == "nl"
    url = soup.select_one(f"[data-youthcop=rate-{session.pk}] form")["action"]
    assert url.endswith("?lang=nl")
    response = client.post(url, {"score": "3"})
    assert response["Location"].endswith("?lang=nl#yc-feedback")


def test_a_bad_link_answers_404_and_another_programme_session_too(client, programme):
    (sam,), _officers = make_group(programme, youth=1, police=0)
    token = programme_services.issue_link(sam)
    other = ended_hours_ago(ParticipantFactory().programme)
    session = ended_hours_ago(programme)
    assert client.post(reverse("youthcop_feedback:rate", args=["nope", session.pk]), {"score": "3"}).status_code == 404
    assert client.post(reverse("youthcop_feedback:rate", args=[token, other.pk]), {"score": "3"}).status_code == 404
    assert client.get(reverse("youthcop_feedback:rate", args=[token, session.pk])).status_code == 405
    assert not Rating.objects.exists()
