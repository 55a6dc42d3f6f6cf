"""Test URLconf: the procedures API mounted where the project will mount it."""

from django.urls import include, path

urlpatterns = [path("api/v1/procedures/", include("motcua.procedures.api.urls"))]
