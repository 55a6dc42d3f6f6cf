from django.urls import path

from motcua.reform import views

app_name = "reform"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/do/", views.plan_command, name="plan-command"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/do/", views.evaluation_command, name="evaluation-command"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("evaluations/<int:pk>/export.xlsx", views.evaluation_export, name="evaluation-export"),
]
