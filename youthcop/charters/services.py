"""The rules of the charter: proposals, adoption, signatures, documents.

Views, admin actions, tasks, hooks and demo data call these functions
(README rule 4: signatures bind to a version, are append-only, and a new
version supersedes earlier signatures for the "signed" status).
"""

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import get_language_info
from wagtail.log_actions import log
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from youthcop.core.pdf import render_pdf
from youthcop.core.search import normalise_name  # one rule for names, shared with the admin's search
from youthcop.programmes.models import Participant, Programme, Side
from youthcop.programmes.permissions import participants_of_as_seen_by

from . import signals
from .models import (
    Charter,
    CharterVersion,
    CharterVersionText,
    Proposal,
    ProposalComment,
    ProposalSupport,
    Signature,
    charter_text,
    text_sha256,
)

#: Participants who take part in writing and signing the charter.
TAKING_PART = (Participant.Status.ENROLLED, Participant.Status.COMPLETED)
CLOSED_PROGRAMME = (Programme.Status.COMPLETED, Programme.Status.ARCHIVED)


class CharterError(Exception):
    """A rule of the charter refused the action; ``str()`` says why, in words a person acts on."""

    message = ""

    def __init__(self, message=None):
        super().__init__(message or self.message)

    def __str__(self):
        return str(self.args[0]) if self.args and self.args[0] else str(self.message)


class ProposalsClosed(CharterError):
    @property
    def message(self):
        return _("Proposals are closed while the charter is being adopted.")


class ProposalAlreadyDecided(CharterError):
    @property
    def message(self):
        return _("This proposal was already decided.")


class CharterLocked(CharterError):
    pass


class NothingToAdopt(CharterError):
    pass


class NotTakingPart(CharterError):
    @property
    def message(self):
        return _("Only enrolled participants of this programme can do this.")


class NotCurrentVersion(CharterError):
    @property
    def message(self):
        return _("A new version of the charter was adopted in the meantime. Please read it before you sign.")


class NameMismatch(CharterError):
    pass


class TranslationsOutdated(CharterError):
    """A translation is older than the original's latest change: adopting would freeze another text."""

    def __init__(self, languages, original_language):
        self.languages = languages
        super().__init__(
            _(
                "Bring these translations up to date before adopting: %(languages)s. Their text is older than "
                "the latest change to the %(original)s draft, so their readers would sign another text."
            )
            % {"languages": language_names(languages), "original": language_names([original_language])}
        )


# --- Charter text ------------------------------------------------------------


def charters_of(programme):
    """The programme's charter in each language, the original first."""
    return Charter.objects.filter(programme=programme).select_related("locale").order_by("pk")


def original_charter(programme):
    """The charter first written for ``programme`` (its translations came later), or None."""
    return charters_of(programme).first()


def draft_of(charter):
    """The latest draft of ``charter`` (its latest revision, else the saved row)."""
    return charter.get_latest_revision_as_object()


def locales_to_translate_into(programme):
    """The site's locales the programme's charter does not exist in yet."""
    return Locale.objects.exclude(pk__in=charters_of(programme).values("locale_id")).order_by("language_code")


def _sync_localize_source(original):
    """wagtail-localize's source of the charter, updated from its draft (what will be adopted), not its live row."""
    source, _created = TranslationSource.update_or_create_from_instance(draft_of(original))
    return source


def translate_charter(programme, locale, *, by):
    """Start a wagtail-localize translation of the programme's original charter into ``locale``.

    Returns the translated charter, a copy of the original until its strings are
    translated in wagtail-localize's editor (an untranslated copy is not adopted).
    """
    original = original_charter(programme)
    if original is None:
        raise CharterError(_("Create the programme's charter before translating it."))
    with transaction.atomic():
        _sync_localize_source(original)
        translate_object(original, [locale], user=by)
    return original.get_translation(locale)


def update_translations(programme, *, by):
    """Bring every wagtail-localize translation up to the original's draft. Returns how many.

    Strings already translated are kept; new or changed ones stay in the
    original language until someone translates them.
    """
    original = original_charter(programme)
    if original is None:
        return 0
    with transaction.atomic():
        source = _sync_localize_source(original)
        translations = list(source.translations.filter(enabled=True))
        for localize_translation in translations:
            localize_translation.save_target(user=by, publish=False)
    return len(translations)


