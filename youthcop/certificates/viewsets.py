"""Wagtail admin of certificates.

Certificates are made by issuing and changed only by revoking, so the
viewset has no add, edit or delete views; its menu item opens the list of
programmes whose certificates the user issues.
"""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import history
from wagtail.admin.widgets.button import Button, MenuItem

from youthcop.programmes.permissions import hides_young_peoples_identity
from youthcop.privacy.audit import AuditedExportMixin
from youthcop.core.scoping import ScopedIndexView, ScopedInspectView, ScopedModelViewSet, scoped
from youthcop.core.search import folded_search
from youthcop.programmes.viewsets import programme_filter

from . import admin_views
from .models import Certificate
from .permissions import as_seen_by, certificate_policy, sees_holder

NO_VIEWS = {"add_url_name": None, "edit_url_name": None, "delete_url_name": None, "copy_url_name": None}


def certificate_buttons(certificate, user):
    url = lambda name: reverse(f"youthcop_admin_certificates:{name}", args=[certificate.pk])  # noqa: E731
    buttons = []
    if sees_holder(user, certificate):  # the PDF prints the holder's full name
        buttons.append(MenuItem(_("Download PDF"), url=url("pdf"), icon_name="download", priority=10))
    if not certificate.is_revoked and certificate_policy.user_has_permission(user, "revoke"):
        buttons.append(MenuItem(_("Revoke"), url=url("revoke"), icon_name="cross", priority=40))
    return buttons


class CertificateIndexView(AuditedExportMixin, ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("participant")

    # README rule 8: police staff see a young holder by first name and initial, and find them by first name only.
    def get_table(self, object_list):
        return super().get_table([as_seen_by(self.request.user, certificate) for certificate in object_list])

    def to_row_dict(self, item):
        return super().to_row_dict(as_seen_by(self.request.user, item))

    def search_queryset(self, queryset):
        if self.is_searching and hides_young_peoples_identity(self.request.user):
            return folded_search(queryset, self.search_query, ["holder_first_name", "short_code"])
        return super().search_queryset(queryset)

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *certificate_buttons(instance, self.request.user)]


def person_name(user):
    """A member of staff as people know them: their full name (their username only when it is empty)."""
    return (user.get_full_name() or user.get_username()) if user else "—"


class CertificateInspectView(ScopedInspectView):
    def get_object(self, *args, **kwargs):
        return as_seen_by(self.request.user, super().get_object(*args, **kwargs))

    # Nothing raw on screen: names, not usernames; "Yes"/"No", not True/False; a language's name, not its code.
    def get_issued_by_display_value(self):
        return person_name(self.object.issued_by)

    def get_revoked_by_display_value(self):
        return person_name(self.object.revoked_by)

    def get_revoked_at_display_value(self):
        revoked_at = self.object.revoked_at
        return date_format(timezone.localtime(revoked_at), "DATETIME_FORMAT") if revoked_at else "—"

    def get_issued_at_display_value(self):
        return date_format(timezone.localtime(self.object.issued_at), "DATETIME_FORMAT")

    def get_awarded_by_hand_display_value(self):
        return _("Yes") if self.object.awarded_by_hand else _("No")

    def get_language_display_value(self):
        try:
            return get_language_info(self.object.language)["name_translated"]
        except KeyError:
            return self.object.language

    def get_short_code_display_value(self):
        return self.object.short_code_display

    def get_header_more_buttons(self):
        buttons = [Button.from_menu_item(item) for item in certificate_buttons(self.object, self.request.user)]
        return [*super().get_header_more_buttons(), *buttons]


class CertificateHistoryView(scoped(history.HistoryView)):
    # Certificates have no add/change/delete permission: those who issue or revoke read their history.
    any_permission_required = ["view", "issue", "revoke"]


class CertificateURLFinder(ModelAdminURLFinder):
    """Links to a certificate (usage and history listings) open its page: there is no edit view."""

    edit_url_name = "youthcop_admin_certificates:inspect"

    def get_edit_url(self, instance):
        if self.user and not certificate_policy.user_has_permission_for_instance(self.user, "view", instance):
            return None
        return self.construct_edit_url(instance)


class CertificateFilterSet(WagtailFilterSet):
    programme = programme_filter()

    class Meta:
        model = Certificate
        fields = ["programme"]


class CertificateViewSet(ScopedModelViewSet):
    model = Certificate
    permission_policy = certificate_policy
    url_finder_class = CertificateURLFinder
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 600
    add_to_admin_menu = False
    url_prefix = "youthcop/certificates"
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    history_view_class = CertificateHistoryView
    inspect_view_enabled = True
    list_display = [
        "holder_name",
        Column("programme_name", label=_("programme")),
        Column("short_code_display", label=_("code")),
        DateColumn("issued_at", label=_("issued at")),
        Column("status", label=_("status"), accessor="status_label"),
    ]
    filterset_class = CertificateFilterSet
    search_fields = ["holder_first_name", "holder_last_name", "short_code"]
    list_export = [
        "holder_first_name",
        "holder_last_name",
        "programme_name",
        "short_code_display",
        "issued_at",
        "sessions_attended",
        "sessions_expected",
        "revoked_at",
        "revocation_reason",
    ]
    export_filename = "certificates"
    inspect_view_fields = [
        "holder_first_name",
        "holder_last_name",
        "programme_name",
        "police_zone_name",
        "start_date",
        "end_date",
        "sessions_attended",
        "sessions_expected",
        "awarded_by_hand",
        "short_code",
        "code",
        "language",
        "issued_at",
        "issued_by",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{**kwargs, **NO_VIEWS})

    def get_urlpatterns(self):
        # The first pattern is the menu's target: the programmes to issue for.
        return [
            path("programmes/", admin_views.programme_list, name="programmes"),
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
            path("history/<str:pk>/", self.history_view, name="history"),
            path("history-results/<str:pk>/", self.history_results_view, name="history_results"),
            path("programmes/<int:pk>/", admin_views.programme_certificates, name="programme"),
            path("programmes/<int:pk>/zip/", admin_views.programme_zip, name="programme_zip"),
            path("zip/<int:pk>/", admin_views.zip_download, name="zip_download"),
            path("decide/<int:participant_pk>/", admin_views.decide, name="decide"),
            path("pdf/<int:pk>/", admin_views.certificate_pdf, name="pdf"),
            path("revoke/<int:pk>/", admin_views.revoke, name="revoke"),
            path("batch/<int:pk>/", admin_views.batch_progress, name="batch"),
        ]


certificate_viewset = CertificateViewSet("youthcop_admin_certificates")
