"""Signatures bound to a version (README rule 4), signing progress and reminders."""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from youthcop.core.search import (
    normalise_name,  # one rule for names, shared with the admin's search
)
from youthcop.programmes.models import Participant, Side

from .. import signals
from ..models import (
    Charter,
    CharterVersion,
    Signature,
)
from .adoption import current_version
from .errors import NameMismatch, NotCurrentVersion
from .participation import TAKING_PART, _check_takes_part, participants_taking_part
from .text import original_charter


def name_matches(typed_name, participant):
    return bool(normalise_name(typed_name)) and normalise_name(typed_name) == normalise_name(participant.full_name)


def name_mismatch_message(participant):
    return _(
        "The name you typed does not match the name we have for you: %(name)s. "
        "Type your first and last name as they are written here (capitals and accents do not matter). "
        "If this name is wrong, tell your youth worker or facilitator."
    ) % {"name": participant.full_name}


def charter_card_of(programme, participant):
    """``(charter, version, signature, signed_any)`` for ``participant``'s charter card, in one query: the original
    charter (``original_charter``, or None), the current version (``current_version``: its ``number`` read, the rest
    loads on access), ``participant``'s signature of it (``signature_of``: its ``signed_at`` read) and whether they
    signed any version of the charter."""
    versions = CharterVersion.objects.filter(programme_id=programme.pk).order_by("-number")
    mine = Signature.objects.filter(participant=participant)
    mine_of_current = mine.filter(version=Subquery(versions.values("pk")[:1]))
    charter = (
        Charter.objects.filter(programme=programme)
        .select_related("locale")
        .order_by("pk")
        .annotate(
            card_version_id=Subquery(versions.values("pk")[:1]),
            card_version_number=Subquery(versions.values("number")[:1]),
            card_signature_id=Subquery(mine_of_current.values("pk")[:1]),
            card_signed_at=Subquery(mine_of_current.values("signed_at")[:1]),
            card_signed_any=Exists(mine),
        )
        .first()
    )
    if charter is None or charter.card_version_id is None:
        return charter, None, None, False
    version = CharterVersion.from_db(
        None, ["id", "programme_id", "number"], [charter.card_version_id, programme.pk, charter.card_version_number]
    )
    signature = None
    if charter.card_signature_id is not None:
        signature = Signature.from_db(
            None,
            ["id", "participant_id", "version_id", "signed_at"],
            [charter.card_signature_id, participant.pk, version.pk, charter.card_signed_at],
        )
    return charter, version, signature, charter.card_signed_any


def signature_of(participant, version):
    if version is None:
        return None
    return Signature.objects.filter(participant=participant, version=version).first()


def sign(
    participant,
    version,
    *,
    typed_name,
    language,
    method,
    ip,
    user_agent,
    by=None,
    shown_sha256=None,
):
    """Record ``participant``'s signature of ``version``, or return the one they already gave.

    ``language`` is the language of the text they read (the original is used
    when the version has no text in it); ``shown_sha256``, when given, must be
    the hash of that text. Submitting twice, or from two tabs at once, gives
    one signature. Raises ``NameMismatch``, ``NotCurrentVersion`` or ``NotTakingPart``.
    """
    if not name_matches(typed_name, participant):
        raise NameMismatch(name_mismatch_message(participant))
    with transaction.atomic():
        # The participant's row lock serialises two tabs submitting at once.
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        _check_takes_part(participant, version.programme_id)
        current = current_version(version.programme_id)
        if current is None or current.pk != version.pk:
            raise NotCurrentVersion
        text = version.text_in(language)
        if shown_sha256 is not None and shown_sha256 != text.sha256:
            raise NotCurrentVersion
        existing = signature_of(participant, version)
        if existing:
            return existing
        try:
            with transaction.atomic():
                signature = Signature.objects.create(
                    participant=participant,
                    version=version,
                    language=text.language,
                    text_sha256=text.sha256,
                    typed_name=" ".join(typed_name.split())[:200],
                    signed_at=timezone.now(),
                    ip_address=ip or None,
                    user_agent=(user_agent or "")[:400],
                    method=method,
                    recorded_by=by,
                )
        except IntegrityError:  # the other tab won the race
            return Signature.objects.get(participant=participant, version=version)
        log(
            participant,
            "youthcop.charter.signed",
            user=by,
            data={"version": version.number, "method": method, "language": text.language, "sha256": text.sha256},
        )
    return signature


def current_signers(programme):
    """Ids of the participants who signed the programme's current version (one query)."""
    programme_id = getattr(programme, "pk", programme)
    latest = CharterVersion.objects.filter(programme_id=programme_id).order_by("-number").values("pk")[:1]
    return set(Signature.objects.filter(version_id=Subquery(latest)).values_list("participant_id", flat=True))


