"""Staff see the evaluation as aggregates only: no role links an answer to a name; small figures are withheld."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from tests.certificates.helpers import pdftotext
from tests.evaluation.factories import answer_in, before_and_after, group, past_round
from tests.factories import UserFactory, programme_staff
from tests.translating import translate
from youthcop.evaluation import services
from youthcop.evaluation.models import Pseudonym, QuestionnaireItem, RoundKind
from youthcop.programmes import wording
from youthcop.programmes.models import ProgrammeStaff, ProgrammeText

pytestmark = pytest.mark.django_db
Role = ProgrammeStaff.Role
STATEMENT = "I trust people from the other group."


def urls(programme):
    return {
        "results": reverse("youthcop_evaluation_admin:results", args=[programme.pk]),
        "pdf": reverse("youthcop_evaluation_admin:results_pdf", args=[programme.pk]),
        "rounds": reverse("youthcop_evaluation_admin:rounds", args=[programme.pk]),
        "overview": reverse("youthcop_admin_programmes:inspect", args=[programme.pk]),
    }


@pytest.fixture
def answered(programme):
    young, officers, before, after = before_and_after(programme, youth=6, police=6)
    staff = {role: programme_staff(programme, role) for role in Role}
    staff["superuser"] = UserFactory(is_superuser=True, is_staff=True)
    return {"programme": programme, "young": young, "officers": officers, "staff": staff, "before": before}


def names(people):
    return [person.first_name for person in people] + [person.last_name for person in people]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR, "superuser"])
def test_results_pages_show_aggregates_and_no_name(client, answered, role):
    client.force_login(answered["staff"][role])
    people = answered["young"] + answered["officers"]
    pseudonyms = [str(pk) for pk in Pseudonym.objects.values_list("pk", flat=True)]
    for key in ("results", "rounds", "overview"):
        page = client.get(urls(answered["programme"])[key])
        assert page.status_code == 200, key
        html = page.content.decode()
        for word in names(people) + pseudonyms:
            assert word not in html, (key, word)
    html = client.get(urls(answered["programme"])["results"]).content.decode()
    assert STATEMENT in html and 'data-youthcop="evaluation-chart-youth"' in html
    assert "2.00" in html and "4.00" in html  # before and after means
    pdf = client.get(urls(answered["programme"])["pdf"])
    assert pdf["Content-Type"] == "application/pdf"
    text = pdftotext(pdf.content)
    for word in names(people) + pseudonyms:
        assert word not in text


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR, Role.YOUTH_WORKER, Role.YOUTH_ADVISOR, Role.POLICE_ADVISOR, "superuser"])
def test_a_participants_own_admin_pages_and_export_show_no_answer(client, answered, role):
    """Where staff do see the name — the participant's page, history, subject access export — no answer appears."""
    client.force_login(answered["staff"][role])
    young = answered["young"][0]
    pages = [
        reverse("youthcop_admin_participants:inspect", args=[young.pk]),
        reverse("youthcop_admin_participants:history", args=[young.pk]),
        reverse("youthcop_admin_participants:index") + "?export=csv",
        reverse("youthcop_admin_privacy:export", args=[young.pk, "json"]),
    ]
    pseudonym = str(Pseudonym.objects.get(participant=young).pk)
    for url in pages:
        response = client.get(url)
        if response.status_code != 200:
            continue  # this role may not see it at all
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        assert STATEMENT not in text and pseudonym not in text, url
        assert "Strongly" not in text
    export = client.get(reverse("youthcop_admin_privacy:export", args=[young.pk, "json"]))
    if export.status_code == 200:
        data = json.loads(export.content)
        assert set(data["evaluation_questionnaire"][0]) == {"round", "you_answered_on"}


@pytest.mark.parametrize("role", [Role.YOUTH_WORKER, Role.YOUTH_ADVISOR, Role.POLICE_ADVISOR])
def test_roles_without_reports_reach_no_result(client, answered, role):
    client.force_login(answered["staff"][role])
    for key in ("results", "pdf", "rounds"):
        assert client.get(urls(answered["programme"])[key]).status_code == 404, key
    assert 'data-youthcop="programme-evaluation"' not in client.get(urls(answered["programme"])["overview"]).content.decode()


def test_staff_of_another_programme_reach_nothing(client, answered):
    from tests.factories import ProgrammeFactory

    stranger = programme_staff(ProgrammeFactory(), Role.COORDINATOR)
    client.force_login(stranger)
    for key in ("results", "pdf", "rounds"):
        assert client.get(urls(answered["programme"])[key]).status_code == 404


def test_no_admin_url_lists_pseudonyms_or_responses():
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    routes = " ".join(walk(get_resolver().url_patterns)).lower()
    assert "pseudonym" not in routes and "response" not in routes


