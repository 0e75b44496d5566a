"""Issuing certificates one by one or in a background batch, early issuing, revocation."""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from youthcop.core.mail import send_templated_email
from youthcop.programmes.models import ProgrammeStaff
from youthcop.programmes.reading import Wordings
from youthcop.sessions.models import EXPECTED_SIDES, Session, SessionKind

from .. import codes, signals
from ..models import Certificate, IssueBatch
from .archives import forget_archives_of
from .documents import load_assets, pdf_filename, render_certificate, verification_url
from .eligibility import (
    CertificateError,
    Decision,
    eligibility,
)

logger = logging.getLogger(__name__)

# A batch not finished in this time has stopped (a worker restarted): it may be started again.
BATCH_ABANDONED_AFTER = datetime.timedelta(hours=1)


def facilitators_of(programme):
    """``[{"user_id", "name"}]`` of the programme's facilitators, as printed on certificates."""
    staff = (
        ProgrammeStaff.objects.filter(programme=programme, role=ProgrammeStaff.Role.FACILITATOR)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return [{"user_id": row.user_id, "name": row.user.get_full_name() or row.user.get_username()} for row in staff]


def _new_certificate(row, *, by, batch, facilitators, wordings=None):
    participant, programme = row.participant, row.participant.programme
    # The names and the reward as the holder reads them, kept as they were on the day of issue.
    worded = (wordings or Wordings())(programme, participant.preferred_language).programme
    code = codes.new_code()
    return Certificate(
        programme=programme,
        participant=participant,
        code=code,
        short_code=codes.short_form(code),
        holder_first_name=participant.first_name,
        holder_last_name=participant.last_name,
        language=participant.preferred_language,
        programme_name=worded.name,
        police_zone_name=worded.police_zone.name,
        start_date=programme.start_date,
        end_date=programme.end_date,
        sessions_attended=row.attended,
        sessions_expected=row.expected,
        reward=worded.reward_description,
        facilitators=facilitators,
        awarded_by_hand=row.decision is not None and row.decision.decision == Decision.AWARD,
        issued_by=by,
        batch=batch,
    )


def issue_certificate(row, *, by=None, batch=None, facilitators=None, assets=None, wordings=None):
    """Issue the certificate of an eligible ``Eligibility`` row.

    Returns ``(certificate, pdf bytes)``, or None when the participant already
    has one (the unique constraint decides, even between concurrent batches).
    A render error rolls the new row back and propagates. ``wordings`` (a ``Wordings``) reads the
    programme's texts once per language across a batch.
    """
    if not row.eligible:
        raise CertificateError(_("%(name)s is not eligible for a certificate.") % {"name": row.participant.full_name})
    programme = row.participant.programme
    if facilitators is None:
        facilitators = facilitators_of(programme)
    try:
        with transaction.atomic():
            certificate = _new_certificate(row, by=by, batch=batch, facilitators=facilitators, wordings=wordings)
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
        forget_archives_of(programme)  # the ZIPs lack the certificates to come
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
    if batch.issued:
        forget_archives_of(batch.programme)  # one prepared while issuing lacks the new certificates
    return batch


def _issue_batch_rows(batch):
    programme = batch.programme
    to_issue = [row for row in eligibility(programme) if row.eligible and row.certificate is None]
    batch.total = len(to_issue)
    _save_progress(batch, "total")
    facilitators = facilitators_of(programme)
    assets = load_assets(programme=programme)
    wordings = Wordings()  # the programme's texts, read once per holders' language
    for row in to_issue:
        try:
            result = issue_certificate(
                row, by=batch.requested_by, batch=batch, facilitators=facilitators, assets=assets, wordings=wordings
            )
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
    forget_archives_of(certificate.programme)  # a revoked certificate leaves the ZIP
    log(certificate, "youthcop.certificate.revoked", user=by, data={"reason": certificate.revocation_reason})
    return certificate
