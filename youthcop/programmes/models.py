"""Programmes, organisations, staff, participants, guardian consent, links.

No model here has — or may ever gain — a field for ethnic origin, religion,
health or criminal records (README rule 6; ``tests/test_schema.py``).
Participants are never translatable: translation copies would duplicate
personal data.
"""

import datetime
import decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from youthcop.core import tokens
from youthcop.core.conf import youthcop_settings
from youthcop.core.widgets import PersonSelect


class Organisation(models.Model):
    class Kind(models.TextChoices):
        POLICE_ZONE = "police_zone", _("Police zone")
        YOUTH_ORGANISATION = "youth_organisation", _("Youth organisation")
        MUNICIPALITY = "municipality", _("Municipality")
        FACILITATION = "facilitation", _("Facilitation company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("Printed on the certificates of the programmes this organisation runs or takes part in."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """The organisation a staff user works for (a youth worker's organisation)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="youthcop_profile"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user} ({self.organisation})"


def one_year_after(start):
    try:
        return start.replace(year=start.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return start + datetime.timedelta(days=365)


class Programme(ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECRUITING = "recruiting", _("Recruiting")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=200)
    police_zone = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        limit_choices_to={"kind": Organisation.Kind.POLICE_ZONE},
        verbose_name=_("police zone"),
    )
    partner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_programmes", verbose_name=_("partner organisations")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), blank=True, help_text=_("Defaults to one year after the start."))
    target_size = models.PositiveSmallIntegerField(
        _("target group size"), default=27, validators=[MinValueValidator(2), MaxValueValidator(200)]
    )
    min_size = models.PositiveSmallIntegerField(_("smallest good group size"), default=25)
    max_size = models.PositiveSmallIntegerField(_("largest good group size"), default=30)
    youth_per_officer = models.PositiveSmallIntegerField(
        _("young people per police officer"), default=2, validators=[MinValueValidator(1)]
    )
    ratio_tolerance = models.DecimalField(
        _("ratio tolerance"),
        max_digits=3,
        decimal_places=2,
        default=decimal.Decimal("0.5"),
        validators=[MinValueValidator(0)],
        help_text=_(
            "How far the young people per officer present at a joint session may be from the target "
            "before the session is flagged."
        ),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    waiting_list_auto = models.BooleanField(
        _("offer free places to the waiting list automatically"),
        default=True,
        help_text=_(
            "A place that frees up or is added is offered to the first on that side's waiting list, to accept "
            "by a deadline. Untick to keep free places for the coordinator to offer to someone they choose, "
            "for the mix the method asks for."
        ),
    )
    certificate_threshold = models.PositiveSmallIntegerField(
        _("certificate attendance threshold (%)"),
        default=75,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    min_joint_workshops = models.PositiveSmallIntegerField(
        _("minimum joint workshops attended"),
        default=6,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "A certificate also needs at least this many joint workshops attended, "
            "even for a late joiner who was expected at only a few."
        ),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("A few lines for participants and the public on what the year is about."),
    )
    reward_description = models.TextField(
        _("reward"), blank=True, help_text=_("A trip or exchange that rewards those who took part throughout.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("police_zone"), FieldPanel("status")]),
        FieldPanel("partner_organisations"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("target_size"), FieldPanel("youth_per_officer"), FieldPanel("ratio_tolerance")]
                ),
                FieldRowPanel([FieldPanel("min_size"), FieldPanel("max_size")]),
                FieldPanel("waiting_list_auto"),
            ],
            heading=_("Composition"),
        ),
        FieldRowPanel([FieldPanel("certificate_threshold"), FieldPanel("min_joint_workshops")]),
        FieldPanel("description"),
        FieldPanel("reward_description"),
        InlinePanel("staff", heading=_("Staff"), label=_("Staff member")),
        InlinePanel("steering_members", heading=_("Steering committee"), label=_("Member")),
    ]

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name

    @property
    def retention_deadline(self):
        """The day this programme's personal data is due for anonymisation: ``RETENTION_MONTHS`` after its end.

        README rule 6; the 31st plus a month is the month's last day.
        """
        return self.end_date + relativedelta(months=youthcop_settings.RETENTION_MONTHS)

    def clean(self):
        if self.min_size > self.max_size:
            raise ValidationError({"max_size": _("The largest size must not be below the smallest.")})
        if not self.min_size <= self.target_size <= self.max_size:
            raise ValidationError(
                {
                    "target_size": _("The target size must lie between %(min)s and %(max)s.")
                    % {"min": self.min_size, "max": self.max_size}
                }
            )
        if self.end_date and self.start_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The programme must end after it starts.")})

    @classmethod
    def from_db(cls, db, field_names, values):
        programme = super().from_db(db, field_names, values)
        programme._places_when_loaded = programme.places_rule()
        return programme

    def places_rule(self):
        """What decides the places and who fills them: a change may move the waiting lists up."""
        fields = ("target_size", "youth_per_officer", "waiting_list_auto")
        return tuple(self.__dict__.get(name) for name in fields)

    @property
    def places_rule_changed(self):
        """Whether the size, ratio or automatic offers changed since this programme was loaded or saved."""
        return getattr(self, "_places_when_loaded", None) != self.places_rule()

    def save(self, *args, **kwargs):
        if not self.end_date and self.start_date:
            self.end_date = one_year_after(self.start_date)
        super().save(*args, **kwargs)  # post_save moves the waiting lists up if places_rule_changed
        self._places_when_loaded = self.places_rule()


class OrganisationText(TranslatableMixin, models.Model):
    """An organisation's name as readers see it, in one language (``youthcop.programmes.wording``).

    In the default locale, a copy of the organisation's own name; in other
    locales, wagtail-localize's translation of that copy.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="texts", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)

    translatable_fields = [TranslatableField("name"), SynchronizedField("organisation")]

    class Meta(TranslatableMixin.Meta):
        constraints = [
            models.UniqueConstraint(fields=["organisation", "locale"], name="youthcop_one_organisation_text_per_locale")
        ]
        verbose_name = _("organisation's name in a language")
        verbose_name_plural = _("organisations' names in other languages")

    def __str__(self):
        return self.name


class ProgrammeText(TranslatableMixin, ClusterableModel):
    """What readers see of a programme and its sessions, in one language (``youthcop.programmes.wording``).

    In the default locale, a copy of what staff wrote on the programme and its
    sessions; in other locales, wagtail-localize's translation of that copy —
    the sessions' texts (``session_texts``) translated in the same editor.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="texts", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reward = models.TextField(_("reward"), blank=True)

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        TranslatableField("reward"),
        TranslatableField("session_texts"),
        SynchronizedField("programme"),
    ]

    class Meta(TranslatableMixin.Meta):
        constraints = [
            models.UniqueConstraint(fields=["programme", "locale"], name="youthcop_one_programme_text_per_locale")
        ]
        verbose_name = _("programme's texts in a language")
        verbose_name_plural = _("programmes' texts in other languages")

    def __str__(self):
        return self.name


