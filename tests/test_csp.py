"""Content-Security-Policy: a strict policy on public and personal pages, the admin's own, and pages that obey it."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.charters.factories import charter_for, link_for
from tests.factories import ParticipantFactory, ProgrammeFactory, UserFactory, programme_staff
from tests.pages.factories import make_index, make_programme_page
from tests.sessions.factories import SessionFactory
from youthcop.charters import services as charter_services
from youthcop.programmes import services
from youthcop.programmes.models import Participant, PersonalLink, ProgrammeStaff

pytestmark = pytest.mark.django_db


def policy(response):
    """The response's Content-Security-Policy as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict(response):
    directives = policy(response)
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[directive], directive
        assert "'unsafe-eval'" not in directives[directive], directive
        assert "'self'" in directives[directive]
    assert directives["object-src"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]


def inline_code(response):
    """What a strict policy would block in the page: inline scripts without a nonce, handlers, style attributes."""
    soup = BeautifulSoup(response.content, "html5lib")
    found = []
    for script in soup.find_all("script"):
        data_only = script.get("type", "").lower() in ("application/json", "application/ld+json", "text/template")
        if not script.get("src") and not script.get("nonce") and not data_only:
            found.append(str(script)[:120])
    for style in soup.find_all("style"):
        if not style.get("nonce"):
            found.append(str(style)[:120])
    for element in soup.find_all(True):
        for attribute in element.attrs:
            if attribute == "style" or attribute.lower().startswith("on"):
                found.append(f"<{element.name} {attribute}={element.attrs[attribute]!r}>")
        if element.get("href", "").strip().lower().startswith("javascript:"):
            found.append(f"<{element.name} href={element['href']!r}>")
    return found


def test_public_pages_send_the_strict_policy_and_run_no_inline_code(client):
    programme = ProgrammeFactory(name="Second Wave Brussels-North")
    page = make_programme_page(programme, parent=make_index())
    for url in ["/en/", page.url, reverse("youthcop_certificates:verify_form")]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_strict(response)
        assert inline_code(response) == [], url


def test_personal_pages_send_the_strict_policy_and_run_no_inline_code(client):
    programme = ProgrammeFactory()
    participant = ParticipantFactory(programme=programme)
    charter = charter_for(programme)
    charter_services.adopt_charter(charter, by=programme_staff(programme, ProgrammeStaff.Role.FACILITATOR))
    SessionFactory(programme=programme)
    token = link_for(participant)
    minor = ParticipantFactory(programme=programme, status=Participant.Status.AWAITING_CONSENT)
    urls = [
        services.participant_page_url(token),
        reverse("youthcop_charters:charter", args=[token]),
        services.guardian_consent_url(services.issue_link(minor, PersonalLink.Purpose.GUARDIAN)),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
        assert inline_code(response) == [], url
    # A bad link's 404 page carries the policy too, and obeys it.
    missing = client.get(services.participant_page_url("x" * 54))
    assert missing.status_code == 404
    assert_strict(missing)
    assert inline_code(missing) == []


def test_the_admin_has_its_own_policy_without_a_nonce_that_would_void_it(client):
    staff = UserFactory(is_superuser=True)
    client.force_login(staff)
    directives = policy(client.get(reverse("wagtailadmin_home")))
    # Wagtail's date choosers and InlinePanels are set up by inline scripts (see the settings).
    assert "'unsafe-inline'" in directives["script-src"] and "'unsafe-inline'" in directives["style-src"]
    assert not any(source.startswith("'nonce-") for source in directives["script-src"] + directives["style-src"])
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'self'"]
    assert "'unsafe-eval'" not in directives["script-src"]


def test_youthcops_admin_pages_would_obey_the_strict_policy_too(client):
    """Only Wagtail's own widgets need the admin's exceptions: youthcop's pages write no inline code."""
    programme = ProgrammeFactory()
    facilitator = programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)
    participant = ParticipantFactory(programme=programme)
    session = SessionFactory(programme=programme)
    charter = charter_for(programme)
    charter_services.adopt_charter(charter, by=facilitator)
    client.force_login(facilitator)
    urls = [
        reverse("wagtailadmin_home"),
        reverse("youthcop_admin_sessions:attendance", args=[session.pk]),
        reverse("youthcop_admin_sessions:programme", args=[programme.pk]),
        reverse("wagtailsnippets_youthcop_charters_charter:in_person", args=[charter.pk, participant.pk]),
        reverse("youthcop_admin_participants:index"),
        reverse("youthcop_admin_programmes:inspect", args=[programme.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response) == [], url