def signatures_of_version(version):
    return version.signatures.select_related("participant").order_by("participant__side", "signed_at", "pk")


def signing_progress(programme):
    """Who signed the current version, per side, for the facilitators (fixed number of queries)."""
    version = current_version(programme)
    signatures = Signature.objects.filter(version=version, participant=OuterRef("pk"))
    participants = (
        participants_taking_part(programme)
        .annotate(
            signed_at=Subquery(signatures.values("signed_at")[:1]),
            signed_method=Subquery(signatures.values("method")[:1]),
        )
        .order_by("side", "last_name", "first_name")
    )
    sides = {side: {"label": label, "signed": [], "unsigned": []} for side, label in Side.choices}
    for participant in participants:
        key = "signed" if participant.signed_at else "unsigned"
        participant.signed_method_label = Signature.Method(participant.signed_method).label if participant.signed_method else ""
        sides[participant.side][key].append(participant)
    for side in sides.values():
        side["total"] = len(side["signed"]) + len(side["unsigned"])
    return {"version": version, "sides": sides}


def why_not_reminded(participant, version, signer_ids):
    """Why ``participant`` gets no reminder to sign ``version`` (their programme's current one), or "" if they do."""
    if version is None:
        return _("no charter adopted yet")
    if participant.status not in TAKING_PART:
        return _("not taking part")
    if participant.pk in signer_ids:
        return _("already signed")
    if not participant.email:
        return _("no email address")
    return ""


def remind_to_sign(participants, *, by=None):
    """Email each of ``participants`` who has not signed their programme's current version a reminder to sign it.

    Returns ``(reminded, skipped)``: the participants reminded, and
    ``(participant, reason)`` for the others (``why_not_reminded``). Each
    programme's charter history counts the reminders, as ``remind_unsigned``'s.
    """
    reminded, skipped = [], []
    by_programme = {}
    for participant in participants:
        by_programme.setdefault(participant.programme_id, []).append(participant)
    for programme_id, group in by_programme.items():
        version = current_version(programme_id)
        signer_ids = current_signers(programme_id) if version else set()
        ids = []
        for participant in group:
            reason = why_not_reminded(participant, version, signer_ids)
            if reason:
                skipped.append((participant, reason))
            else:
                reminded.append(participant)
                ids.append(participant.pk)
        if ids:
            signals.signatures_requested.send(sender=CharterVersion, version=version, participant_ids=ids, kind="reminder")
            log(original_charter(programme_id), "youthcop.charter.reminded", user=by, data={"count": len(ids)})
    return reminded, skipped


def remind_unsigned(programme, *, by=None):
    """Email a reminder to everyone taking part who has not signed the current version. Returns how many."""
    version = current_version(programme)
    if version is None:
        return 0
    unsigned = (
        participants_taking_part(programme)
        .exclude(pk__in=Signature.objects.filter(version=version).values("participant_id"))
        .exclude(email="")
    )
    ids = list(unsigned.values_list("pk", flat=True))
    signals.signatures_requested.send(sender=CharterVersion, version=version, participant_ids=ids, kind="reminder")
    if ids:
        log(original_charter(programme), "youthcop.charter.reminded", user=by, data={"count": len(ids)})
    return len(ids)


def signing_counts(programme):
    """``{side: (signed, total)}`` of the participants taking part, for the current version: counts only. Two queries."""
    signers = current_signers(programme)
    counts = {side: [0, 0] for side in Side.values}
    for pk, side in participants_taking_part(programme).values_list("pk", "side"):
        counts[side][0] += pk in signers
        counts[side][1] += 1
    return {side: tuple(figures) for side, figures in counts.items()}


def unsigned_participants(programmes):
    """Participants of ``programmes`` taking part who have not signed their programme's current version. One query.

    Programmes without an adopted charter have nobody to sign yet. Each row carries ``current_version_number``.
    """
    latest = CharterVersion.objects.filter(programme=OuterRef("programme")).order_by("-number")
    signed = Signature.objects.filter(participant=OuterRef("pk"), version=OuterRef("current_version_id"))
    return (
        Participant.objects.filter(programme__in=programmes, status__in=TAKING_PART)
        .annotate(
            current_version_id=Subquery(latest.values("pk")[:1]),
            current_version_number=Subquery(latest.values("number")[:1]),
        )
        .filter(current_version_id__isnull=False)
        .exclude(Exists(signed))
        .select_related("programme")
        .order_by("programme__name", "programme_id", "-side", "last_name", "first_name", "pk")
    )
