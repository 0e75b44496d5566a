"""The rules of programmes: quotas, waiting lists, consent and personal links.

Views, forms, tasks and commands call these functions; none of them changes a
participant's status by hand. Every change that touches a quota runs in one
short transaction that locks the programme row (README rules 1–2).
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry

from youthcop.core import tokens
from youthcop.core.conf import youthcop_settings

from . import meal_needs as meal_needs_rules
from . import signals
from .models import GuardianConsent, Participant, PersonalLink, Programme, Side

Status = Participant.Status


class ProgrammeBusy(Exception):
    """The programme is locked by other registrations: the user should try again."""

    def __str__(self):
        return _("Many registrations are being saved for this programme right now. Please try again in a moment.")


# --- Quotas ----------------------------------------------------------------


def police_slots(programme):
    """Officer places: the target size split at the youth-per-officer ratio, rounded."""
    return round(programme.target_size / (programme.youth_per_officer + 1))


def youth_slots(programme):
    return programme.target_size - police_slots(programme)


def slots_for(programme, side):
    return youth_slots(programme) if side == Side.YOUTH else police_slots(programme)


def slots_taken(programme, side):
    """Places held on ``side``, counting places offered whose deadline has not passed."""
    return programme.participants.filter(side=side).taking_place().count()


def slots_left(programme, side):
    return max(0, slots_for(programme, side) - slots_taken(programme, side))


def youth_slots_left(programme):
    return slots_left(programme, Side.YOUTH)


# --- Locking ---------------------------------------------------------------


@contextlib.contextmanager
def locked_programme(programme_id):
    """Open a transaction holding the programme row's lock; yield the programme.

    A lock not had within ``LOCK_TIMEOUT_SECONDS`` raises ``ProgrammeBusy``.
    """
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    timeout_ms = int(youthcop_settings.LOCK_TIMEOUT_SECONDS * 1000)
                    cursor.execute(f"SET LOCAL lock_timeout = {timeout_ms}")
            programme = Programme.objects.select_for_update().get(pk=programme_id)
            yield programme
    except OperationalError as error:
        if "lock" in str(error).lower():
            raise ProgrammeBusy from error
        raise


# --- Enrolment -------------------------------------------------------------


@dataclass
class EnrolmentResult:
    participant: Participant

    @property
    def message(self):
        """What happened, in words a youth worker acts on."""
        participant = self.participant
        values = {"name": participant.full_name}
        if participant.status == Status.ENROLLED:
            return _("%(name)s is enrolled.") % values
        if participant.status == Status.AWAITING_CONSENT:
            return _(
                "%(name)s is awaiting guardian consent: the place is reserved until %(date)s."
            ) % {**values, "date": timezone.localtime(participant.reserved_until).strftime("%d/%m/%Y")}
        if participant.status == Status.WAITING:
            full = (
                _("This programme's youth places are full")
                if participant.side == Side.YOUTH
                else _("This programme's police places are full")
            )
            return _("%(full)s; %(name)s was added to the waiting list (position %(position)s).") % {
                **values,
                "full": full,
                "position": participant.waiting_position,
            }
        return participant.get_status_display()


def _has_participation_consent(participant):
    consent = participant.consent if participant.pk else None
    return consent is not None and consent.participation


def _take_slot(participant, now, consented=None):
    """Give a place to ``participant``: enrolled, or reserved while a minor's consent is pending."""
    if consented is None:
        consented = _has_participation_consent(participant)
    if participant.is_minor and not consented:
        participant.status = Status.AWAITING_CONSENT
        participant.reserved_until = now + datetime.timedelta(days=youthcop_settings.CONSENT_RESERVATION_DAYS)
    else:
        participant.status = Status.ENROLLED
        participant.enrolled_at = now  # sessions before their place was confirmed do not count (README rule 5)
        participant.reserved_until = None
    participant.waiting_since = None


def _after_place_given(participant):
    # The receivers email the participant their link, or their guardian the consent request.
    signals.place_given.send(sender=Participant, participant=participant)