def test_figures_under_five_are_withheld_on_the_page_and_in_the_pdf(client, programme):
    young, officers = group(programme, youth=6, police=4)
    before = past_round(programme, RoundKind.BEFORE, 300)
    after = past_round(programme, RoundKind.AFTER, 30)
    for person in young + officers:
        answer_in(before, person, 1)
        answer_in(after, person, 5)
    client.force_login(programme_staff(programme, Role.COORDINATOR))
    html = client.get(urls(programme)["results"]).content.decode()
    police = html[html.index('data-youthcop="evaluation-side-police"'):]
    youth = html[html.index('data-youthcop="evaluation-side-youth"'):html.index('data-youthcop="evaluation-side-police"')]
    assert "too few answers" in police and "fewer than 5" in police
    assert "n = 4" not in police and "1.00" not in police and "5.00" not in police
    assert "too few answers" not in youth and "n = 6" in youth
    text = " ".join(pdftotext(client.get(urls(programme)["pdf"]).content).split())
    assert "too few answers" in text


def test_the_funders_pdf_reads_back(client, answered):
    client.force_login(answered["staff"][Role.COORDINATOR])
    response = client.get(urls(answered["programme"])["pdf"])
    import pypdf, io  # noqa: E401

    assert len(pypdf.PdfReader(io.BytesIO(response.content)).pages) == 1
    text = " ".join(pdftotext(response.content).split())
    assert f"Evaluation of {answered['programme'].name}" in text
    assert "Young people" in text and "Police officers" in text
    assert STATEMENT in text
    assert "2.00" in text and "4.00" in text
    assert "2.00 [2.00; 2.00] (n = 6)" in text  # the paired change and its interval


def test_the_funders_pdf_is_in_the_coordinators_language(client, answered):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    services.ensure_default_questionnaires()
    item = QuestionnaireItem.objects.get(locale=french, sort_order=0)
    item.text = "J'ai confiance dans les personnes de l'autre groupe."
    item.save()
    coordinator = answered["staff"][Role.COORDINATOR]
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "fr"
    profile.save()
    programme = answered["programme"]
    wording.translate_programme_texts(programme, french, by=coordinator)
    source = ProgrammeText.objects.get(programme=programme, locale=Locale.get_default())
    translate(source, french, {programme.name: "Deuxième Vague Test"})
    client.force_login(coordinator)
    text = " ".join(pdftotext(client.get(urls(programme)["pdf"]).content).split())
    assert "J'ai confiance dans les personnes de l'autre groupe." in text
    assert STATEMENT not in text
    assert "Deuxième Vague Test" in text  # the programme's name as translated


def test_results_page_queries_do_not_grow_with_answers(client, programme, django_assert_max_num_queries):
    from tests.factories import ProgrammeFactory

    coordinator = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(coordinator)
    small, large = programme, ProgrammeFactory()
    for target, size in ((small, 5), (large, 20)):
        before_and_after(target, youth=size, police=size)
    client.get(urls(small)["results"])  # warm caches that are not the page's own
    with django_assert_max_num_queries(30) as few:
        assert client.get(urls(small)["results"]).status_code == 200
    with django_assert_max_num_queries(30) as many:
        assert client.get(urls(large)["results"]).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_coordinator_opens_and_closes_a_round(client, programme):
    coordinator = programme_staff(programme, Role.COORDINATOR)
    client.force_login(coordinator)
    url = urls(programme)["rounds"]
    response = client.post(url, {"action": "open", "kind": "before", "closes_on": ""}, follow=True)
    assert "is open" in response.content.decode()
    round_ = services.open_round_of(programme)
    assert round_.kind == "before"
    overview = client.get(urls(programme)["overview"]).content.decode()
    assert "Open: Before the programme" in overview and "Fewer than 5 people answered so far." in overview
    client.post(url, {"action": "close", "round": round_.pk})
    assert services.open_round_of(programme) is None


def test_coordinator_cannot_close_another_programmes_round(client, programme):
    from tests.factories import ProgrammeFactory

    other = ProgrammeFactory()
    round_ = services.open_round(other, "before")
    client.force_login(programme_staff(programme, Role.COORDINATOR))
    client.post(urls(programme)["rounds"], {"action": "close", "round": round_.pk})
    assert services.open_round_of(other) == round_


def test_questionnaire_snippet_is_for_coordinators(client, programme):
    coordinator = programme_staff(programme, Role.COORDINATOR)
    assert Group.objects.get(name="Youth programme coordinators").permissions.filter(codename="change_questionnaire").exists()
    services.ensure_default_questionnaires()
    client.force_login(coordinator)
    response = client.get(reverse("wagtailsnippets_youthcop_evaluation_questionnaire:list"))
    assert response.status_code == 200 and "How do you see the other group?" in response.content.decode()
