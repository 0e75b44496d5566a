"""The rules of the charter: proposals, adoption, signatures, documents.

Views, admin actions, tasks, hooks and demo data call these functions
(README rule 4: signatures bind to a version, are append-only, and a new
version supersedes earlier signatures for the "signed" status).
"""

from .adoption import (  # noqa: F401
    adopt_charter,
    charter_page_url,
    current_version,
)
from .documents import (  # noqa: F401
    charter_pdf,
    signed_copy_pdf,
)
from .errors import (  # noqa: F401
    CharterError,
    CharterLocked,
    NameMismatch,
    NotCurrentVersion,
    NothingToAdopt,
    NotTakingPart,
    ProposalAlreadyDecided,
    ProposalsClosed,
    TranslationsOutdated,
    language_names,
)
from .participation import (  # noqa: F401
    TAKING_PART,
    participants_taking_part,
    takes_part,
)
from .personal_data import (  # noqa: F401
    anonymise_participant,
    export_participant,
)
from .proposals import (  # noqa: F401
    accept_proposal,
    comment_on,
    decline_proposal,
    merge_proposal,
    proposals_are_open,
    propose,
    set_proposals_open,
    toggle_support,
)
from .signing import (  # noqa: F401
    charter_card_of,
    current_signers,
    name_matches,
    remind_to_sign,
    remind_unsigned,
    sign,
    signature_of,
    signing_counts,
    signing_progress,
    why_not_reminded,
)
from .text import (  # noqa: F401
    charters_of,
    draft_of,
    languages_to_update,
    locales_to_translate_into,
    missing_languages,
    original_charter,
    translate_charter,
    translated_by_hand,
    translations_to_update,
    update_translations,
)