class ProgrammeStaff(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        FACILITATOR = "facilitator", _("Facilitator")
        YOUTH_WORKER = "youth_worker", _("Youth worker")
        YOUTH_ADVISOR = "youth_advisor", _("Confidential advisor (youth group)")
        POLICE_ADVISOR = "police_advisor", _("Confidential advisor (police group)")

    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="youthcop_roles", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    panels = [FieldRowPanel([FieldPanel("user", widget=PersonSelect), FieldPanel("role")])]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "user", "role"], name="youthcop_unique_staff_role")
        ]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class SteeringCommitteeMember(models.Model):
    class Represents(models.TextChoices):
        YOUTH = "youth", _("Young people")
        POLICE = "police", _("Police")
        YOUTH_WORK = "youth_work", _("Youth work")
        FACILITATION = "facilitation", _("Facilitation")
        MUNICIPALITY = "municipality", _("Municipality")

    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="steering_members")
    name = models.CharField(_("name"), max_length=200)
    represents = models.CharField(_("represents"), max_length=20, choices=Represents.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("organisation")
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("represents"), FieldPanel("organisation")])]

    class Meta:
        verbose_name = _("steering committee member")
        verbose_name_plural = _("steering committee")

    def __str__(self):
        return self.name


class Side(models.TextChoices):
    YOUTH = "youth", _("Young person")
    POLICE = "police", _("Police officer")


