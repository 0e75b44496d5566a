"""Bulk actions on the participants list: send links, QR slips on A4, export; each only where the user may."""

import csv
import io
import re
import subprocess

import pytest
from PIL import Image
from django.urls import reverse
from wagtail.log_actions import registry as log_registry

from tests.factories import ParticipantFactory, ProgrammeFactory, enrol_participant, officer, programme_staff, staff_user
from youthcop.core import roles
from youthcop.privacy.audit import LISTED
from youthcop.programmes import services
from youthcop.programmes.models import Participant, PersonalLink, ProgrammeStaff

Role = ProgrammeStaff.Role
INDEX = reverse("youthcop_admin_participants:index")


def bulk_url(action, participants, **params):
    query = "&".join(f"id={participant.pk}" for participant in participants)
    extra = "".join(f"&{key}={value}" for key, value in params.items())
    return reverse("wagtail_bulk_action", args=["youthcop_programmes", "participant", action]) + f"?{query}&next={INDEX}{extra}"


def messages_of(response):
    return [str(message).split("\n")[0].strip() for message in response.context["messages"]]


@pytest.fixture
def worker(programme):
    return programme_staff(programme, Role.YOUTH_WORKER)


def test_send_links_emails_those_with_an_address_and_says_who_was_skipped(
    client, programme, worker, mailoutbox, django_capture_on_commit_callbacks
):
    with_email = ParticipantFactory(programme=programme, registered_by=worker, first_name="Ana", last_name="Mail")
    without = ParticipantFactory(programme=programme, registered_by=worker, first_name="Bo", last_name="Nomail", email="")
    withdrawn = ParticipantFactory(
        programme=programme, registered_by=worker, first_name="Cy", last_name="Gone", status=Participant.Status.WITHDRAWN
    )
    client.force_login(worker)
    url = bulk_url("send_links", [with_email, without, withdrawn])

    preview = client.get(url)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Ana Mail" in text and "Bo Nomail: no email address" in text and "Cy Gone: withdrawn" in text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert [mail.to for mail in mailoutbox] == [["ana@example.net"]]
    assert services.live_link(with_email) is not None
    said = messages_of(response)
    assert "Skipped: Cy Gone (withdrawn); Bo Nomail (no email address)." in said
    assert "The personal link was sent to 1 participant." in said


def test_a_bulk_action_refuses_participants_the_user_may_not_act_on(
    client, programme, worker, mailoutbox, django_capture_on_commit_callbacks
):
    mine = ParticipantFactory(programme=programme, registered_by=worker, first_name="Mine", last_name="Own")
    advisor = programme_staff(programme, Role.YOUTH_ADVISOR)  # sees the youth group, may not send their links
    seen_only = ParticipantFactory(programme=programme, registered_by=advisor, first_name="Seen", last_name="Only")
    elsewhere = ParticipantFactory(programme=ProgrammeFactory(), first_name="Far", last_name="Away")
    client.force_login(worker)

    # Someone else's programme: not even named.
    assert client.get(bulk_url("send_links", [elsewhere])).status_code == 404
    assert client.get(bulk_url("send_links", []) + "&id=x").status_code == 404
    url = bulk_url("send_links", [mine, elsewhere])
    preview = client.get(url).content.decode()
    assert "Far Away" not in preview

    client.force_login(advisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url("send_links", [seen_only, mine]))
    assert response.status_code != 200 and mailoutbox == []  # advisors have no permission to send links at all

    # A youth worker of another organisation sees neither; a facilitator may act on both.
    facilitator = programme_staff(programme, Role.FACILITATOR)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("send_links", [seen_only, mine]))
    assert sorted(mail.to[0] for mail in mailoutbox) == ["mine@example.net", "seen@example.net"]


