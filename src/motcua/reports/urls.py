from django.urls import path

from motcua.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dossier_stats, name="dossier-stats"),
    path("cell/", views.cell, name="cell"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("export.pdf", views.export_pdf, name="export-pdf"),
    path("index/", views.service_index, name="service-index"),
    path("index.xlsx", views.service_index_xlsx, name="service-index-xlsx"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("exports/", views.export_list, name="exports"),
    path("exports/new/", views.export_request, name="export-request"),
    path("exports/<int:pk>/", views.export_status, name="export"),
    path("exports/<int:pk>/file/", views.export_download, name="export-file"),
]
