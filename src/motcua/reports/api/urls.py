from django.urls import path

from motcua.reports.api import views

urlpatterns = [
    path("dossier-stats/", views.DossierStatsView.as_view(), name="reports-dossier-stats"),
]
