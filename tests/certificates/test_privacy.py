"""Hooks for the privacy engineer: export and anonymise what certificates hold about a person."""

import pytest
from wagtail import hooks

from youthcop.certificates import services
from youthcop.certificates.models import Certificate, EligibilityDecision

pytestmark = pytest.mark.django_db


def run_hooks(name, participant):
    return [hook(participant) for hook in hooks.get_hooks(name)]


def test_export_lists_the_certificates_and_decisions(eligible, facilitator):
    services.decide_by_hand(eligible, decision="award", reason="Was ill in March", by=facilitator)
    certificate, _pdf = services.issue_certificate(services.eligibility_of(eligible))
    exported = [result for result in run_hooks("youthcop_export_participant", eligible) if "certificates" in result]
    [data] = exported
    [row] = data["certificates"]
    assert row["code"] == certificate.code
    assert row["name"] == "Yasmine Benali"
    assert row["verification_url"].endswith(f"/youthcop/verify/{certificate.code}/")
    assert data["certificate_decisions"][0]["reason"] == "Was ill in March"


def test_anonymise_keeps_the_code_and_shows_initials(eligible, facilitator):
    services.decide_by_hand(eligible, decision="award", reason="Was ill in March", by=facilitator)
    certificate, _pdf = services.issue_certificate(services.eligibility_of(eligible))
    run_hooks("youthcop_anonymise_participant", eligible)
    certificate.refresh_from_db()
    assert certificate.code and certificate.public_name == "Y. B."
    assert "Yasmine" not in certificate.holder_name and "Benali" not in certificate.holder_name
    assert not EligibilityDecision.objects.exists()


def test_erasing_a_participant_keeps_an_anonymous_certificate(eligible):
    """Erasure anonymises; deleting a certificate's holder is refused (README rules 5 and 6)."""
    from django.db.models import ProtectedError

    from youthcop.privacy.erasure import erase_participant

    certificate, _pdf = services.issue_certificate(services.eligibility_of(eligible))
    with pytest.raises(ProtectedError):
        eligible.delete()
    erase_participant(eligible, by=None)
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.participant_id == eligible.pk
    assert certificate.public_name == "Y. B."