def enrol(programme, *, registered_by, paper_consent=None, **fields):
    """Register a participant in ``programme``: a place, a reserved place, or the waiting list.

    ``fields`` are the participant's model fields. ``paper_consent`` (a dict of
    ``participation``, ``photos``, ``paper_form_date``) records a guardian's
    paper form in the same transaction.
    """
    with locked_programme(programme.pk) as programme:
        now = timezone.now()  # taken under the lock, so waiting_since follows arrival order
        participant = Participant(programme=programme, registered_by=registered_by, registered_at=now, **fields)
        meal_needs_rules.settle_at_enrolment(participant, paper_consent, now)
        # Related objects come as instances: checking they exist would only cost queries.
        participant.full_clean(exclude=["status", "programme", "organisation", "registered_by"], validate_unique=False)
        consented = bool(paper_consent and paper_consent.get("participation"))
        if paper_consent and not consented:
            participant.status = Status.WITHDRAWN
            participant.withdrawal_reason = _("Guardian refused consent")
        elif slots_taken(programme, participant.side) < slots_for(programme, participant.side):
            _take_slot(participant, now, consented=consented)
        else:
            participant.status = Status.WAITING
            participant.waiting_since = now
        participant.save()  # once, with its status decided
        if paper_consent:
            _save_consent(participant, method=GuardianConsent.Method.PAPER, by=registered_by, **paper_consent)
        log(
            participant,
            "youthcop.participant.registered",
            user=registered_by,
            data={"status": participant.status, "side": participant.side, "programme": programme.pk},
        )
        _after_place_given(participant)
    return EnrolmentResult(participant)


# --- Offers of a waiting place ---------------------------------------------
#
# As pretix's waiting-list vouchers: a free place is offered to someone on the
# waiting list, who accepts it by a deadline; until then it counts as taken. A
# programme with ``waiting_list_auto`` offers a freed or added place to the
# first in line, and a lapsed offer to the next; without it, free places wait
# for the coordinator's choice. A coordinator may always offer a free place to
# a person they choose, with a reason kept in that person's history.


class OfferRefused(Exception):
    """An offer that cannot be made or accepted; the message says why, in words a person acts on."""


def offer_deadline(days=None, now=None):
    """The end of the local day ``days`` (``OFFER_DAYS`` by default) after ``now``."""
    days = youthcop_settings.OFFER_DAYS if days is None else days
    day = timezone.localdate(now or timezone.now()) + datetime.timedelta(days=days)
    return end_of_day(day)


