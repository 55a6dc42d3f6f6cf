from django.urls import path

from motcua.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dossier_stats, name="dossier-stats"),
    path("cell/", views.cell, name="cell"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("export.pdf", views.export_pdf, name="export-pdf"),
]