def text_changed_at(charter, draft=None):
    """When the text of ``charter``'s draft last changed (its latest revision's stamp, else the row's)."""
    draft = draft if draft is not None else draft_of(charter)
    return draft.text_changed_at or charter.text_changed_at


def _localize_translations(original):
    """wagtail-localize's translations of ``original`` still in progress, by target language."""
    translations = Translation.objects.filter(
        source__object_id=original.translation_key, source__locale_id=original.locale_id, enabled=True
    ).select_related("target_locale")
    return {t.target_locale.language_code: t for t in translations}


def translations_to_update(charters_and_drafts):
    """The languages whose text must be brought up to date before the next adoption (README rule 4).

    ``charters_and_drafts`` is the programme's charters with their drafts, the original first.
    A translation is out of date when its text last changed before the original's latest
    change, however it was made (wagtail-localize, a copy, added by hand with ``?locale=``),
    or when wagtail-localize still has some of its texts in the original language (an update
    brought the new ones in untranslated). A copy still identical to the original is not a
    translation yet, and its readers get the original, unless the original changed since.
    """
    (original, original_draft), *others = charters_and_drafts
    original_changed = text_changed_at(original, original_draft)
    original_text = charter_text(original_draft)
    localize = _localize_translations(original) if others else {}
    languages = []
    for row, draft in others:
        language = row.locale.language_code
        changed = text_changed_at(row, draft)
        if original_changed and (changed is None or changed < original_changed):
            languages.append(language)
        elif language in localize and charter_text(draft) != original_text:
            total, translated = localize[language].get_progress()
            if translated < total:
                languages.append(language)
    return sorted(languages)


def translated_by_hand(programme):
    """Languages of the programme's charter that wagtail-localize does not keep in step (copies, added by hand)."""
    original = original_charter(programme)
    if original is None:
        return []
    synced = _localize_translations(original)
    codes = charters_of(programme).exclude(pk=original.pk).values_list("locale__language_code", flat=True)
    return sorted(code for code in codes if code not in synced)


def languages_to_update(programme):
    """``translations_to_update`` of ``programme``'s charters as they are now."""
    return translations_to_update([(row, draft_of(row)) for row in charters_of(programme)])


def language_names(codes):
    """``["fr", "nl"]`` as "French, Dutch" in the active language."""

    names = []
    for code in codes:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    return ", ".join(names)


def missing_languages(programme):
    """Languages that participants taking part read but the charter does not exist in."""
    present = set(charters_of(programme).values_list("locale__language_code", flat=True))
    read = set(participants_taking_part(programme).values_list("preferred_language", flat=True))
    return sorted(read - present)


# --- Proposals ---------------------------------------------------------------


def proposals_are_open(programme, charter=None):
    charter = charter if charter is not None else original_charter(programme)
    return charter is not None and charter.proposals_open and programme.status not in CLOSED_PROGRAMME


def takes_part(participant):
    return participant.status in TAKING_PART


def _check_takes_part(participant, programme_id):
    if not takes_part(participant) or participant.programme_id != programme_id:
        raise NotTakingPart


def _locked_charter(programme_id):
    """The programme's original charter, its row locked until the transaction ends."""
    return Charter.objects.select_for_update().filter(programme_id=programme_id).order_by("pk").first()


def propose(participant, text, *, by=None):
    """Record ``participant``'s proposed commitment.

    ``by`` is the facilitator who enters a proposal collected on paper.
    Raises ``ProposalsClosed`` while proposals are closed (e.g. during an adoption).
    """
    text = text.strip()
    with transaction.atomic():
        # The charter row's lock orders proposals against a concurrent adoption.
        charter = _locked_charter(participant.programme_id)
        if not proposals_are_open(participant.programme, charter):
            raise ProposalsClosed
        _check_takes_part(participant, participant.programme_id)
        proposal = Proposal.objects.create(
            programme_id=participant.programme_id,
            author=participant,
            text=text,
            method=Proposal.Method.PAPER if by else Proposal.Method.ONLINE,
            entered_by=by,
        )
        log(proposal, "youthcop.charter.proposed", user=by, data={"method": proposal.method})
    return proposal