def end_of_day(day):
    """The last moment of the local ``day``: an offer "to accept by" a date runs until that day ends."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def _offer_locked(participant, *, by, expires_at, reason="", automatic=False):
    """Offer ``participant`` (waiting) a place until ``expires_at``. Call with the programme locked."""
    position = participant.waiting_position
    participant.status = Status.OFFERED
    participant.offer_expires_at = expires_at
    participant.save(update_fields=["status", "offer_expires_at"])
    # The link to accept ends with the offer; a new offer gets a new link.
    revoke_links(participant, PersonalLink.Purpose.OFFER, by=by, audit=False)
    PersonalLink.objects.create(
        participant=participant,
        purpose=PersonalLink.Purpose.OFFER,
        selector=tokens.new_selector(),
        created_by=by,
        expires_at=expires_at,
    )
    log(
        participant,
        "youthcop.participant.place_offered",
        user=by,
        data={
            "reason": str(reason)[:500],
            "accept_by": expires_at.isoformat(),
            "waiting_position": position,
            "automatic": automatic,
        },
    )
    # The receivers email the offer (to a minor's youth worker) and tell the youth worker.
    signals.place_offered.send(sender=Participant, participant=participant)
    return participant


def offer_place(participant, *, by, reason, expires_at=None):
    """Offer a free place to ``participant``, whoever their position on the waiting list.

    The coordinator's choice keeps the mix the method asks for; ``reason``
    goes to the participant's history. A place is free when the side's places
    held and offered (deadline not passed) leave one. Raises ``OfferRefused``
    otherwise, and ``ProgrammeBusy`` when the programme is locked too long.
    """
    expires_at = expires_at or offer_deadline()
    with locked_programme(participant.programme_id) as programme:
        participant.refresh_from_db()
        if participant.status != Status.WAITING:
            raise OfferRefused(
                _("%(name)s is no longer on the waiting list: %(status)s.")
                % {"name": participant.full_name, "status": participant.status_label()}
            )
        if slots_left(programme, participant.side) <= 0:
            raise OfferRefused(no_place_free_message(participant.side))
        if expires_at <= timezone.now():
            raise OfferRefused(_("The deadline to accept must be in the future."))
        return _offer_locked(participant, by=by, expires_at=expires_at, reason=reason)


def take_back_offer(participant, *, by, reason=""):
    """Take back a place offered and not yet accepted (offered by mistake, or declined by phone).

    The person is back on the waiting list where they were (their waiting date
    is kept), the link to accept no longer works, and the place stays free for
    the coordinator's choice: it is not offered to the next in line in the same
    go, which would be the same person. Raises ``OfferRefused`` when the offer
    was answered or has lapsed meanwhile, ``ProgrammeBusy`` when the programme
    is locked too long.
    """
    with locked_programme(participant.programme_id):
        participant.refresh_from_db()
        if participant.status != Status.OFFERED:
            raise OfferRefused(_("This place is no longer on offer."))
        participant.status = Status.WAITING
        participant.offer_expires_at = None
        participant.save(update_fields=["status", "offer_expires_at"])
        revoke_links(participant, PersonalLink.Purpose.OFFER, by=by, audit=False)
        log(participant, "youthcop.participant.offer_taken_back", user=by, data={"reason": str(reason)[:500]})
    return participant


def no_place_free_message(side):
    if side == Side.YOUTH:
        return _("No youth place is free: places offered and not yet accepted count as taken.")
    return _("No police place is free: places offered and not yet accepted count as taken.")


def promote_next(programme, side, *, by=None):
    """Offer a free place of ``side`` to the first on its waiting list, if the programme offers automatically.

    Call with the programme locked. Returns the participant offered the place, or None.
    """
    if not programme.waiting_list_auto or slots_taken(programme, side) >= slots_for(programme, side):
        return None
    participant = programme.participants.filter(side=side).waiting().select_for_update().first()
    if participant is None:
        return None
    return _offer_locked(participant, by=by, expires_at=offer_deadline(), automatic=True)


def fill_free_places(programme, *, by=None):
    """Move the waiting lists up to the places free (after the size or ratio grew). Returns those offered a place."""
    if not programme.participants.filter(status=Status.WAITING).exists():
        return []
    offered = []
    with locked_programme(programme.pk) as locked:
        for side in Side.values:
            while (participant := promote_next(locked, side, by=by)) is not None:
                offered.append(participant)
    return offered


def accept_offer(participant, *, now=None):
    """Accept an offered place by its deadline: enrolled, or (a minor) reserved until a guardian consents.

    Raises ``OfferRefused`` when the offer has lapsed or was already answered.
    """
    with locked_programme(participant.programme_id):
        now = now or timezone.now()
        participant.refresh_from_db()
        if participant.status != Status.OFFERED:
            raise OfferRefused(_("This place is no longer on offer."))
        if participant.offer_expires_at <= now:
            raise OfferRefused(_("The deadline to accept this place has passed."))
        _take_slot(participant, now)
        participant.offer_expires_at = None
        participant.save(update_fields=["status", "reserved_until", "waiting_since", "enrolled_at", "offer_expires_at"])
        log(participant, "youthcop.participant.offer_accepted", data={"status": participant.status})
        _after_place_given(participant)
    return participant


def expire_offers(now=None):
    """Withdraw those who did not accept an offered place in time; the place moves on as a freed one does.

    Returns the participants whose offer lapsed.
    """
    now = now or timezone.now()
    expired = []
    for participant in Participant.objects.offers_lapsed(now).only("pk", "programme_id"):
        with locked_programme(participant.programme_id) as programme:
            participant.refresh_from_db()
            if participant.status != Status.OFFERED or participant.offer_expires_at > now:
                continue
            _withdraw_locked(
                participant,
                programme,
                by=None,
                reason=_("Offered place not accepted in time"),
                action="youthcop.participant.offer_expired",
            )
            expired.append(participant)
    return expired


def _withdraw_locked(participant, programme, *, by, reason, action="youthcop.participant.withdrawn"):
    """Withdraw with the programme already locked; a freed place moves the waiting list up.

    Returns the participant offered the freed place, or None.
    """
    held_slot = participant.holds_slot or participant.status == Status.OFFERED
    participant.status = Status.WITHDRAWN
    participant.withdrawal_reason = str(reason)[:200]
    participant.reserved_until = None
    participant.waiting_since = None
    participant.offer_expires_at = None
    participant.save(update_fields=["status", "withdrawal_reason", "reserved_until", "waiting_since", "offer_expires_at"])
    # The guardian's link stays: they may change their answer with it (README rule 7).
    revoke_links(participant, PersonalLink.Purpose.PARTICIPANT, by=by)
    revoke_links(participant, PersonalLink.Purpose.OFFER, by=by, audit=False)
    log(participant, action, user=by, data={"reason": participant.withdrawal_reason})
    return promote_next(programme, participant.side, by=by) if held_slot else None


def withdraw(participant, *, by=None, reason=""):
    """Withdraw ``participant``; a freed place is offered to the first on their side's waiting list.

    Returns the participant offered the place, or None.
    """
    with locked_programme(participant.programme_id) as programme:
        participant.refresh_from_db()
        if participant.status == Status.WITHDRAWN:
            return None
        return _withdraw_locked(participant, programme, by=by, reason=reason)


def expire_reservations(now=None):
    """Release the places of minors whose guardian consent did not come in time.

    Returns the participants whose reservation expired.
    """
    now = now or timezone.now()
    expired = []
    overdue = Participant.objects.filter(status=Status.AWAITING_CONSENT, reserved_until__lt=now)
    for participant in overdue.only("pk", "programme_id"):
        with locked_programme(participant.programme_id) as programme:
            participant.refresh_from_db()
            if participant.status != Status.AWAITING_CONSENT or participant.reserved_until >= now:
                continue
            _withdraw_locked(
                participant,
                programme,
                by=None,
                reason=_("Guardian consent not received in time"),
                action="youthcop.participant.reservation_expired",
            )
            expired.append(participant)
    return expired


# --- Guardian consent ------------------------------------------------------


def _save_consent(
    participant, *, method, by=None, participation, photos=False, meal_needs=False, paper_form_date=None, ip=None, user_agent=""
):
    consent = GuardianConsent.objects.create(
        participant=participant,
        participation=participation,
        photos=photos,
        meal_needs=bool(participation and meal_needs),
        method=method,
        collected_by=by,
        paper_form_date=paper_form_date,
        ip_address=ip or None,
        user_agent=(user_agent or "")[:400],
    )
    log(
        participant,
        "youthcop.consent.recorded",
        user=by,
        data={"participation": participation, "photos": photos, "meal_needs": consent.meal_needs, "method": method},
    )
    # Meal needs are special-category data: the guardian's latest answer says whether they stay.
    meal_needs_rules.after_guardian_answer(participant, consent)
    return consent


def record_consent(
    participant, *, participation, photos, method, by=None, meal_needs=False, paper_form_date=None, ip=None, user_agent=""
):
    """Record a guardian's answer. Consent enrols a reserved participant;
    a refusal or a withdrawal of consent withdraws them and frees the place at once."""
    with locked_programme(participant.programme_id) as programme:
        participant.refresh_from_db()
        previous = participant.consent
        consent = _save_consent(
            participant,
            method=method,
            by=by,
            participation=participation,
            photos=photos,
            meal_needs=meal_needs,
            paper_form_date=paper_form_date,
            ip=ip,
            user_agent=user_agent,
        )
        if participation and participant.status == Status.AWAITING_CONSENT:
            participant.status = Status.ENROLLED
            participant.enrolled_at = timezone.now()
            participant.reserved_until = None
            participant.save(update_fields=["status", "reserved_until", "enrolled_at"])
            log(participant, "youthcop.participant.enrolled", user=by, data={"after": "consent"})
            _after_place_given(participant)
        elif not participation and participant.status != Status.WITHDRAWN:
            _withdraw_locked(participant, programme, by=by, reason=_("Guardian refused or withdrew consent"))
        if method == GuardianConsent.Method.ONLINE and _youth_worker_should_hear(previous, consent):
            signals.consent_answered.send(sender=GuardianConsent, consent=consent)
    return consent


def _youth_worker_should_hear(previous, consent):
    """A guardian's first answer, and every change of it (consent given, refused, withdrawn, given again), is news
    for the youth worker; an answer that only changes the photos or meal needs is not."""
    return previous is None or previous.participation != consent.participation


#: A guardian's consent request is sent again at most once in this interval (a double click, an impatient day).
GUARDIAN_REQUEST_INTERVAL = datetime.timedelta(minutes=5)
GUARDIAN_REQUEST_SENT_AGAIN = "youthcop.consent.requested_again"


class SentTooRecently(Exception):
    """The guardian was asked again a moment ago; ``again_at`` is when they may be asked once more."""

    def __init__(self, again_at):
        super().__init__(again_at)
        self.again_at = again_at

    def __str__(self):
        return _("The guardian was asked a few minutes ago. You can send the request again from %(time)s.") % {
            "time": timezone.localtime(self.again_at).strftime("%H:%M")
        }


def awaits_guardian(participant):
    """Whether ``participant`` is a minor whose guardian can be asked (again) to consent by email."""
    return (
        participant.status == Status.AWAITING_CONSENT
        and participant.is_minor
        and bool(participant.guardian_email)
    )


def ask_guardian_again(participant, *, by):
    """Record that the guardian's consent request is sent again (the caller emails it once this commits).

    Written to the participant's history; raises ``SentTooRecently`` when the
    history shows it was sent again less than ``GUARDIAN_REQUEST_INTERVAL`` ago.
    """
    with transaction.atomic():
        # The row lock makes two clicks at once send one request.
        participant = Participant.objects.select_for_update().select_related("programme").get(pk=participant.pk)
        if not awaits_guardian(participant):
            return False
        now = timezone.now()
        last = (
            log_registry.get_logs_for_instance(participant)
            .filter(action=GUARDIAN_REQUEST_SENT_AGAIN, timestamp__gt=now - GUARDIAN_REQUEST_INTERVAL)
            .order_by("-timestamp")
            .values_list("timestamp", flat=True)
            .first()
        )
        if last is not None:
            raise SentTooRecently(last + GUARDIAN_REQUEST_INTERVAL)
        log(participant, GUARDIAN_REQUEST_SENT_AGAIN, user=by)
    return True


# --- Preferred language ----------------------------------------------------


def set_preferred_language(participant, language, *, by=None):
    """The participant's pages, emails, calendar and certificate are in ``language`` from now on.

    Chosen by the participant with their page's language switch (``by`` is then
    ``None``). Returns whether it changed; a change is in the participant's history.
    """
    if language not in dict(Participant._meta.get_field("preferred_language").choices):
        raise ValueError(f"Unknown language: {language!r}")
    previous = participant.preferred_language
    if previous == language:
        return False
    participant.preferred_language = language
    participant.save(update_fields=["preferred_language"])
    log(participant, "youthcop.participant.language_changed", user=by, data={"from": previous, "to": language})
    return True


# --- Personal links --------------------------------------------------------


def issue_link(participant, purpose=PersonalLink.Purpose.PARTICIPANT, *, by=None):
    """Return the token of the participant's live link of ``purpose``; make one if none is live.

    Sending a link again sends the same link, so bookmarks and subscribed
    calendars keep working: only ``revoke_links`` (a person's decision, in
    the history) or the end of the programme's links stops it (README rule 7).
    Returns ``None`` when the programme's links have already ended: there is
    nothing worth sending.
    """
    if PersonalLink.expiry_for(participant.programme) <= timezone.now():
        return None
    link = live_link(participant, purpose)
    if link is None:
        with transaction.atomic():
            link = PersonalLink.objects.create(
                participant=participant,
                purpose=purpose,
                selector=tokens.new_selector(),
                created_by=by,
            )
            log(participant, "youthcop.link.issued", user=by, data={"purpose": purpose})
    return link.token()


def live_link(participant, purpose=PersonalLink.Purpose.PARTICIPANT):
    """The participant's newest live link of ``purpose`` that can be sent again, or ``None``."""
    candidates = (
        PersonalLink.objects.live()
        .filter(participant=participant, purpose=purpose, selector__isnull=False)
        .select_related("participant__programme")
        .order_by("-created_at", "-pk")
    )
    return next((link for link in candidates if link.is_live()), None)


