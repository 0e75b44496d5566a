"""The staff side: rounds (open, close, which questionnaire), results as aggregates, the funders' PDF.

Every view finds its programme within the user's scope (404 otherwise):
rounds among the programmes they manage, results among those whose reports
they may read. No view reads a pseudonym's participant.
"""

import datetime

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from youthcop.core.pdf import render_template_to_pdf
from youthcop.core.scoping import scoped_object_or_404
from youthcop.programmes.permissions import programmes_managed_by
from youthcop.programmes.wording import Wording
from youthcop.reports.figures import reportable_programmes
from youthcop.sessions.services.schedule import local_datetime

from . import services
from .charts import means_chart
from .forms import OpenRoundForm
from .models import Questionnaire, Round


def evaluation_urls(programme):
    return {
        "rounds": reverse("youthcop_evaluation_admin:rounds", args=[programme.pk]),
        "results": reverse("youthcop_evaluation_admin:results", args=[programme.pk]),
        "pdf": reverse("youthcop_evaluation_admin:results_pdf", args=[programme.pk]),
    }


class QuestionnaireChoiceForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label="", queryset=Questionnaire.objects.none(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from wagtail.models import Locale

        self.fields["questionnaire"].label = _("Questionnaire")
        self.fields["questionnaire"].queryset = Questionnaire.objects.filter(locale=Locale.get_default()).order_by("title")


@require_http_methods(["GET", "POST"])
def rounds(request, programme_pk):
    """Open and close the rounds of a programme the user manages, and choose its questionnaire."""
    programme = scoped_object_or_404(request, programmes_managed_by(request.user), programme_pk, action=None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "open":
                form = OpenRoundForm(request.POST)
                if not form.is_valid():
                    raise services.RoundRefused(_("Choose a round and a valid date."))
                closes_on = form.cleaned_data["closes_on"]
                closes_at = local_datetime(closes_on + datetime.timedelta(days=1), datetime.time.min) if closes_on else None
                round_ = services.open_round(programme, form.cleaned_data["kind"], by=request.user, closes_at=closes_at)
                messages.success(request, _("The round “%(round)s” is open.") % {"round": round_})
            elif action == "close":
                round_ = scoped_object_or_404(request, Round.objects.filter(programme=programme), request.POST.get("round"), action=None)
                services.close_round(round_, by=request.user)
                messages.success(request, _("The round “%(round)s” is closed.") % {"round": round_})
            elif action == "questionnaire":
                form = QuestionnaireChoiceForm(request.POST)
                if not form.is_valid():
                    raise services.RoundRefused(_("Choose a questionnaire."))
                services.choose_questionnaire(programme, form.cleaned_data["questionnaire"], by=request.user)
                messages.success(request, _("The questionnaire is chosen."))
        except services.RoundRefused as refused:
            messages.error(request, str(refused))
        return redirect(request.path)
    evaluation = services.evaluation_for(programme, create=True)
    now = timezone.now()
    workshop = services.first_joint_workshop(programme)
    return TemplateResponse(
        request,
        "youthcop_evaluation/admin/rounds.html",
        {
            "programme": programme,
            "evaluation": evaluation,
            "rounds": [(one, one.is_open(now), one.responses.count()) for one in Round.objects.filter(programme=programme)],
            "open_form": OpenRoundForm(),
            "questionnaire_form": QuestionnaireChoiceForm(initial={"questionnaire": evaluation.questionnaire}),
            "first_workshop": workshop,
            "urls": evaluation_urls(programme),
            "min_answers": services.MIN_ANSWERS,
            "header_title": _("Evaluation of %(programme)s") % {"programme": programme},
        },
    )


def _results_context(request, programme):
    result = services.results(programme)
    charts = [
        means_chart(side.side, _("%(side)s: mean answer per statement") % {"side": side.label}, side, result.rounds)
        for side in result.sides
    ]
    return {
        "programme": programme,
        "results": result,
        "sides": list(zip(result.sides, charts)),
        "has_mid": any(one.kind == services.RoundKind.MID for one in result.rounds),
        "min_answers": services.MIN_ANSWERS,
        "generated_on": timezone.localdate(),
    }


def _reportable(request, programme_pk):
    return scoped_object_or_404(
        request, reportable_programmes(request.user).select_related("police_zone"), programme_pk, action=None
    )


def results(request, programme_pk):
    """Means before / after per side and statement, the paired change with its interval, counts, a chart."""
    programme = _reportable(request, programme_pk)
    return TemplateResponse(
        request,
        "youthcop_evaluation/admin/results.html",
        {
            **_results_context(request, programme),
            "urls": evaluation_urls(programme),
            "manages": programmes_managed_by(request.user).filter(pk=programme.pk).exists(),
            "header_title": _("Evaluation results of %(programme)s") % {"programme": programme},
        },
    )


def results_pdf(request, programme_pk):
    """One page for funders, in the language of the person who asks for it (the admin's active language)."""
    programme = _reportable(request, programme_pk)
    context = {**_results_context(request, programme), "programme": Wording(programme).programme}  # its name too
    pdf = render_template_to_pdf("youthcop_evaluation/pdf/results.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"evaluation-{slugify(programme.name) or programme.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def programme_admin_section(request, programme):
    """The overview's card: the open round and how far it got, links to the rounds and results."""
    if not reportable_programmes(request.user).filter(pk=programme.pk).exists():
        return ""
    now = timezone.now()
    rounds_ = list(Round.objects.filter(programme=programme))
    current = next((one for one in rounds_ if one.is_open(now)), None)
    answered = current.responses.count() if current else 0
    return render_to_string(
        "youthcop_evaluation/admin/programme_section.html",
        {
            "current": current,
            "answered": answered,
            "enough": answered >= services.MIN_ANSWERS,
            "min_answers": services.MIN_ANSWERS,
            "rounds": rounds_,
            "manages": programmes_managed_by(request.user).filter(pk=programme.pk).exists(),
            "urls": evaluation_urls(programme),
        },
        request=request,
    )


