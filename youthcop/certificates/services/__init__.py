"""The rules of certificates: who earned one, issuing, revocation, the PDF, verification.

Eligibility (README rule 5): attendance of the sessions the participant was
expected at — held sessions of their kind, with attendance taken, since their
place was confirmed (``Participant.enrolled_at``) — at or above the
programme's threshold, at least the programme's minimum number of joint
workshops attended, and a signature of the current charter version — unless
a facilitator awarded or refused the certificate by hand, with a reason.

Issuing before the programme's last planned joint workshop is held needs the
facilitator to confirm it, naming how many sessions are still to come, and a
reason kept in the programme's history.

A certificate freezes what it states when it is issued and its PDF is
rendered from those values on demand (nothing stored, nothing to erase).
Issuing renders the PDF inside the transaction that creates the row, so a
certificate that cannot be rendered is never created.
"""

from .archives import (  # noqa: F401
    ARCHIVE_KEPT_FOR,
    archives_kept,
    delete_expired_archives,
    expires_at,
    forget_archives_of,
    latest_archive,
    run_archive,
    start_archive,
)
from .documents import (  # noqa: F401
    certificate_html,
    certificates_zip,
    default_site,
    find_by_code,
    load_assets,
    pdf_filename,
    render_certificate,
    verification_url,
)
from .eligibility import (  # noqa: F401
    CertificateError,
    certificate_counts,
    clear_decision,
    decide_by_hand,
    decision_of,
    eligibility,
    eligibility_of,
)
from .issuing import (  # noqa: F401
    EarlyIssuing,
    early_issuing,
    issue_certificate,
    latest_batch,
    revoke,
    run_issue_batch,
    start_issuing,
)
from .personal_data import (  # noqa: F401
    anonymise_participant,
    export_participant,
)
