"""Pages of the example site: a home page per language and plain content pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from youthcop.pages.mixins import PAGE_CACHE_SECONDS, PublicPageMixin, UrlPathRoutingMixin
from youthcop.pages.models import ProgrammeIndexPage, current_programme_pages
from youthcop.pages.wording import with_worded_police_zones


class HomePage(UrlPathRoutingMixin, PublicPageMixin, Page):
    """The site's root in each language; lists the programmes that are recruiting or running."""

    intro = RichTextField(blank=True, verbose_name=_("introduction"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    # Only at the top of the tree: one home page per language, siblings under the root.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["youthcop_pages.ProgrammeIndexPage", "home.StandardPage"]

    page_cache_seconds = PAGE_CACHE_SECONDS  # its HTML for anonymous visitors (see PublicPageMixin)

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["current_programmes"] = with_worded_police_zones(current_programme_pages(self.locale_id))
        # This page passed the view restriction check: only the child's own restrictions remain.
        context["programme_index"] = (
            ProgrammeIndexPage.objects.child_of(self).live().filter(view_restrictions__isnull=True).first()
        )
        return context


class StandardPage(PublicPageMixin, Page):
    """A plain page: about us, contact, privacy."""

    body = RichTextField(blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
