"""Translating what readers see of a programme (``youthcop.programmes.wording``) in the admin.

The programme's "Translations" page names, for each language of the site, how
far its texts (with its sessions') and its organisations' names are translated,
and starts or continues each translation in wagtail-localize's editor — the
same editor as pages and the charter. The texts are snippets only to host that
editor: their listings are hidden, only translations can be changed, and
wagtail-localize's endpoints on them are scoped like the charter's
(``youthcop.charters.middleware``).
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.models import Locale
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.models import Translation

from youthcop.core.readable import language_in_sentence
from youthcop.core.scoping import scoped, scoped_object_or_404

from . import wording
from .models import Organisation, OrganisationText, Programme, ProgrammeText
from .permissions import organisation_text_policy, programme_policy, programme_text_policy, programmes_managed_by


def original_url(text, user):
    """Where the original of ``text`` is written: its programme's form (or overview), its organisation's form."""
    if isinstance(text, OrganisationText):
        return reverse("youthcop_admin_organisations:edit", args=[text.organisation_id])
    action = "edit" if programme_policy.user_has_permission_for_instance(user, "change", text.programme) else "inspect"
    return reverse(f"youthcop_admin_programmes:{action}", args=[text.programme_id])


class TextEditView(scoped(snippets.EditView)):
    """A translation in wagtail-localize's editor; the original (which wagtail-localize links to) sends the user
    to where it is written, since it follows its programme or organisation."""

    def setup(self, request, *args, **kwargs):
        try:
            self.original = self.model._default_manager.filter(
                pk=kwargs.get("pk"), locale__language_code=wording.source_language()
            ).first()
        except (ValueError, TypeError):
            self.original = None
        if self.original is None:
            super().setup(request, *args, **kwargs)
        else:
            self.request, self.args, self.kwargs = request, args, kwargs

    def dispatch(self, request, *args, **kwargs):
        if self.original is not None:
            return redirect(original_url(self.original, request.user))
        return super().dispatch(request, *args, **kwargs)


class TextViewSet(SnippetViewSet):
    add_to_admin_menu = False
    menu_item_is_registered = True  # no menu item: reached from the programme's "Translations"
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = scoped(snippets.IndexView)
    edit_view_class = TextEditView
    history_view_class = scoped(snippets.HistoryView)
    usage_view_class = scoped(snippets.UsageView)
    delete_view_class = scoped(snippets.DeleteView)


class ProgrammeTextViewSet(TextViewSet):
    model = ProgrammeText
    permission_policy = programme_text_policy
    icon = "globe"
    list_display = ["name", "programme", "locale"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("reward"),
            InlinePanel(
                "session_texts",
                panels=[
                    FieldPanel("title"),
                    FieldPanel("theme"),
                    FieldPanel("venue_directions"),
                    FieldPanel("venue_accessibility"),
                ],
            ),
        ]
    )


class OrganisationTextViewSet(TextViewSet):
    model = OrganisationText
    permission_policy = organisation_text_policy
    icon = "globe"
    list_display = ["name", "organisation", "locale"]
    edit_handler = ObjectList([FieldPanel("name")])


programme_text_viewset = ProgrammeTextViewSet()
organisation_text_viewset = OrganisationTextViewSet()


class TranslateForm(forms.Form):
    """Which text, into which language: posted by one of the page's "Translate" buttons."""

    locale = forms.ModelChoiceField(queryset=Locale.objects.all())
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False)


def _progress(translation):
    """(translated, total) of a wagtail-localize translation, or None when there is none yet."""
    if translation is None:
        return None
    total, translated = translation.get_progress()
    return {"translated": translated, "total": total, "complete": total == translated}


def _rows(text_model, source_filter, locales):
    """Per other locale: the translation's progress and the translated row, for one text."""
    source = text_model.objects.filter(locale__language_code=wording.source_language(), **source_filter).first()
    translations = {}
    if source is not None:
        for translation in Translation.objects.filter(
            source__object_id=source.translation_key, source__specific_content_type__model=text_model._meta.model_name
        ).select_related("target_locale"):
            translations[translation.target_locale_id] = translation
    targets = {}
    if source is not None:
        targets = {row.locale_id: row for row in text_model.objects.filter(translation_key=source.translation_key)}
    return [
        {"locale": locale, "progress": _progress(translations.get(locale.pk)), "row": targets.get(locale.pk)}
        for locale in locales
    ]


def may_translate(user, programme):
    """Whether ``user`` translates ``programme``'s texts: those who run it, as for its charter."""
    return (
        programme_text_policy.user_has_permission(user, "change")
        and programmes_managed_by(user).filter(pk=programme.pk).exists()
    )


@require_http_methods(["GET", "POST"])
def programme_translations(request, pk):
    """The programme's texts and organisations' names in each language; "Translate" opens wagtail-localize."""
    programme = scoped_object_or_404(request, Programme.objects.select_related("police_zone"), pk, "view")
    user = request.user
    if not may_translate(user, programme):
        raise Http404
    may_name = organisation_text_policy.user_has_permission(user, "change")
    form = TranslateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        locale, organisation = form.cleaned_data["locale"], form.cleaned_data["organisation"]
        if locale.language_code == wording.source_language():
            raise Http404
        if organisation is not None:
            if not may_name or organisation not in _organisations(programme):
                raise Http404
            translated = wording.translate_organisation_text(organisation, locale, by=user)
            edit_name = "wagtailsnippets_youthcop_programmes_organisationtext:edit"
        else:
            translated = wording.translate_programme_texts(programme, locale, by=user)
            edit_name = "wagtailsnippets_youthcop_programmes_programmetext:edit"
        messages.success(
            request,
            _("Translate each text, then publish. Until a text is translated, readers in %(language)s get the original.")
            % {"language": language_in_sentence(locale.language_code)},
        )
        return redirect(reverse(edit_name, args=[translated.pk]))
    locales = list(Locale.objects.exclude(language_code=wording.source_language()).order_by("language_code"))
    organisations = [
        {"organisation": organisation, "rows": _rows(OrganisationText, {"organisation": organisation}, locales)}
        for organisation in (_organisations(programme) if may_name else [])
    ]
    return TemplateResponse(
        request,
        "youthcop_programmes/admin/translations.html",
        {
            "programme": programme,
            "source_language": language_in_sentence(wording.source_language()),
            "programme_rows": _rows(ProgrammeText, {"programme": programme}, locales),
            "organisations": organisations,
            "header_title": _("Translations: %(programme)s") % {"programme": programme},
        },
    )


def _organisations(programme):
    return [programme.police_zone, *programme.partner_organisations.exclude(pk=programme.police_zone_id)]
