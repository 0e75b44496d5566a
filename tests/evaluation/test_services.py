import datetime

import pytest
from django.utils import timezone
from wagtail.models import Locale

from tests.evaluation.factories import answer_in, before_and_after, group, item_keys, past_round
from tests.factories import ParticipantFactory
from tests.sessions.factories import SessionFactory
from youthcop.evaluation import services
from youthcop.evaluation.models import Answer, Pseudonym, Questionnaire, QuestionnaireItem, Response, Round, RoundKind
from youthcop.privacy.erasure import erase_participant
from youthcop.privacy.export import export_json, export_participant
from youthcop.programmes.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "fr", "nl", "de")}


def test_default_questionnaire_in_every_locale_as_one_translation_set(locales):
    english = services.ensure_default_questionnaires()
    assert english.locale.language_code == "en"
    copies = Questionnaire.objects.filter(translation_key=english.translation_key)
    assert {q.locale.language_code for q in copies} == {"en", "fr", "nl", "de"}
    # Every copy has the same statements (same translation keys), in order.
    keys = [item.translation_key for item in english.items.order_by("sort_order")]
    assert len(keys) == 5
    for copy in copies:
        assert [item.translation_key for item in copy.items.order_by("sort_order")] == keys
    assert QuestionnaireItem.objects.filter(translation_key=keys[0]).count() == 4
    # Running it again changes nothing.
    services.ensure_default_questionnaires()
    assert Questionnaire.objects.count() == 4 and QuestionnaireItem.objects.count() == 20


def test_default_texts_come_from_the_catalogue_of_each_language(locales, monkeypatch):
    """The copies are written with gettext under each locale's language."""
    from django.utils import translation

    seen = []
    real = services._

    def spy(text):
        seen.append((translation.get_language(), text))
        return real(text)

    monkeypatch.setattr(services, "_", spy)
    services.ensure_default_questionnaires()
    assert {language for language, text in seen if text == services.DEFAULT_TITLE} == {"en", "fr", "nl", "de"}


def test_statements_read_in_the_requested_language_by_translation_key(locales):
    english = services.ensure_default_questionnaires()
    french_item = QuestionnaireItem.objects.get(locale=locales["fr"], translation_key=english.items.first().translation_key)
    french_item.text = "J'ai confiance dans l'autre groupe."
    french_item.save()
    statements = services.statements(english, "fr")
    assert statements[0] == (french_item.translation_key, "J'ai confiance dans l'autre groupe.")
    assert services.localised(english, "fr").locale == locales["fr"]


def test_before_round_closes_by_the_first_joint_workshop(programme):
    workshop = SessionFactory(programme=programme, starts_at=timezone.now() + datetime.timedelta(days=3))
    round_ = services.open_round(programme, RoundKind.BEFORE)
    assert round_.closes_at == workshop.starts_at
    assert round_.is_open()
    assert not round_.is_open(workshop.starts_at)


