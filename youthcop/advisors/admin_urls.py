from django.urls import path

from . import views

app_name = "youthcop_advisors_admin"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<str:pk>/", views.thread, name="thread"),
]
