"""wagtail-localize's translation endpoints, scoped to the charters a user may change.

wagtail-localize checks only model-wide permissions ("change charter", its
site-wide "submit translation"), so a facilitator of one programme could reach
another programme's charter by guessing an id, and its lists name every
programme's charters. It offers no hook before its views, hence this
middleware, for youthcop charters only (pages and other models are left to
wagtail-localize):

- an endpoint on one translation, translation source or snippet — recognised
  by its URL's arguments, whatever its name, so an endpoint added upstream is
  covered too — answers 404 unless the charters' permission policy lets the
  user change the charter, like every other charter view;
- its lists — the snippet listing API and the translations report — are
  answered by subclasses of its own views that leave out other programmes'
  charters.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.admin.auth import require_admin_access
from wagtail_localize.models import TranslationSource
from wagtail_localize.views.report import TranslationsReportView
from wagtail_localize.views.snippets_api import SnippetViewSet

from youthcop.core.scoping import visible_to

from .models import Charter

NAMESPACE = "wagtail_localize"
LISTS = {"snippets_api_listing", "translations_report", "translations_report_results"}


def visible_charters(user):
    return visible_to(user, Charter)


def charter_model(kwargs):
    """The charter model named by a snippet URL's ``app_label`` and ``model_name``, or None."""
    try:
        model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
    except (LookupError, KeyError):
        return None
    return model if issubclass(model, Charter) else None


def scoped_list_view(url_name, kwargs, user):
    """wagtail-localize's list view ``url_name`` limited to the charters ``user`` may see, or None."""
    if url_name == "snippets_api_listing":
        if charter_model(kwargs) is None:
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


def charters_behind(kwargs):
    """The charters a wagtail-localize endpoint acts on, by its URL's arguments; None when not about a charter."""
    if "translation_id" in kwargs:
        sources = TranslationSource.objects.filter(translations__pk=kwargs["translation_id"])
    elif "translation_source_id" in kwargs:
        sources = TranslationSource.objects.filter(pk=kwargs["translation_source_id"])
    elif "pk" in kwargs:
        if charter_model(kwargs) is None:
            return None
        try:
            return Charter.objects.filter(pk=kwargs["pk"])
        except (ValueError, TypeError):
            return Charter.objects.none()
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
        charters = charters_behind(view_kwargs)
        if charters is not None and not visible_to(request.user, charters, "change").exists():
            raise Http404
        return None
