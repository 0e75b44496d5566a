"""wagtail-localize's translation endpoints, scoped to the charters a user may change.

wagtail-localize checks a model-wide permission on its endpoints that take a
translation id (edit a string, upload a PO file, preview, stop…), so a
facilitator of one programme could reach another programme's charter by
guessing an id. It offers no hook before those views, hence this middleware:
for a translation of a youthcop charter it applies the charters app's own
permission policy and answers 404 like every other charter view. Its lists —
the snippet listing API and the translations report — are answered by
subclasses of its own views that leave out the charters of other programmes.
Pages and other models are left to wagtail-localize.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from .models import Charter
from .permissions import charter_policy

NAMESPACE = "wagtail_localize"
BY_TRANSLATION = {
    "edit_string_translation",
    "edit_override",
    "download_pofile",
    "upload_pofile",
    "machine_translate",
    "preview_translation",
    "stop_translation",
}
BY_TRANSLATION_SOURCE = {"update_translations"}
BY_SNIPPET = {"submit_snippet_translation", "snippets_api_detail"}
LISTS = {"snippets_api_listing", "translations_report", "translations_report_results"}


def visible_charters(user):
    return charter_policy.instances_user_has_any_permission_for(user, ["view", "change"])


def scoped_list_view(url_name, kwargs, user):
    """wagtail-localize's list view ``url_name`` limited to the charters ``user`` may see, or None."""
    from wagtail.admin.auth import require_admin_access
    from wagtail_localize.views.report import TranslationsReportView
    from wagtail_localize.views.snippets_api import SnippetViewSet

    if url_name == "snippets_api_listing":
        try:
            model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except (LookupError, KeyError):
            return None
        if not issubclass(model, Charter):
            return None

        class ScopedSnippetViewSet(SnippetViewSet):
            def get_queryset(self):
                return super().get_queryset().filter(pk__in=visible_charters(self.request.user).values("pk"))

        return require_admin_access(ScopedSnippetViewSet.as_view({"get": "list"}))

    class ScopedTranslationsReportView(TranslationsReportView):
        def get_queryset(self):
            # Translations of charters of other programmes are left out; pages and other models stay.
            charter_types = ContentType.objects.get_for_models(
                *[model for model in apps.get_models() if issubclass(model, Charter)]
            ).values()
            return (
                super()
                .get_queryset()
                .exclude(
                    source__specific_content_type__in=[content_type.pk for content_type in charter_types],
                    source__object_id__in=Charter.objects.exclude(
                        pk__in=visible_charters(self.request.user).values("pk")
                    ).values("translation_key"),
                )
                .order_by("pk")  # upstream's queryset is unordered, which pagination warns about
            )

    results_only = url_name == "translations_report_results"
    return require_admin_access(ScopedTranslationsReportView.as_view(results_only=results_only))


def charters_behind(url_name, kwargs):
    """The charters a wagtail-localize URL acts on, or None when it is not about a charter."""
    from wagtail_localize.models import TranslationSource

    if url_name in BY_SNIPPET:
        try:
            model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except (LookupError, KeyError):
            return None
        if not issubclass(model, Charter):
            return None
        try:
            return Charter.objects.filter(pk=kwargs["pk"])
        except (ValueError, TypeError):
            return Charter.objects.none()

    if url_name in BY_TRANSLATION:
        sources = TranslationSource.objects.filter(translations__pk=kwargs.get("translation_id"))
    elif url_name in BY_TRANSLATION_SOURCE:
        sources = TranslationSource.objects.filter(pk=kwargs.get("translation_source_id"))
    else:
        return None
    source = sources.values("specific_content_type_id", "object_id", "locale_id").first()
    if source is None:
        return None  # wagtail-localize answers 404 itself
    model = ContentType.objects.get_for_id(source["specific_content_type_id"]).model_class()
    if model is None or not issubclass(model, Charter):
        return None
    # The source charter: its translations belong to the same programme.
    return Charter.objects.filter(translation_key=source["object_id"], locale_id=source["locale_id"])


class CharterTranslationScopeMiddleware:
    """Refuse with 404 a wagtail-localize endpoint on a charter the user may not change."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not match.namespaces or match.namespaces[-1] != NAMESPACE:
            return None
        if not request.user.is_authenticated:
            return None  # Wagtail's admin sends them to the login page
        if match.url_name in LISTS:
            view = scoped_list_view(match.url_name, view_kwargs, request.user)
            return None if view is None else view(request, *view_args, **view_kwargs)
        charters = charters_behind(match.url_name, view_kwargs)
        if charters is None:
            return None
        allowed = charter_policy.instances_user_has_permission_for(request.user, "change")
        if not allowed.filter(pk__in=charters.values("pk")).exists():
            raise Http404
        return None
