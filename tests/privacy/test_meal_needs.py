"""Meal needs are special-category data, said and handled as such (README rule 6, GDPR art. 9).

Recorded only with explicit consent (the guardian's for a minor), shown to
facilitators only as counts, deleted when the programme ends, in the subject
access export and the processing register, never in a spreadsheet export.
"""

import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.privacy.conftest import Role
from tests.programmes.test_admin import registration
from youthcop.privacy.models import AuditLogEntry
from youthcop.privacy.erasure import anonymise_participant
from youthcop.privacy.register import FORBIDDEN, processing_register
from youthcop.privacy.retention import anonymise_due_participants
from youthcop.programmes import services
from youthcop.programmes.models import GuardianConsent, Participant, Programme
from youthcop.sessions.models import Session

pytestmark = pytest.mark.django_db

ADD = "youthcop_admin_participants:add"


def minor_birth(programme):
    return programme.start_date.replace(year=programme.start_date.year - 15).isoformat()


def form_errors(response):
    return " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)


@pytest.fixture
def worker(people):
    return people["staff"][Role.YOUTH_WORKER]


def register(client, people, **overrides):
    client.force_login(people["staff"][Role.YOUTH_WORKER])
    data = registration(people["programme"], people["staff"][Role.YOUTH_WORKER].youthcop_profile.organisation, **overrides)
    return client.post(reverse(ADD), data)


def test_a_minors_meal_needs_need_the_guardians_consent(client, people):
    """With the consent link still to answer, a minor's meal needs are refused, and say why."""
    response = register(
        client, people, first_name="Nour", date_of_birth=minor_birth(people["programme"]), dietary_needs=["halal"],
        guardian_name="Samira B.", guardian_email="samira@example.net", meal_needs_consent="on",
    )
    assert response.status_code == 200
    assert "guardian's explicit consent" in form_errors(response)
    assert not Participant.objects.filter(first_name="Nour").exists()


def test_a_minor_registered_with_the_guardians_paper_consent_to_meal_needs(client, people):
    response = register(
        client, people, first_name="Nour", date_of_birth=minor_birth(people["programme"]), dietary_needs=["halal"],
        guardian_name="Samira B.", guardian_email="samira@example.net", consent_method="paper",
        paper_form_date=timezone.localdate().isoformat(), paper_meal_needs="on",
    )
    assert response.status_code == 302, form_errors(response)
    nour = Participant.objects.get(first_name="Nour")
    assert nour.dietary_needs == ["halal"]
    assert (nour.meal_needs_consent_by, bool(nour.meal_needs_consent_at)) == ("guardian", True)
    assert nour.consent.meal_needs and nour.consent.method == GuardianConsent.Method.PAPER


def test_an_adults_meal_needs_need_their_own_explicit_consent(client, people):
    response = register(client, people, first_name="Sami", dietary_needs=["vegetarian", "halal"])
    assert "person's explicit consent" in form_errors(response)
    response = register(client, people, first_name="Sami", dietary_needs=["vegetarian", "halal"], meal_needs_consent="on")
    assert response.status_code == 302, form_errors(response)
    sami = Participant.objects.get(first_name="Sami")
    assert (sami.dietary_needs, sami.meal_needs_consent_by) == (["vegetarian", "halal"], "participant")


