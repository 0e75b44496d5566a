"""Staff calendar feeds: issuing and revoking (who may still read one: the feed view's lookup)."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from youthcop.core import tokens

from ..models import (
    StaffCalendarFeed,
)


def issue_staff_feed(programme, user):
    """A new secret calendar URL token of ``programme`` for ``user``; their earlier one stops working."""
    token = tokens.new_token()
    with transaction.atomic():
        StaffCalendarFeed.objects.filter(programme=programme, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        StaffCalendarFeed.objects.create(programme=programme, user=user, token_hash=tokens.hash_token(token))
        log(programme, "youthcop.calendar_feed.issued", user=user, data={})
    return token


def revoke_staff_feed(programme, user):
    revoked = StaffCalendarFeed.objects.filter(programme=programme, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        log(programme, "youthcop.calendar_feed.revoked", user=user, data={})
    return revoked
