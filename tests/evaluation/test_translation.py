"""A questionnaire is translated with wagtail-localize in one go: its statements with it, keeping their keys."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, TranslationSource

from youthcop.evaluation import services
from youthcop.evaluation.models import Questionnaire, QuestionnaireItem

pytestmark = pytest.mark.django_db


def test_wagtail_localize_translates_the_questionnaire_and_its_statements():
    english = Locale.get_default()
    french = Locale.objects.get_or_create(language_code="fr")[0]
    questionnaire = Questionnaire(locale=english, title="Our own questions")
    questionnaire.items = [
        QuestionnaireItem(locale=english, text="I feel safe in the group.", sort_order=0),
        QuestionnaireItem(locale=english, text="I speak freely.", sort_order=1),
    ]
    questionnaire.save()
    source, _created = TranslationSource.get_or_create_from_instance(questionnaire)
    french_texts = {
        "Our own questions": "Nos propres questions",
        "I feel safe in the group.": "Je me sens en sécurité dans le groupe.",
        "I speak freely.": "Je parle librement.",
    }
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string, locale=french, context=segment.context, data=french_texts[segment.string.data]
        )
    source.create_or_update_translation(french)
    copy = Questionnaire.objects.get(translation_key=questionnaire.translation_key, locale=french)
    assert copy.title == "Nos propres questions"
    statements = services.statements(questionnaire, "fr")
    assert [text for _key, text in statements] == ["Je me sens en sécurité dans le groupe.", "Je parle librement."]
    assert [key for key, _text in statements] == [item.translation_key for item in questionnaire.items.order_by("sort_order")]