def test_before_round_refused_once_the_first_workshop_began(programme):
    SessionFactory(programme=programme, starts_at=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(services.RoundRefused, match="first joint workshop has begun"):
        services.open_round(programme, RoundKind.BEFORE)


def test_one_round_open_at_a_time_and_closing(programme):
    before = services.open_round(programme, RoundKind.BEFORE)
    with pytest.raises(services.RoundRefused):
        services.open_round(programme, RoundKind.MID)
    services.close_round(before)
    assert not Round.objects.get(pk=before.pk).is_open()
    mid = services.open_round(programme, RoundKind.MID)
    assert services.open_round_of(programme) == mid


def test_answering_twice_corrects_the_one_response(programme):
    person = ParticipantFactory(programme=programme)
    round_ = services.open_round(programme, RoundKind.BEFORE)
    keys = item_keys(programme)
    services.submit_answers(person, round_, dict.fromkeys(keys, 2))
    services.submit_answers(person, round_, dict.fromkeys(keys, 5))
    assert Response.objects.count() == 1
    assert set(Answer.objects.values_list("value", flat=True)) == {5}
    with pytest.raises(services.AnswerRefused):
        services.submit_answers(person, round_, dict.fromkeys(keys[:2], 3))  # not every statement
    with pytest.raises(services.AnswerRefused):
        services.submit_answers(person, round_, dict.fromkeys(keys, 6))


def test_closed_round_and_waiting_people_cannot_answer(programme):
    keys = item_keys(programme)
    old = past_round(programme, RoundKind.BEFORE, 100)
    with pytest.raises(services.AnswerRefused):
        services.submit_answers(ParticipantFactory(programme=programme), old, dict.fromkeys(keys, 3))
    open_ = services.open_round(programme, RoundKind.MID)
    waiting = ParticipantFactory(programme=programme, status=Participant.Status.WAITING)
    with pytest.raises(services.AnswerRefused):
        services.submit_answers(waiting, open_, dict.fromkeys(keys, 3))


def test_results_pair_before_and_after_per_side(programme):
    young, officers, before, after = before_and_after(programme, youth=6, police=5)
    result = services.results(programme)
    youth, police = result.sides
    assert youth.side == "youth" and police.side == "police"
    for side, n in ((youth, 6), (police, 5)):
        assert dict(side.counts)["before"].value == n
        for item in side.items:
            assert item.mean("before").value == 2 and item.mean("after").value == 4
            assert (item.change.n, item.change.mean, item.change.low, item.change.high) == (n, 2, 2, 2)


def test_figures_under_five_answers_are_withheld(programme):
    young, officers, before, after = before_and_after(programme, youth=5, police=4)
    # One young person answered before only: 5 pairs stay for the young, the officers have 4.
    extra = ParticipantFactory(programme=programme)
    answer_in(before, extra, 1)
    youth, police = services.results(programme).sides
    assert dict(youth.counts)["before"].value == 6 and dict(youth.counts)["after"].value == 5
    assert youth.items[0].change.n == 5
    assert dict(police.counts)["before"].withheld and dict(police.counts)["before"].value is None
    for item in police.items:
        assert item.mean("before").withheld and item.mean("before").value is None
        assert item.mean("after").value is None
        assert item.change is None


def test_export_says_only_the_day_of_answering(programme):
    person = ParticipantFactory(programme=programme)
    before = past_round(programme, RoundKind.BEFORE, 100)
    response = answer_in(before, person, [1, 2, 3, 4, 5])
    data = services.export_participant(person)
    assert data == {
        "evaluation_questionnaire": [
            {"round": "Before the programme", "you_answered_on": timezone.localdate(response.answered_at).isoformat()}
        ]
    }
    assert services.export_participant(ParticipantFactory(programme=programme)) == {}


def test_subject_access_export_holds_no_answer_nor_pseudonym(programme):
    from tests.factories import programme_staff
    from youthcop.programmes.models import ProgrammeStaff

    person = ParticipantFactory(programme=programme)
    answer_in(past_round(programme, RoundKind.BEFORE, 100), person, [1, 2, 3, 4, 5])
    coordinator = programme_staff(programme, ProgrammeStaff.Role.COORDINATOR)
    text = export_json(export_participant(person, by=coordinator))
    assert "you_answered_on" in text
    assert str(Pseudonym.objects.get().pk) not in text
    for key in item_keys(programme):
        assert str(key) not in text


def test_erasure_deletes_pseudonym_and_answers(programme):
    from tests.factories import programme_staff
    from youthcop.programmes.models import ProgrammeStaff

    young, officers, before, after = before_and_after(programme, youth=5, police=5)
    keep = Answer.objects.count()
    coordinator = programme_staff(programme, ProgrammeStaff.Role.COORDINATOR)
    erase_participant(young[0], by=coordinator)
    assert not Pseudonym.objects.filter(participant=young[0]).exists()
    assert Answer.objects.count() == keep - 2 * 5
    assert Response.objects.count() == 2 * 9


def test_programme_deletion_takes_every_answer(programme):
    before_and_after(programme, youth=5, police=5)
    Participant.objects.filter(programme=programme).delete()
    programme.delete()
    assert not Answer.objects.exists() and not Pseudonym.objects.exists() and not Round.objects.exists()


def test_group_helper_names(programme):
    young, officers = group(programme, 1, 1)
    assert young[0].side == "youth" and officers[0].side == "police"
