"""``{% language_switch %}``: the language switch of pages reached through a personal link (base_public.html)."""

from django import template
from django.urls import reverse
from django.utils import translation

from ..models import PersonalLink
from ..views import LANGUAGE_SWITCH_ATTRIBUTE, switch_languages, visit_language_url

register = template.Library()


@register.inclusion_tag("youthcop_programmes/includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Nothing on pages without a personal link; on the participant's own pages a form that keeps their
    choice; on a guardian's or an offer's page links that change the language for the visit only."""
    request = getattr(context, "request", None)
    opened = getattr(request, LANGUAGE_SWITCH_ATTRIBUTE, None)
    if opened is None:
        return {"languages": []}
    purpose, token = opened
    current = translation.get_language()
    persists = purpose == PersonalLink.Purpose.PARTICIPANT
    languages = [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "url": None if persists else visit_language_url(request, code),
        }
        for code, name in switch_languages()
    ]
    return {
        "languages": languages,
        "persists": persists,
        "action": reverse("youthcop_programmes:participant_language", args=[token]) if persists else "",
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
