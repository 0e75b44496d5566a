"""The charter of commitment: drafts, proposals, adopted versions, signatures.

Only ``Charter`` is translatable (wagtail-localize): it is content. Proposals,
comments, supports, versions and signatures are personal data or evidence and
are never translatable (README rule 6). A version keeps its text in every
language the charter existed in when it was adopted, frozen.
"""

import hashlib
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from youthcop.programmes.models import Participant, Programme


#: The fields of the text a signer reads (``charter_text``).
TEXT_FIELDS = {"title", "preamble", "commitments", "closing"}


def charter_text(charter):
    """The plain text a signer reads: title, preamble, numbered commitments, closing words."""
    parts = [charter.title.strip()]
    if charter.preamble.strip():
        parts.append(charter.preamble.strip())
    commitments = charter.commitment_texts()
    if commitments:
        parts.append("\n".join(f"{number}. {text}" for number, text in enumerate(commitments, 1)))
    if charter.closing.strip():
        parts.append(charter.closing.strip())
    text = "\n\n".join(parts).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def text_sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Charter(DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin, models.Model):
    """The charter a programme writes together: one per programme and locale.

    The draft is edited in the admin (revisions, compare, locking); what
    participants sign is a ``CharterVersion`` frozen by ``services.adopt_charter``.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="charters", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    preamble = models.TextField(
        _("preamble"), blank=True, help_text=_("Why the group writes this charter, in a few sentences.")
    )
    commitments = StreamField(
        [("commitment", blocks.TextBlock(label=_("Commitment"), max_length=600))],
        blank=True,
        verbose_name=_("commitments"),
        help_text=_("One commitment per block, e.g. “We commit to listen before we judge.”"),
    )
    closing = models.TextField(_("closing words"), blank=True)
    proposals_open = models.BooleanField(
        _("proposals open"),
        default=True,
        editable=False,
        help_text=_("Participants may propose commitments through their personal page."),
    )
    show_on_public_page = models.BooleanField(
        _("show the adopted text on the programme's public page"),
        default=False,
        help_text=_("Only the adopted text and the number of signatures are shown, never names. Takes effect when published."),
    )
    # When the text a signer reads (title, preamble, commitments, closing) last changed, and its
    # SHA-256 then. Kept in every save and revision, however the row or translation was made, so
    # that adoption can tell a translation older than the original's latest change (README rule 4).
    text_changed_at = models.DateTimeField(_("text last changed at"), null=True, blank=True, editable=False)
    text_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="youthcop_charter",
        for_concrete_model=False,
    )

    # The admin edits with the snippet viewset's ``edit_handler``; wagtail-localize's translation
    # editor reads these (``get_edit_handler``) for the order of the fields it shows.
    panels = [
        FieldPanel("programme"),
        FieldPanel("title"),
        FieldPanel("preamble"),
        FieldPanel("commitments"),
        FieldPanel("closing"),
        FieldPanel("show_on_public_page"),
    ]

    # wagtail-localize's defaults, except that a translation cannot be moved to another
    # programme: a foreign key is an "overridable" segment in its editor otherwise.
    translatable_fields = [
        SynchronizedField("first_published_at"),
        SynchronizedField("go_live_at"),
        SynchronizedField("expire_at"),
        SynchronizedField("programme", overridable=False),
        TranslatableField("title"),
        TranslatableField("preamble"),
        TranslatableField("commitments"),
        TranslatableField("closing"),
        SynchronizedField("show_on_public_page"),
    ]

    class Meta(TranslatableMixin.Meta):
        constraints = [
            models.UniqueConstraint(fields=["programme", "locale"], name="youthcop_one_charter_per_programme_locale")
        ]
        # publish/lock/unlock are declared here (Wagtail would add them after migrating)
        # so that the data migration can grant them to the staff groups.
        permissions = [
            ("publish_charter", "Can publish charter"),
            ("lock_charter", "Can lock charter"),
            ("unlock_charter", "Can unlock charter"),
            ("adopt_charter", "Can adopt a charter version and follow its signatures"),
        ]
        verbose_name = _("charter")
        verbose_name_plural = _("charters")

    def __str__(self):
        return self.title

    def with_content_json(self, content):
        # Opening or closing proposals is programme state, not content: an old draft must not undo it.
        obj = super().with_content_json(content)
        obj.proposals_open = self.proposals_open
        return obj

    def note_text_change(self):
        """Stamp ``text_changed_at`` when the text differs from the one last stamped. Returns True if it did."""
        fingerprint = text_sha256(charter_text(self))
        if fingerprint == self.text_fingerprint and self.text_changed_at:
            return False
        self.text_fingerprint = fingerprint
        now = timezone.now()
        # Milliseconds: what a revision's JSON keeps, so that a copy compares equal to its source.
        self.text_changed_at = now.replace(microsecond=now.microsecond // 1000 * 1000)
        return True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            self.note_text_change()
        elif set(update_fields) & TEXT_FIELDS and self.note_text_change():
            kwargs["update_fields"] = {*update_fields, "text_changed_at", "text_fingerprint"}
        super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        # A draft revision carries its own stamp: the draft is what adoption freezes.
        self.note_text_change()
        return super().save_revision(*args, **kwargs)

    def commitment_texts(self):
        return [block.value.strip() for block in self.commitments if str(block.value).strip()]

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        # The constraint needs the programme; explain it in words rather than as a constraint name.
        if self.programme_id and self.locale_id:
            others = Charter.objects.filter(programme_id=self.programme_id, locale_id=self.locale_id)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError({"programme": _("This programme already has a charter in this language.")})


class Proposal(models.Model):
    """A commitment proposed by a participant ("We commit to …")."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted into the draft")
        MERGED = "merged", _("Merged with a similar proposal")
        DECLINED = "declined", _("Declined")

    class Method(models.TextChoices):
        ONLINE = "online", _("Online, through the personal page")
        PAPER = "paper", _("On paper, entered by a facilitator")

    class Kind(models.TextChoices):
        # The same propose / support / rank / decide mechanism serves the year's workshop themes.
        COMMITMENT = "commitment", _("A commitment for the charter")
        THEME = "theme", _("A theme for the coming workshops")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="charter_proposals", verbose_name=_("programme")
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.COMMITMENT, db_index=True
    )
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="charter_proposals",
        verbose_name=_("author"),
    )
    text = models.TextField(_("proposal"), max_length=600)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_proposals",
        verbose_name=_("merged into"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("charter proposal")
        verbose_name_plural = _("charter proposals")

    def __str__(self):
        return self.text[:80]


class ProposalSupport(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, related_name="charter_supports", null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "participant"], name="youthcop_one_support_per_participant")
        ]
        verbose_name = _("support")
        verbose_name_plural = _("supports")


