"""The participant chooser: the people a user may see, searched and filtered by programme and side."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from youthcop.core.scoping import ScopedViewMixin
from youthcop.core.search import folded_search

from . import services
from .forms import RegistrationForm
from .models import Participant
from .permissions import (
    all_as_seen_by,
    as_seen_by,
    hides_young_peoples_identity,
    search_as,
)
from .viewsets import ParticipantViewSet


class ParticipantChooserFilterForm(BaseFilterForm):
    """The chooser's search box: the admin lists' search, not Wagtail's index (see youthcop/core/search.py)."""

    q = forms.CharField(
        label=_("Search term"), widget=forms.TextInput(attrs={"placeholder": _("Search")}), required=False
    )

    def filter(self, objects):
        objects = super().filter(objects)
        if query := self.cleaned_data.get("q"):
            objects = folded_search(objects, query, ParticipantViewSet.search_fields)
            self.is_searching, self.search_query = True, query
        return objects


class ParticipantChooserMixin:
    """The participant chooser's views, scoped by ``ScopedViewMixin``: the participants as the user may see them.

    Its "create" tab is the registration form: programmes the user may register for, through ``services.enrol``.
    """

    filter_form_class = ParticipantChooserFilterForm

    def get_creation_form_kwargs(self):
        return {**super().get_creation_form_kwargs(), "for_user": self.request.user}

    def get_object_list(self):
        return super().get_object_list().select_related("programme")

    def filter_object_list(self, objects):
        filtered = super().filter_object_list(objects)
        if (query := self.request.GET.get("q")) and hides_young_peoples_identity(self.request.user):
            allowed = search_as(self.request.user, objects, query, ParticipantViewSet.search_fields)
            filtered = filtered.filter(pk__in=allowed.values("pk"))
        return filtered

    def get_results_page(self, request):
        page = super().get_results_page(request)
        page.object_list = all_as_seen_by(request.user, page.object_list)
        return page

    def get_display_title(self, instance):
        return str(as_seen_by(self.request.user, instance))


class ParticipantChooseView(ScopedViewMixin, ParticipantChooserMixin, chooser_views.ChooseView):
    pass


class ParticipantChooseResultsView(ScopedViewMixin, ParticipantChooserMixin, chooser_views.ChooseResultsView):
    pass


class ParticipantChosenView(ScopedViewMixin, ParticipantChooserMixin, chooser_views.ChosenView):
    pass


class ParticipantChosenMultipleView(ScopedViewMixin, ParticipantChooserMixin, chooser_views.ChosenMultipleView):
    pass


class ParticipantChooserCreateView(ScopedViewMixin, ParticipantChooserMixin, chooser_views.CreateView):
    def post(self, request):
        self.form = self.get_creation_form()
        if self.form.is_valid():
            try:
                result = services.enrol(
                    self.form.cleaned_data["programme"],
                    registered_by=request.user,
                    paper_consent=self.form.paper_consent(),
                    **self.form.participant_fields(),
                )
            except (services.ProgrammeBusy, ValidationError) as error:
                self.form.add_error(None, error if isinstance(error, ValidationError) else str(error))
            else:
                return self.get_chosen_response(result.participant)
        return self.get_reshow_creation_form_response()


class ParticipantChooserViewSet(ChooserViewSet):
    """A participant chooser for admin forms: it offers only the participants the user may see."""

    model = Participant
    icon = "user"
    choose_one_text = _("Choose a participant")
    choose_another_text = _("Choose another participant")
    edit_item_text = _("Edit this participant")
    choose_view_class = ParticipantChooseView
    choose_results_view_class = ParticipantChooseResultsView
    chosen_view_class = ParticipantChosenView
    chosen_multiple_view_class = ParticipantChosenMultipleView
    create_view_class = ParticipantChooserCreateView
    creation_form_class = RegistrationForm
    create_action_label = _("Register")
    creation_tab_label = _("Register a participant")
    per_page = 30
    url_filter_parameters = ["programme", "side"]


participant_chooser_viewset = ParticipantChooserViewSet("youthcop_participant_chooser")
