"""Who earned a certificate (README rule 5), and decisions taken by hand."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from youthcop.charters.services import current_signers
from youthcop.programmes.models import Participant
from youthcop.sessions.models import Attendance, Session, SessionKind, kinds_for_side

from ..models import Certificate, EligibilityDecision

Decision = EligibilityDecision.Decision


# Who can earn a certificate: people who held a place to the end.
CANDIDATE_STATUSES = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)


class CertificateError(Exception):
    """A refusal a facilitator can act on; ``str()`` says what to do."""




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


def certificate_counts(programme):
    """``(issued, eligible)``: candidates holding a valid certificate, and those eligible now. A fixed number of queries."""
    rows = eligibility(programme)
    issued = sum(1 for row in rows if row.certificate is not None and not row.certificate.is_revoked)
    return issued, sum(1 for row in rows if row.eligible)
