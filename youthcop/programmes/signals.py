"""What the programme services announce, for whoever has to hear of it.

``signal_handlers`` (connected in ``ProgrammesConfig.ready``) emails the
people concerned in the background; a site may connect receivers of its own.
Each is sent inside the transaction that made the change.
"""

from django.dispatch import Signal

# ``participant`` has a place: enrolled, or (a minor) reserved until a guardian consents.
place_given = Signal()

# ``participant`` left the waiting list (sent before ``place_given``).
place_offered = Signal()

# ``consent``: a guardian answered online for the first time, or changed their answer (gave, refused, withdrew consent).
consent_answered = Signal()
