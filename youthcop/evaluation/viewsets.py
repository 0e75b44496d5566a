"""The questionnaire snippet: shared content, translated with wagtail-localize (its statements with it)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Questionnaire


class QuestionnaireViewSet(SnippetViewSet):
    model = Questionnaire
    icon = "list-ul"
    menu_label = _("Evaluation questionnaires")
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["title", "locale"]
    search_backend_name = None
    search_fields = ["title"]
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("introduction"), InlinePanel("items", label=_("Statements"), min_num=1)]
    )


questionnaire_viewset = QuestionnaireViewSet()
