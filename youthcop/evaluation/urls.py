from django.urls import path

from . import views

app_name = "youthcop_evaluation"
urlpatterns = [
    path("questionnaire/<str:token>/", views.questionnaire, name="questionnaire"),
]
