"""Demo data of charters: a charter written with proposals, translated, adopted, signed by most of the group."""

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from youthcop.charters import services
from youthcop.charters.models import Charter, Signature

from .languages import site_languages

TEXTS = {
    "en": {
        "title": "Our charter of commitment",
        "preamble": "We, young people and police officers of this group, met every month for a year. "
        "We wrote this charter together and we sign it as equals.",
        "commitments": [
            "We commit to listen to each other before we judge.",
            "We commit to speak with respect, in the group and in the street.",
            "We commit to keep what is said in the group inside the group.",
            "We commit to say hello when we meet in the neighbourhood.",
            "We commit to explain our decisions and to ask when we do not understand.",
            "We commit to bring someone new to the next programme.",
        ],
        "closing": "Signed in Schaerbeek, at the end of our year together.",
    },
    "fr": {
        "title": "Notre charte d'engagement",
        "preamble": "Nous, jeunes et policiers de ce groupe, nous sommes rencontrés chaque mois pendant un an. "
        "Nous avons écrit cette charte ensemble et nous la signons d'égal à égal.",
        "commitments": [
            "Nous nous engageons à nous écouter avant de juger.",
            "Nous nous engageons à parler avec respect, dans le groupe et dans la rue.",
            "Nous nous engageons à garder dans le groupe ce qui s'y dit.",
            "Nous nous engageons à nous dire bonjour quand nous nous croisons dans le quartier.",
            "Nous nous engageons à expliquer nos décisions et à demander quand nous ne comprenons pas.",
            "Nous nous engageons à amener quelqu'un de nouveau au prochain programme.",
        ],
        "closing": "Signé à Schaerbeek, à la fin de notre année ensemble.",
    },
    "nl": {
        "title": "Ons engagementscharter",
        "preamble": "Wij, jongeren en politiemensen van deze groep, kwamen een jaar lang elke maand samen. "
        "We schreven dit charter samen en ondertekenen het als gelijken.",
        "commitments": [
            "We engageren ons om naar elkaar te luisteren voor we oordelen.",
            "We engageren ons om met respect te spreken, in de groep en op straat.",
            "We engageren ons om wat in de groep gezegd wordt in de groep te houden.",
            "We engageren ons om elkaar te groeten als we elkaar in de wijk tegenkomen.",
            "We engageren ons om onze beslissingen uit te leggen en te vragen als we iets niet begrijpen.",
            "We engageren ons om iemand nieuw mee te brengen naar het volgende programma.",
        ],
        "closing": "Ondertekend in Schaarbeek, aan het einde van ons jaar samen.",
    },
    "de": {
        "title": "Unsere Verpflichtungscharta",
        "preamble": "Wir, Jugendliche und Polizeibeamte dieser Gruppe, haben uns ein Jahr lang jeden Monat getroffen. "
        "Wir haben diese Charta gemeinsam geschrieben und unterschreiben sie als Gleiche.",
        "commitments": [
            "Wir verpflichten uns, einander zuzuhören, bevor wir urteilen.",
            "Wir verpflichten uns, respektvoll zu sprechen, in der Gruppe und auf der Straße.",
            "Wir verpflichten uns, das in der Gruppe Gesagte in der Gruppe zu behalten.",
            "Wir verpflichten uns, uns zu grüßen, wenn wir uns im Viertel begegnen.",
            "Wir verpflichten uns, unsere Entscheidungen zu erklären und nachzufragen, wenn wir etwas nicht verstehen.",
            "Wir verpflichten uns, jemand Neues zum nächsten Programm mitzubringen.",
        ],
        "closing": "Unterschrieben in Schaerbeek, am Ende unseres gemeinsamen Jahres.",
    },
}
#: The first commitments were drafted at the first workshop; the rest came as proposals.
DRAFTED_AT_FIRST_WORKSHOP = 3


def _stream(commitments):
    return [("commitment", text) for text in commitments]


def _original_locale():
    return Locale.get_default()


def _locale(language_code):
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    return locale


def create_charter(programme, commitments=None, language=None):
    """The programme's original charter, live, with ``commitments`` (all demo commitments by default)."""
    locale = _locale(language) if language else _original_locale()
    texts = TEXTS.get(locale.language_code, TEXTS["en"])
    return Charter.objects.create(
        programme=programme,
        locale=locale,
        title=texts["title"],
        preamble=texts["preamble"],
        commitments=_stream(texts["commitments"] if commitments is None else commitments),
        closing=texts["closing"],
        show_on_public_page=True,
    )


