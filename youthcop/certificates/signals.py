"""What the certificate services announce, for whoever has to hear of it.

``signal_handlers`` (connected in ``CertificatesConfig.ready``) starts the
background work; a site may connect receivers of its own. Sent inside the
transaction that made the change.
"""

from django.dispatch import Signal

# ``batch``: an ``IssueBatch`` was queued; its certificates are issued in the background.
issuing_started = Signal()

# ``archive``: a ``CertificateArchive`` was queued; its ZIP is built in the background.
archive_requested = Signal()