def test_the_service_refuses_needs_without_consent(people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.enrol(
            people["programme"], registered_by=None, side="youth", first_name="Ines", last_name="K",
            date_of_birth=datetime.date(1990, 1, 1), organisation=people["young"].organisation, dietary_needs=["kosher"],
        )


def test_the_guardian_decides_online_and_a_refusal_deletes_the_needs(people):
    young = people["young"]  # a minor with ["halal"]
    services.record_consent(young, participation=True, photos=False, meal_needs=True, method="online")
    young.refresh_from_db()
    assert (young.dietary_needs, young.meal_needs_consent_by) == (["halal"], "guardian")
    services.record_consent(young, participation=True, photos=False, meal_needs=False, method="online")
    young.refresh_from_db()
    assert (young.dietary_needs, young.meal_needs_consent_by, young.meal_needs_consent_at) == ([], "", None)


def test_the_guardians_page_asks_for_it_and_records_the_answer(client, people):
    from youthcop.programmes.models import PersonalLink

    young = people["young"]
    url = services.guardian_consent_url(services.issue_link(young, PersonalLink.Purpose.GUARDIAN))
    page = client.get(url).content.decode()
    assert 'name="meal_needs"' in page and "only how many meals of each kind" in page
    client.post(url, {"participation": "yes", "meal_needs": "on"})
    young.refresh_from_db()
    assert young.consent.meal_needs and young.meal_needs_consent_by == "guardian"
    client.post(url, {"participation": "yes"})
    young.refresh_from_db()
    assert young.dietary_needs == [] and not young.consent.meal_needs


def test_facilitators_see_counts_never_a_persons_needs(client, people):
    facilitator = people["staff"][Role.FACILITATOR]
    young = people["young"]
    client.force_login(facilitator)
    inspect = client.get(reverse("youthcop_admin_participants:inspect", args=[young.pk])).content.decode()
    edit = client.get(reverse("youthcop_admin_participants:edit", args=[young.pk])).content.decode()
    assert "Zephyrine" in inspect and "Halal" not in inspect and "halal" not in inspect
    assert "dietary_needs" not in edit and "halal" not in edit
    start = timezone.now() + datetime.timedelta(days=3)
    session = Session.objects.create(
        programme=people["programme"], title="Workshop with a meal", starts_at=start,
        ends_at=start + datetime.timedelta(hours=3), shared_meal=True,
    )
    page = client.get(reverse("youthcop_admin_sessions:inspect", args=[session.pk])).content.decode()
    assert "Halal: 1" in page and "Zephyrine" not in page.split('data-youthcop="dietary"')[1].split("</ul>")[0]
    # The youth worker and the coordinator see the person's own needs.
    for role in (Role.YOUTH_WORKER, Role.COORDINATOR):
        client.force_login(people["staff"][role])
        assert "Halal" in client.get(reverse("youthcop_admin_participants:inspect", args=[young.pk])).content.decode()


def test_a_facilitator_saving_the_form_keeps_the_needs(client, people):
    young = people["young"]
    client.force_login(people["staff"][Role.FACILITATOR])
    url = reverse("youthcop_admin_participants:edit", args=[young.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(first_name="Zephy")
    assert client.post(url, data).status_code == 302
    young.refresh_from_db()
    assert (young.first_name, young.dietary_needs) == ("Zephy", ["halal"])


def test_they_are_deleted_when_the_programme_is_completed(people):
    programme, young = people["programme"], people["young"]
    programme.status = Programme.Status.COMPLETED
    programme.save()
    young.refresh_from_db()
    assert young.dietary_needs == [] and young.email, "the needs go now; the rest after the retention period"
    entry = AuditLogEntry.objects.get(action="youthcop.meal_needs.deleted")
    assert entry.object_id == programme.pk and entry.data["participants"] == 1


def test_they_are_deleted_the_day_after_the_end_date_by_the_daily_job(people):
    programme, young = people["programme"], people["young"]
    assert programme.status != Programme.Status.COMPLETED
    anonymise_due_participants(today=programme.end_date)
    young.refresh_from_db()
    assert young.dietary_needs == ["halal"], "not before the programme ends"
    anonymise_due_participants(today=programme.end_date + datetime.timedelta(days=1))
    young.refresh_from_db()
    assert young.dietary_needs == [] and young.anonymised_at is None


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_never_in_a_spreadsheet_export(client, people, export_format):
    young = people["young"]
    Participant.objects.filter(pk=young.pk).update(dietary_needs=["kosher"])
    client.force_login(people["staff"][Role.COORDINATOR])
    response = client.get(reverse("youthcop_admin_participants:index") + f"?export={export_format}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "xlsx":
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        content = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row).encode()
    assert b"Quackenbush" in content
    assert b"kosher" not in content.lower() and b"dietary" not in content.lower()


def test_the_subject_access_export_says_what_and_why(client, people):
    young = people["young"]
    services.record_consent(young, participation=True, photos=False, meal_needs=True, method="online")
    client.force_login(people["staff"][Role.COORDINATOR])
    data = json.loads(client.get(reverse("youthcop_admin_privacy:export", args=[young.pk, "json"])).content)
    section = data["meal_needs_for_shared_meals"]
    assert section["needs"] == ["Halal"] and section["explicit_consent_given_by"] == "The guardian"
    assert section["explicit_consent_given_at"] and "special-category" in section["how_they_are_handled"]
    pdf = client.get(reverse("youthcop_admin_privacy:export", args=[young.pk, "pdf"]))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Meal needs for shared meals" in text and "special-category" in text and "The guardian" in text


def test_the_processing_register_says_it_honestly(client, people):
    rows = processing_register()
    [row] = [row for row in rows if "Meal needs" in row["data"]]
    assert "special-category" in row["data"] and "Explicit consent" in row["basis"]
    assert "guardian" in row["basis"] and "programme ends" in row["retention"]
    assert "only the number" in row["access"]
    assert "never recorded" not in str(FORBIDDEN)
    client.force_login(people["staff"][Role.COORDINATOR])
    page = client.get(reverse("youthcop_admin_privacy:register")).content.decode()
    assert "special-category" in page and "explicit consent" in page


def test_anonymisation_removes_them_and_their_consent(people):
    young = people["young"]
    services.record_consent(young, participation=True, photos=False, meal_needs=True, method="online")
    anonymise_participant(young)
    young.refresh_from_db()
    assert (young.dietary_needs, young.meal_needs_consent_by, young.meal_needs_consent_at) == ([], "", None)
