"""Public URLs of youthcop: personal links, guardian consent, feeds, verification.

Include once in the site's urls: ``path("youthcop/", include("youthcop.urls"))``.
"""

from django.urls import include, path

urlpatterns = [
    path("", include("youthcop.programmes.urls")),
    path("", include("youthcop.sessions.urls")),
    path("", include("youthcop.charters.urls")),
    path("", include("youthcop.certificates.urls")),
    path("", include("youthcop.feedback.urls")),
    path("", include("youthcop.evaluation.urls")),
    path("", include("youthcop.advisors.urls")),
]
