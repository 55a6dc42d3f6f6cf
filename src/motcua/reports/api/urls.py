from django.urls import path

from motcua.reports.api import views

urlpatterns = [
    path("dossier-stats/", views.DossierStatsView.as_view(), name="reports-dossier-stats"),
    path("service-index/", views.ServiceIndexView.as_view(), name="reports-service-index"),
    path("officers/", views.OfficerTimelinessView.as_view(), name="reports-officers"),
]
