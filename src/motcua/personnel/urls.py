from django.urls import path

from motcua.personnel import views

app_name = "personnel"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("import/", views.import_xlsx, name="import"),
    path("training/", views.training, name="training"),
    path("evaluation/", views.evaluation, name="evaluation"),
]
