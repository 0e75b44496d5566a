"""Refusals the charter's rules give, each with a message a facilitator or participant can act on."""

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _


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


def language_names(codes):
    """``["fr", "nl"]`` as "French, Dutch" in the active language."""

    names = []
    for code in codes:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    return ", ".join(names)
