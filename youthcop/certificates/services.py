"""The rules of certificates: who earned one, issuing, revocation, the PDF, verification.

Eligibility (README rule 5): attendance of the sessions the participant was
expected at — held sessions of their kind, with attendance taken, since their
place was confirmed (``Participant.enrolled_at``) — at or above the
programme's threshold, at least the programme's minimum number of joint
workshops attended, and a signature of the current charter version — unless
a facilitator awarded or refused the certificate by hand, with a reason.

Issuing before the programme's last planned joint workshop is held needs the
facilitator to confirm it, naming how many sessions are still to come, and a
reason kept in the programme's history.

A certificate freezes what it states when it is issued and its PDF is
rendered from those values on demand (nothing stored, nothing to erase).
Issuing renders the PDF inside the transaction that creates the row, so a
certificate that cannot be rendered is never created.
"""

import datetime
import io
import logging
import zipfile
from dataclasses import dataclass, field

import segno
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log
from wagtail.models import Site

from youthcop.charters.services import current_signers
from youthcop.core.mail import send_templated_email
from youthcop.core.pdf import data_uri, render_pdf
from youthcop.programmes.models import Organisation, Participant, ProgrammeStaff, Side
from youthcop.programmes.permissions import hides_young_peoples_identity
from youthcop.programmes.services import absolute_url
from youthcop.sessions.models import EXPECTED_SIDES, Attendance, Session, SessionKind, kinds_for_side

from . import codes, signals
from .models import Certificate, CertificateSettings, EligibilityDecision, IssueBatch

logger = logging.getLogger(__name__)

Decision = EligibilityDecision.Decision

BATCH_ABANDONED_AFTER = datetime.timedelta(hours=1)

# Who can earn a certificate: people who held a place to the end.
CANDIDATE_STATUSES = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)


class CertificateError(Exception):
    """A refusal a facilitator can act on; ``str()`` says what to do."""


# --- Eligibility -------------------------------------------------------------


def meets_attendance_threshold(attended, expected, threshold_percent):
    """At or above the threshold; nothing held yet means not (yet) eligible."""
    if not expected:
        return False
    # Integers, not a float rate: 3 of 4 at 75 % must pass exactly.
    return attended * 100 >= threshold_percent * expected


@dataclass
class Eligibility:
    """Why one participant is or is not eligible."""

    participant: Participant
    threshold: int
    minimum_joint: int = 0
    attended: int = 0
    expected: int = 0
    joint_attended: int = 0
    joint_expected: int = 0
    signed: bool = False
    programme_start: datetime.date | None = None
    decision: EligibilityDecision | None = None
    certificate: Certificate | None = None
    reasons: list = field(default_factory=list)

    @property
    def meets_attendance(self):
        return meets_attendance_threshold(self.attended, self.expected, self.threshold)

    @property
    def meets_minimum(self):
        """Enough joint workshops attended, whatever the percentage (a late joiner needs them too)."""
        return self.joint_attended >= self.minimum_joint

    @property
    def counted_from(self):
        """When the participant's place was confirmed; None: from the programme's start."""
        return self.participant.enrolled_at

    @property
    def joined_late(self):
        """Their place was confirmed after the programme started: earlier sessions are not theirs."""
        since = self.counted_from
        return since is not None and (
            self.programme_start is None or timezone.localdate(since) > self.programme_start
        )

    @property
    def eligible_by_rules(self):
        return self.meets_attendance and self.meets_minimum and self.signed

    @property
    def eligible(self):
        """The rules, unless a facilitator decided by hand."""
        if self.decision is not None:
            return self.decision.decision == Decision.AWARD
        return self.eligible_by_rules

    @property
    def attendance_percent(self):
        return round(100 * self.attended / self.expected) if self.expected else None

    def explain(self):
        """Sentences a facilitator reads in the list, the deciding one last."""
        values = {
            "attended": self.attended,
            "expected": self.expected,
            "percent": self.attendance_percent,
            "threshold": self.threshold,
        }
        if not self.expected:
            reasons = [_("No session of theirs has been held yet.")]
        elif self.meets_attendance:
            reasons = [_("Attended %(attended)s of %(expected)s held sessions (%(percent)s %%, threshold %(threshold)s %%).") % values]
        else:
            reasons = [
                _("Attended only %(attended)s of %(expected)s held sessions (%(percent)s %%, below the threshold of %(threshold)s %%).")
                % values
            ]
        if self.joined_late:
            joined = formats.date_format(timezone.localtime(self.counted_from), "DATE_FORMAT")
            reasons.insert(0, _("Joined on %(date)s: only the sessions since then count.") % {"date": joined})
        joint = {"attended": self.joint_attended, "expected": self.joint_expected, "minimum": self.minimum_joint}
        if self.meets_minimum:
            reasons.append(
                ngettext(
                    "Attended %(attended)s of %(expected)s joint workshop (minimum %(minimum)s).",
                    "Attended %(attended)s of %(expected)s joint workshops (minimum %(minimum)s).",
                    self.joint_expected,
                )
                % joint
            )
        else:
            reasons.append(
                ngettext(
                    "Attended only %(attended)s of %(expected)s joint workshop, below the minimum of %(minimum)s.",
                    "Attended only %(attended)s of %(expected)s joint workshops, below the minimum of %(minimum)s.",
                    self.joint_expected,
                )
                % joint
            )
        reasons.append(
            _("Signed the current charter.") if self.signed else _("Has not signed the current charter.")
        )
        if self.decision is not None:
            by = self.decision.decided_by
            who = (by.get_full_name() or by.get_username()) if by else _("a facilitator")
            template = (
                _("Awarded by hand by %(who)s: %(reason)s")
                if self.decision.decision == Decision.AWARD
                else _("Refused by hand by %(who)s: %(reason)s")
            )
            reasons.append(template % {"who": who, "reason": self.decision.reason})
        return reasons


