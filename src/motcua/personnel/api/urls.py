from django.urls import path

from motcua.personnel.api import views

urlpatterns = [
    path("positions/", views.JobPositionList.as_view(), name="personnel-positions"),
    path("quotas/", views.QuotaView.as_view(), name="personnel-quotas"),
    path("vacancies/", views.VacancyView.as_view(), name="personnel-vacancies"),
    path("placements/", views.PlacementView.as_view(), name="personnel-placements"),
]
