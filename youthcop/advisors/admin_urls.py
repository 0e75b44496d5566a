from django.urls import path

from . import theme_views, views

app_name = "youthcop_advisors_admin"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("themes/<str:pk>/", theme_views.theme_board, name="themes"),
    path("<str:pk>/", views.thread, name="thread"),
]
