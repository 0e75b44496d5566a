"""The ``YOUTHCOP`` settings dict, read with defaults.

Sites override any key in ``settings.YOUTHCOP``; code reads them through
``youthcop_settings.KEY`` so that test overrides are seen at once.
"""

from django.conf import settings

DEFAULTS = {
    # Days a minor's slot is held while guardian consent is pending.
    "CONSENT_RESERVATION_DAYS": 14,
    # Days a waiting place offered automatically may be accepted (a coordinator may set another deadline).
    "OFFER_DAYS": 7,
    # Days a personal link stays valid after its programme ends; None (the default): until the
    # participants' data is due for anonymisation (RETENTION_MONTHS after the end date).
    "LINK_GRACE_DAYS": None,
    # Bad personal links accepted from one address per hour before 429.
    "BAD_LINK_LIMIT_PER_HOUR": 100,
    # Reverse proxies in front of the site that append the address they received a
    # request from to X-Forwarded-For (a load balancer and nginx: 2). The client's
    # address is then the entry that many places from the right; anything left of it
    # is set by the client and never read. 0: REMOTE_ADDR, the header is ignored.
    # Signatures, guardian consent and the bad-link limit use this address.
    "TRUSTED_PROXY_COUNT": 0,
    # Seconds to wait for a programme's lock before asking to try again.
    "LOCK_TIMEOUT_SECONDS": 3,
    # Days before a session that reminders go out.
    "REMINDER_DAYS_BEFORE": 2,
    # Months after a programme is completed before its personal data is anonymised.
    "RETENTION_MONTHS": 12,
    # Sender of every youthcop email.
    "FROM_EMAIL": None,
    # Seconds a frontend cache may keep an anonymous public page (0: no Cache-Control header).
    "PUBLIC_PAGE_MAX_AGE": 300,
    # Seconds the sections other apps add to a programme page (session counts, next
    # session, adopted charter, signature count) may be cached; 0 renders them on every
    # request. Saving a session, charter, adopted version, signature or the programme
    # expires them at once (youthcop.core.sections), and never later than the next session's start.
    "PROGRAMME_SECTIONS_CACHE_SECONDS": 3600,
    # Seconds a participant's personal page may be kept whole in the cache (encrypted with its link;
    # youthcop.core.personal_pages); 0 renders it on every request. Any write to youthcop's data
    # expires it at once, and what goes stale with time (a session starting) sooner.
    "PERSONAL_PAGE_CACHE_SECONDS": 600,
}


class YouthcopSettings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, "YOUTHCOP", {}).get(name, DEFAULTS[name])


youthcop_settings = YouthcopSettings()
