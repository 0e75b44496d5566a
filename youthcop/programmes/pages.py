"""Public Wagtail pages of programmes: ProgrammeIndexPage and ProgrammePage.

These pages are public: they show what a programme is, never who takes part.
No template here may render a participant, a staff user or a steering
committee member's name. Sessions and charter data come from the apps that
own them through the ``youthcop_programme_page_sections`` hook, so that this
app never imports them (dependencies point one way).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from youthcop.core.conf import youthcop_settings
from youthcop.core.sections import (
    FRESH_UNTIL_ATTRIBUTE,
    bump_programme_sections,
    hook_sections,
    programme_sections_version,
)

__all__ = ["ProgrammeIndexPage", "ProgrammePage"]

SECTIONS_HOOK = "youthcop_programme_page_sections"

# Programme statuses the public may filter on: drafts are never listed.
PUBLIC_STATUSES = ("recruiting", "running", "completed", "archived")
CURRENT_STATUSES = ("recruiting", "running")

PROGRAMMES_PER_PAGE = 12


def programme_page_sections(request, programme):
    """HTML fragments other apps add to a programme's public page, in hook order."""
    return hook_sections(SECTIONS_HOOK, request, programme)


def cached_programme_page_sections(request, programme):
    """``programme_page_sections``, cached for ``PROGRAMME_SECTIONS_CACHE_SECONDS`` (0: not cached).

    The key holds the programme's sections version (bumped by the apps whose
    data the sections show, see ``youthcop.core.sections``), the language and the
    pages version; a copy never outlives the moment a section said it goes
    stale (the next session's start). Previews are never cached.
    """
    seconds = youthcop_settings.PROGRAMME_SECTIONS_CACHE_SECONDS
    if not seconds or request is None or getattr(request, "is_preview", False):
        return programme_page_sections(request, programme)
    key = (
        f"youthcop:programme-sections:{programme.pk}:{translation.get_language()}:"
        f"{pages_version()}:{programme_sections_version(programme.pk)}"
    )
    sections = cache.get(key)
    if sections is None:
        setattr(request, FRESH_UNTIL_ATTRIBUTE, None)
        sections = [str(section) for section in programme_page_sections(request, programme)]
        fresh_until = getattr(request, FRESH_UNTIL_ATTRIBUTE, None)
        if fresh_until is not None:
            seconds = min(seconds, int((fresh_until - timezone.now()).total_seconds()))
        if seconds > 0:
            cache.set(key, sections, seconds)
    return [mark_safe(section) for section in sections]  # HTML the owning apps rendered and escaped


def public_programme_pages():
    """Live, public programme pages, with what their cards show, in one query."""
    return (
        ProgrammePage.objects.live()
        .public()
        .filter(programme__status__in=PUBLIC_STATUSES)
        .select_related("programme__police_zone", "locale")
        .order_by("-programme__start_date", "title")
    )


def current_programme_pages(locale_id):
    """Programme pages in a locale whose programme is recruiting or running (for a home page)."""
    return public_programme_pages().filter(locale_id=locale_id, programme__status__in=CURRENT_STATUSES)


def allow_shared_caching(response, request):
    """Let a frontend cache keep an anonymous page for a while (nothing personal is on it)."""
    seconds = youthcop_settings.PUBLIC_PAGE_MAX_AGE
    if seconds and not request.user.is_authenticated and not getattr(request, "is_preview", False):
        patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)
    return response


class PublicPageMixin:
    """Cache-friendly serving of anonymous public pages."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return allow_shared_caching(response, request)

    def get_view_restrictions(self):
        """Wagtail's rule in one query instead of two: the restrictions of this page and its
        ancestors, an alias ancestor counting through the page it is an alias of."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        alias_sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
        return PageViewRestriction.objects.filter(
            models.Q(page__path__in=paths, page__alias_of__isnull=True) | models.Q(page_id__in=alias_sources)
        )