def comment_on(participant, proposal, text):
    """Add ``participant``'s comment to an open proposal of their programme."""
    _check_takes_part(participant, proposal.programme_id)
    if proposal.status != Proposal.Status.OPEN:
        raise ProposalAlreadyDecided
    if not proposals_are_open(participant.programme):
        raise ProposalsClosed
    return ProposalComment.objects.create(proposal=proposal, author=participant, text=text.strip())


def toggle_support(participant, proposal):
    """Support someone else's open proposal, or withdraw the support. Returns True when supported."""
    _check_takes_part(participant, proposal.programme_id)
    if proposal.status != Proposal.Status.OPEN:
        raise ProposalAlreadyDecided
    if proposal.author_id == participant.pk:
        raise CharterError(_("You cannot support your own proposal."))
    deleted, _details = ProposalSupport.objects.filter(proposal=proposal, participant=participant).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, participant=participant)
    except IntegrityError:  # a double click: the support already exists
        pass
    return True


def _decide(proposal_id, *, by):
    proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
    if proposal.status != Proposal.Status.OPEN:
        raise ProposalAlreadyDecided
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    return proposal


def _check_not_locked_by_other(charter, user):
    if charter.locked and charter.locked_by_id != getattr(user, "pk", None):
        raise CharterLocked(
            _("%(name)s is editing the charter (it is locked). Try again when they are done.")
            % {"name": charter.locked_by.get_full_name() or charter.locked_by.get_username()}
        )


def accept_proposal(proposal, *, by):
    """Add ``proposal`` as a commitment to the draft of the programme's charter (a new revision)."""
    with transaction.atomic():
        proposal = _decide(proposal.pk, by=by)
        charter = _locked_charter(proposal.programme_id)
        if charter is None:
            raise CharterError(_("Create the programme's charter before accepting proposals."))
        _check_not_locked_by_other(charter, by)
        draft = draft_of(charter)
        draft.commitments.append(("commitment", proposal.text))
        draft.save_revision(user=by, log_action=True)
        proposal.status = Proposal.Status.ACCEPTED
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        log(proposal, "youthcop.charter.proposal_accepted", user=by, data={"charter": charter.pk})
    return proposal


def merge_proposal(proposal, into, *, by):
    """Mark ``proposal`` as a duplicate of ``into``; its supporters now support ``into``."""
    if proposal.pk == into.pk or proposal.programme_id != into.programme_id:
        raise CharterError(_("Choose another proposal of the same programme."))
    with transaction.atomic():
        proposal = _decide(proposal.pk, by=by)
        proposal.status = Proposal.Status.MERGED
        proposal.merged_into = into
        proposal.save(update_fields=["status", "merged_into", "decided_by", "decided_at"])
        already = into.supports.values("participant_id")
        movable = proposal.supports.exclude(participant_id__in=already).exclude(participant_id=into.author_id)
        ProposalSupport.objects.bulk_create(
            [ProposalSupport(proposal=into, participant_id=pid) for pid in movable.values_list("participant_id", flat=True)]
        )
        log(proposal, "youthcop.charter.proposal_merged", user=by, data={"into": into.pk})
    return proposal


def decline_proposal(proposal, *, by, reason):
    """Decline ``proposal`` with a reason its author reads on their page."""
    reason = reason.strip()
    if not reason:
        raise CharterError(_("Give the author a reason."))
    with transaction.atomic():
        proposal = _decide(proposal.pk, by=by)
        proposal.status = Proposal.Status.DECLINED
        proposal.decline_reason = reason[:500]
        proposal.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
        log(proposal, "youthcop.charter.proposal_declined", user=by, data={})
    return proposal