class Language(models.TextChoices):
    EN = "en", "English"
    FR = "fr", "Français"
    NL = "nl", "Nederlands"
    DE = "de", "Deutsch"


class DietaryNeed(models.TextChoices):
    """What a shared meal has to provide. Halal and kosher can reveal a religion, a food allergy a
    health condition: special-category data (GDPR art. 9), recorded only with explicit consent
    (the guardian's for a minor), shown to facilitators only as counts, deleted when the programme
    ends, never in a spreadsheet (``meal_needs.py``)."""

    HALAL = "halal", _("Halal")
    KOSHER = "kosher", _("Kosher")
    VEGETARIAN = "vegetarian", _("Vegetarian")
    VEGAN = "vegan", _("Vegan")
    ALLERGIES = "allergies", _("Food allergies")


class ParticipantQuerySet(models.QuerySet):
    def holding_slot(self):
        """In the group: enrolled, completed, or a minor's place reserved while consent is pending."""
        return self.filter(status__in=Participant.SLOT_HOLDING)

    def taking_place(self, now=None):
        """Holding a place, or offered one whose deadline has not passed: what a side's places count."""
        now = now or timezone.now()
        return self.filter(
            models.Q(status__in=Participant.SLOT_HOLDING)
            | models.Q(status=Participant.Status.OFFERED, offer_expires_at__gt=now)
        )

    def offers_lapsed(self, now=None):
        """Offered a place and not accepted by the deadline."""
        return self.filter(status=Participant.Status.OFFERED, offer_expires_at__lte=now or timezone.now())

    def waiting(self):
        return self.filter(status=Participant.Status.WAITING).order_by("waiting_since", "pk")

    def with_waiting_position(self):
        """Annotate ``_waiting_position`` (1-based, per side) in the same query."""
        ahead_or_same = (
            Participant.objects.filter(
                programme=models.OuterRef("programme"),
                side=models.OuterRef("side"),
                status=Participant.Status.WAITING,
            )
            .filter(
                models.Q(waiting_since__lt=models.OuterRef("waiting_since"))
                | models.Q(waiting_since=models.OuterRef("waiting_since"), pk__lte=models.OuterRef("pk"))
            )
            .order_by()
            .values("programme")
            .annotate(n=models.Count("pk"))
            .values("n")[:1]
        )
        return self.annotate(
            _waiting_position=models.Case(
                models.When(status=Participant.Status.WAITING, then=models.Subquery(ahead_or_same)),
                default=None,
                output_field=models.IntegerField(),
            )
        )


