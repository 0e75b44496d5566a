"""The advisor channel: a card on the participant's page, its form, and the advisor's inbox in the admin.

Public views resolve the personal link with ``resolve_participant_link`` (a bad
link answers like a missing page). Admin views answer 404 to anybody but an
advisor of the participant's side in their programme: superusers included.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.utils import get_user_display_name

from youthcop.core.ratelimit import bad_links_limited
from youthcop.core.tasks import enqueue_on_commit
from youthcop.programmes.models import Participant
from youthcop.programmes.services import participant_page_url
from youthcop.programmes.views import resolve_participant_link

from . import services, tasks
from .models import MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX_LENGTH}),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your answer"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MESSAGE_MAX_LENGTH}),
    )


# --- The participant's side ----------------------------------------------------------------


def participant_section(request, participant, token):
    """The "confidential advisor" card of the participant's page: who, the conversation, a message form."""
    advisors = services.advisors_of(participant)
    return render_to_string(
        "youthcop_advisors/public/section.html",
        {
            "participant": participant,
            "advisor_names": [get_user_display_name(advisor) for advisor in advisors],
            "conversation": services.conversation(participant),
            "form": MessageForm(),
            "action": reverse("youthcop_advisors:message", args=[token]),
        },
        request=request,
    )


@never_cache
@require_POST
@bad_links_limited
def send_message(request, token):
    link = resolve_participant_link(request, token)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = services.send_message(link.participant, form.cleaned_data["text"])
        except services.MessageRefused as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            enqueue_on_commit(tasks.email_advisors_message_waits, message.pk)
            messages.success(request, _("Your message is sent. Only your confidential advisor can read it."))
    else:
        messages.error(
            request, _("Write a message of at most %(max)s characters.") % {"max": MESSAGE_MAX_LENGTH}
        )
    return redirect(participant_page_url(token) + "#advisor")


# --- The advisor's side (admin) ----------------------------------------------------------------


def inbox(request):
    """The conversations of the groups the user advises; unread ones first. No text is shown here."""
    if not services.is_advisor(request.user):
        raise Http404
    return TemplateResponse(
        request,
        "youthcop_advisors/admin/inbox.html",
        {"threads": list(services.inbox(request.user)), "header_title": _("Messages to you as confidential advisor")},
    )


@require_http_methods(["GET", "POST"])
def thread(request, pk):
    """One participant's conversation, for their side's advisor only; reading it marks it read (logged)."""
    try:
        participant = Participant.objects.select_related("programme").get(pk=pk)
    except (Participant.DoesNotExist, ValueError):
        raise Http404 from None
    if not services.can_read(request.user, participant):
        raise Http404
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = services.answer(participant, form.cleaned_data["text"], by=request.user)
        enqueue_on_commit(tasks.email_participant_answered, answer.pk)
        messages.success(request, _("Your answer is sent. The participant is told by email that an answer waits."))
        return redirect(request.path)
    return TemplateResponse(
        request,
        "youthcop_advisors/admin/thread.html",
        {
            "participant": participant,
            "conversation": services.read_thread(participant, by=request.user),
            "form": form,
            "inbox_url": reverse("youthcop_advisors_admin:inbox"),
            "header_title": _("Conversation with %(name)s") % {"name": participant.full_name},
        },
    )
