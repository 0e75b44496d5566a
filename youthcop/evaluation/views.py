"""The participant's side: the questionnaire card on their page, and the questionnaire itself, on a phone."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from youthcop.core.ratelimit import bad_links_limited
from youthcop.core.sections import fresh_until
from youthcop.programmes.views import resolve_participant_link
from youthcop.programmes.wording import Wording

from . import services
from .forms import AnswersForm


def questionnaire_url(token):
    return reverse("youthcop_evaluation:questionnaire", args=[token])


def participant_section(request, participant, token):
    """The card on the participant's page while a round is open (and they may answer)."""
    if not services.may_answer(participant):
        return ""
    round_, changes_at = services.current_round_of(participant.programme)
    fresh_until(request, changes_at)  # the personal page's cached copy
    if round_ is None or services.evaluation_for(participant.programme) is None:
        return ""
    return render_to_string(
        "youthcop_evaluation/public/section.html",
        {
            "round": round_,
            "response": services.response_of(participant, round_),
            "closes_on": last_day(round_),
            "url": questionnaire_url(token),
        },
        request=request,
    )


def last_day(round_):
    """The last day one can answer, as people say it: a round closing at midnight ends the day before."""
    closes = timezone.localtime(round_.closes_at)
    return (closes - datetime.timedelta(microseconds=1)).date()


@never_cache
@require_http_methods(["GET", "POST"])
@bad_links_limited
def questionnaire(request, token):
    link = resolve_participant_link(request, token)
    participant = link.participant
    programme = participant.programme
    round_ = services.open_round_of(programme)
    evaluation = services.evaluation_for(programme)
    context = {
        "participant": participant,
        "programme": Wording(programme).programme,  # its name and police zone's in the participant's language
        "home_url": reverse("youthcop_programmes:participant_home", args=[token]),
    }
    if round_ is None or evaluation is None or not services.may_answer(participant):
        return render(request, "youthcop_evaluation/public/closed.html", context)
    questionnaire = services.localised(evaluation.questionnaire)
    response = services.response_of(participant, round_)
    form = AnswersForm(
        services.statements(evaluation.questionnaire),
        request.POST or None,
        initial_values=services.answered_values(response),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_answers(participant, round_, form.answers())
        except services.AnswerRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("Thank you: your answers are recorded. You can change them until %(date)s.")
                % {"date": _date(last_day(round_))},
            )
            return redirect(request.get_full_path())
    return render(
        request,
        "youthcop_evaluation/public/questionnaire.html",
        {
            **context,
            "round": round_,
            "questionnaire": questionnaire,
            "form": form,
            "response": response,
            "closes_on": last_day(round_),
        },
    )


def _date(day):
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


def reminder_questionnaire_url(participant):
    """The full address of the participant's questionnaire while a round is open for them, else None."""
    from youthcop.programmes import services as programme_services

    if not services.may_answer(participant) or services.open_round_of(participant.programme) is None:
        return None
    token = programme_services.issue_link(participant)
    return programme_services.absolute_url(questionnaire_url(token)) if token else None
