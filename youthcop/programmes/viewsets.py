"""Wagtail admin for programmes, participants and organisations.

Every view is scoped on the server with the permission policies of
``permissions.py``, through ``youthcop.core.scoping``: an object outside the
user's scope answers 404 in the list, export, edit, delete, inspect, history,
chooser and action views alike.
"""

from urllib.parse import urlencode

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.admin.viewsets.model import ModelViewSet

from youthcop.core.charts import progress_bar
from youthcop.core.scoping import (
    ScopedIndexView,
    ScopedInspectView,
    ScopedModelViewSet,
    scoped,
)
from youthcop.core.search import FoldedSearchMixin
from youthcop.core.sections import hook_sections
from youthcop.privacy.audit import AuditedExportMixin
from youthcop.privacy.deletion import RefuseDeletingHistoryMixin

from . import admin_views, meal_needs, offers, services, translations
from .columns import StateColumn, consent_state, link_state, minor_state
from .composition import composition, steering_committee
from .forms import ParticipantForm, RegistrationForm
from .models import DietaryNeed, Organisation, Participant, Programme, ProgrammeStaff, Side
from .permissions import (
    WITHHELD_FIELDS,
    Action,
    all_as_seen_by,
    as_seen_by,
    hides_young_peoples_identity,
    may_register,
    participant_actions,
    participant_policy,
    programme_policy,
    programmes_visible_to,
    search_as,
    sees_identity,
)


def visible_programmes(request):
    """The programmes a list filter may offer: those the user works on."""
    if request is None:
        return Programme.objects.none()
    return programmes_visible_to(request.user)


def programme_filter():
    """A "programme" list filter that never names other programmes."""
    return django_filters.ModelChoiceFilter(label=_("programme"), queryset=visible_programmes)


# --- Programmes --------------------------------------------------------------


class ProgrammeIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("police_zone")

    @cached_property
    def columns(self):
        columns = super().columns
        # The name opens the programme's overview; editing is one of its buttons.
        columns[0]._get_url_func = self.get_inspect_url
        return columns


def participants_url(programme, **filters):
    return reverse("youthcop_admin_participants:index") + "?" + urlencode({"programme": programme.pk, **filters})


class ProgrammeInspectView(ScopedInspectView):
    """The programme's overview: its group, and what the other apps add through hooks (``core/sections.py``).

    Sessions, charter and certificates add their cards with ``youthcop_programme_admin_sections`` and
    buttons to its action bar with ``youthcop_programme_admin_buttons``; each shows only what the user may see.
    """

    template_name = "youthcop_programmes/admin/programme_inspect.html"

    def get_page_title(self):
        return _("Overview")

    @cached_property
    def may_register(self):
        user = self.request.user
        return participant_policy.user_has_permission(user, "add") and may_register(user, self.object, Side.YOUTH)

    @cached_property
    def header_buttons(self):
        edit_url = self.get_edit_url()
        return [HeaderButton(_("Edit"), url=edit_url, icon_name="edit", priority=10)] if edit_url else []

    def action_buttons(self):
        """The overview's action bar: the programme's people, then what other apps add (it wraps on a phone)."""
        buttons = [Button(_("Participants"), url=participants_url(self.object), icon_name="user", priority=20)]
        if self.may_register:
            register_url = reverse("youthcop_admin_participants:add") + f"?programme={self.object.pk}"
            buttons.append(Button(_("Register"), url=register_url, icon_name="plus", priority=30))
        if translations.may_translate(self.request.user, self.object):
            url = reverse("youthcop_admin_programmes:translations", args=[self.object.pk])
            buttons.append(Button(_("Translations"), url=url, icon_name="globe", priority=90))
        for hook in hooks.get_hooks("youthcop_programme_admin_buttons"):
            buttons.extend(hook(self.request, self.object))
        for button in buttons:
            button.classname = "button button-small button-secondary button--icon"
        return sorted(buttons)

    @cached_property
    def header_more_buttons(self):
        delete_url = self.get_delete_url()
        return [Button(_("Delete"), url=delete_url, icon_name="bin", priority=20)] if delete_url else []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        group = composition(self.object)
        context["composition"] = group
        context["places"] = [
            {"side": side, "label": label, "count": n, "bar": progress_bar(n, slots, side), "waiting": group.waiting[side]}
            for side, label, n, slots in (
                (Side.YOUTH, _("Young people"), group.youth, group.youth_slots),
                (Side.POLICE, _("Police officers"), group.police, group.police_slots),
            )
        ]
        context["committee"] = steering_committee(self.object, initials_for_youth=hides_young_peoples_identity(user))
        context["awaiting_consent_url"] = participants_url(self.object, status=Participant.Status.AWAITING_CONSENT)
        context["actions"] = self.action_buttons()
        context["staff"] = self.object.staff.select_related("user").order_by("role")
        context["sections"] = hook_sections("youthcop_programme_admin_sections", self.request, self.object)
        return context