def set_proposals_open(programme, is_open, *, by):
    """Open or close new proposals for every language of the programme's charter."""
    with transaction.atomic():
        charter = _locked_charter(programme.pk)
        if charter is None:
            return 0
        updated = Charter.objects.filter(programme=programme).update(proposals_open=is_open)
        log(charter, "youthcop.charter.proposals_opened" if is_open else "youthcop.charter.proposals_closed", user=by)
    return updated


# --- Adoption ----------------------------------------------------------------


def current_version(programme):
    """The latest adopted version of ``programme``'s charter, or None."""
    programme_id = getattr(programme, "pk", programme)
    return CharterVersion.objects.filter(programme_id=programme_id).order_by("-number").first()


def _drafts_by_language(charters, by):
    drafts = {}
    for charter in charters:
        _check_not_locked_by_other(charter, by)
        drafts[charter.locale.language_code] = (charter, draft_of(charter))
    return drafts


def _publish_adopted(charter, by):
    """Make the adopted draft the live charter too, so the admin shows what was adopted."""
    if charter.live and not charter.has_unpublished_changes:
        return
    revision = charter.latest_revision or charter.save_revision(user=by)
    revision.publish(user=by, skip_permission_checks=True)


def adopt_charter(charter, *, by, invite=True):
    """Freeze the current draft of ``charter`` (in all its languages) as a new version.

    Proposals close, signing of the new version opens, and — when ``invite`` —
    every participant taking part is emailed an invitation to sign it.
    Raises ``NothingToAdopt`` for an empty or unchanged draft, ``TranslationsOutdated``
    while a translation is older than the original's latest change, and
    ``CharterLocked`` while someone else is editing it.
    """
    programme = charter.programme
    with transaction.atomic():
        charters = list(
            Charter.objects.select_for_update().filter(programme=programme).select_related("locale").order_by("pk")
        )
        original = charters[0]
        drafts = _drafts_by_language(charters, by)
        original_language = original.locale.language_code
        if not drafts[original_language][1].commitment_texts():
            raise NothingToAdopt(_("The draft has no commitment yet: accept proposals or write some first."))
        # Every language signs the same text: one older than the original's latest change refuses
        # the adoption, whatever way it was translated (README rule 4).
        outdated = translations_to_update(list(drafts.values()))  # the original first
        if outdated:
            raise TranslationsOutdated(outdated, original_language)
        texts = {language: charter_text(draft) for language, (_row, draft) in drafts.items()}
        # A translation still identical to the original is not translated yet: its readers get the original.
        texts = {
            language: text
            for language, text in texts.items()
            if language == original_language or text != texts[original_language]
        }
        previous = current_version(programme)
        if previous and {t.language: t.text for t in previous.texts.all()} == texts:
            raise NothingToAdopt(
                _("Nothing changed since version %(number)s was adopted.") % {"number": previous.number}
            )
        version = CharterVersion.objects.create(
            programme=programme,
            number=(previous.number + 1) if previous else 1,
            original_language=original_language,
            adopted_by=by,
            adopted_by_name=(by.get_full_name() or by.get_username()) if by else "",
        )
        CharterVersionText.objects.bulk_create(
            [
                CharterVersionText(
                    version=version,
                    language=language,
                    title=draft.title,
                    text=texts[language],
                    sha256=text_sha256(texts[language]),
                )
                for language, (_row, draft) in drafts.items()
                if language in texts
            ]
        )
        for row in charters:
            _publish_adopted(row, by)
        Charter.objects.filter(programme=programme).update(proposals_open=False)
        log(
            original,
            "youthcop.charter.adopted",
            user=by,
            data={"version": version.number, "sha256": {lang: text_sha256(t) for lang, t in texts.items()}},
        )
        if invite:
            ids = list(participants_taking_part(programme).values_list("pk", flat=True))
            signals.signatures_requested.send(sender=CharterVersion, version=version, participant_ids=ids, kind="invitation")
    return version


def charter_page_url(token):
    """The participant's page to read and sign the charter."""
    return reverse("youthcop_charters:charter", args=[token])


def participants_taking_part(programme):
    return Participant.objects.filter(programme=programme, status__in=TAKING_PART)


# --- Signing -----------------------------------------------------------------


