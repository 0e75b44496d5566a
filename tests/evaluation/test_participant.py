"""The participant answers from their personal page, in their language; the session reminder links to it."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from tests.evaluation.factories import past_round
from tests.factories import ParticipantFactory
from tests.sessions.factories import SessionFactory
from youthcop.evaluation import services
from youthcop.evaluation.models import Answer, QuestionnaireItem, Response, RoundKind
from youthcop.programmes import services as programme_services
from youthcop.sessions import services as session_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(programme):
    return ParticipantFactory(programme=programme, first_name="Yasmina")


@pytest.fixture
def token(person):
    return programme_services.issue_link(person)


def every_answer(value=4, count=5):
    return {f"s{n}": str(value) for n in range(1, count + 1)}


def test_the_personal_page_offers_the_questionnaire_only_while_a_round_is_open(client, programme, token):
    home = reverse("youthcop_programmes:participant_home", args=[token])
    assert 'data-youthcop="evaluation-questionnaire"' not in client.get(home).content.decode()
    services.open_round(programme, RoundKind.BEFORE)
    html = client.get(home).content.decode()
    assert 'data-youthcop="evaluation-questionnaire"' in html
    assert reverse("youthcop_evaluation:questionnaire", args=[token]) in html


def test_all_statements_on_one_page_as_labelled_radio_groups(client, programme, token):
    services.open_round(programme, RoundKind.BEFORE)
    html = client.get(reverse("youthcop_evaluation:questionnaire", args=[token])).content.decode()
    assert html.count("<fieldset") == 5 and html.count("<legend>") == 5
    assert html.count('type="radio"') == 25
    # Every radio sits in its own label.
    radios = re.findall(r'<label class="yc-scale__option" for="([^"]+)"><input type="radio"[^>]* id="([^"]+)"', html)
    assert len(radios) == 25 and all(a == b for a, b in radios)
    assert "I trust people from the other group." in html and "Strongly agree" in html


def test_answering_records_under_a_pseudonym_confirms_and_corrects(client, programme, person, token):
    round_ = services.open_round(programme, RoundKind.BEFORE)
    url = reverse("youthcop_evaluation:questionnaire", args=[token])
    response = client.post(url, every_answer(4), follow=True)
    html = response.content.decode()
    assert "Thank you: your answers are recorded." in html
    assert "You answered on" in html
    stored = Response.objects.get()
    assert stored.round == round_ and stored.pseudonym.participant == person
    assert set(Answer.objects.values_list("value", flat=True)) == {4}
    # The form shows the answers given; sending again corrects them, still one response.
    assert len(re.findall(r'<input type="radio"[^>]* value="4"[^>]* checked>', html)) == 5
    client.post(url, every_answer(5))
    assert Response.objects.count() == 1 and set(Answer.objects.values_list("value", flat=True)) == {5}


def test_an_incomplete_answer_is_refused_with_a_message(client, programme, token):
    services.open_round(programme, RoundKind.BEFORE)
    url = reverse("youthcop_evaluation:questionnaire", args=[token])
    data = every_answer(3)
    del data["s3"]
    html = client.post(url, data).content.decode()
    assert "Please answer every statement." in html and "Please choose an answer." in html
    assert not Response.objects.exists()


def test_a_closed_questionnaire_says_so(client, programme, token):
    past_round(programme, RoundKind.BEFORE, 100)
    url = reverse("youthcop_evaluation:questionnaire", args=[token])
    assert "not open at the moment" in client.get(url).content.decode()
    client.post(url, every_answer(3))
    assert not Response.objects.exists()


def test_a_bad_link_answers_404(client, programme):
    services.open_round(programme, RoundKind.BEFORE)
    assert client.get(reverse("youthcop_evaluation:questionnaire", args=["nope"])).status_code == 404


def test_the_questionnaire_speaks_the_participants_language(client, programme):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    services.ensure_default_questionnaires()
    item = QuestionnaireItem.objects.get(locale=french, sort_order=0)
    item.text = "J'ai confiance dans les personnes de l'autre groupe."
    item.save()
    token = programme_services.issue_link(ParticipantFactory(programme=programme, preferred_language="fr"))
    services.open_round(programme, RoundKind.BEFORE)
    html = client.get(reverse("youthcop_evaluation:questionnaire", args=[token])).content.decode()
    assert '<html lang="fr">' in html
    assert "J&#x27;ai confiance dans les personnes de l&#x27;autre groupe." in html


def test_the_session_reminder_links_to_the_open_questionnaire(programme, person, token):
    SessionFactory(programme=programme, starts_at=timezone.now() + datetime.timedelta(days=1))
    services.open_round(programme, RoundKind.MID)
    session_services.send_due_reminders()
    [message] = [m for m in mail.outbox if m.to == [person.email]]
    assert "The questionnaire is open" in message.body
    assert reverse("youthcop_evaluation:questionnaire", args=[token]) in message.body


def test_no_questionnaire_line_without_an_open_round(programme, person):
    SessionFactory(programme=programme, starts_at=timezone.now() + datetime.timedelta(days=1))
    session_services.send_due_reminders()
    [message] = [m for m in mail.outbox if m.to == [person.email]]
    assert "questionnaire" not in message.body
