from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "youthcop_site.demo"
    label = "youthcop_site_demo"
    verbose_name = "Demo data"
