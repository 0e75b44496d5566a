"""On a phone: a young person writes to their confidential advisor; the advisor answers in the admin; the young
person reads the answer from the emailed link. Nothing of the conversation is in either email."""

import re

import pytest
from django.core import mail

from tests.browser.conftest import CHROMIUM, admin_login, browser, phone  # noqa: F401  (fixtures)
from tests.factories import ParticipantFactory, ProgrammeFactory, programme_staff
from youthcop.advisors.models import AdvisorMessage
from youthcop.programmes import services
from youthcop.programmes.models import ProgrammeStaff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Role = ProgrammeStaff.Role


@pytest.fixture(autouse=True)
def needs_chromium():
    import os
    import shutil

    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM}")


def test_a_young_person_messages_the_advisor_who_answers_in_the_admin(live_server, browser, phone, settings):  # noqa: F811
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    programme = ProgrammeFactory(name="Second Wave Anderlecht")
    advisor = programme_staff(programme, Role.YOUTH_ADVISOR)
    advisor.first_name, advisor.last_name = "Nadia", "Benali"
    advisor.save()
    programme_staff(programme, Role.POLICE_ADVISOR)
    amira = ParticipantFactory(programme=programme, first_name="Amira", last_name="Haddad", email="amira@example.net",
                               preferred_language="en")
    token = services.issue_link(amira)

    phone.goto(f"{live_server.url}/youthcop/p/{token}/")
    card = phone.locator("#advisor")
    assert "Your confidential advisor is Nadia Benali." in card.inner_text()
    phone.get_by_label("Your message").fill("Something happened after the last workshop.\nCan we talk?")
    phone.get_by_role("button", name="Send to my advisor").click()
    phone.get_by_text("Your message is sent.").wait_for()
    assert "Can we talk?" in phone.locator("[data-advisor-message=participant]").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling

    (to_advisor,) = mail.outbox
    assert to_advisor.to == [advisor.email] and "workshop" not in to_advisor.body and "Amira" not in to_advisor.body
    thread_link = re.search(r"http\S+/admin/youthcop/advisor/\d+/", to_advisor.body).group(0)

    staff = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    admin = staff.new_page()
    admin.set_default_timeout(15000)
    admin_login(admin, live_server, advisor.username)
    admin.goto(f"{live_server.url}/admin/youthcop/advisor/")
    row = admin.locator("[data-youthcop=advisor-inbox] tr", has_text="Amira Haddad")
    assert "1 unread" in row.inner_text().lower() and "workshop" not in row.inner_text()
    row.get_by_role("link", name="Amira Haddad").click()
    admin.wait_for_url(thread_link)
    assert "Something happened after the last workshop." in admin.locator("[data-advisor-message=participant]").inner_text()
    admin.get_by_label("Your answer").fill("Of course. Tuesday at 16:00 at the youth centre?")
    mail.outbox.clear()
    admin.get_by_role("button", name="Send the answer").click()
    admin.get_by_text("Your answer is sent.").wait_for()
    staff.close()

    (to_amira,) = mail.outbox
    assert to_amira.to == ["amira@example.net"] and "Tuesday" not in to_amira.body
    page_link = re.search(r"http\S+/youthcop/p/\S+/#advisor", to_amira.body).group(0)
    assert token in page_link  # the same personal link: not revoked, not replaced
    phone.goto("about:blank")  # the same URL again would only scroll to #advisor, without loading the page
    phone.goto(page_link)
    assert "Tuesday at 16:00" in phone.locator("[data-advisor-message=advisor]").inner_text()
    assert AdvisorMessage.objects.count() == 2
