"""The certificate PDF, read back as a reader sees it: one page, its words, its QR code."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from tests.factories import programme_staff
from youthcop.certificates import services
from youthcop.programmes.models import ProgrammeStaff

from .factories import certificate_settings, png_bytes
from .helpers import embedded_fonts, pdf_text, qr_codes

pytestmark = pytest.mark.django_db


def issue(participant):
    certificate, pdf = services.issue_certificate(services.eligibility_of(participant))
    return certificate, pdf


@pytest.fixture
def french(make_participant, programme):
    programme.start_date = datetime.date(2025, 1, 6)
    programme.end_date = datetime.date(2026, 1, 5)
    programme.save()
    return make_participant(first_name="Yasmine", last_name="Benali", preferred_language="fr")


def test_one_page_with_what_the_certificate_states_in_the_participants_language(french, programme, facilitator):
    certificate, pdf = issue(french)
    reader, text = pdf_text(pdf)
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) / 72 * 25.4), round(float(height) / 72 * 25.4)) == (297, 210)  # A4 landscape
    assert "Yasmine Benali" in text
    assert "Second Wave Test" in text
    assert programme.police_zone.name in text
    assert "6 janvier 2025" in text and "5 janvier 2026" in text  # French dates
    assert str(reader.trailer["/Root"]["/Lang"]) == "fr"
    with translation.override("fr"):  # whatever the French catalogue says, the PDF says it
        assert gettext("Certificate of participation") in text
        assert ngettext("%(counter)s session attended out of %(held)s held.", "%(counter)s sessions attended out of %(held)s held.", 4) % {"counter": 4, "held": 4} in text
    assert "Certificate of participation" not in text and "awarded to" not in text  # nothing left in English
    assert "A weekend in Ghent." in text
    assert facilitator.get_full_name() in text
    assert certificate.short_code_display in text
    assert "http://testserver/youthcop/verify/" in text.replace(" ", "")


@pytest.mark.parametrize(
    "language, date", [("nl", "3 maart 2025"), ("de", "3. März 2025"), ("en", "3 March 2025")]
)
def test_the_language_follows_the_participant(make_participant, programme, language, date):
    programme.start_date = datetime.date(2025, 3, 3)
    programme.save()
    _certificate, pdf = issue(make_participant(preferred_language=language))
    reader, text = pdf_text(pdf)
    assert str(reader.trailer["/Root"]["/Lang"]) == language
    assert date in text
    with translation.override(language):
        title = gettext("Certificate of participation")
        sessions = ngettext("%(counter)s session attended out of %(held)s held.", "%(counter)s sessions attended out of %(held)s held.", 4)
    assert title in text and sessions % {"counter": 4, "held": 4} in text
    if language != "en":
        assert "Certificate of participation" not in text  # nothing left in English


def test_the_qr_code_opens_the_verification_page(eligible):
    certificate, pdf = issue(eligible)
    assert qr_codes(pdf) == [f"http://testserver/youthcop/verify/{certificate.code}/"]


def test_fonts_are_embedded(eligible):
    _certificate, pdf = issue(eligible)
    fonts = embedded_fonts(pdf_text(pdf)[0])
    assert fonts and all(fonts.values()), fonts


@pytest.mark.parametrize(
    "first, last",
    [
        ("<b>Bob</b>", "<script>alert(1)</script>"),
        ("Zoë 😀", "O'Brien & Co"),
        ("שרה", "כהן"),
        ("محمد", "العلي"),
    ],
)
def test_names_render_as_text(make_participant, first, last):
    _certificate, pdf = issue(make_participant(first_name=first, last_name=last))
    reader, text = pdf_text(pdf)
    assert len(reader.pages) == 1
    assert first in text and last in text


def test_a_very_long_name_and_reward_stay_on_one_page(programme, make_participant):
    programme.reward_description = "A long trip. " * 200
    programme.save()
    _certificate, pdf = issue(make_participant(first_name="Maximiliana " * 8, last_name="Wolfeschlegelsteinhausen" * 4))
    assert len(pdf_text(pdf)[0].pages) == 1


def test_logos_and_signatures_come_from_the_site_setting(programme, eligible, facilitator):
    programme_staff(programme, ProgrammeStaff.Role.FACILITATOR)  # a second facilitator, without a signature image
    certificate_settings(logos=["Police zone", "Youth house"], signatures=[facilitator], footer_text="Organised with <love>")
    _certificate, pdf = issue(eligible)
    reader, text = pdf_text(pdf)
    assert len(reader.pages[0].images) == 3  # two logos, one signature
    assert "Organised with <love>" in text


def test_a_revoked_or_anonymised_certificate_renders_from_its_frozen_values(eligible):
    certificate, _pdf = issue(eligible)
    eligible.first_name = "Changed"
    eligible.save()
    assert "Yasmine Benali" in pdf_text(services.render_certificate(certificate))[1]
    services.anonymise_participant(eligible)
    certificate.refresh_from_db()
    text = pdf_text(services.render_certificate(certificate))[1]
    assert "Yasmine" not in text and "Benali" not in text


@pytest.fixture
def local_server():
    """An HTTP server on 127.0.0.1 that records every path asked of it."""
    import http.server
    import threading

    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png_bytes())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    thread.join(timeout=5)


def test_rendering_reads_neither_files_nor_the_network(tmp_path, local_server):
    from youthcop.core.pdf import data_uri, render_pdf

    base, asked = local_server
    image_file = tmp_path / "secret.png"
    image_file.write_bytes(png_bytes())
    html = f"""<html><head>
      <link rel="stylesheet" href="{base}/style.css">
      <style>@import url("{base}/import.css"); body {{ background: url("{image_file.as_uri()}"); }}</style>
    </head><body>
      <img src="{image_file.as_uri()}"><img src="{base}/remote.png"><img src="/etc/hostname">
      <img src="{data_uri(png_bytes((200, 0, 0)), "image/png")}">
    </body></html>"""
    reader, _text = pdf_text(render_pdf(html))
    assert asked == []
    assert len(reader.pages[0].images) == 1  # the data: image only: the fetcher itself works


def test_a_name_that_looks_like_an_image_stays_text(make_participant, local_server):
    import tempfile

    base, asked = local_server
    with tempfile.NamedTemporaryFile(suffix=".png") as image_file:  # short path: the whole name fits on the page
        image_file.write(png_bytes())
        image_file.flush()
        first, last = f'<img src="file://{image_file.name}">', f'<img src="{base}/x.png">'
        _certificate, pdf = issue(make_participant(first_name=first, last_name=last))
    reader, text = pdf_text(pdf)
    assert asked == [] and len(reader.pages[0].images) == 0  # the QR code is vector art, not an image
    squeezed = "".join(text.split())  # the long name wraps over two lines
    assert "".join(first.split()) in squeezed and "".join(last.split()) in squeezed


def test_the_logos_are_those_of_the_programmes_organisations(programme, make_participant):
    """A police zone and a partner youth organisation print theirs; the site-wide logo of another does not."""
    from tests.factories import OrganisationFactory
    from youthcop.programmes.models import Organisation

    from .factories import wagtail_image
    from .helpers import image_colours, pdftotext

    zone = programme.police_zone
    zone.logo = wagtail_image("Zone logo", colour=(20, 40, 200))
    zone.save()
    partner = OrganisationFactory(name="Jeugdhuis De Brug", kind=Organisation.Kind.YOUTH_ORGANISATION)
    partner.logo = wagtail_image("Partner logo", colour=(20, 160, 40))
    partner.save()
    programme.partner_organisations.add(partner)
    OrganisationFactory(name="Not a partner", kind=Organisation.Kind.YOUTH_ORGANISATION, logo=wagtail_image("Other", (90, 90, 90)))
    certificate_settings(logos=["Site-wide youth house"])  # (30, 80, 160): a fallback, not printed here
    young = make_participant(first_name="Young", last_name="Person")
    cop = make_participant(first_name="Officer", last_name="Person", police=True)
    for participant in (young, cop):
        certificate, pdf = issue(participant)
        reader, _text = pdf_text(pdf)
        assert image_colours(reader) == [(20, 40, 200), (20, 160, 40)]  # the zone first, then the partner
        text = pdftotext(pdf)  # poppler reads it back
        assert f"{participant.first_name} Person" in text and "Second Wave Test" in text
        assert certificate.short_code_display in text
    assert [logo["name"] for logo in services.load_assets(programme=programme).logos] == [zone.name, "Jeugdhuis De Brug"]


def test_site_logos_named_like_an_organisation_move_to_it(programme):
    """The data migration: a site-wide logo becomes its organisation's; one matching none stays the fallback."""
    import importlib

    from django.apps import apps

    from youthcop.certificates.models import CertificateLogo

    migration = importlib.import_module("youthcop.certificates.migrations.0004_logos_move_to_organisations")
    zone = programme.police_zone
    setting = certificate_settings(logos=[zone.name.upper(), "Ministry of Youth"])
    zone_image = setting.logos.get(sort_order=0).image
    migration.move_logos_to_organisations(apps, None)
    zone.refresh_from_db()
    assert zone.logo == zone_image
    assert list(CertificateLogo.objects.values_list("name", flat=True)) == ["Ministry of Youth"]