def _strings(language):
    texts = TEXTS[language]
    return [texts["title"], texts["preamble"], *texts["commitments"], texts["closing"]]


def add_translations(charter, by=None):
    """Translate the demo charter into the site's other languages the demo has texts in, through wagtail-localize.

    Each language is started from the translate page's service, its strings are entered as
    its editor enters them, and it is published: the translations follow the original's draft.
    """
    source_language = charter.locale.language_code
    for language in site_languages():
        if language == source_language or language not in TEXTS:
            continue
        locale = _locale(language)
        if charter.get_translation_or_none(locale):
            continue
        services.translate_charter(charter.programme, locale, by=by)
        translation = Translation.objects.get(
            source__object_id=charter.translation_key, source__locale=charter.locale, target_locale=locale
        )
        translated = dict(zip(_strings(source_language if source_language in TEXTS else "en"), _strings(language)))
        for segment in StringSegment.objects.filter(source=translation.source).select_related("string"):
            if segment.string.data in translated:
                StringTranslation.objects.update_or_create(
                    translation_of_id=segment.string_id,
                    locale=locale,
                    context_id=segment.context_id,
                    defaults={
                        "data": translated[segment.string.data],
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                        "last_translated_by": by,
                    },
                )
        translation.save_target(user=by, publish=True)


def _write_with_proposals(programme, facilitator):
    """The charter of the running demo group: first commitments, then proposals accepted, merged, declined."""
    language = _original_locale().language_code
    texts = TEXTS.get(language, TEXTS["en"])
    charter = create_charter(programme, texts["commitments"][:DRAFTED_AT_FIRST_WORKSHOP])
    people = list(services.participants_taking_part(programme).order_by("pk"))
    accepted = [
        services.propose(people[i % len(people)], text) for i, text in enumerate(texts["commitments"][DRAFTED_AT_FIRST_WORKSHOP:])
    ]
    for i, proposal in enumerate(accepted):
        for supporter in people[i + 3 : i + 9]:
            if supporter.pk != proposal.author_id:
                services.toggle_support(supporter, proposal)
        services.comment_on(people[(i + 5) % len(people)], proposal, "+1, important for us.")
    duplicate = services.propose(people[7 % len(people)], "We commit to listen to each other.")
    declined = services.propose(people[8 % len(people)], "We commit to never get a fine again.")
    paper = services.propose(people[9 % len(people)], "We commit to eat together once a month.", by=facilitator)
    for proposal in accepted:
        services.accept_proposal(proposal, by=facilitator)
    merged_into = charter.programme.charter_proposals.filter(status="accepted").first()
    services.merge_proposal(duplicate, merged_into, by=facilitator)
    services.decline_proposal(
        declined, by=facilitator, reason="A charter is about what we do together; fines are decided by law."
    )
    del paper  # left open: the facilitators will discuss it at the next workshop
    return charter


def adopt_and_sign(programme, facilitator, signed_fraction=0.9):
    """Create (if needed), adopt and have most participants of ``programme`` sign its charter.

    Works for any programme, also a completed one. Returns the adopted version.
    """
    charter = services.original_charter(programme) or create_charter(programme)
    add_translations(charter, by=facilitator)
    version = services.current_version(programme)
    if version is None:
        version = services.adopt_charter(charter, by=facilitator, invite=False)
    people = list(services.participants_taking_part(programme).order_by("pk"))
    signing = people[: round(len(people) * signed_fraction)]
    already = services.current_signers(programme)
    for i, participant in enumerate(signing):
        if participant.pk in already:
            continue
        in_person = i % 6 == 5
        services.sign(
            participant,
            version,
            typed_name=participant.full_name,
            language=participant.preferred_language,
            method=Signature.Method.IN_PERSON if in_person else Signature.Method.ONLINE,
            ip="192.0.2.10",
            user_agent="Mozilla/5.0 (demo; phone)" if not in_person else "Mozilla/5.0 (demo; facilitator tablet)",
            by=facilitator if in_person else None,
        )
    return version


def load(context):
    """The running demo programme gets a charter written with proposals, adopted and signed by most."""
    programme = context["programme"]
    facilitator = context["users"]["facilitator1"]
    if services.original_charter(programme) is None:
        _write_with_proposals(programme, facilitator)
    adopt_and_sign(programme, facilitator)
    context["charter_version"] = services.current_version(programme)
    return context

