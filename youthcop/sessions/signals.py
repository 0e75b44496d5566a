"""What the session services announce, for whoever has to hear of it.

``signal_handlers`` (connected in ``SessionsConfig.ready``) emails the people
concerned in the background; a site may connect receivers of its own. Each is
sent inside the transaction that made the change.
"""

from django.dispatch import Signal

# ``session``, still to come and taking attendance, was ``change`` = "moved" or "cancelled".
schedule_changed = Signal()

# ``flag``: a participant's second unexcused absence in a row, for their youth worker to hear of.
absence_flagged = Signal()
