"""On a phone: a young person rates last night's workshop in one tap, adds a line, then says "I can't come" and takes it back."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.browser.conftest import browser, phone  # noqa: F401  (the browser tests' fixtures)
from tests.factories import ParticipantFactory, ProgrammeFactory, programme_staff
from tests.feedback.factories import SessionFactory, ended_hours_ago
from youthcop.feedback.models import Rating
from youthcop.programmes import services as programme_services
from youthcop.programmes.models import ProgrammeStaff
from youthcop.sessions.models import Attendance


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_rating_a_workshop_and_saying_i_cannot_come_on_a_phone(phone, live_server, settings):  # noqa: F811
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    programme = ProgrammeFactory()
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    sam = ParticipantFactory(programme=programme, first_name="Samira", last_name="Haddad")
    last_night = ended_hours_ago(programme, hours=12, title="Workshop 3: Trust and respect")
    start = timezone.now() + datetime.timedelta(days=5)
    coming = SessionFactory(programme=programme, title="Workshop 4: Our neighbourhood", starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    coming.facilitators.add(facilitator)
    token = programme_services.issue_link(sam)

    phone.goto(f"{live_server.url}/youthcop/p/{token}/")
    card = phone.locator("[data-youthcop=feedback]")
    card.get_by_text("How was the workshop?").wait_for()
    good = card.get_by_role("button", name="Good", exact=True)
    box = good.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300  # a big target, full width on a phone
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    good.click()
    phone.get_by_text("Thank you: your answer “Good” for Workshop 3: Trust and respect is saved.").wait_for()
    pressed = card.locator("button[aria-pressed=true]")
    assert pressed.count() == 1 and pressed.get_attribute("value") == "4"  # marked ✓ (the words, not a colour)
    rating = Rating.objects.get()
    assert (rating.session, rating.participant, rating.score, rating.comment) == (last_night, sam, 4, "")

    card.get_by_label("One line to add (optional)").fill("The role play about stop and search was strong.")
    card.get_by_role("button", name="Save my line").click()
    phone.get_by_text("Thank you: your answer “Good”").wait_for()
    rating.refresh_from_db()
    assert (rating.score, rating.comment) == (4, "The role play about stop and search was strong.")
    assert Rating.objects.count() == 1

    phone.get_by_role("button", name="I can't come — Workshop 4: Our neighbourhood").click()
    phone.get_by_text("Noted: you cannot come to Workshop 4: Our neighbourhood").wait_for()
    assert Attendance.objects.get(session=coming, participant=sam).status == "excused"
    (message,) = mail.outbox
    assert message.to == [facilitator.email] and "Samira Haddad cannot come" in message.subject

    phone.get_by_role("button", name="I can come after all — Workshop 4: Our neighbourhood").click()
    phone.get_by_text("Noted: you can come to Workshop 4: Our neighbourhood").wait_for()
    assert not Attendance.objects.filter(session=coming).exists()
    assert len(mail.outbox) == 2 and "after all" in mail.outbox[1].subject
    phone.get_by_role("button", name="I can't come — Workshop 4: Our neighbourhood").wait_for()