def candidates(programme):
    """Participants who can be considered, and anyone who already holds a certificate."""
    return (
        programme.participants.filter(Q(status__in=CANDIDATE_STATUSES) | Q(certificate__isnull=False))
        .select_related("certificate", "certificate_decision__decided_by")
        .order_by("side", "last_name", "first_name", "pk")
    )


def _related_or_none(instance, name):
    try:
        return getattr(instance, name)
    except (Certificate.DoesNotExist, EligibilityDecision.DoesNotExist):
        return None


@dataclass
class AttendanceBasis:
    """The held sessions (with attendance taken) of a programme and who attended which. Two queries."""

    sessions: list  # [(pk, kind, starts_at)], attendance taken
    attended: set  # {(participant_id, session_id)} present or late

    @classmethod
    def of(cls, programme):
        marks = list(
            Attendance.objects.filter(session__programme=programme, session__status=Session.Status.HELD)
            .values_list("participant_id", "session_id", "status")
            .order_by()
        )
        taken = {session_id for _participant, session_id, _status in marks}
        sessions = [
            row
            for row in programme.sessions.filter(status=Session.Status.HELD).values_list("pk", "kind", "starts_at")
            if row[0] in taken  # a session marked held without a sheet holds nobody to account
        ]
        attended = {(participant, session) for participant, session, status in marks if status in Attendance.ATTENDED}
        return cls(sessions=sessions, attended=attended)

    def figures(self, participant):
        """``(attended, expected, joint_attended, joint_expected)`` of the sessions ``participant`` was expected at.

        Expected: held sessions of their side's kinds that started once their place
        was confirmed — sessions before it do not count against them, whatever a
        sheet recorded later. Cancelled sessions are never held, so never count.
        """
        kinds = set(kinds_for_side(participant.side))
        since = participant.enrolled_at
        attended = expected = joint_attended = joint_expected = 0
        for pk, kind, starts_at in self.sessions:
            if kind not in kinds or (since is not None and starts_at < since):
                continue
            was_there = (participant.pk, pk) in self.attended
            expected += 1
            attended += was_there
            if kind == SessionKind.JOINT_WORKSHOP:
                joint_expected += 1
                joint_attended += was_there
        return attended, expected, joint_attended, joint_expected


def eligibility(programme):
    """One ``Eligibility`` per candidate of ``programme``, in list order, in a fixed number of queries."""
    basis = AttendanceBasis.of(programme)
    signers = current_signers(programme)
    rows = []
    for participant in candidates(programme):
        attended, expected, joint_attended, joint_expected = basis.figures(participant)
        rows.append(
            Eligibility(
                participant=participant,
                threshold=programme.certificate_threshold,
                minimum_joint=programme.min_joint_workshops,
                programme_start=programme.start_date,
                attended=attended,
                expected=expected,
                joint_attended=joint_attended,
                joint_expected=joint_expected,
                signed=participant.pk in signers,
                decision=_related_or_none(participant, "certificate_decision"),
                certificate=_related_or_none(participant, "certificate"),
            )
        )
    return rows


