"""The facilitators' admin: the charter snippet, adoption, progress, reminders — scoped to their programmes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.charters.factories import group_of
from tests.factories import ProgrammeFactory, programme_staff
from youthcop.charters import services
from youthcop.charters.models import Charter, CharterVersion
from youthcop.programmes.models import ProgrammeStaff

pytestmark = pytest.mark.django_db
NS = "wagtailsnippets_youthcop_charters_charter"


def url(name, *args):
    return reverse(f"{NS}:{name}", args=args)


def sign_all(version, people):
    for person in people:
        services.sign(person, version, typed_name=person.full_name, language="en", method="online", ip=None, user_agent="")


def test_a_facilitator_adopts_and_follows_the_signatures(client, charter, facilitator, group, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(facilitator)
    page = client.get(url("adopt", charter.pk))
    assert page.status_code == 200
    assert "We commit to listen before we judge." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("adopt", charter.pk), {"action": "adopt"})
    assert response.status_code == 302 and response.url == url("signatures", charter.pk)
    version = CharterVersion.objects.get()
    assert len(mailoutbox) == len(group)

    sign_all(version, group[:2])
    page = BeautifulSoup(client.get(url("signatures", charter.pk)).content, "html5lib")
    assert page.select_one('[data-side="youth"] [data-signed-count]').get_text() == "2 / 4"
    assert page.select_one('[data-side="police"] [data-signed-count]').get_text() == "0 / 2"

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("signatures", charter.pk), {"action": "remind"})
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in group[2:])
    assert all("reminder" in m.subject for m in mailoutbox)

    pdf = client.get(url("charter_pdf", charter.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_closing_and_reopening_proposals_from_the_adoption_page(client, charter, facilitator):
    client.force_login(facilitator)
    client.post(url("adopt", charter.pk), {"action": "close"})
    assert not Charter.objects.get().proposals_open
    client.post(url("adopt", charter.pk), {"action": "open"})
    assert Charter.objects.get().proposals_open


def test_an_empty_adoption_is_explained_not_crashed(client, programme, facilitator, locales):
    from tests.charters.factories import charter_for

    empty = charter_for(programme, commitments=[])
    client.force_login(facilitator)
    response = client.post(url("adopt", empty.pk), {"action": "adopt"}, follow=True)
    assert "no commitment yet" in response.content.decode()
    assert not CharterVersion.objects.exists()


def test_staff_of_other_programmes_get_404_everywhere(client, charter, facilitator, group):
    services.adopt_charter(charter, by=facilitator)
    outsider = programme_staff(ProgrammeFactory(), ProgrammeStaff.Role.FACILITATOR)
    youth_worker = programme_staff(charter.programme, ProgrammeStaff.Role.YOUTH_WORKER)
    for user in (outsider, youth_worker):
        client.force_login(user)
        for name in ("adopt", "signatures", "charter_pdf"):
            assert client.get(url(name, charter.pk)).status_code == 404, (user, name)
        assert client.get(url("in_person", charter.pk, group[0].pk)).status_code == 404
    client.force_login(outsider)
    for name in ("edit", "history", "delete"):
        assert client.get(url(name, charter.pk)).status_code == 404, name
    assert "Our charter" not in client.get(url("list")).content.decode()


def test_the_charter_snippet_is_edited_with_revisions_and_its_programme_is_scoped(client, programme, facilitator, locales):
    other = ProgrammeFactory(name="Not mine")
    client.force_login(facilitator)
    form = client.get(url("add")).content.decode()
    assert programme.name in form and "Not mine" not in form
    response = client.post(
        url("add"),
        {
            "programme": programme.pk,
            "title": "Our charter",
            "preamble": "",
            "closing": "",
            "commitments-count": "1",
            "commitments-0-type": "commitment",
            "commitments-0-value": "We commit to listen.",
            "commitments-0-deleted": "",
            "commitments-0-order": "0",
            "commitments-0-id": "",
            "locale": "en",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    charter = Charter.objects.get()
    assert charter.programme == programme and not charter.live  # saved as a draft
    assert charter.latest_revision is not None
    response = client.post(url("add"), {"programme": other.pk, "title": "x", "commitments-count": "0"})
    assert response.status_code == 200 and Charter.objects.count() == 1


def test_the_signatures_page_does_not_issue_more_queries_as_the_group_grows(client, charter, facilitator):
    client.force_login(facilitator)
    version = services.adopt_charter(charter, by=facilitator)
    counts = []
    for size in (1, 15):
        people = group_of(charter.programme, youth=size, police=size)
        sign_all(version, people[::2])
        client.get(url("signatures", charter.pk))  # warm the per-process caches (sites, locales) first
        with CaptureQueriesContext(connection) as signatures_page:
            assert client.get(url("signatures", charter.pk)).status_code == 200
        with CaptureQueriesContext(connection) as listing:
            assert client.get(url("list")).status_code == 200
        counts.append((len(signatures_page), len(listing)))
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 30


def test_revisions_of_the_draft_are_compared_and_locked_only_by_its_facilitators(client, charter, facilitator, group):
    charter.save_revision(user=facilitator)
    first = charter.latest_revision
    services.accept_proposal(services.propose(group[0], "We commit to cook together."), by=facilitator)
    charter.refresh_from_db()
    second = charter.latest_revision
    compare = reverse(f"{NS}:revisions_compare", args=[charter.pk, first.pk, second.pk])
    revert = reverse(f"{NS}:revisions_revert", args=[charter.pk, first.pk])

    client.force_login(facilitator)
    page = client.get(compare)
    assert page.status_code == 200 and "We commit to cook together." in page.content.decode()
    assert client.get(url("history", charter.pk)).status_code == 200
    assert client.get(revert).status_code == 200

    outsider = programme_staff(ProgrammeFactory(), ProgrammeStaff.Role.FACILITATOR)
    client.force_login(outsider)
    for denied in (compare, revert, url("lock", charter.pk)):
        assert client.get(denied).status_code == 404, denied
    assert client.post(url("lock", charter.pk)).status_code == 404
    assert not Charter.objects.get(pk=charter.pk).locked

    client.force_login(facilitator)
    client.post(url("lock", charter.pk))
    assert Charter.objects.get(pk=charter.pk).locked_by == facilitator


def test_the_programme_admin_page_shows_signing_progress_per_side_to_its_facilitators(client, charter, facilitator, group):
    version = services.adopt_charter(charter, by=facilitator)
    sign_all(version, [group[0], group[4]])  # one young person, one officer
    inspect = reverse("youthcop_admin_programmes:inspect", args=[charter.programme.pk])
    client.force_login(facilitator)
    section = BeautifulSoup(client.get(inspect).content, "html5lib").select_one('[data-youthcop="programme-charter"]')
    assert section.select_one('[data-side="youth"]').get_text(strip=True) == "Young person: 1 of 4 signed"
    assert section.select_one('[data-side="police"]').get_text(strip=True) == "Police officer: 1 of 2 signed"
    assert section.select_one(f'a[href="{url("signatures", charter.pk)}"]')

    youth_worker = programme_staff(charter.programme, ProgrammeStaff.Role.YOUTH_WORKER)
    client.force_login(youth_worker)
    page = client.get(inspect)
    assert page.status_code == 200  # youth workers see the programme, not the charter's follow-up
    assert not BeautifulSoup(page.content, "html5lib").select('[data-youthcop="programme-charter"]')