def test_police_staff_cannot_send_a_young_persons_link(client, programme, mailoutbox, django_capture_on_commit_callbacks):
    police_coordinator = staff_user(roles.COORDINATOR, organisation=programme.police_zone)
    ProgrammeStaff.objects.create(programme=programme, user=police_coordinator, role=Role.COORDINATOR)
    young = ParticipantFactory(programme=programme, first_name="Yara", last_name="Young")
    cop = officer(programme=programme, first_name="Otto", last_name="Officer", email="otto@example.net")
    client.force_login(police_coordinator)
    url = bulk_url("send_links", [young, cop])
    preview = client.get(url).content.decode()
    assert "Yara Y." in preview and "Young" not in preview  # refused, and named as police staff know her
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert [mail.to for mail in mailoutbox] == [["otto@example.net"]]


def test_select_all_in_the_list_follows_its_filters(client, programme, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    officer(programme=programme, email="cop@example.net")
    ParticipantFactory(programme=programme, email="young@example.net")
    ParticipantFactory(programme=ProgrammeFactory(), email="elsewhere@example.net")
    client.force_login(coordinator)
    url = reverse("wagtail_bulk_action", args=["youthcop_programmes", "participant", "send_links"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}?side=police&id=all&next={INDEX}")
    assert [mail.to for mail in mailoutbox] == [["cop@example.net"]]


def test_qr_slips_on_a4_with_each_persons_link(client, programme, worker, tmp_path):
    people = [
        ParticipantFactory(programme=programme, registered_by=worker, first_name=f"Slip{i}", last_name="Person")
        for i in range(9)
    ]
    gone = ParticipantFactory(
        programme=programme, registered_by=worker, first_name="Gone", last_name="Away", status=Participant.Status.WITHDRAWN
    )
    existing = services.issue_link(people[0])
    client.force_login(worker)
    response = client.post(bulk_url("print_qr_slips", [*people, gone]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "slips.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert len([page for page in pages if page.strip()]) == 2  # eight slips to a page
    for person in people:
        assert person.full_name in text
    assert "Gone Away" not in text
    assert programme.name in text
    # The first person's slip carries the link they already had: saved links keep working.
    # Line ends may lose a hyphen in the extracted text: compare without them.
    flat = re.sub(r"[\s-]+", "", text)
    assert existing.replace("-", "") in flat
    for person in people:
        token = services.live_link(person).token()
        assert token.replace("-", "") in flat
        assert log_registry.get_logs_for_instance(person).filter(action="youthcop.link.printed").exists()
    assert PersonalLink.objects.filter(participant=gone).count() == 0


def test_qr_slips_reads_back_the_qr_code(client, programme, worker, tmp_path):
    zxing = pytest.importorskip("zxingcpp")
    person = ParticipantFactory(programme=programme, registered_by=worker)
    client.force_login(worker)
    response = client.post(bulk_url("print_qr_slips", [person]))
    (tmp_path / "slip.pdf").write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", tmp_path / "slip.pdf", tmp_path / "slip"], check=True)
    [code] = zxing.read_barcodes(Image.open(tmp_path / "slip.png"))
    assert code.text.endswith(services.participant_page_url(services.live_link(person).token()))


def test_export_of_the_selected_rows_is_audited(client, programme, coordinator):
    chosen = ParticipantFactory(programme=programme, first_name="Chosen", last_name="One")
    ParticipantFactory(programme=programme, first_name="Not", last_name="Chosen")
    client.force_login(coordinator)
    response = client.post(bulk_url("export", [chosen]), {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(row["First name"], row["Last name"]) for row in rows] == [("Chosen", "One")]
    entries = log_registry.get_logs_for_instance(chosen).filter(action=LISTED)
    assert entries.count() == 1


def test_police_staff_export_young_people_by_first_name_and_initial(client, programme):
    police_coordinator = staff_user(roles.COORDINATOR, organisation=programme.police_zone)
    ProgrammeStaff.objects.create(programme=programme, user=police_coordinator, role=Role.COORDINATOR)
    young = enrol_participant(programme, first_name="Yara", last_name="Zander").participant
    client.force_login(police_coordinator)
    response = client.post(bulk_url("export", [young]), {"format": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Yara,Z.," in content and "Zander" not in content