class UrlPathRoutingMixin:
    """Routes a whole sub-path by ``url_path`` instead of walking down the tree level by level.

    For a site's root page (the example site's HomePage uses it). The page
    found for a path is remembered until any page is published, unpublished,
    moved or deleted, so a warm request costs one query: the page itself,
    with what its model names in ``serving_select_related``. When no page has
    exactly that URL (say, a routable page consuming part of the path),
    Wagtail's usual walk takes over. The root's translation in the active
    language is remembered the same way.
    """

    @property
    def localized(self):
        """Wagtail's live translation in the active language, remembered until any page is published.

        Wagtail asks the site's root page for it on every request (the active
        Locale, then the translation: two queries).
        """
        if not self.pk or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return super().localized
        key = f"youthcop:localized:{self.pk}:{translation.get_language()}:{pages_version()}"
        page = cache.get(key)
        if page is None:
            page = super().localized.specific  # routing starts from it: keep the specific form
            cache.set(key, page, ROUTE_CACHE_SECONDS)
        return page

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        found = self._page_for_path(self.url_path + "/".join(path_components) + "/")
        if found is None:
            return super().route(request, path_components)
        page_id, content_type_id = found
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.select_related(*getattr(model, "serving_select_related", ())).filter(pk=page_id).first()
        if page is None or not page.url_path.startswith(self.url_path):
            return super().route(request, path_components)
        return page.route(request, [])

    def _page_for_path(self, url_path):
        key = f"youthcop:route:{self.pk}:{pages_version()}:{url_path}"
        found = cache.get(key)
        if found is None:
            row = (
                Page.objects.filter(path__startswith=self.path, url_path=url_path)
                .values_list("pk", "content_type_id")
                .first()
            )
            if row is None:
                return None
            found = tuple(row)
            cache.set(key, found, ROUTE_CACHE_SECONDS)
        return found


ROUTE_CACHE_SECONDS = 3600


def page_breadcrumbs(page):
    """[{title, url}] of the ancestors between the home page and ``page`` (cached per publication)."""
    key = f"youthcop:breadcrumbs:{page.pk}:{pages_version()}"
    crumbs = cache.get(key)
    if crumbs is None:
        ancestors = page.get_ancestors().filter(depth__gt=2).live()
        crumbs = [{"title": ancestor.title, "url": ancestor.get_url()} for ancestor in ancestors]
        cache.set(key, crumbs, ROUTE_CACHE_SECONDS)
    return crumbs


