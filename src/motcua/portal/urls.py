from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu/<str:code>", views.lookup, name="lookup-code"),
]
