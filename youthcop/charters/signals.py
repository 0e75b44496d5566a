"""What the charter services announce, for whoever has to hear of it.

``signal_handlers`` (connected in ``ChartersConfig.ready``) emails the people
concerned in the background; a site may connect receivers of its own. Each is
sent inside the transaction that made the change.
"""

from django.dispatch import Signal

# ``version`` is to be signed by the participants ``participant_ids``:
# ``kind`` = "invitation" (just adopted) or "reminder" (not signed yet).
signatures_requested = Signal()
