"""Demo data of certificates: last year's programme, completed, with its certificates issued.

A newcomer sees the whole year's end: sessions held, the charter signed,
who earned a certificate and why (one awarded by hand, one revoked), and
the logos and signatures printed on them.
"""

import datetime
import io
import math

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

from youthcop.certificates import services
from youthcop.certificates.models import (
    CertificateSettings,
    FacilitatorSignature,
    IssueBatch,
)
from youthcop.programmes.models import Participant, Programme, ProgrammeStaff, Side

from .charters import adopt_and_sign
from .languages import person_language
from .sessions import plan_year

PAST_NAME = "Second Wave Brussels-North — previous year"
PAST_YOUTH = [
    ("Inès", "Lambrechts"), ("Youssef", "Benhaddou"), ("Marie", "Claessens"), ("Omar", "Tahiri"),
    ("Laura", "Van Damme"), ("Samir", "Ouali"), ("Eva", "Jacobs"), ("Hamza", "Ben Salah"),
    ("Manon", "Dubois"), ("Ismaël", "Kabongo"), ("Lisa", "Verstraete"), ("Anas", "El Khattabi"),
    ("Camille", "Lefèvre"), ("Nassim", "Bakkali"), ("Jana", "Peeters"), ("Moussa", "Camara"),
    ("Elif", "Yilmaz"), ("Tim", "Hendrickx"),
]
PAST_OFFICERS = [
    ("Nathalie", "Gérard", "community"), ("Wim", "De Backer", "intervention"), ("Sofie", "Aerts", "investigation"),
    ("Patrick", "Renson", "community"), ("Ilse", "Mertens", "intervention"), ("Mohamed", "Azzouzi", "other"),
    ("Greet", "Vandenberghe", "community"), ("Julien", "Collard", "intervention"), ("Hanne", "Smets", "investigation"),
]
LANGUAGES = ["fr", "nl", "fr", "en", "nl", "fr", "de", "fr", "nl"]
LOGOS = {
    "Police zone Brussels-North": (23, 54, 93),
    "Maison de Jeunes Le Quartier": (11, 110, 79),
    "Jeugdhuis De Brug": (150, 60, 20),
}


def load(context):
    """Create last year's completed programme with its sessions, charter and certificates. Idempotent."""
    programme, users = context.get("programme"), context.get("users")
    if programme is None or not users:
        return context
    past = _past_programme(programme, users, context.get("organisations", {}))
    facilitators = [users["facilitator1"], users["facilitator2"]]
    plan_year(past, facilitators, held_until=past.end_date + datetime.timedelta(days=1), attendance_rate=0.84, seed=2023)
    adopt_and_sign(past, facilitators[0], signed_fraction=0.93)
    _organisation_logos(past)
    _certificate_setting(facilitators)
    _decide_one_by_hand(past, facilitators[0])
    if not IssueBatch.objects.filter(programme=past).exists():
        batch = IssueBatch.objects.create(programme=past, requested_by=facilitators[0])
        services.run_issue_batch(batch.pk)
        _revoke_one(past, facilitators[0])
    context["past_programme"] = past
    return context