def has_live_link(participant, purpose=PersonalLink.Purpose.PARTICIPANT):
    """Whether any link of ``purpose`` still opens, including one made before 0.1.0."""
    live = PersonalLink.objects.live().filter(participant=participant, purpose=purpose)
    return any(link.is_live() for link in live.select_related("participant__programme"))


def revoke_links(participant, purpose=None, *, by=None, audit=True):
    """Stop the participant's live links (of ``purpose``, or all) at once; the next link will be a new one.

    Nothing else revokes a personal link: emails and reminders send the same
    one again. Written to the participant's history.
    """
    live = participant.links.filter(revoked_at__isnull=True)
    if purpose:
        live = live.filter(purpose=purpose)
    revoked = live.update(revoked_at=timezone.now())
    if revoked and audit:
        log(participant, "youthcop.link.revoked", user=by, data={"purpose": purpose or "all"})
    return revoked


def why_no_link(participant):
    """Why no personal link can be handed to ``participant`` now (words for staff), or "" when one can."""
    if participant.status == Status.WITHDRAWN:
        return _("withdrawn")
    if links_end(participant) <= timezone.now():
        return _("the programme's links have ended")
    return ""


def why_no_link_email(participant):
    """Why ``participant``'s personal link cannot be emailed to them now, or "" when it can."""
    if not participant.email:
        return _("no email address")
    return why_no_link(participant)