class ProgrammeIndexPage(PublicPageMixin, Page):
    """Lists the programme pages below it; visitors filter by police zone and status."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    subpage_types = ["youthcop_programmes.ProgrammePage"]
    template = "youthcop_programmes/pages/programme_index_page.html"

    class Meta:
        verbose_name = _("programme index page")
        verbose_name_plural = _("programme index pages")

    def route(self, request, path_components):
        # One query for the child programme page and its programme (instead of two per level).
        if len(path_components) == 1:
            page = self.programme_pages().filter(slug=path_components[0]).first()
            if page is not None:
                page._cached_parent_obj = self
                return page.route(request, [])
        return super().route(request, path_components)

    def programme_pages(self):
        return ProgrammePage.objects.child_of(self).select_related("programme__police_zone", "locale")

    def listed_programme_pages(self):
        # The index itself passed Wagtail's view restriction check: only the children's own restrictions remain.
        return (
            self.programme_pages()
            .live()
            .filter(view_restrictions__isnull=True, programme__status__in=PUBLIC_STATUSES)
            .order_by("-programme__start_date", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listed = self.listed_programme_pages()
        zones, statuses = filter_choices(listed)
        zone = selected_choice(request.GET.get("zone"), zones)
        status = selected_choice(request.GET.get("status"), statuses)
        if zone:
            listed = listed.filter(programme__police_zone_id=zone)
        if status:
            listed = listed.filter(programme__status=status)
        paginator = Paginator(listed, PROGRAMMES_PER_PAGE)
        context.update(
            programme_pages=paginator.get_page(request.GET.get("page")),
            zone_choices=zones,
            status_choices=statuses,
            selected_zone=zone,
            selected_status=status,
            filtered=bool(zone or status),
        )
        return context


def filter_choices(listed):
    """The police zones (id as str, name) and statuses (value, label) present in the listing, in one query."""
    from .models import Programme

    rows = listed.order_by().values_list(
        "programme__police_zone_id", "programme__police_zone__name", "programme__status"
    ).distinct()
    zones, present = {}, set()
    for zone_id, zone_name, status in rows:
        zones[str(zone_id)] = zone_name
        present.add(status)
    zone_choices = sorted(zones.items(), key=lambda row: row[1].casefold())
    status_choices = [(value, label) for value, label in Programme.Status.choices if value in present]
    return zone_choices, status_choices


def selected_choice(value, choices):
    """``value`` when it is one of ``choices``, else "" (a tampered query string is ignored)."""
    return value if value in {choice for choice, _label in choices} else ""


class ProgrammePageForm(WagtailAdminPageForm):
    """Refuses a second page for the same programme in one language (translations are the other languages)."""

    def clean(self):
        cleaned_data = super().clean()
        programme = cleaned_data.get("programme")
        locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
        if programme is not None and locale_id is not None:
            other = (
                ProgrammePage.objects.filter(programme=programme, locale_id=locale_id, alias_of__isnull=True)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                self.add_error(
                    "programme",
                    _("This programme already has a page in this language: “%(title)s”.") % {"title": other.title},
                )
        return cleaned_data


class ProgrammePage(PublicPageMixin, Page):
    """The public page of one programme: what it is, never who takes part."""

    programme = models.ForeignKey(
        "youthcop_programmes.Programme",
        on_delete=models.PROTECT,
        related_name="pages",
        verbose_name=_("programme"),
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences shown in lists of programmes.")
    )
    body = RichTextField(_("about the programme"), blank=True)
    partners = RichTextField(
        _("partners"),
        blank=True,
        help_text=_("Shown after the partner organisations recorded on the programme."),
    )
    how_the_year_works = RichTextField(_("how the year works"), blank=True)
    reward = RichTextField(
        _("reward"), blank=True, help_text=_("Leave empty to show the reward recorded on the programme.")
    )
    how_to_propose = RichTextField(
        _("how a youth worker can propose a young person"),
        blank=True,
    )
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Where youth workers write to propose a young person.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("programme"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("partners"),
        FieldPanel("how_the_year_works"),
        FieldPanel("reward"),
        MultiFieldPanel(
            [FieldPanel("how_to_propose"), FieldPanel("contact_email")],
            heading=_("Proposing a young person"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("how_the_year_works"),
        index.FilterField("programme"),
    ]

    parent_page_types = ["youthcop_programmes.ProgrammeIndexPage"]
    subpage_types = []
    base_form_class = ProgrammePageForm
    template = "youthcop_programmes/pages/programme_page.html"
    serving_select_related = ("programme__police_zone", "locale")

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            programme=self.programme,
            breadcrumbs=page_breadcrumbs(self),
            programmes_version=programmes_version(),
        )
        return context


def _bump_pages_version(**kwargs):
    # Any publication can change a language switcher or a list: cached fragments keyed on this expire.
    try:
        cache.incr(PAGES_VERSION_KEY)
    except ValueError:
        cache.set(PAGES_VERSION_KEY, 2, None)


PAGES_VERSION_KEY = "youthcop:pages-version"


def pages_version():
    """A number that changes whenever any page is published, unpublished or deleted."""
    version = cache.get(PAGES_VERSION_KEY)
    if version is None:
        cache.add(PAGES_VERSION_KEY, 1, None)
        version = cache.get(PAGES_VERSION_KEY, 1)
    return version


PROGRAMMES_VERSION_KEY = "youthcop:programmes-version"


def programmes_version():
    """A number that changes whenever a programme, its partners or an organisation changes."""
    version = cache.get(PROGRAMMES_VERSION_KEY)
    if version is None:
        cache.add(PROGRAMMES_VERSION_KEY, 1, None)
        version = cache.get(PROGRAMMES_VERSION_KEY, 1)
    return version


def _bump_programmes_version(**kwargs):
    try:
        cache.incr(PROGRAMMES_VERSION_KEY)
    except ValueError:
        cache.set(PROGRAMMES_VERSION_KEY, 2, None)


@receiver([post_save, post_delete], sender="youthcop_programmes.Programme", dispatch_uid="youthcop_programme_sections")
def _bump_programme_sections(sender, instance, **kwargs):
    bump_programme_sections(instance.pk)


for _model in ("youthcop_programmes.Programme", "youthcop_programmes.Organisation"):
    post_save.connect(_bump_programmes_version, sender=_model, dispatch_uid=f"youthcop_version_save_{_model}")
    post_delete.connect(_bump_programmes_version, sender=_model, dispatch_uid=f"youthcop_version_delete_{_model}")
m2m_changed.connect(
    _bump_programmes_version,
    sender="youthcop_programmes.Programme_partner_organisations",
    dispatch_uid="youthcop_version_partners",
)

page_published.connect(_bump_pages_version, dispatch_uid="youthcop_pages_version_published")
page_unpublished.connect(_bump_pages_version, dispatch_uid="youthcop_pages_version_unpublished")
post_page_move.connect(_bump_pages_version, dispatch_uid="youthcop_pages_version_moved")


@receiver(post_delete, dispatch_uid="youthcop_pages_version_deleted")
def _bump_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _bump_pages_version()
