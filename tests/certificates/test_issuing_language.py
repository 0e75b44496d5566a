"""Certificates keep the programme's name, police zone and reward in their holder's language (Dutch: translated,
German: the original), and the PDF names the organisations in that language."""

import pytest
from wagtail.models import Locale

from tests.factories import UserFactory
from tests.translating import translate
from youthcop.certificates import services
from youthcop.certificates.models import Certificate
from youthcop.certificates.services.documents import Assets, certificate_context
from youthcop.programmes import wording
from youthcop.programmes.models import ProgrammeText

from .helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def dutch(programme):
    locale = Locale.objects.get_or_create(language_code="nl")[0]
    programme.police_zone.name = "Police zone Brussels-North"
    programme.police_zone.save()
    coordinator = UserFactory()
    wording.translate_programme_texts(programme, locale, by=coordinator)
    source = ProgrammeText.objects.get(programme=programme, locale=Locale.get_default())
    translate(source, locale, {"Second Wave Test": "Tweede Golf Test", "A weekend in Ghent.": "Een weekend in Gent."})
    zone_text = wording.translate_organisation_text(programme.police_zone, locale, by=coordinator)
    translate(zone_text.get_translation(Locale.get_default()), locale, {"Police zone Brussels-North": "Politiezone Brussel-Noord"})
    return locale


def test_certificates_are_issued_with_the_texts_in_the_holders_language(programme, dutch, make_participant, issue_all):
    reader = make_participant(preferred_language="nl")
    german = make_participant(preferred_language="de")
    assert issue_all().issued == 2
    certificate = Certificate.objects.get(participant=reader)
    assert (certificate.programme_name, certificate.police_zone_name, certificate.reward) == (
        "Tweede Golf Test",
        "Politiezone Brussel-Noord",
        "Een weekend in Gent.",
    )
    _reader, text = pdf_text(services.render_certificate(certificate))
    assert "Tweede Golf Test" in text and "Second Wave Test" not in text
    original = Certificate.objects.get(participant=german)
    assert (original.programme_name, original.police_zone_name, original.reward) == (
        "Second Wave Test",
        "Police zone Brussels-North",
        "A weekend in Ghent.",
    )


def test_the_pdf_names_the_organisations_in_the_holders_language(programme, dutch, eligible):
    zone = programme.police_zone
    assets = Assets(logos=[{"name": zone.name, "src": "data:,", "organisation": zone}], programme=programme)
    certificate, _pdf = services.issue_certificate(services.eligibility_of(eligible))
    certificate.language = "nl"
    assert [logo["name"] for logo in certificate_context(certificate, assets)["logos"]] == ["Politiezone Brussel-Noord"]
    certificate.language = "de"
    assert [logo["name"] for logo in certificate_context(certificate, assets)["logos"]] == ["Police zone Brussels-North"]
