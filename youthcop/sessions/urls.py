from django.urls import path

from . import views

app_name = "youthcop_sessions"
urlpatterns = [
    path("calendar/<str:token>.ics", views.staff_feed, name="staff_feed"),
    path("p/<str:token>/sessions.ics", views.participant_feed, name="participant_feed"),
]
