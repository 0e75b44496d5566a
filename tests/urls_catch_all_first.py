"""A URLconf as `wagtail start` makes it, with youthcop appended after Wagtail's catch-all (the mistake)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("", include(wagtail_urls)),
]
urlpatterns += [path("youthcop/", include("youthcop.urls"))]
