"""The charter's column in the programmes app's participants list (hook ``youthcop_participant_list_columns``)."""

from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from youthcop.programmes.columns import State, StateColumn

from .models import CharterVersion, Signature
from .services import takes_part

SIGNED = State(_("Signed"), "success", "positive")
NOT_SIGNED = State(_("Not signed"), "warning", "warning")
NOT_ADOPTED = State(_("Not adopted yet"))


def with_charter_signed(queryset):
    """Annotate whether the participant's programme adopted a charter, and whether they signed its current version.

    Two subqueries in the list's own query, whatever its length.
    """
    versions = CharterVersion.objects.filter(programme=OuterRef("programme"))
    current = CharterVersion.objects.filter(programme=OuterRef(OuterRef("programme"))).order_by("-number")
    signed = Signature.objects.filter(participant=OuterRef("pk"), version=Subquery(current.values("pk")[:1]))
    return queryset.annotate(charter_adopted=Exists(versions), charter_signed=Exists(signed))


def charter_signed_state(participant):
    """Signed the current adopted version, not signed, or nothing adopted yet; empty for those not taking part."""
    if not takes_part(participant):
        return None
    if not participant.charter_adopted:
        return NOT_ADOPTED
    return SIGNED if participant.charter_signed else NOT_SIGNED


def charter_signed_column(request):
    column = StateColumn("charter_signed", label=_("Charter signed"), accessor=charter_signed_state)
    return column, with_charter_signed
