"""Charter fixtures: a charter with commitments, its translations, participants with personal links."""

from wagtail.models import Locale

from tests.factories import ParticipantFactory, officer
from youthcop.charters.models import Charter
from youthcop.programmes import services as programme_services

COMMITMENTS = ["We commit to listen before we judge.", "We commit to say hello in the street."]


def charter_for(programme, *, language="en", title="Our charter", commitments=COMMITMENTS, **fields):
    return Charter.objects.create(
        programme=programme,
        locale=Locale.objects.get_or_create(language_code=language)[0],
        title=title,
        preamble=fields.pop("preamble", "We wrote this together."),
        commitments=[("commitment", text) for text in commitments],
        **fields,
    )


def translate(charter, language, *, title, commitments):
    translation = charter.copy_for_translation(Locale.objects.get_or_create(language_code=language)[0])
    translation.title = title
    translation.commitments = [("commitment", text) for text in commitments]
    translation.save()
    return translation


def group_of(programme, *, youth=4, police=2):
    people = [ParticipantFactory(programme=programme) for _ in range(youth)]
    people += [officer(programme=programme) for _ in range(police)]
    return people


def link_for(participant):
    """A live personal-link token for ``participant``."""
    return programme_services.issue_link(participant)