class ProgrammeCreateView(generic.CreateView):
    inspect_url_name = None  # set by the viewset: the new programme opens on its overview

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def save_instance(self):
        programme = super().save_instance()
        # The creator coordinates the programme unless the form named them already,
        # otherwise they could not see what they just created.
        if not self.request.user.is_superuser:
            ProgrammeStaff.objects.get_or_create(
                programme=programme, user=self.request.user, role=ProgrammeStaff.Role.COORDINATOR
            )
        return programme


class ProgrammeEditView(scoped(generic.EditView)):
    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])


class ProgrammeViewSet(ScopedModelViewSet):
    model = Programme
    permission_policy = programme_policy
    icon = "group"
    menu_label = _("Programmes")
    menu_order = 100
    add_to_admin_menu = False
    url_prefix = "youthcop/programmes"
    index_view_class = ProgrammeIndexView
    add_view_class = ProgrammeCreateView
    edit_view_class = ProgrammeEditView
    inspect_view_class = ProgrammeInspectView
    inspect_view_enabled = True
    delete_view_class = type("ProgrammeDeleteView", (RefuseDeletingHistoryMixin, scoped(generic.DeleteView)), {})
    list_display = ["name", "police_zone", "status", "start_date", "end_date"]
    list_filter = ["status", "police_zone"]
    search_fields = ["name"]
    list_export = ["name", "police_zone", "status", "start_date", "end_date", "target_size"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("translations/<str:pk>/", translations.programme_translations, name="translations"),
        ]


# --- Participants --------------------------------------------------------------


class ParticipantFilterSet(WagtailFilterSet):
    programme = programme_filter()

    class Meta:
        model = Participant
        fields = ["programme", "side", "status"]


def added_participant_columns(request):
    """``(column, annotate)`` pairs other apps add to the participants list (``youthcop_participant_list_columns``)."""
    added = (hook(request) for hook in hooks.get_hooks("youthcop_participant_list_columns"))
    return [pair for pair in added if pair]


def participant_list_queryset(request, queryset):
    """The participants list's rows with all its columns read: one query, whatever the page's length."""
    queryset = services.with_consent_and_link(
        queryset.select_related("programme", "organisation", "registered_by").with_waiting_position()
    )
    for _column, annotate in added_participant_columns(request):
        queryset = annotate(queryset)
    return queryset


def filtered_participants(request, queryset, search_fields):
    """``queryset`` narrowed as the list is by the request's filters and search (bulk actions' "select all")."""
    filters = ParticipantFilterSet(request.GET, queryset=queryset, request=request)
    if filters.is_valid():
        queryset = filters.qs
    if query := request.GET.get("q", "").strip():
        queryset = search_as(request.user, queryset, query, search_fields)
    return queryset


