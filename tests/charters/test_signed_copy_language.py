"""A participant's signed copy names the programme and its police zone in their language (Dutch: translated,
German: the original)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.charters.factories import link_for
from tests.i18n.participant_texts import DUTCH, ENGLISH, translated_programme
from youthcop.charters import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(db):
    return translated_programme()


def signed_copy_text(client, participant):
    response = client.get(reverse("youthcop_charters:signed_copy", args=[link_for(participant)]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("language, expected", [("nl", DUTCH), ("de", {})])
def test_the_signed_copy_names_the_programme_in_the_participants_language(
    client, charter, facilitator, group, language, expected
):
    version = services.adopt_charter(charter, by=facilitator)
    participant = group[0]
    participant.preferred_language = language
    participant.save()
    services.sign(
        participant, version, typed_name=participant.full_name, language="en", method="online", ip="192.0.2.1",
        user_agent="phone",
    )
    text = signed_copy_text(client, participant)
    for field in ("name", "zone"):
        assert expected.get(ENGLISH[field], ENGLISH[field]) in text
