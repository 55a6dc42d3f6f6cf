from django.urls import path

from motcua.identity import views

app_name = "identity"

urlpatterns = [
    path("simulator/", views.discovery, name="simulator-root"),
    path("simulator/.well-known/openid-configuration", views.discovery, name="simulator-discovery"),
    path("simulator/authorize", views.authorize, name="simulator-authorize"),
    path("simulator/token", views.token, name="simulator-token"),
    path("simulator/userinfo", views.userinfo, name="simulator-userinfo"),
    path("simulator/jwks", views.jwks, name="simulator-jwks"),
]
