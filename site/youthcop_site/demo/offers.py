"""Demo data of the waiting list: a young person moved away this week, and their place is on offer.

The last of the group withdraws (after the year so far: their attendance,
signature and ratings stay in the history), and the running programme, which
offers free places automatically, offers the place to the first young person
on the waiting list, to accept within the usual days: the coordinator sees an
offer to follow, or to take back. Running it again changes nothing.
"""

from youthcop.programmes import services
from youthcop.programmes.models import Participant, Side

REASON = "Moved to Liège with their family"


def load(context):
    programme = context.get("programme")
    if programme is None or programme.participants.filter(withdrawal_reason=REASON).exists():
        return context
    leaving = programme.participants.filter(side=Side.YOUTH, status=Participant.Status.ENROLLED).order_by("-pk").first()
    if leaving is not None:
        context["offered"] = services.withdraw(leaving, by=context["users"]["coordinator"], reason=REASON)
    return context