def decision_of(participant):
    """The hand-made decision about ``participant``, or None."""
    return EligibilityDecision.objects.filter(participant=participant).first()


def eligibility_of(participant):
    for row in eligibility(participant.programme):
        if row.participant.pk == participant.pk:
            return row
    return None


def decide_by_hand(participant, *, decision, reason, by):
    """Award or refuse ``participant``'s certificate by hand, whatever the rules say."""
    reason = (reason or "").strip()
    if decision not in Decision.values:
        raise CertificateError(_("Choose to award or to refuse."))
    if not reason:
        raise CertificateError(_("Give a reason for deciding by hand."))
    EligibilityDecision.objects.update_or_create(
        participant=participant,
        defaults={"decision": decision, "reason": reason[:300], "decided_by": by, "decided_at": timezone.now()},
    )
    action = "youthcop.certificate.awarded_by_hand" if decision == Decision.AWARD else "youthcop.certificate.refused_by_hand"
    log(participant, action, user=by, data={"reason": reason[:300], "programme": participant.programme_id})


def clear_decision(participant, *, by):
    """Go back to the attendance and charter rules for ``participant``."""
    deleted, _counts = EligibilityDecision.objects.filter(participant=participant).delete()
    if deleted:
        log(participant, "youthcop.certificate.decision_cleared", user=by, data={"programme": participant.programme_id})
    return bool(deleted)


# --- Issuing -----------------------------------------------------------------


