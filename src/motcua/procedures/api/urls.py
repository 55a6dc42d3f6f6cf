"""Mounted by the project at /api/v1/procedures/ (no app_name: the project's `api` namespace applies)."""

from django.urls import path

from motcua.procedures.api import views

urlpatterns = [
    path("", views.ProcedureListView.as_view(), name="procedure-list"),
    path("search/", views.ProcedureSearchView.as_view(), name="procedure-search"),
    path("fields/", views.FieldListView.as_view(), name="procedure-field-list"),
    path("<str:code>/", views.ProcedureDetailView.as_view(), name="procedure-detail"),
    path("<str:code>/form-check/", views.FormCheckView.as_view(), name="procedure-form-check"),
]
