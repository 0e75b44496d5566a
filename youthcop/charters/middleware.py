"""wagtail-localize's translation endpoints, scoped to the youthcop texts a user may change.

wagtail-localize checks only model-wide permissions ("change charter", its
site-wide "submit translation"), so a facilitator of one programme could reach
another programme's charter or texts by guessing an id, and its lists name
every programme's. It offers no hook before its views, hence this middleware,
for youthcop's translated models only — the charter, a programme's texts and
an organisation's name (``SCOPED_MODELS``); pages and other models are left to
wagtail-localize:

- an endpoint on one translation, translation source or snippet — recognised
  by its URL's arguments, whatever its name, so an endpoint added upstream is
  covered too — answers 404 unless the model's permission policy lets the
  user change that object, like every other view of it;
- its lists — the snippet listing API and the translations report — are
  answered by subclasses of its own views that leave out what the user may
  not see.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.admin.auth import require_admin_access
from wagtail_localize.models import TranslationSource
from wagtail_localize.views.report import TranslationsReportView
from wagtail_localize.views.snippets_api import SnippetViewSet

from youthcop.core.scoping import visible_to

from youthcop.programmes.models import OrganisationText, ProgrammeText

from .models import Charter

NAMESPACE = "wagtail_localize"
LISTS = {"snippets_api_listing", "translations_report", "translations_report_results"}
#: The models whose translations are scoped: each has a permission policy (``youthcop.core.scoping``).
SCOPED_MODELS = (Charter, ProgrammeText, OrganisationText)


def scoped_model(model):
    """The scoped model ``model`` is (or inherits from), or None."""
    return next((scoped for scoped in SCOPED_MODELS if model is not None and issubclass(model, scoped)), None)


def snippet_model(kwargs):
    """The scoped model named by a snippet URL's ``app_label`` and ``model_name``, or None."""
    try:
        model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
    except (LookupError, KeyError):
        return None
    return scoped_model(model)


def scoped_list_view(url_name, kwargs, user):
    """wagtail-localize's list view ``url_name`` limited to the charters ``user`` may see, or None."""
    if url_name == "snippets_api_listing":
        model = snippet_model(kwargs)
        if model is None:
            return None

        class ScopedSnippetViewSet(SnippetViewSet):
            def get_queryset(self):
                return super().get_queryset().filter(pk__in=visible_to(self.request.user, model).values("pk"))

        return require_admin_access(ScopedSnippetViewSet.as_view({"get": "list"}))

    class ScopedTranslationsReportView(TranslationsReportView):
        def get_queryset(self):
            # Translations of other programmes' charters and texts are left out; pages and other models stay.
            queryset = super().get_queryset()
            for model in SCOPED_MODELS:
                types = ContentType.objects.get_for_models(
                    *[each for each in apps.get_models() if issubclass(each, model)]
                ).values()
                queryset = queryset.exclude(
                    source__specific_content_type__in=[content_type.pk for content_type in types],
                    source__object_id__in=model._default_manager.exclude(
                        pk__in=visible_to(self.request.user, model).values("pk")
                    ).values("translation_key"),
                )
            return queryset.order_by("pk")  # upstream's queryset is unordered, which pagination warns about

    results_only = url_name == "translations_report_results"
    return require_admin_access(ScopedTranslationsReportView.as_view(results_only=results_only))


def objects_behind(kwargs):
    """The scoped objects a wagtail-localize endpoint acts on, by its URL's arguments; None when about none."""
    if "translation_id" in kwargs:
        sources = TranslationSource.objects.filter(translations__pk=kwargs["translation_id"])
    elif "translation_source_id" in kwargs:
        sources = TranslationSource.objects.filter(pk=kwargs["translation_source_id"])
    elif "pk" in kwargs:
        model = snippet_model(kwargs)
        if model is None:
            return None
        try:
            return model._default_manager.filter(pk=kwargs["pk"])
        except (ValueError, TypeError):
            return model._default_manager.none()
    else:
        return None
    source = sources.values("specific_content_type_id", "object_id", "locale_id").first()
    if source is None:
        return None  # wagtail-localize answers 404 itself
    model = scoped_model(ContentType.objects.get_for_id(source["specific_content_type_id"]).model_class())
    if model is None:
        return None
    # Every language of the object: the user may change one of them (a translation; the original
    # of a programme's texts follows the programme and is changed by no one).
    return model._default_manager.filter(translation_key=source["object_id"])


class CharterTranslationScopeMiddleware:
    """Refuse with 404 a wagtail-localize endpoint on a charter or text the user may not change."""

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
        objects = objects_behind(view_kwargs)
        if objects is not None and not visible_to(request.user, objects, "change").exists():
            raise Http404
        return None
