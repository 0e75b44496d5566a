from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "youthcop.pages"
    label = "youthcop_pages"
    verbose_name = _("Youth programmes: public pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: the handlers import the models, which load after the app configs.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