def name_matches(typed_name, participant):
    return bool(normalise_name(typed_name)) and normalise_name(typed_name) == normalise_name(participant.full_name)


def name_mismatch_message(participant):
    return _(
        "The name you typed does not match the name we have for you: %(name)s. "
        "Type your first and last name as they are written here (capitals and accents do not matter). "
        "If this name is wrong, tell your youth worker or facilitator."
    ) % {"name": participant.full_name}


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


# --- Documents -----------------------------------------------------------------


def charter_pdf(version, language=None, shown_to=None):
    """The adopted version with its signatories (names, side, date) and an evidence page.

    ``shown_to``: the staff user downloading it, who sees the signatories as README rule 8 lets them.
    """
    language = language or version.original_language
    text = version.text_in(language)
    signatures = list(signatures_of_version(version))
    if shown_to is not None:
        signatures = participants_of_as_seen_by(shown_to, signatures)
        for signature in signatures:
            if getattr(signature.participant, "identity_withheld", False):
                signature.typed_name = signature.participant.full_name  # the name typed is the full name too
    with translation.override(text.language):
        html = render_to_string(
            "youthcop_charters/pdf/charter.html",
            {
                "version": version,
                "programme": version.programme,
                "text": text,
                "texts": version.texts.all(),
                "signatures": signatures,
                "show_signatories": True,
            },
        )
    return render_pdf(html)


def signed_copy_pdf(signature):
    """A participant's own signed copy: the text they signed and the evidence of their signature only."""
    version = signature.version
    text = version.text_in(signature.language)
    with translation.override(signature.participant.preferred_language):
        html = render_to_string(
            "youthcop_charters/pdf/charter.html",
            {
                "version": version,
                "programme": version.programme,
                "text": text,
                "texts": [text],
                "signatures": [signature],
                "signature_count": version.signatures.count(),
                "own_copy": True,
            },
        )
    return render_pdf(html)


# --- Privacy -----------------------------------------------------------------


def initials(name):
    return " ".join(f"{part[0].upper()}." for part in name.split() if part)


def export_participant(participant):
    """Everything the charter keeps about ``participant``, for a data-access request."""
    proposals = Proposal.objects.filter(author=participant).order_by("created_at")
    comments = ProposalComment.objects.filter(author=participant).order_by("created_at")
    supports = ProposalSupport.objects.filter(participant=participant).select_related("proposal")
    signatures = Signature.objects.filter(participant=participant).select_related("version")
    return {
        "charter": {
            "proposals": [
                {
                    "text": p.text,
                    "proposed_at": p.created_at.isoformat(),
                    "method": p.method,
                    "status": p.status,
                    "decided_at": p.decided_at.isoformat() if p.decided_at else None,
                    "decline_reason": p.decline_reason,
                }
                for p in proposals
            ],
            "comments": [
                {"proposal": c.proposal_id, "text": c.text, "written_at": c.created_at.isoformat()} for c in comments
            ],
            "supports": [{"proposal": s.proposal.text, "supported_at": s.created_at.isoformat()} for s in supports],
            "signatures": [
                {
                    "version": s.version.number,
                    "language": s.language,
                    "text_sha256": s.text_sha256,
                    "typed_name": s.typed_name,
                    "signed_at": s.signed_at.isoformat(),
                    "ip_address": s.ip_address,
                    "user_agent": s.user_agent,
                    "method": s.method,
                }
                for s in signatures
            ],
        }
    }


def anonymise_participant(participant):
    """Keep signatures countable (version, hash, time, method) but reduce the name to initials
    and drop IP and user agent; proposals, comments and supports lose their author."""
    now = timezone.now()
    with transaction.atomic():
        for signature in Signature.objects.filter(participant=participant, anonymised_at__isnull=True):
            # QuerySet.update: signatures are otherwise append-only.
            Signature.objects.filter(pk=signature.pk).update(
                typed_name=initials(signature.typed_name), ip_address=None, user_agent="", anonymised_at=now
            )
        Proposal.objects.filter(author=participant).update(author=None)
        ProposalComment.objects.filter(author=participant).update(author=None)
        ProposalSupport.objects.filter(participant=participant).update(participant=None)
