"""The public pages of programmes: ProgrammeIndexPage and ProgrammePage.

These pages are public: they show what a programme is, never who takes part.
No template here may render a participant, a staff user or a steering
committee member's name. Sessions and charter data come from the apps that
own them through the ``youthcop_programme_page_sections`` hook (see
``sections.py``), so that these pages never import them.
"""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from youthcop.core import cache as youthcop_cache
from youthcop.core.cache import PAGES, PROGRAMMES, programme_sections, version
from youthcop.core.conf import youthcop_settings
from youthcop.programmes.models import Programme

from .mixins import PAGE_CACHE_SECONDS, ROUTE_CACHE_SECONDS, PublicPageMixin
from .wording import page_language, programme_page_wording, with_worded_police_zones, worded_zone_choices

# Programme statuses the public may filter on: drafts are never listed.
PUBLIC_STATUSES = ("recruiting", "running", "completed", "archived")
CURRENT_STATUSES = ("recruiting", "running")

PROGRAMMES_PER_PAGE = 12


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


def page_breadcrumbs(page):
    """[{title, url}] of the ancestors between the home page and ``page`` (cached per publication)."""
    key = f"youthcop:breadcrumbs:{page.pk}:{version(PAGES)}"
    crumbs = youthcop_cache.get(key)
    if crumbs is None:
        ancestors = page.get_ancestors().filter(depth__gt=2).live()
        crumbs = [{"title": ancestor.title, "url": ancestor.get_url()} for ancestor in ancestors]
        youthcop_cache.store(key, crumbs, ROUTE_CACHE_SECONDS)
    return crumbs


class ProgrammeIndexPage(PublicPageMixin, Page):
    """Lists the programme pages below it; visitors filter by police zone and status."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    subpage_types = ["youthcop_pages.ProgrammePage"]
    template = "youthcop_pages/programme_index_page.html"

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
        programme_pages = paginator.get_page(request.GET.get("page"))
        programme_pages.object_list = with_worded_police_zones(programme_pages.object_list)
        # The listed pages share the index's locale and come with it (no query for the index's own).
        language = page_language(programme_pages.object_list[0] if programme_pages.object_list else self)
        context.update(
            programme_pages=programme_pages,
            zone_choices=worded_zone_choices(zones, language),
            status_choices=statuses,
            selected_zone=zone,
            selected_status=status,
            filtered=bool(zone or status),
        )
        return context


def filter_choices(listed):
    """The police zones (id as str, name) and statuses (value, label) present in the listing, in one query."""
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

    parent_page_types = ["youthcop_pages.ProgrammeIndexPage"]
    subpage_types = []
    base_form_class = ProgrammePageForm
    template = "youthcop_pages/programme_page.html"
    serving_select_related = ("programme__police_zone", "locale")

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    @property
    def page_cache_seconds(self):
        """The whole page is cached as long as its sections may be (0: neither is)."""
        return PAGE_CACHE_SECONDS if youthcop_settings.PROGRAMME_SECTIONS_CACHE_SECONDS else 0

    def page_cache_versions(self):
        return (PAGES, PROGRAMMES, programme_sections(self.programme_id))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            programme=self.programme,
            breadcrumbs=page_breadcrumbs(self),
            programmes_version=version(PROGRAMMES),
            **programme_page_wording(self),
        )
        return context
