from django.urls import path

from . import views

app_name = "youthcop_charters"
urlpatterns = [
    path("charter/<str:token>/", views.charter, name="charter"),
    path("charter/<str:token>/signed.pdf", views.signed_copy, name="signed_copy"),
    path("charter/<str:token>/proposals/", views.proposals, name="proposals"),
    path("charter/<str:token>/proposals/<int:pk>/support/", views.support, name="support"),
    path("charter/<str:token>/proposals/<int:pk>/comment/", views.comment, name="comment"),
]
