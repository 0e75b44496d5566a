from django.urls import path

from . import views

app_name = "youthcop_certificates"
urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificate/<str:token>/", views.participant_certificate, name="participant_pdf"),
]
