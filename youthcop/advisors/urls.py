from django.urls import path

from . import views

app_name = "youthcop_advisors"
urlpatterns = [
    path("advisor/<str:token>/", views.send_message, name="message"),
]
