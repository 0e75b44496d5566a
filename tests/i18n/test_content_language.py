"""Every public and participant page of the demo reads in its language.

Each page is rendered in English (the original) and in French, Dutch and
German; a text of two words or more that shows identically on the English page
and on another language's page is a leak of the original — beyond proper
names (people, venues, addresses) and what is marked as being in another
language (the language switch's "Nederlands" on a French page).
"""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from wagtail.models import Page

from youthcop.charters.models import Proposal, ProposalComment
from youthcop.programmes.models import Organisation, Participant, PersonalLink
from youthcop.sessions.models import Session

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "nl", "de")
# The example site's street, named in French in French and German (Brussels streets are bilingual: Dutch has
# its own name, which the Dutch catalogue gives).
KEPT = {"Rue Royale Sainte-Marie 1, 1030 Schaerbeek"}
WORD = re.compile(r"[^\W\d_]{2,}")


def texts(html, language):
    """The page's visible texts in ``language`` (normalised), leaving out what is marked as in another one."""
    soup = BeautifulSoup(html, "html5lib")
    for element in soup(["script", "style", "template", "head"]):
        element.decompose()
    found = set()
    for node in soup.find_all(string=True):
        text = " ".join(node.split())
        if len(WORD.findall(text)) < 2:
            continue
        marked = node.find_parent(attrs={"lang": True})
        if marked is not None and marked["lang"].split("-")[0] != language:
            continue
        found.add(text)
    return found


def kept_as_written():
    """Texts no one translates, longest first: people's names, venues and their addresses, associations' names
    (police zones have an official name per language; an association has one), and what participants wrote
    themselves (charter proposals and their comments)."""
    names = set(KEPT)
    names |= set(Organisation.objects.exclude(kind=Organisation.Kind.POLICE_ZONE).values_list("name", flat=True))
    for participant in Participant.objects.all():
        names |= {participant.full_name, participant.first_name}
    for user in get_user_model().objects.all():
        names |= {user.get_full_name(), user.get_username()}
    for session in Session.objects.all():
        names |= {session.venue_name, *session.venue_address.splitlines()}
    names |= set(Proposal.objects.values_list("text", flat=True))
    names |= set(ProposalComment.objects.values_list("text", flat=True))
    return sorted({" ".join(name.split()) for name in names if name}, key=len, reverse=True)


def leaks(english, other):
    """The texts of ``other`` (a response) that are also on the English page and are not kept as written."""
    kept = kept_as_written()
    found = []
    for text in sorted(texts(other.content.decode(), other.language) & english):
        rest = text
        for name in kept:
            rest = rest.replace(name, " ")
        if "@" not in rest and len(WORD.findall(rest)) >= 2:  # an email address is a name too
            found.append(text)
    return found


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module's tests and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):  # links emailed, translations published
            call_command("youthcop_demo", "--allow-without-debug", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def get(client, url, language):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    response.language = language
    return response


def test_every_public_page_exists_and_reads_in_every_language(demo, client):
    problems = []
    pages = Page.objects.live().filter(depth__gt=1).select_related("locale").specific()
    by_key = {}
    for page in pages:
        by_key.setdefault(page.translation_key, {})[page.locale.language_code] = page
    assert by_key
    for translations in by_key.values():
        original = translations.get("en")
        if original is None:
            continue
        missing = [language for language in LANGUAGES if language not in translations]
        if missing:
            problems.append(f"{original.url}: no live page in {', '.join(missing)}")
        english = texts(get(client, original.url, "en").content.decode(), "en")
        for language in LANGUAGES:
            if language in translations:
                page = get(client, translations[language].url, language)
                problems += [f"{page.request['PATH_INFO']}: {text!r}" for text in leaks(english, page)]
    assert not problems, "\n".join(problems)


def participant_urls(client, token):
    """The participant's home and every page of theirs it links to (not files: calendars, PDFs)."""
    home = f"/youthcop/p/{token}/"
    html = client.get(home).content.decode()
    urls = {home}
    for link in BeautifulSoup(html, "html5lib").select("a[href]"):
        path = urlsplit(link["href"]).path
        if token in path and not path.endswith((".ics", ".pdf", ".zip")) and "/language/" not in path:
            urls.add(path)
    return sorted(urls)


def test_every_participant_page_reads_in_the_participants_language(demo, client):
    link = (
        PersonalLink.objects.live()
        .filter(purpose=PersonalLink.Purpose.PARTICIPANT, selector__isnull=False)
        .select_related("participant")
        .order_by("pk")
        .first()
    )
    participant, token = link.participant, link.token()
    participant.preferred_language = "en"
    participant.save()
    urls = participant_urls(client, token)
    assert len(urls) >= 3, urls  # home, sessions, charter at least
    english = {url: texts(get(client, url, "en").content.decode(), "en") for url in urls}
    problems = []
    for language in LANGUAGES:
        participant.preferred_language = language
        participant.save()
        for url in urls:
            problems += [f"{language} {url}: {text!r}" for text in leaks(english[url], get(client, url, language))]
    assert not problems, "\n".join(problems)