class Participant(models.Model):
    class Status(models.TextChoices):
        AWAITING_CONSENT = "awaiting_consent", _("Awaiting guardian consent")
        ENROLLED = "enrolled", _("Enrolled")
        WAITING = "waiting", _("Waiting list")
        OFFERED = "offered", _("Place offered")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    class PoliceUnit(models.TextChoices):
        COMMUNITY = "community", _("Community policing")
        INTERVENTION = "intervention", _("Intervention")
        INVESTIGATION = "investigation", _("Investigation")
        OTHER = "other", _("Other service")

    SLOT_HOLDING = (Status.AWAITING_CONSENT, Status.ENROLLED, Status.COMPLETED)

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participants", verbose_name=_("programme")
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(
        _("date of birth"), null=True, blank=True, help_text=_("Young people only: used to know who is a minor.")
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.FR
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("organisation"),
        help_text=_("The youth organisation of a young person, or the police zone of an officer."),
    )
    police_unit = models.CharField(_("police unit"), max_length=20, choices=PoliceUnit.choices, blank=True)
    dietary_needs = models.JSONField(_("dietary needs for shared meals"), default=list, blank=True)
    # Explicit consent to recording the meal needs (GDPR art. 9(2)(a)): when, and whose.
    meal_needs_consent_at = models.DateTimeField(
        _("explicit consent to the meal needs given at"), null=True, blank=True, editable=False
    )
    meal_needs_consent_by = models.CharField(
        _("explicit consent to the meal needs given by"),
        max_length=12,
        choices=[("participant", _("The participant")), ("guardian", _("The guardian"))],
        blank=True,
        editable=False,
    )
    accessibility_needs = models.TextField(
        _("accessibility needs"), blank=True, help_text=_("What helps this person take part (access, hearing, …).")
    )

    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    guardian_email = models.EmailField(_("guardian's email"), blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=40, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    reserved_until = models.DateTimeField(
        _("place reserved until"), null=True, blank=True, help_text=_("While guardian consent is pending.")
    )
    # A waiting place offered (README rule 1): it counts as taken until accepted or this deadline passes.
    offer_expires_at = models.DateTimeField(_("offered place to accept by"), null=True, blank=True, editable=False)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_participants",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # When the place was confirmed (enrolled, promoted, or a guardian consented): sessions before it
    # are not held against them (README rule 5). None: from the programme's start.
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "side", "last_name", "first_name"]
        indexes = [models.Index(fields=["programme", "side", "status"], name="youthcop_participant_slots")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    full_name.fget.short_description = _("Name")  # the admin list's column heading

    def age_on(self, day):
        if not self.date_of_birth:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def is_minor(self):
        """Under 18 on the programme's start date."""
        age = self.age_on(self.programme.start_date)
        return self.side == Side.YOUTH and age is not None and age < 18

    @property
    def holds_slot(self):
        return self.status in self.SLOT_HOLDING

    @property
    def waiting_position(self):
        annotated = getattr(self, "_waiting_position", None)
        if annotated is not None or self.status != self.Status.WAITING:
            return annotated
        return (
            Participant.objects.filter(programme_id=self.programme_id, side=self.side, status=self.Status.WAITING)
            .filter(
                models.Q(waiting_since__lt=self.waiting_since)
                | models.Q(waiting_since=self.waiting_since, pk__lte=self.pk)
            )
            .count()
        )

    @property
    def has_live_offer(self):
        return self.status == self.Status.OFFERED and bool(self.offer_expires_at) and self.offer_expires_at > timezone.now()

    def status_label(self):
        if self.status == self.Status.WAITING and self.waiting_position:
            return _("Waiting list, position %(position)s") % {"position": self.waiting_position}
        if self.status == self.Status.OFFERED and self.offer_expires_at:
            values = {"date": date_format(timezone.localtime(self.offer_expires_at), "DATE_FORMAT")}
            if not self.has_live_offer:  # until the daily run withdraws them
                return _("Place offered, not accepted by %(date)s") % values
            return _("Place offered, to accept by %(date)s") % values
        return self.get_status_display()

    @property
    def consent(self):
        """The latest guardian consent record, or None."""
        return self.consents.order_by("-recorded_at", "-pk").first()

    def save(self, *args, **kwargs):
        # A copy made to show a young person by first name and initial (permissions.as_seen_by) is never saved.
        if getattr(self, "identity_withheld", False):
            raise ValueError("A participant shown without their identifying data cannot be saved.")
        super().save(*args, **kwargs)


class GuardianConsent(models.Model):
    """One answer of a guardian, append-only: the latest one counts."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Online, through the emailed link")
        PAPER = "paper", _("Paper form collected by the youth worker")

    # PROTECT: a consent is proof; its participant is anonymised, never deleted (README rule 6).
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consents")
    participation = models.BooleanField(_("consents to participation"))
    photos = models.BooleanField(_("consents to photos"), default=False)
    meal_needs = models.BooleanField(_("consents to recording the child's meal needs"), default=False)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    paper_form_date = models.DateField(_("date on the paper form"), null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("collected by")
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")

    def __str__(self):
        return f"{self.participant} — {self.recorded_at:%Y-%m-%d}"


class PersonalLinkQuerySet(models.QuerySet):
    def live(self):
        """Links not revoked (whether their programme's links have ended is ``is_live``'s business)."""
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )

    def matching(self, token):
        """The links ``token`` names: a signed token by its selector, an older one by its hash."""
        parts = tokens.split_signed_token(token)
        if parts is None:
            return self.filter(token_hash=tokens.hash_token(token or ""), selector__isnull=True)
        return self.filter(selector=parts[0])


class PersonalLink(models.Model):
    """A personal link that stays the same until someone revokes it (README rule 7).

    The URL token is a random selector (stored) and an HMAC of it under the
    site's ``SECRET_KEY`` (not stored): the same live link can be computed
    again for every email, reminder and calendar subscription, while the
    database alone cannot rebuild it. Revoking sets ``revoked_at``; the next
    link gets a new selector. Links made before 0.1.0 have only
    ``token_hash`` (the SHA-256 of a random token) and keep working until
    revoked or ended, but cannot be sent again. A link ends when its
    programme's links end (``expiry_for``) or at ``expires_at`` if earlier.
    """

    class Purpose(models.TextChoices):
        PARTICIPANT = "participant", _("Participant page")
        GUARDIAN = "guardian", _("Guardian consent")
        OFFER = "offer", _("Offered place")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    selector = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text=_("An earlier end than the programme's links, if any.")
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PersonalLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")

    def __str__(self):
        return f"{self.get_purpose_display()} — {self.participant}"

    @property
    def _signing_context(self):
        return f"personal-link.{self.purpose}.{self.participant_id}"

    @property
    def can_be_sent(self):
        """Only signed links can be computed again; an older, hashed one cannot."""
        return bool(self.selector)

    def token(self):
        """The URL token of this link, signed with the current ``SECRET_KEY``."""
        if not self.selector:
            raise ValueError("A link made before 0.1.0 cannot be sent again.")
        return tokens.signed_token(self.selector, self._signing_context)

    @classmethod
    def matching_token(cls, queryset, token):
        """The link of ``queryset`` that ``token`` opens (signature checked), or ``None``."""
        link = queryset.matching(token).first()
        if link is None or not link.selector:
            return link
        selector, mac = tokens.split_signed_token(token)
        return link if tokens.signature_matches(selector, mac, link._signing_context) else None

    @property
    def ends_at(self):
        """When this link stops opening."""
        end = self.expiry_for(self.participant.programme)
        return min(end, self.expires_at) if self.expires_at else end

    def is_live(self):
        return self.revoked_at is None and self.ends_at > timezone.now()

    @staticmethod
    def expiry_for(programme):
        """When ``programme``'s personal links end.

        By default (``LINK_GRACE_DAYS`` is ``None``) at the end of the day
        before its participants' data is due for anonymisation
        (``RETENTION_MONTHS`` after its end date, README rule 6), so they keep
        their certificate and signed charter until then; otherwise at the end
        of the ``LINK_GRACE_DAYS``-th day after its end date. Either way the
        local date of the result is the last day a link opens.
        """
        grace = youthcop_settings.LINK_GRACE_DAYS
        if grace is None:
            last_day = programme.retention_deadline - datetime.timedelta(days=1)
            return timezone.make_aware(datetime.datetime.combine(last_day, datetime.time.max))
        end = datetime.datetime.combine(programme.end_date, datetime.time.max)
        return timezone.make_aware(end) + datetime.timedelta(days=grace)
