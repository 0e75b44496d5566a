"""A guardian, on a phone, withdraws consent with the emailed link, sees the answer in French, and changes it again."""

import re

import pytest
from django.core import mail

from tests.factories import ProgrammeFactory, enrol_participant, programme_staff
from youthcop.programmes.models import Participant, ProgrammeStaff


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_guardian_withdraws_and_changes_the_answer_again_with_the_same_link(phone, live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    programme = ProgrammeFactory()
    worker = programme_staff(programme, ProgrammeStaff.Role.YOUTH_WORKER)
    worker.email = "worker@example.net"
    worker.save()
    minor = enrol_participant(programme, minor=True, registered_by=worker, preferred_language="fr").participant
    (request,) = mail.outbox
    link = re.search(r"http\S+/youthcop/consent/\S+/", request.body).group(0)
    mail.outbox.clear()

    phone.goto(link)
    assert phone.locator("html").get_attribute("lang") == "fr"
    phone.get_by_label("Non, je n'accepte pas").check()
    phone.get_by_role("button", name="Envoyer ma réponse").click()
    phone.get_by_text("Vous avez refusé votre consentement.").wait_for()  # a confirmation, not a missing page
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    minor.refresh_from_db()
    assert minor.status == Participant.Status.WITHDRAWN
    assert [message.to for message in mail.outbox] == [["worker@example.net"]]

    phone.goto(link)  # the same link, later
    phone.get_by_label("Oui, j'accepte").check()
    phone.get_by_role("button", name="Envoyer ma réponse").click()
    phone.get_by_text("Vous avez donné votre consentement.").wait_for()
    assert [consent.participation for consent in minor.consents.order_by("recorded_at", "pk")] == [False, True]
