from django.urls import path

from . import views

app_name = "youthcop_feedback"
urlpatterns = [
    path("p/<str:token>/workshops/<int:session_id>/rate/", views.rate, name="rate"),
    path("p/<str:token>/sessions/<int:session_id>/cant-come/", views.cant_come, name="cant_come"),
]
