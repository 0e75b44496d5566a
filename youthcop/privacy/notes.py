"""Confidential notes: the advisor of a participant's own side, in that participant's programme, and nobody else.

Not facilitators, not the other group's advisor, not superusers who hold no
advisor role (README rule 8). Each note read is written to the audit log.
"""

from django.db.models import Count, Exists, Max, OuterRef, Q
from wagtail.log_actions import log

from youthcop.programmes.models import Participant, ProgrammeStaff, Side
from youthcop.programmes.permissions import ScopedPermissionPolicy

from .models import AdvisorNote, AuditLogEntry

Role = ProgrammeStaff.Role
ADVISOR_ROLE_BY_SIDE = {Side.YOUTH: Role.YOUTH_ADVISOR, Side.POLICE: Role.POLICE_ADVISOR}
VIEW_NOTES = f"{AdvisorNote._meta.app_label}.view_advisornote"


def advised_participants_q(user, prefix=""):
    """A ``Q`` on participants (through ``prefix``) of the sides ``user`` advises in their programmes."""
    visible = Q(pk__in=[])
    for side, role in ADVISOR_ROLE_BY_SIDE.items():
        advises = ProgrammeStaff.objects.filter(programme=OuterRef(f"{prefix}programme"), user=user, role=role)
        visible |= Q(Exists(advises), **{f"{prefix}side": side})
    return visible


def participants_advised_by(user, queryset=None):
    """Participants whose confidential notes ``user`` may read and write."""
    queryset = Participant.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    return queryset.filter(advised_participants_q(user))


def notes_visible_to(user, queryset=None):
    queryset = AdvisorNote.objects.all() if queryset is None else queryset
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    return queryset.filter(advised_participants_q(user, prefix="participant__"))


class AdvisorNotePolicy(ScopedPermissionPolicy):
    """Model permissions do not widen the advisor rule, not even for superusers."""

    def instances_user_has_any_permission_for(self, user, actions):
        if not (user.is_authenticated and user.is_active):
            return self.model._default_manager.none()
        if not user.is_superuser and not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.model._default_manager.all())


note_policy = AdvisorNotePolicy(AdvisorNote, notes_visible_to)


def can_use_notes(user, participant):
    """Whether ``user`` may read and write ``participant``'s confidential notes."""
    if not (user.is_superuser or user.has_perms([VIEW_NOTES])):
        return False
    return participants_advised_by(user).filter(pk=participant.pk).exists()


def add_note(participant, *, text, by):
    """Write a confidential note about ``participant``."""
    note = AdvisorNote.objects.create(participant=participant, author=by, text=text)
    log(note, "youthcop.note.added", user=by, data={"participant": participant.pk})
    return note


def read_notes(participant, *, by, via="notes"):
    """The confidential notes about ``participant``; each one read is written to the audit log."""
    notes = list(participant.advisor_notes.select_related("author"))
    log_reads(notes, by=by, via=via)
    return notes


def log_reads(notes, *, by, via):
    """One audit entry per note read, in one query whatever the number of notes."""
    AuditLogEntry.objects.log_many(
        notes, "youthcop.note.read", user=by, data=lambda note: {"participant": note.participant_id, "via": via}
    )


def export_notes(participant, *, by):
    """The subject access export's notes: read (and logged) when ``by`` may, else how many and who holds them."""
    if can_use_notes(by, participant):
        notes = read_notes(participant, by=by, via="export")
        return {
            "confidential_notes": [
                {"written_at": note.created_at, "by": str(note.author or ""), "text": note.text} for note in notes
            ]
        }
    withheld = participant.advisor_notes.count()
    if not withheld:
        return {}
    held_by = str(ProgrammeStaff.Role(ADVISOR_ROLE_BY_SIDE[participant.side]).label)
    return {"confidential_notes_withheld": {"count": withheld, "held_by": held_by}}


def advised_group(user, programmes):
    """The participants ``user`` advises in ``programmes``, each with ``note_count`` and ``last_note_at``. One query.

    Counts and dates only: no note is read here, so nothing is written to the audit log.
    """
    return (
        participants_advised_by(user, Participant.objects.filter(programme__in=programmes))
        .annotate(note_count=Count("advisor_notes"), last_note_at=Max("advisor_notes__created_at"))
        .select_related("programme")
        .order_by("programme__name", "programme_id", "-side", "last_name", "first_name", "pk")
    )
