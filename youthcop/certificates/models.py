"""Certificates, hand-made eligibility decisions, issuing batches, certificate settings.

A certificate freezes what it states (name, programme, dates, sessions,
facilitators) when it is issued; its PDF is rendered on demand from these
frozen values, never stored. So there is no file to keep in step with the
row or to erase on request: anonymising the row anonymises every later copy.
"""

import os
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from youthcop.programmes.models import Participant, Programme

from . import codes


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def for_code(self, code):
        """The certificate whose full or short code is ``code`` (any case, dashes, spaces)."""
        normalised = codes.normalise(code)
        if len(normalised) == codes.FULL_LENGTH:
            return self.filter(code=normalised)
        if len(normalised) == codes.SHORT_LENGTH:
            return self.filter(short_code=normalised)
        return self.none()


class Certificate(models.Model):
    """One participant's certificate: issued once, revocable, verifiable by its code."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("programme")
    )
    # PROTECT: a certificate's holder is anonymised, never deleted; it stays verifiable with initials
    # (README rules 5 and 6).
    participant = models.OneToOneField(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("participant"),
    )
    code = models.CharField(_("verification code"), max_length=codes.FULL_LENGTH, unique=True, editable=False)
    short_code = models.CharField(_("short code"), max_length=codes.SHORT_LENGTH, unique=True, editable=False)

    # Frozen when issued: what the certificate states.
    holder_first_name = models.CharField(_("first name"), max_length=100)
    holder_last_name = models.CharField(_("last name"), max_length=100)
    language = models.CharField(_("language"), max_length=5)
    programme_name = models.CharField(_("programme name"), max_length=200)
    police_zone_name = models.CharField(_("police zone"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"), default=0)
    sessions_expected = models.PositiveSmallIntegerField(_("sessions held"), default=0)
    reward = models.TextField(_("reward"), blank=True)
    facilitators = models.JSONField(
        _("facilitators"), default=list, blank=True, help_text=_("[{'user_id': …, 'name': …}] when issued.")
    )
    awarded_by_hand = models.BooleanField(_("awarded by hand"), default=False)

    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    batch = models.ForeignKey(
        "IssueBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "holder_last_name", "holder_first_name"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        default_permissions = ("view",)
        permissions = [
            ("issue_certificate", _("Can issue certificates and decide eligibility by hand")),
            ("revoke_certificate", _("Can revoke certificates")),
        ]

    def __str__(self):
        return f"{self.holder_name} — {self.programme_name}"

    @property
    def holder_name(self):
        return f"{self.holder_first_name} {self.holder_last_name}".strip()

    @property
    def public_name(self):
        """What the public verification page may show: first name and initial, or initials once anonymised."""
        last_initial = f"{self.holder_last_name[:1]}." if self.holder_last_name else ""
        if self.anonymised_at:
            first = f"{self.holder_first_name[:1]}." if self.holder_first_name else ""
            return f"{first} {last_initial}".strip()
        return f"{self.holder_first_name} {last_initial}".strip()

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def short_code_display(self):
        return codes.display(self.short_code)

    def status_label(self):
        return _("Revoked") if self.is_revoked else _("Valid")


class EligibilityDecision(models.Model):
    """A facilitator's award or refusal by hand, which overrides the attendance and charter rules."""

    class Decision(models.TextChoices):
        AWARD = "award", _("Award by hand")
        REFUSE = "refuse", _("Refuse by hand")

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="certificate_decision", verbose_name=_("participant")
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=300)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("certificate decision")
        verbose_name_plural = _("certificate decisions")
        default_permissions = ()

    def __str__(self):
        return f"{self.get_decision_display()} — {self.participant}"


class IssueBatch(models.Model):
    """One "issue certificates" request, run as a background task; its progress shows in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Issuing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped by an error")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="certificate_batches")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    send_email = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    emailed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("certificate issuing")
        verbose_name_plural = _("certificate issuings")
        default_permissions = ()

    def __str__(self):
        return f"{self.programme} — {date_format(timezone.localtime(self.requested_at), 'DATETIME_FORMAT')}"

    @property
    def done_count(self):
        return self.issued + self.skipped + self.failed

    @property
    def percent(self):
        return round(100 * self.done_count / self.total) if self.total else (100 if self.is_finished else 0)

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


def private_storage():
    """Where ZIPs of certificates wait to be downloaded: never under ``MEDIA_ROOT``, which the web server serves.

    A site with several servers names a storage shared by its web and worker processes
    ``STORAGES["youthcop_private"]``; without it, a folder of the system's temporary directory
    that only this user may read (the ZIPs are deleted after ``ARCHIVE_KEPT_FOR`` anyway).
    """
    if PRIVATE_STORAGE in settings.STORAGES:
        return storages[PRIVATE_STORAGE]
    return FileSystemStorage(
        location=os.path.join(tempfile.gettempdir(), "youthcop-private"),
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


PRIVATE_STORAGE = "youthcop_private"


class CertificateArchive(models.Model):
    """The ZIP of a programme's valid certificates, built in the background and kept a short while.

    It holds young people's full names, so it lives in private storage, is served only by a
    scoped admin view, and is deleted when it expires, when a newer one replaces it, when
    certificates are issued or revoked, and when a participant is anonymised. Police staff see
    young people by first name and initial: their ZIP (``officers_only``) holds the officers' only.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Preparing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Stopped by an error")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="certificate_archives")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    officers_only = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    zipped = models.PositiveIntegerField(default=0)
    # The certificates in the file: each one's history records the download.
    certificates = models.JSONField(default=list, blank=True)
    file = models.FileField(storage=private_storage, upload_to="youthcop_certificates/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("ZIP of certificates")
        verbose_name_plural = _("ZIPs of certificates")
        default_permissions = ()

    def __str__(self):
        return f"{self.programme} — {date_format(timezone.localtime(self.requested_at), 'DATETIME_FORMAT')}"

    @property
    def done_count(self):
        return self.zipped

    @property
    def percent(self):
        return round(100 * self.zipped / self.total) if self.total else (100 if self.is_finished else 0)

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting, ClusterableModel):
    """Facilitators' signature images, footer and fallback logos printed on certificates."""

    footer_text = models.CharField(
        _("footer text"),
        max_length=200,
        blank=True,
        help_text=_("A line printed at the bottom of every certificate, e.g. the organisers' names."),
    )

    panels = [
        FieldPanel("footer_text"),
        InlinePanel(
            "logos",
            heading=_("Fallback logos"),
            label=_("Logo"),
            max_num=6,
            help_text=_(
                "A certificate shows the logos of its programme's organisations (set on each organisation); "
                "these are printed only when none of them has a logo."
            ),
        ),
        InlinePanel("signatures", heading=_("Signatures"), label=_("Signature")),
    ]

    class Meta:
        verbose_name = _("certificates")


class CertificateLogo(Orderable):
    setting = ParentalKey(CertificateSettings, on_delete=models.CASCADE, related_name="logos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("logo")
    )
    name = models.CharField(_("organisation"), max_length=200, help_text=_("Used as the logo's text alternative."))

    panels = [FieldRowPanel([FieldPanel("image"), FieldPanel("name")])]


class FacilitatorSignature(Orderable):
    setting = ParentalKey(CertificateSettings, on_delete=models.CASCADE, related_name="signatures")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("facilitator")
    )
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("signature image")
    )

    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("image")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["setting", "user"], name="youthcop_certificates_one_signature_per_user")
        ]