class ProposalComment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="charter_comments"
    )
    text = models.TextField(_("comment"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:80]


class CharterVersion(models.Model):
    """An adopted version: frozen, numbered, with its text in each language."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="charter_versions", verbose_name=_("programme")
    )
    number = models.PositiveIntegerField(_("version"))
    original_language = models.CharField(_("original language"), max_length=10)
    adopted_at = models.DateTimeField(_("adopted at"), default=timezone.now)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    adopted_by_name = models.CharField(_("adopted by"), max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="youthcop_unique_charter_version_number")
        ]
        verbose_name = _("adopted charter version")
        verbose_name_plural = _("adopted charter versions")

    def __str__(self):
        return _("Version %(number)s") % {"number": self.number}

    def text_in(self, language):
        """The text in ``language``, else in the original language."""
        texts = {text.language: text for text in self.texts.all()}
        return texts.get(language) or texts.get(self.original_language) or next(iter(texts.values()), None)


class CharterVersionText(models.Model):
    """Exactly what a signer of ``version`` reading ``language`` is shown, and its SHA-256."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="youthcop_one_text_per_version_language")
        ]
        verbose_name = _("charter version text")
        verbose_name_plural = _("charter version texts")

    def __str__(self):
        return f"{self.version} ({self.language})"


class SignatureQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(_("Signatures are append-only."))


class Signature(models.Model):
    """A participant's signature of one version. Append-only."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person, on a shared device")

    # PROTECT: a participant with signatures is anonymised, never deleted (README rules 4 and 6).
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="charter_signatures")
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="signatures")
    language = models.CharField(_("language"), max_length=10)
    text_sha256 = models.CharField(_("SHA-256 of the text signed"), max_length=64)
    typed_name = models.CharField(_("typed name"), max_length=200)
    signed_at = models.DateTimeField(_("signed at (UTC)"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=400, blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "version"], name="youthcop_one_signature_per_version")
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.typed_name} — {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("Signatures are append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Signatures are append-only."))