class ParticipantIndexView(AuditedExportMixin, ScopedIndexView):
    """The participants as the user may see them, with checkboxes for the bulk actions (``bulk_actions.py``).

    Filtered to the waiting list, the rows follow each side's waiting order and show the position.
    """

    template_name = "youthcop_programmes/admin/participant_index.html"

    def get_base_queryset(self):
        return participant_list_queryset(self.request, super().get_base_queryset())

    @cached_property
    def shows_waiting_list(self):
        filters = self.filters
        return bool(filters and filters.is_valid() and filters.form.cleaned_data.get("status") == Participant.Status.WAITING)

    def order_queryset(self, queryset):
        if self.shows_waiting_list and not self.is_explicitly_ordered:
            return queryset.order_by("programme__start_date", "programme", "side", "waiting_since", "pk")
        return super().order_queryset(queryset)

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The checkbox of each row is described by the name (screen readers).
        return super()._get_title_column(
            field_name,
            column_class,
            get_title_id=lambda participant: f"participant_{participant.pk}_title",
            classname="yc-participant-name",  # readable beside the state columns (youthcop/admin.css)
            **kwargs,
        )

    @cached_property
    def columns(self):
        own = super().columns
        if self.shows_waiting_list:
            own.insert(2, Column("waiting_position", label=_("Position"), accessor="waiting_position", width="6em"))
        added = [column for column, _annotate in added_participant_columns(self.request)]
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="participant"), *own, *added]

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if not self.shows_waiting_list:
            query = self.request.GET.copy()
            query.pop(self.page_kwarg, None)
            query["status"] = Participant.Status.WAITING
            buttons.append(
                HeaderButton(_("Waiting list"), url=f"{self.index_url}?{query.urlencode()}", icon_name="list-ol")
            )
        return buttons

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_as(self.request.user, queryset, self.search_query, self.search_fields)

    def get_table(self, object_list):
        # The rows as the user may see them, and what they may do with each: one query for the page.
        self.actions = participant_actions(self.request.user, object_list)
        return super().get_table(all_as_seen_by(self.request.user, object_list))

    def to_row_dict(self, item):
        return super().to_row_dict(as_seen_by(self.request.user, item))

    def actions_on(self, instance):
        if not hasattr(self, "actions") or instance.pk not in self.actions:
            return participant_actions(self.request.user, [instance])[instance.pk]
        return self.actions[instance.pk]

    # A user is only shown the actions they may take (README rule 8).
    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if Action.CHANGE in self.actions_on(instance) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if Action.DELETE in self.actions_on(instance) else None

    def get_list_more_buttons(self, instance):
        actions = self.actions_on(instance)
        buttons = super().get_list_more_buttons(instance)
        buttons += admin_views.participant_action_buttons(instance, actions)
        buttons += admin_views.privacy_buttons(instance, actions)
        return buttons


PERSON_PANELS = [
    FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
    FieldRowPanel([FieldPanel("date_of_birth"), FieldPanel("gender"), FieldPanel("preferred_language")]),
    FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    FieldRowPanel([FieldPanel("organisation"), FieldPanel("police_unit")]),
    FieldPanel("dietary_needs"),
    FieldPanel("meal_needs_consent"),
    FieldPanel("accessibility_needs"),
]
GUARDIAN_PANELS = [
    FieldPanel("guardian_name"),
    FieldRowPanel([FieldPanel("guardian_email"), FieldPanel("guardian_phone")]),
]

registration_panel = ObjectList(
    [
        FieldRowPanel([FieldPanel("programme"), FieldPanel("side")]),
        *PERSON_PANELS,
        MultiFieldPanel(
            [
                *GUARDIAN_PANELS,
                FieldPanel("consent_method"),
                FieldRowPanel([FieldPanel("paper_form_date"), FieldPanel("paper_photos")]),
                FieldPanel("paper_meal_needs"),
            ],
            heading=_("Guardian (minors only)"),
        ),
    ],
    base_form_class=RegistrationForm,
).bind_to_model(Participant)

edit_panel = ObjectList(
    [*PERSON_PANELS, MultiFieldPanel(GUARDIAN_PANELS, heading=_("Guardian (minors only)"))],
    base_form_class=ParticipantForm,
)


class ParticipantCreateView(generic.CreateView):
    """Registration goes through ``services.enrol``: place, reserved place or waiting list."""

    def get_initial(self):
        initial = super().get_initial()
        if programme := self.request.GET.get("programme"):
            initial["programme"] = programme
        return initial

    def save_instance(self):
        form = self.form
        self.result = services.enrol(
            form.cleaned_data["programme"],
            registered_by=self.request.user,
            paper_consent=form.paper_consent(),
            **form.participant_fields(),
        )
        return self.result.participant

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.ProgrammeBusy as busy:
            form.add_error(None, str(busy))
            self.produced_error_message = str(busy)
            return self.form_invalid(form)

    def get_success_message(self, instance):
        return self.result.message


class ParticipantDeleteView(RefuseDeletingHistoryMixin, scoped(generic.DeleteView)):
    """Only a participant without history (attendance, signatures, consents, certificate) is deleted."""

    def delete_action(self):
        # Withdraw first so the waiting list moves up before the row goes.
        services.withdraw(self.object, by=self.request.user, reason="deleted")
        super().delete_action()