def _past_programme(programme, users, organisations):
    start = programme.start_date.replace(year=programme.start_date.year - 1)
    past, created = Programme.objects.get_or_create(
        name=PAST_NAME,
        defaults={
            "police_zone": programme.police_zone,
            "start_date": start,
            "status": Programme.Status.COMPLETED,
            "reward_description": "A weekend exchange with a youth association and the police of Ghent.",
        },
    )
    if not created:
        return past
    past.partner_organisations.set(programme.partner_organisations.all())
    for username, role in [
        ("coordinator", ProgrammeStaff.Role.COORDINATOR),
        ("facilitator1", ProgrammeStaff.Role.FACILITATOR),
        ("facilitator2", ProgrammeStaff.Role.FACILITATOR),
        ("youthworker1", ProgrammeStaff.Role.YOUTH_WORKER),
        ("youthworker2", ProgrammeStaff.Role.YOUTH_WORKER),
    ]:
        ProgrammeStaff.objects.create(programme=past, user=users[username], role=role)
    youth_organisations = [organisations.get("jh"), organisations.get("amo")]
    workers = [users["youthworker1"], users["youthworker2"]]
    # Last year's group, as it ended: everyone completed (no quota rules to replay).
    for i, (first, last) in enumerate(PAST_YOUTH):
        Participant.objects.create(
            programme=past,
            side=Side.YOUTH,
            first_name=first,
            last_name=last,
            date_of_birth=start.replace(year=start.year - (17 + i % 5)) - datetime.timedelta(days=40 + i),
            email=f"former.young.person{i}@example.net",
            preferred_language=person_language(LANGUAGES[i % len(LANGUAGES)]),
            organisation=youth_organisations[i % 2] or programme.police_zone,
            status=Participant.Status.COMPLETED,
            registered_by=workers[i % 2],
        )
    for i, (first, last, unit) in enumerate(PAST_OFFICERS):
        Participant.objects.create(
            programme=past,
            side=Side.POLICE,
            first_name=first,
            last_name=last,
            email=f"former.officer{i}@police.example.be",
            preferred_language=person_language("nl" if i % 2 else "fr"),
            organisation=programme.police_zone,
            police_unit=unit,
            status=Participant.Status.COMPLETED,
            registered_by=users["coordinator"],
        )
    return past


def _decide_one_by_hand(programme, facilitator):
    """Award the certificate of one person the rules leave out, to show how it reads."""
    rows = services.eligibility(programme)
    if any(row.decision for row in rows):
        return
    left_out = next((row for row in rows if not row.eligible_by_rules and row.signed), None)
    if left_out:
        services.decide_by_hand(
            left_out.participant,
            decision="award",
            reason="Joined after the third workshop and caught up on the missed ones with the facilitators.",
            by=facilitator,
        )


def _revoke_one(programme, facilitator):
    certificate = programme.certificates.filter(participant__side=Side.POLICE).order_by("pk").last()
    if certificate and not certificate.is_revoked:
        services.revoke(certificate, by=facilitator, reason="Left the police zone in March; issued by mistake.")


def _organisation_logos(programme):
    """The logos of the programme's organisations: each certificate prints its own programme's."""
    organisations = [programme.police_zone, *programme.partner_organisations.all()]
    for organisation in organisations:
        colour = LOGOS.get(organisation.name)
        if colour and organisation.logo_id is None:
            organisation.logo = _image(organisation.name, _logo_png(organisation.name, colour))
            organisation.save(update_fields=["logo"])


def _certificate_setting(facilitators):
    site = services.default_site()
    if site is None:
        return
    setting = CertificateSettings.for_site(site)
    if not setting.footer_text:
        setting.footer_text = "Police zone Brussels-North · Maison de Jeunes Le Quartier · Jeugdhuis De Brug"
        setting.save()
    for i, user in enumerate(facilitators):
        if not setting.signatures.filter(user=user).exists():
            image = _image(f"Signature {user.get_full_name()}", _signature_png(seed=i))
            FacilitatorSignature.objects.create(setting=setting, user=user, image=image, sort_order=i)


def _image(title, content):
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image.objects.create(title=title, file=ImageFile(io.BytesIO(content), name=f"{title}.png"))
    return image


def _font(size):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _logo_png(name, colour):
    image = PILImage.new("RGBA", (520, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 152, 152), radius=28, fill=colour)
    draw.text((78, 80), "".join(word[0] for word in name.split()[:3]).upper(), fill="white", font=_font(54), anchor="mm")
    words = name.split()
    draw.text((172, 52), " ".join(words[:2]), fill=colour, font=_font(34), anchor="lm")
    draw.text((172, 108), " ".join(words[2:]), fill=colour, font=_font(30), anchor="lm")
    return _png(image)


def _signature_png(seed):
    image = PILImage.new("RGBA", (500, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + x, 90 + 38 * math.sin(x / (17 + 4 * seed)) * math.cos(x / (53 + seed))) for x in range(0, 460, 3)]
    draw.line(points, fill=(20, 30, 90), width=5, joint="curve")
    return _png(image)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
