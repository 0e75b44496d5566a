"""Demo data of the participants' voice: conversations with the confidential advisors, and workshop themes.

Messages go through ``youthcop.advisors.services`` (a few young people and an
officer write, most get an answer, one waits unread); the two last coming joint
workshops get no theme yet, and the group proposes and supports themes for
them through ``youthcop.advisors.themes``. Running it again changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model

from youthcop.advisors import services, themes
from youthcop.advisors.models import AdvisorMessage
from youthcop.charters.services.participation import participants_taking_part
from youthcop.privacy.notes import ADVISOR_ROLE_BY_SIDE
from youthcop.programmes.models import Side
from youthcop.sessions.models import SessionKind

CONVERSATIONS = [
    # (side, index among that side's participants, days ago, message, answer or None)
    (
        Side.YOUTH, 2, 20,
        "Since the last workshop some friends call me a traitor for coming. I don't know if I should continue.",
        "Thank you for telling me. Many people in the group heard the same at the start. Shall we talk before "
        "the next workshop, Thursday at 17:00 at the youth centre?",
    ),
    (Side.YOUTH, 5, 6, "Can I bring my little brother to the closing meal?", "Ask the facilitators, I think yes!"),
    (Side.YOUTH, 8, 1, "I was stopped by the police yesterday and I am still angry. Can we talk?", None),
    (
        Side.POLICE, 1, 9,
        "Colleagues at the station make jokes about the programme. How do I answer them?",
        "Let's see it together on Monday; other officers of the group had the same.",
    ),
]
THEMES = [
    # (side, index, theme, supporters: (young people, officers))
    (Side.YOUTH, 0, "Being stopped and searched: what are my rights?", (9, 3)),
    (Side.POLICE, 0, "A night shift: what an officer lives through", (6, 5)),
    (Side.YOUTH, 3, "Social media, rumours and respect", (7, 2)),
    (Side.YOUTH, 6, "Football tournament together", (5, 4)),
    (Side.POLICE, 2, "Why I became a police officer", (3, 2)),
]


def _people(programme):
    people = list(participants_taking_part(programme).order_by("pk"))
    return {side: [p for p in people if p.side == side] for side in (Side.YOUTH, Side.POLICE)}


def _advisor(programme, side):
    return (
        get_user_model()
        .objects.filter(youthcop_roles__programme=programme, youthcop_roles__role=ADVISOR_ROLE_BY_SIDE[side])
        .first()
    )


def write_conversations(programme):
    if AdvisorMessage.objects.filter(participant__programme=programme).exists():
        return
    people = _people(programme)
    for side, index, days, text, answer in CONVERSATIONS:
        advisor = _advisor(programme, side)
        if advisor is None or len(people[side]) <= index:
            continue
        participant = people[side][index]
        sent = services.send_message(participant, text)
        when = sent.created_at - datetime.timedelta(days=days)
        if answer is None:
            AdvisorMessage.objects.filter(pk=sent.pk).update(created_at=when)
            continue
        AdvisorMessage.objects.filter(pk=sent.pk).update(created_at=when, read_at=when + datetime.timedelta(hours=3))
        reply = services.answer(participant, answer, by=advisor)
        AdvisorMessage.objects.filter(pk=reply.pk).update(created_at=when + datetime.timedelta(hours=4))


def open_themes(programme):
    """The two last coming joint workshops wait for the group's theme; the group proposes and supports some."""
    if themes.theme_proposals(programme).exists():
        return
    coming = list(
        programme.sessions.upcoming().filter(kind=SessionKind.JOINT_WORKSHOP).order_by("-starts_at")[:2]
    )
    for session in coming:
        session.theme = ""
        session.save(update_fields=["theme", "updated_at"])
    if not coming:
        return
    people = _people(programme)
    for side, index, text, (youth, police) in THEMES:
        if len(people[side]) <= index:
            continue
        author = people[side][index]
        proposal = themes.propose_theme(author, text)
        supporters = [p for p in people[Side.YOUTH] if p != author][:youth] + [
            p for p in people[Side.POLICE] if p != author
        ][:police]
        for supporter in supporters:
            themes.toggle_support(supporter, proposal)


def load(context):
    programme = context.get("programme")
    if programme is None:
        return context
    write_conversations(programme)
    open_themes(programme)
    return context
