"""The demo's previous-year programme: sessions held, charter signed, certificates issued."""

import pytest

from youthcop.certificates import services

from youthcop_site.demo import certificates as demo
from youthcop.certificates.models import Certificate, CertificateSettings, EligibilityDecision, IssueBatch
from youthcop_site.demo import programmes as programmes_demo
from youthcop.programmes.models import Programme


@pytest.mark.django_db
def test_the_demo_shows_a_completed_year_with_its_certificates(mailoutbox):
    context = programmes_demo.load({})
    demo.load(context)
    past = Programme.objects.get(name=demo.PAST_NAME)
    assert past.status == Programme.Status.COMPLETED
    assert past.sessions.exists() and not past.sessions.exclude(status="held").exists()
    certificates = Certificate.objects.filter(programme=past)
    assert 15 <= certificates.count() < past.participants.count()  # most, not all, earned one
    assert certificates.filter(revoked_at__isnull=False).count() == 1
    assert EligibilityDecision.objects.filter(participant__programme=past).count() == 1
    assert not CertificateSettings.objects.get().logos.exists()  # no site-wide logo: each programme's own
    assert [logo["name"] for logo in services.load_assets(programme=past).logos] == [
        "Police zone Brussels-North", "Jeugdhuis De Brug", "Maison de Jeunes Le Quartier",
    ]
    assert not mailoutbox  # the demo emails nobody

    counts = (Certificate.objects.count(), IssueBatch.objects.count(), EligibilityDecision.objects.count())
    demo.load(programmes_demo.load({}))  # the demo command run again changes nothing
    assert (Certificate.objects.count(), IssueBatch.objects.count(), EligibilityDecision.objects.count()) == counts
