"""Held sessions, attendance and charter signatures, made directly for certificate tests."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Site

from youthcop.certificates import codes
from youthcop.certificates.models import Certificate, CertificateLogo, CertificateSettings, FacilitatorSignature
from youthcop.charters.models import CharterVersion, Signature
from youthcop.sessions.models import Attendance, Session, SessionKind


def held_sessions(programme, count, kind=SessionKind.JOINT_WORKSHOP):
    """``count`` held sessions of ``kind``, a month apart, the last one a week ago."""
    last = timezone.now() - datetime.timedelta(days=7)
    sessions = []
    for i in range(count):
        starts = last - datetime.timedelta(days=30 * (count - 1 - i))
        sessions.append(
            Session.objects.create(
                programme=programme,
                kind=kind,
                title=f"{kind} {i + 1}",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                status=Session.Status.HELD,
            )
        )
    return sessions


def attend(participant, sessions, attended):
    """Mark ``participant`` present at the first ``attended`` sessions, absent at the others."""
    for i, session in enumerate(sessions):
        status = Attendance.Status.PRESENT if i < attended else Attendance.Status.ABSENT
        Attendance.objects.create(session=session, participant=participant, status=status)


def adopt_version(programme, number=1):
    return CharterVersion.objects.create(programme=programme, number=number, original_language="en")


def sign(participant, version):
    return Signature.objects.create(
        participant=participant,
        version=version,
        language=participant.preferred_language,
        text_sha256="0" * 64,
        typed_name=participant.full_name,
        method=Signature.Method.ONLINE,
    )


def png_bytes(colour=(30, 80, 160), size=(240, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def wagtail_image(title="Logo", colour=(30, 80, 160)):
    return Image.objects.create(title=title, file=ImageFile(io.BytesIO(png_bytes(colour)), name=f"{title}.png"))


def certificate_settings(*, logos=(), signatures=(), footer_text=""):
    """The default site's certificate setting with ``logos`` (names) and ``signatures`` (users)."""
    setting = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    setting.footer_text = footer_text
    setting.save()
    for i, name in enumerate(logos):
        image = wagtail_image(name, colour=(30 + 40 * i, 80, 160))  # distinct: identical images are embedded once
        CertificateLogo.objects.create(setting=setting, image=image, name=name, sort_order=i)
    for user in signatures:
        FacilitatorSignature.objects.create(setting=setting, user=user, image=wagtail_image(f"sig{user.pk}", (0, 0, 0)))
    return setting


def certificate_for(participant, **fields):
    """A certificate row made directly (no PDF rendered): for list and query-count tests."""
    programme = participant.programme
    code = codes.new_code()
    values = {
        "programme": programme,
        "participant": participant,
        "code": code,
        "short_code": codes.short_form(code),
        "holder_first_name": participant.first_name,
        "holder_last_name": participant.last_name,
        "language": participant.preferred_language,
        "programme_name": programme.name,
        "police_zone_name": programme.police_zone.name,
        "start_date": programme.start_date,
        "end_date": programme.end_date,
    }
    return Certificate.objects.create(**{**values, **fields})
