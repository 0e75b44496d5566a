"""A youth worker registers a minor; the guardian consents online; the participant is enrolled."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from tests.browser.conftest import admin_login
from tests.factories import ProgrammeFactory, programme_staff
from youthcop.programmes.models import Participant, ProgrammeStaff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_youth_worker_registers_a_minor_and_the_guardian_consents(live_server, desktop, phone):
    programme = ProgrammeFactory(name="Second Wave Ghent")
    worker = programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER)
    organisation = worker.youthcop_profile.organisation
    born = programme.start_date.replace(year=programme.start_date.year - 15)

    page = desktop
    admin_login(page, live_server, worker.username)
    page.goto(f"{live_server.url}/admin/youthcop/participants/new/")
    page.select_option("select[name=programme]", str(programme.pk))
    page.select_option("select[name=side]", "youth")
    page.fill("input[name=first_name]", "Yasmine")
    page.fill("input[name=last_name]", "Benali")
    page.fill("input[name=date_of_birth]", born.isoformat())
    page.select_option("select[name=organisation]", str(organisation.pk))
    page.fill("input[name=guardian_name]", "Fatima Benali")
    page.fill("input[name=guardian_email]", "fatima@example.net")
    page.check("input[name=consent_method][value=email]")
    page.get_by_role("button", name="Create").click()

    message = page.locator(".messages").inner_text()
    assert "Yasmine Benali is awaiting guardian consent" in message
    participant = Participant.objects.get(last_name="Benali")
    assert participant.status == Participant.Status.AWAITING_CONSENT

    # The guardian opens the emailed link on a phone and confirms.
    [email] = [m for m in mail.outbox if m.to == ["fatima@example.net"]]
    consent_url = re.search(r"https?://\S+/youthcop/consent/\S+/", email.body).group(0)
    consent_path = consent_url.split("/youthcop/", 1)[1]
    phone.goto(f"{live_server.url}/youthcop/{consent_path}")
    # The page speaks the young person's language: French, the form's default.
    with translation.override("fr"):
        phone.get_by_label(gettext("Yes, I agree")).check()
        phone.get_by_role("button", name=gettext("Send my answer")).click()
        assert gettext("You gave your consent.") in phone.locator("main").inner_text()

    page.goto(f"{live_server.url}/admin/youthcop/participants/")
    row = page.locator("tr", has_text="Benali")
    assert "Enrolled" in row.inner_text()
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ENROLLED
