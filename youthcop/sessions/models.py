"""Sessions of a programme, attendance, absence flags, reminders and calendar feeds.

Attendance is personal data: it is never translatable, and the only free text
about a person kept here (an attendance note, a flag's resolution note) is
removed when that person is anonymised.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from youthcop.programmes.models import Participant, Programme, ProgrammeText, Side


class SessionKind(models.TextChoices):
    JOINT_WORKSHOP = "joint_workshop", _("Joint workshop")
    YOUTH_PREPARATION = "youth_preparation", _("Youth preparation")
    POLICE_BRIEFING = "police_briefing", _("Police briefing")
    INFORMAL_ACTIVITY = "informal_activity", _("Informal activity")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee meeting")
    CLOSING_CEREMONY = "closing_ceremony", _("Closing ceremony")


# Which sides of the group are expected at each kind of session.
EXPECTED_SIDES = {
    SessionKind.JOINT_WORKSHOP: (Side.YOUTH, Side.POLICE),
    SessionKind.YOUTH_PREPARATION: (Side.YOUTH,),
    SessionKind.POLICE_BRIEFING: (Side.POLICE,),
    SessionKind.INFORMAL_ACTIVITY: (Side.YOUTH, Side.POLICE),
    SessionKind.STEERING_COMMITTEE: (),  # its members are not the group: no attendance sheet
    SessionKind.CLOSING_CEREMONY: (Side.YOUTH, Side.POLICE),
}


def kinds_for_side(side):
    """The session kinds a participant of ``side`` is expected at."""
    return [kind for kind, sides in EXPECTED_SIDES.items() if side in sides]


class Activity(models.TextChoices):
    IMPROVISATION = "improvisation", _("Improvisation")
    TRUST_GAMES = "trust_games", _("Trust games")
    ROLE_PLAY = "role_play", _("Role play")
    SHARED_MEAL = "shared_meal", _("Shared meal")
    SPORT = "sport", _("Sport")
    OTHER = "other", _("Other")


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).exclude(status=Session.Status.CANCELLED)

    def held(self):
        return self.filter(status=Session.Status.HELD)


class Session(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=SessionKind.choices, default=SessionKind.JOINT_WORKSHOP)
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("address"), blank=True)
    venue_accessibility = models.TextField(
        _("accessibility of the venue"), blank=True, help_text=_("Step-free access, lift, quiet room, toilets…")
    )
    venue_directions = models.TextField(
        _("how to get there"), blank=True, help_text=_("Public transport, entrance, whom to ask for at the door.")
    )
    activities = models.JSONField(_("planned activities"), default=list, blank=True)
    activity_notes = models.TextField(_("notes on the activities"), blank=True)
    shared_meal = models.BooleanField(_("a shared meal is served"), default=False)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="youthcop_sessions", verbose_name=_("facilitators")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    facilitator_notes = models.TextField(
        _("facilitator notes"), blank=True, help_text=_("Seen by staff only, never by participants.")
    )

    # The date the schedule generator planned this session for: it survives a
    # move, so re-running the generator never creates the session again.
    scheduled_on = models.DateField(null=True, blank=True, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # iCalendar SEQUENCE: raised on every change a calendar app must apply.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    attendance_taken_at = models.DateTimeField(null=True, blank=True, editable=False)
    attended_youth = models.PositiveSmallIntegerField(default=0, editable=False)
    attended_police = models.PositiveSmallIntegerField(default=0, editable=False)
    ratio_alert = models.BooleanField(
        _("ratio alert"), default=False, editable=False, help_text=_("Actual attendance broke the ratio tolerance.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "scheduled_on"],
                condition=models.Q(scheduled_on__isnull=False),
                name="youthcop_session_scheduled_once",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="youthcop_session_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["programme", "starts_at"], name="youthcop_session_programme")]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.title} — {formats.date_format(timezone.localtime(self.starts_at), 'SHORT_DATE_FORMAT')}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})

    @property
    def expected_sides(self):
        return EXPECTED_SIDES.get(self.kind, ())

    @property
    def is_joint(self):
        return len(self.expected_sides) == 2

    @property
    def takes_attendance(self):
        return bool(self.expected_sides)

    @property
    def attended(self):
        return self.attended_youth + self.attended_police

    def activity_labels(self):
        labels = dict(Activity.choices)
        return [labels.get(value, value) for value in self.activities or []]


class SessionText(TranslatableMixin, Orderable):
    """A session's title, theme and venue directions in one language: part of its programme's texts
    (``ProgrammeText``), translated with them by wagtail-localize (``youthcop.programmes.wording``)."""

    programme_text = ParentalKey(ProgrammeText, on_delete=models.CASCADE, related_name="session_texts")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="texts", verbose_name=_("session"))
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    venue_directions = models.TextField(_("how to get there"), blank=True)
    venue_accessibility = models.TextField(_("accessibility of the venue"), blank=True)

    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("theme"),
        TranslatableField("venue_directions"),
        TranslatableField("venue_accessibility"),
        SynchronizedField("session"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["session", "locale"], name="youthcop_one_session_text_per_locale")]
        verbose_name = _("session's texts in a language")
        verbose_name_plural = _("sessions' texts in other languages")

    def __str__(self):
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    ATTENDED = (Status.PRESENT, Status.LATE)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    # PROTECT: a participant with attendance is anonymised, never deleted (README rule 6).
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="youthcop_attendance_once")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self):
        return f"{self.participant} — {self.get_status_display()}"


class AbsenceFlag(models.Model):
    """Two unexcused absences in a row: the participant's youth worker is told."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="absence_flags")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="absence_flags")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution_note = models.CharField(_("what was done"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "session"], name="youthcop_absence_flag_once")
        ]
        verbose_name = _("absence flag")
        verbose_name_plural = _("absence flags")

    def __str__(self):
        return f"{self.participant} — {self.session}"


class ReminderSent(models.Model):
    """One reminder per session and person: the constraint, not a check, keeps it so."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="session_reminders")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="youthcop_reminder_once")
        ]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")


class StaffCalendarFeed(models.Model):
    """A staff member's secret calendar URL for a programme: only its hash is stored."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="calendar_feeds")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.programme} — {self.user}"

    def is_live(self):
        return self.revoked_at is None
