from django.urls import path

from . import views

app_name = "youthcop_programmes"
urlpatterns = [
    path("p/<str:token>/", views.participant_home, name="participant_home"),
    path("p/<str:token>/language/", views.participant_language, name="participant_language"),
    path("consent/<str:token>/", views.guardian_consent, name="guardian_consent"),
]
urlpatterns += [path("offer/<str:token>/", views.accept_offer, name="accept_offer")]