def facilitators_of(programme):
    """``[{"user_id", "name"}]`` of the programme's facilitators, as printed on certificates."""
    staff = (
        ProgrammeStaff.objects.filter(programme=programme, role=ProgrammeStaff.Role.FACILITATOR)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return [{"user_id": row.user_id, "name": row.user.get_full_name() or row.user.get_username()} for row in staff]


def _new_certificate(row, *, by, batch, facilitators):
    participant, programme = row.participant, row.participant.programme
    code = codes.new_code()
    return Certificate(
        programme=programme,
        participant=participant,
        code=code,
        short_code=codes.short_form(code),
        holder_first_name=participant.first_name,
        holder_last_name=participant.last_name,
        language=participant.preferred_language,
        programme_name=programme.name,
        police_zone_name=programme.police_zone.name,
        start_date=programme.start_date,
        end_date=programme.end_date,
        sessions_attended=row.attended,
        sessions_expected=row.expected,
        reward=programme.reward_description,
        facilitators=facilitators,
        awarded_by_hand=row.decision is not None and row.decision.decision == Decision.AWARD,
        issued_by=by,
        batch=batch,
    )


def issue_certificate(row, *, by=None, batch=None, facilitators=None, assets=None):
    """Issue the certificate of an eligible ``Eligibility`` row.

    Returns ``(certificate, pdf bytes)``, or None when the participant already
    has one (the unique constraint decides, even between concurrent batches).
    A render error rolls the new row back and propagates.
    """
    if not row.eligible:
        raise CertificateError(_("%(name)s is not eligible for a certificate.") % {"name": row.participant.full_name})
    programme = row.participant.programme
    if facilitators is None:
        facilitators = facilitators_of(programme)
    try:
        with transaction.atomic():
            certificate = _new_certificate(row, by=by, batch=batch, facilitators=facilitators)
            certificate.save()
            pdf = render_certificate(certificate, assets)  # before commit: no certificate without its PDF
            log(
                certificate,
                "youthcop.certificate.issued",
                user=by,
                data={"participant": row.participant.pk, "programme": programme.pk, "by_hand": certificate.awarded_by_hand},
            )
    except IntegrityError:
        if Certificate.objects.filter(participant=row.participant).exists():
            return None
        raise
    return certificate, pdf


# Kinds of session the group attends (a steering committee is not the group's session).
GROUP_KINDS = [kind for kind, sides in EXPECTED_SIDES.items() if sides]


@dataclass
class EarlyIssuing:
    """The programme's last planned joint workshop is not held yet: issuing now is early."""

    last_joint_workshop: Session
    sessions_to_come: int

    @property
    def message(self):
        values = {
            "count": self.sessions_to_come,
            "date": formats.date_format(timezone.localtime(self.last_joint_workshop.starts_at), "DATE_FORMAT"),
        }
        return ngettext(
            "The programme's last joint workshop (%(date)s) has not been held yet: %(count)s session is still to come.",
            "The programme's last joint workshop (%(date)s) has not been held yet: %(count)s sessions are still to come.",
            self.sessions_to_come,
        ) % values


def early_issuing(programme):
    """An ``EarlyIssuing`` while the last planned (not cancelled) joint workshop is not held, else None. Two queries."""
    planned = programme.sessions.exclude(status=Session.Status.CANCELLED)
    last = planned.filter(kind=SessionKind.JOINT_WORKSHOP).order_by("-starts_at", "-pk").first()
    if last is None or last.status == Session.Status.HELD:
        return None
    to_come = planned.exclude(status=Session.Status.HELD).filter(kind__in=GROUP_KINDS).count()
    return EarlyIssuing(last_joint_workshop=last, sessions_to_come=to_come)


def start_issuing(programme, *, by, send_email=False, confirmed_sessions_to_come=None, reason=""):
    """Queue the issuing of every eligible participant's certificate; returns the ``IssueBatch``.

    The work runs in the background (``tasks.issue_certificates``, enqueued
    by the receiver of ``signals.issuing_started``); the batch row shows its
    progress. Before the last planned joint workshop is held,
    the facilitator must confirm the number of sessions still to come
    (``confirmed_sessions_to_come``, as they were shown it) and give a
    ``reason``, written to the programme's history.
    """
    reason = (reason or "").strip()
    early = early_issuing(programme)
    if early is not None:
        if confirmed_sessions_to_come != early.sessions_to_come:
            raise CertificateError(
                early.message + " " + _("Confirm that you issue the certificates before the programme ends.")
            )
        if not reason:
            raise CertificateError(_("Give a reason for issuing the certificates before the programme ends."))
    with transaction.atomic():
        running = IssueBatch.objects.select_for_update().filter(
            programme=programme,
            status__in=[IssueBatch.Status.PENDING, IssueBatch.Status.RUNNING],
            # A batch older than this was abandoned by a dead worker: it must not block issuing forever.
            requested_at__gte=timezone.now() - BATCH_ABANDONED_AFTER,
        )
        if running.exists():
            raise CertificateError(_("Certificates are already being issued for this programme. Please wait until it ends."))
        batch = IssueBatch.objects.create(programme=programme, requested_by=by, send_email=send_email)
        log(programme, "youthcop.certificate.issuing_started", user=by, data={"batch": batch.pk, "email": send_email})
        if early is not None:
            log(
                programme,
                "youthcop.certificate.issued_early",
                user=by,
                data={
                    "batch": batch.pk,
                    "sessions_to_come": early.sessions_to_come,
                    "last_joint_workshop": early.last_joint_workshop.starts_at.isoformat(),
                    "reason": reason[:300],
                },
            )
        signals.issuing_started.send(sender=IssueBatch, batch=batch)
    return batch


def _save_progress(batch, *fields):
    batch.save(update_fields=["issued", "skipped", "failed", "emailed", "errors", *fields])


def run_issue_batch(batch_id):
    """Issue the certificates of batch ``batch_id`` one by one, saving progress after each."""
    # Only the worker that moves the batch out of "pending" runs it: a retried or duplicated task does nothing.
    started = IssueBatch.objects.filter(pk=batch_id, status=IssueBatch.Status.PENDING).update(
        status=IssueBatch.Status.RUNNING
    )
    batch = IssueBatch.objects.select_related("programme__police_zone", "requested_by").get(pk=batch_id)
    if not started:
        return batch
    try:
        _issue_batch_rows(batch)
    except Exception as error:
        # The page must say it stopped (and let issuing start again), not show "Issuing" for an hour.
        logger.exception("Certificate issuing %s stopped", batch.pk)
        batch.status = IssueBatch.Status.FAILED
        batch.errors.append({"participant": None, "error": str(error)[:300] or type(error).__name__})
        batch.finished_at = timezone.now()
        _save_progress(batch, "status", "finished_at")
        raise
    batch.status = IssueBatch.Status.DONE
    batch.finished_at = timezone.now()
    _save_progress(batch, "status", "finished_at")
    return batch


def _issue_batch_rows(batch):
    programme = batch.programme
    to_issue = [row for row in eligibility(programme) if row.eligible and row.certificate is None]
    batch.total = len(to_issue)
    _save_progress(batch, "total")
    facilitators = facilitators_of(programme)
    assets = load_assets(programme=programme)
    for row in to_issue:
        try:
            result = issue_certificate(row, by=batch.requested_by, batch=batch, facilitators=facilitators, assets=assets)
        except Exception as error:  # one bad certificate must not stop the others
            logger.exception("Certificate of participant %s could not be issued", row.participant.pk)
            batch.failed += 1
            batch.errors.append({"participant": row.participant.pk, "error": str(error)[:300]})
        else:
            if result is None:
                batch.skipped += 1
            else:
                batch.issued += 1
                if batch.send_email and _email_certificate(*result):
                    batch.emailed += 1
        _save_progress(batch)


def _email_certificate(certificate, pdf):
    participant = certificate.participant
    if not participant or not participant.email:
        return False
    try:
        return send_templated_email(
            "youthcop_certificates/emails/certificate",
            to=participant.email,
            language=certificate.language,
            context={"certificate": certificate, "verify_url": verification_url(certificate)},
            attachments=[(pdf_filename(certificate), pdf, "application/pdf")],
        )
    except Exception:  # the certificate stands; it can be downloaded from the personal page
        logger.exception("Certificate %s could not be emailed", certificate.pk)
        return False


def latest_batch(programme):
    return IssueBatch.objects.filter(programme=programme).first()


# --- Revocation --------------------------------------------------------------


def revoke(certificate, *, by, reason):
    """Revoke ``certificate``: its verification page says so from now on."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give a reason for revoking the certificate."))
    if certificate.is_revoked:
        raise CertificateError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason[:300]
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    log(certificate, "youthcop.certificate.revoked", user=by, data={"reason": certificate.revocation_reason})
    return certificate


# --- The PDF -----------------------------------------------------------------


@dataclass
class Assets:
    """Logos of a programme's organisations, signature images and footer, as data URIs (read once per batch)."""

    logos: list = field(default_factory=list)  # [{"name", "src"}]
    signatures: dict = field(default_factory=dict)  # {user_id: src}
    footer_text: str = ""


LOGO_FILTER = "max-600x240|format-png"
SIGNATURE_FILTER = "max-500x200|format-png"


def _image_data_uri(image, filter_spec):
    rendition = image.get_rendition(filter_spec)
    with rendition.file.open("rb") as handle:
        return data_uri(handle.read(), "image/png")


def default_site():
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


MAX_LOGOS = 6
# Police zone first, then the youth organisations, then the other partners.
LOGO_ORDER = [
    Organisation.Kind.POLICE_ZONE,
    Organisation.Kind.YOUTH_ORGANISATION,
    Organisation.Kind.MUNICIPALITY,
    Organisation.Kind.FACILITATION,
    Organisation.Kind.OTHER,
]


def organisations_of(programme):
    """The organisations of ``programme`` that have a logo: its police zone, its partners and the
    organisations of its participants, police zone first."""
    organisations = (
        Organisation.objects.filter(
            Q(pk=programme.police_zone_id)
            | Q(partner_programmes=programme)
            | Q(participants__programme=programme, participants__status__in=CANDIDATE_STATUSES)
        )
        .filter(logo__isnull=False)
        .select_related("logo")
        .distinct()
    )
    rank = {kind: index for index, kind in enumerate(LOGO_ORDER)}
    return sorted(organisations, key=lambda org: (rank.get(org.kind, len(rank)), org.name.casefold(), org.pk))


def programme_logos(programme):
    return [
        {"name": organisation.name, "src": _image_data_uri(organisation.logo, LOGO_FILTER)}
        for organisation in organisations_of(programme)[:MAX_LOGOS]
    ]


def load_assets(site=None, programme=None):
    """Images embedded: the logos of ``programme``'s organisations, and the certificate setting of
    ``site`` (the default site when None) for signatures, footer and — only when none of the
    programme's organisations has a logo — its fallback logos."""
    logos = programme_logos(programme) if programme is not None else []
    site = site or default_site()
    if site is None:
        return Assets(logos=logos)
    setting = CertificateSettings.for_site(site)
    if not logos:
        fallback = setting.logos.select_related("image").order_by("sort_order", "pk")
        logos = [{"name": logo.name, "src": _image_data_uri(logo.image, LOGO_FILTER)} for logo in fallback]
    signatures = setting.signatures.select_related("image")
    return Assets(
        logos=logos,
        signatures={row.user_id: _image_data_uri(row.image, SIGNATURE_FILTER) for row in signatures},
        footer_text=setting.footer_text,
    )


def verification_path(certificate):
    return reverse("youthcop_certificates:verify", args=[certificate.code])


def verification_url(certificate):
    return absolute_url(verification_path(certificate))


def verification_form_url():
    return absolute_url(reverse("youthcop_certificates:verify_form"))


def qr_data_uri(url):
    # Medium error correction survives a crease or a smudge on a printed page.
    return segno.make(url, error="m", micro=False).svg_data_uri(border=4, dark="#000", light="#fff")


def certificate_context(certificate, assets):
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "facilitators": [
            {"name": row.get("name", ""), "signature": assets.signatures.get(row.get("user_id"))}
            for row in certificate.facilitators
        ],
        "logos": assets.logos,
        "footer_text": assets.footer_text,
        "qr_src": qr_data_uri(url),
        "verify_url": url,
        "verify_form_url": verification_form_url(),
        "short_code": certificate.short_code_display,
    }


