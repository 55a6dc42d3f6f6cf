from django.urls import path

from motcua.nationalsync import views

app_name = "nationalsync"

urlpatterns = [
    path("simulator/session", views.session, name="simulator-session"),
    path("simulator/sync", views.sync, name="simulator-sync"),
    path("simulator/control", views.control, name="simulator-control"),
]
