"""Wagtail admin of charters: the charter snippet (drafts, revisions, compare,
locking, translation) and the facilitators' board of proposals.

Every view is scoped on the server (``youthcop.core.scoping``): a charter or
proposal of a programme the user does not manage answers 404.
"""

from django.db.models import Count
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import MenuItem
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets

from youthcop.programmes.permissions import hides_young_peoples_identity, participants_of_as_seen_by, programmes_managed_by
from youthcop.privacy.audit import AuditedExportMixin
from youthcop.programmes.viewsets import programme_filter
from youthcop.core.scoping import ScopedIndexView, ScopedModelViewSet, ScopedViewMixin, scoped
from youthcop.core.search import FoldedSearchMixin, folded_search

from . import admin_views
from .models import Charter, Proposal
from .permissions import charter_policy, proposal_policy

# Any of these reaches a charter's own views (each view then checks its own action).
ANY_CHARTER_ACTION = ("view", "change", "delete", "publish", "lock", "unlock", "adopt")


def scoped_charter(view_class):
    return scoped(view_class, object_actions=ANY_CHARTER_ACTION)


class CharterForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "programme" in self.fields and for_user is not None:
            self.fields["programme"].queryset = programmes_managed_by(for_user)
        if self.instance.pk and "programme" in self.fields:
            # A charter, its versions and signatures belong to one programme for good.
            self.fields["programme"].disabled = True


class CharterIndexView(ScopedViewMixin, FoldedSearchMixin, snippets.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme", "locale")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        urls = admin_views.charter_urls(instance)
        if charter_policy.user_has_permission(self.request.user, "change") and not self.request.user.has_perm(
            "wagtail_localize.submit_translation"
        ):
            # wagtail-localize shows its own (site-wide) Translate button to those with its permission.
            buttons.append(MenuItem(_("Translate"), url=urls["translate"], icon_name="globe", priority=29))
        if charter_policy.user_has_permission(self.request.user, "adopt"):
            buttons += [
                MenuItem(_("Proposals"), url=urls["proposals"], icon_name="comment", priority=30),
                MenuItem(_("Adopt"), url=urls["adopt"], icon_name="tick", priority=31),
                MenuItem(_("Signatures"), url=urls["signatures"], icon_name="user", priority=32),
            ]
        return buttons


class CharterFilterSet(WagtailFilterSet):
    programme = programme_filter()  # names only the user's programmes

    class Meta:
        model = Charter
        fields = ["programme"]


class CharterChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    """The charter chooser lists and returns only the charters of programmes the user manages."""

    choose_view_class = scoped(snippet_chooser.ChooseView)
    choose_results_view_class = scoped(snippet_chooser.ChooseResultsView)
    chosen_view_class = scoped(snippet_chooser.SnippetChosenView)
    chosen_multiple_view_class = scoped(snippet_chooser.SnippetChosenMultipleView)


class CharterViewSet(snippets.SnippetViewSet):
    model = Charter
    icon = "doc-full"
    menu_label = _("Charters")
    menu_order = 400
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["title", "programme", Column("locale", label=_("language"), accessor="locale")]
    filterset_class = CharterFilterSet
    # Search with the ORM, folding case and accents alike on SQLite and PostgreSQL (youthcop/search.py).
    search_backend_name = None
    search_fields = ["title", "programme__name"]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("title"),
            FieldPanel("preamble"),
            FieldPanel("commitments"),
            FieldPanel("closing"),
            FieldPanel("show_on_public_page"),
        ],
        base_form_class=CharterForm,
    )
    index_view_class = CharterIndexView
    chooser_viewset_class = CharterChooserViewSet
    edit_view_class = scoped_charter(snippets.EditView)
    delete_view_class = scoped_charter(snippets.DeleteView)
    usage_view_class = scoped_charter(snippets.UsageView)
    history_view_class = scoped_charter(snippets.HistoryView)
    inspect_view_class = scoped_charter(snippets.InspectView)
    revisions_view_class = scoped_charter(snippets.PreviewRevisionView)
    revisions_compare_view_class = scoped_charter(snippets.RevisionsCompareView)
    revisions_unschedule_view_class = scoped_charter(snippets.RevisionsUnscheduleView)
    unpublish_view_class = scoped_charter(snippets.UnpublishView)
    lock_view_class = scoped_charter(snippets.LockView)
    unlock_view_class = scoped_charter(snippets.UnlockView)
    menu_item_is_registered = True

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("translate/<int:pk>/", admin_views.translate, name="translate"),
            path("adopt/<int:pk>/", admin_views.adopt, name="adopt"),
            path("signatures/<int:pk>/", admin_views.signatures, name="signatures"),
            path("signatures/<int:pk>/charter.pdf", admin_views.charter_pdf, name="charter_pdf"),
            path("signatures/<int:pk>/in-person/<int:participant_pk>/", admin_views.in_person, name="in_person"),
            path(
                "signatures/<int:pk>/in-person/<int:participant_pk>/done/",
                admin_views.in_person_done,
                name="in_person_done",
            ),
        ]


# --- Proposals -----------------------------------------------------------------------


class ProposalFilterSet(WagtailFilterSet):
    programme = programme_filter()

    class Meta:
        model = Proposal
        fields = ["programme", "status"]


class ProposalIndexView(AuditedExportMixin, ScopedIndexView):
    default_ordering = "-created_at"
    add_item_label = _("Enter a paper proposal")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(kind=Proposal.Kind.COMMITMENT)  # workshop themes have their own board (youthcop/advisors/themes.py)
            .select_related("programme", "author")
            .annotate(support_count=Count("supports", distinct=True))
        )

    # README rule 8: authors as the user may see them; police staff find a young author by first name only.
    def get_table(self, object_list):
        return super().get_table(participants_of_as_seen_by(self.request.user, object_list, "author"))

    def to_row_dict(self, item):
        return super().to_row_dict(participants_of_as_seen_by(self.request.user, [item], "author")[0])

    def search_queryset(self, queryset):
        if self.is_searching and hides_young_peoples_identity(self.request.user):
            return folded_search(queryset, self.search_query, ["text", "author__first_name"])
        return super().search_queryset(queryset)


class ProposalViewSet(ScopedModelViewSet):
    """The facilitators' board: proposals with their support; the title opens the review."""

    model = Proposal
    permission_policy = proposal_policy
    icon = "comment"
    menu_label = _("Charter proposals")
    menu_order = 410
    add_to_admin_menu = False
    url_prefix = "youthcop/charter-proposals"
    index_view_class = ProposalIndexView
    list_display = [
        "text",
        Column("author", label=_("author"), accessor="author"),
        Column("support_count", label=_("support"), accessor="support_count", sort_key="support_count"),
        "status",
        "programme",
        "created_at",
    ]
    filterset_class = ProposalFilterSet
    search_fields = ["text", "author__first_name", "author__last_name"]
    list_export = ["programme", "text", "author", "method", "status", "support_count", "decline_reason", "created_at"]
    export_filename = "charter-proposals"
    form_fields = ["text"]

    @property
    def add_view(self):
        # Paper proposals go through services.propose, on the participant's behalf.
        return admin_views.paper_proposal

    @property
    def edit_view(self):
        return admin_views.review_proposal


charter_viewset = CharterViewSet()
proposal_viewset = ProposalViewSet("youthcop_admin_proposals")