def certificate_html(certificate, assets=None):
    """The certificate's HTML, in its holder's language."""
    assets = load_assets(programme=certificate.programme) if assets is None else assets
    with translation.override(certificate.language):
        return render_to_string("youthcop_certificates/pdf/certificate.html", certificate_context(certificate, assets))


def render_certificate(certificate, assets=None):
    """The certificate's PDF bytes (A4 landscape, one page)."""
    return render_pdf(certificate_html(certificate, assets))


def pdf_filename(certificate):
    name = slugify(f"{certificate.holder_last_name} {certificate.holder_first_name}", allow_unicode=True)
    return f"certificate-{name or 'participant'}-{certificate.short_code}.pdf"


def certificates_zip(programme, shown_to=None):
    """The valid certificates of ``programme``, as one ZIP file's bytes.

    For police staff (``shown_to``), only the officers': a young person's certificate prints their full name
    (README rule 8).
    """

    assets = load_assets(programme=programme)
    buffer = io.BytesIO()
    certificates = programme.certificates.valid().order_by("holder_last_name", "holder_first_name", "pk")
    if shown_to is not None and hides_young_peoples_identity(shown_to):
        certificates = certificates.filter(participant__side=Side.POLICE)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:  # PDFs are already compressed
        for certificate in certificates:
            archive.writestr(pdf_filename(certificate), render_certificate(certificate, assets))
    return buffer.getvalue()