class ParticipantInspectView(ScopedInspectView):
    """Police staff see a young person by first name and initial, without the fields withheld from them."""

    def get_object(self, *args, **kwargs):
        return as_seen_by(self.request.user, super().get_object(*args, **kwargs))

    def get_dietary_needs_display_value(self):
        labels = dict(DietaryNeed.choices)
        return ", ".join(str(labels.get(need, need)) for need in self.object.dietary_needs) or "—"

    def get_fields_context(self):
        if not sees_identity(self.request.user, self.object):
            self.fields = [name for name in self.fields if name not in WITHHELD_FIELDS]
        if not meal_needs.may_see(self.request.user, self.object):
            # Special-category data: facilitators and advisors see counts only (README rule 6).
            self.fields = [name for name in self.fields if name not in meal_needs.FIELDS]
        return super().get_fields_context()

    def _may(self, action):
        return action in participant_actions(self.request.user, [self.object])[self.object.pk]

    def get_edit_url(self):
        return super().get_edit_url() if self._may(Action.CHANGE) else None

    def get_delete_url(self):
        return super().get_delete_url() if self._may(Action.DELETE) else None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self._may(Action.CONSENT) and services.awaits_guardian(self.object):
            url = reverse("youthcop_admin_participants:resend_guardian_request", args=[self.object.pk])
            buttons.append(
                Button(_("Resend guardian request"), url=f"{url}?{urlencode({'next': self.request.path})}", icon_name="mail", priority=30)
            )
        return buttons


class ParticipantViewSet(ScopedModelViewSet):
    model = Participant
    permission_policy = participant_policy
    edit_handler = edit_panel
    icon = "user"
    menu_label = _("Participants")
    menu_order = 200
    add_to_admin_menu = False
    url_prefix = "youthcop/participants"
    index_view_class = ParticipantIndexView
    add_view_class = ParticipantCreateView
    delete_view_class = ParticipantDeleteView
    inspect_view_class = ParticipantInspectView
    # History and usage show what the participant took part in: those who run their file (README rule 8).
    history_view_class = type("ParticipantHistoryView", (scoped(history.HistoryView),), {"permission_required": "change"})
    usage_view_class = type("ParticipantUsageView", (scoped(usage.UsageView),), {"permission_required": "change"})
    inspect_view_enabled = True
    list_display = [
        "full_name",
        Column("programme", label=_("Programme"), accessor="programme"),
        "side",
        Column("status", label=_("Status"), accessor="status_label"),
        StateColumn("minor", label=_("Minor"), accessor=minor_state),
        StateColumn("guardian_consent", label=_("Guardian consent"), accessor=consent_state),
        StateColumn("personal_link", label=_("Personal link"), accessor=link_state),
        "organisation",
        Column(
            "registered_by",
            label=_("Registered by"),
            accessor=lambda participant: get_user_display_name(participant.registered_by) if participant.registered_by else "",
        ),
    ]
    filterset_class = ParticipantFilterSet
    search_fields = ["first_name", "last_name"]
    list_export = [
        "first_name",
        "last_name",
        "side",
        "status",
        "programme",
        "organisation",
        "police_unit",
        "preferred_language",
        "email",
        "phone",
        # Never the meal needs: special-category data leaves the admin only in a subject access export.
        "accessibility_needs",
    ]
    export_filename = "participants"
    inspect_view_fields_exclude = ["anonymised_at"]

    def get_add_view_kwargs(self, **kwargs):
        return {
            **super().get_add_view_kwargs(**kwargs),
            "panel": registration_panel,
            "form_class": registration_panel.get_form_class(),
        }

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("withdraw/<str:pk>/", admin_views.withdraw, name="withdraw"),
            path("link/<str:pk>/", admin_views.personal_link, name="link"),
            path("consent/<str:pk>/", admin_views.paper_consent, name="consent"),
            *offers.urlpatterns,
            path(
                "resend-guardian-request/<str:pk>/",
                admin_views.resend_guardian_request,
                name="resend_guardian_request",
            ),
        ]


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    # Search with the ORM, folding case and accents alike on SQLite and PostgreSQL (youthcop/search.py).
    search_backend_name = None
    index_view_class = type("OrganisationIndexView", (FoldedSearchMixin, generic.IndexView), {})
    icon = "site"
    menu_label = _("Organisations")
    menu_order = 300
    add_to_admin_menu = False
    url_prefix = "youthcop/organisations"
    list_display = ["name", "kind", "city"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]
    form_fields = ["name", "kind", "city", "website", "logo"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, **kwargs)


programme_viewset = ProgrammeViewSet("youthcop_admin_programmes")
participant_viewset = ParticipantViewSet("youthcop_admin_participants")
organisation_viewset = OrganisationViewSet("youthcop_admin_organisations")
