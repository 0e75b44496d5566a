from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "youthcop_site.home"
    label = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from youthcop_site.middleware import connect_signals

        connect_signals()