# --- Verification ------------------------------------------------------------


def find_by_code(code):
    """The certificate whose full or short code is ``code``, or None."""
    return Certificate.objects.for_code(code).first()


# --- Personal data -----------------------------------------------------------


def export_participant(participant):
    """What this app holds about ``participant``, for a data-access request."""
    certificates = Certificate.objects.filter(participant=participant)
    decisions = EligibilityDecision.objects.filter(participant=participant)
    return {
        "certificates": [
            {
                "code": certificate.code,
                "short_code": certificate.short_code_display,
                "name": certificate.holder_name,
                "programme": certificate.programme_name,
                "police_zone": certificate.police_zone_name,
                "start_date": certificate.start_date.isoformat(),
                "end_date": certificate.end_date.isoformat(),
                "sessions_attended": certificate.sessions_attended,
                "sessions_held": certificate.sessions_expected,
                "language": certificate.language,
                "issued_at": certificate.issued_at.isoformat(),
                "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
                "revocation_reason": certificate.revocation_reason,
                "awarded_by_hand": certificate.awarded_by_hand,
                "verification_url": verification_url(certificate),
            }
            for certificate in certificates
        ],
        "certificate_decisions": [
            {"decision": decision.decision, "reason": decision.reason, "decided_at": decision.decided_at.isoformat()}
            for decision in decisions
        ],
    }


def anonymise_participant(participant):
    """Keep ``participant``'s certificate verifiable, showing initials only; drop hand-made decisions.

    No PDF is stored, so there is no file to delete.
    """
    now = timezone.now()
    for certificate in Certificate.objects.filter(participant=participant, anonymised_at__isnull=True):
        anonymise_certificate(certificate, now=now)
    EligibilityDecision.objects.filter(participant=participant).delete()


def anonymise_certificate(certificate, now=None):
    certificate.holder_first_name = certificate.holder_first_name[:1]
    certificate.holder_last_name = certificate.holder_last_name[:1]
    certificate.anonymised_at = now or timezone.now()
    certificate.save(update_fields=["holder_first_name", "holder_last_name", "anonymised_at"])
    log(certificate, "youthcop.certificate.anonymised", data={})
