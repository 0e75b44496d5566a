import pytest
from django.core.management import call_command

from youthcop.certificates import demo
from youthcop.certificates.models import Certificate, CertificateSettings, EligibilityDecision, IssueBatch
from youthcop.programmes.models import Programme


@pytest.mark.django_db
def test_the_demo_shows_a_completed_year_with_its_certificates(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("youthcop_demo", stdout=None)
    past = Programme.objects.get(name=demo.PAST_NAME)
    assert past.status == Programme.Status.COMPLETED
    assert past.sessions.exists() and not past.sessions.exclude(status="held").exists()
    certificates = Certificate.objects.filter(programme=past)
    assert 15 <= certificates.count() < past.participants.count()  # most, not all, earned one
    assert certificates.filter(revoked_at__isnull=False).count() == 1
    assert EligibilityDecision.objects.filter(participant__programme=past).count() == 1
    assert CertificateSettings.objects.get().logos.count() == 2

    counts = (Certificate.objects.count(), IssueBatch.objects.count(), EligibilityDecision.objects.count())
    demo.load({"programme": Programme.objects.exclude(pk=past.pk).get(), "users": _users(), "organisations": {}})
    assert (Certificate.objects.count(), IssueBatch.objects.count(), EligibilityDecision.objects.count()) == counts


def _users():
    from django.contrib.auth import get_user_model

    names = ["coordinator", "facilitator1", "facilitator2", "youthworker1", "youthworker2"]
    return {user.username: user for user in get_user_model().objects.filter(username__in=names)}
