from django.urls import path

from motcua.personnel import views

app_name = "personnel"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export"),
]