def with_consent_and_link(queryset):
    """Annotate each participant's latest guardian answer (``latest_consent_given``: True, False or None) and
    whether a personal link of theirs is live (``has_live_link_now``), in the list's own query."""
    latest = GuardianConsent.objects.filter(participant=OuterRef("pk")).order_by("-recorded_at", "-pk")
    live = PersonalLink.objects.live().filter(participant=OuterRef("pk"), purpose=PersonalLink.Purpose.PARTICIPANT)
    return queryset.annotate(
        latest_consent_given=Subquery(latest.values("participation")[:1]), has_live_link_now=Exists(live)
    )


def links_end(participant):
    """When ``participant``'s personal links stop opening (the programme's links end)."""
    return PersonalLink.expiry_for(participant.programme)


def participant_page_url(token):
    return reverse("youthcop_programmes:participant_home", args=[token])


def guardian_consent_url(token):
    return reverse("youthcop_programmes:guardian_consent", args=[token])


def offer_url(token):
    return reverse("youthcop_programmes:accept_offer", args=[token])


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- Current programmes ----------------------------------------------------

ENDED_STATUSES = (Programme.Status.COMPLETED, Programme.Status.ARCHIVED)


def current_programmes(programmes=None, today=None):
    """``programmes`` (all by default) that have not ended: neither completed nor archived, their end date not past."""
    programmes = Programme.objects.all() if programmes is None else programmes
    today = today or timezone.localdate()
    return programmes.exclude(status__in=ENDED_STATUSES).filter(end_date__gte=today)


def awaiting_consent(participants):
    """Of ``participants``, the minors whose guardian has not answered yet, the nearest deadline first."""
    return participants.filter(status=Status.AWAITING_CONSENT).order_by("reserved_until", "pk")


def consent_deadline_is_near(participant, now=None, days=2):
    """Whether ``participant``'s reserved place is released within ``days`` days without the guardian's consent."""
    if participant.status != Status.AWAITING_CONSENT or participant.reserved_until is None:
        return False
    return participant.reserved_until <= (now or timezone.now()) + datetime.timedelta(days=days)


def without_live_link(participants, purpose=PersonalLink.Purpose.PARTICIPANT):
    """Of ``participants``, those enrolled who hold no live personal link of ``purpose``: theirs is still to give."""
    live = PersonalLink.objects.live().filter(participant=OuterRef("pk"), purpose=purpose)
    return participants.filter(status=Status.ENROLLED).exclude(Exists(live))
