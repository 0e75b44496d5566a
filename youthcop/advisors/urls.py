from django.urls import path

from . import theme_views, views

app_name = "youthcop_advisors"
urlpatterns = [
    path("advisor/<str:token>/", views.send_message, name="message"),
]
urlpatterns += [
    path("themes/<str:token>/", theme_views.propose_theme, name="propose_theme"),
    path("themes/<str:token>/<int:pk>/support/", theme_views.support_theme, name="support_theme"),
]
