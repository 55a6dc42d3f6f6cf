from django.urls import path

from motcua.reform import views, views_forms

app_name = "reform"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("agency/", views_forms.agency_home, name="agency"),
    path("plans/new/", views_forms.plan_new, name="plan-new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/do/", views.plan_command, name="plan-command"),
    path("plans/<int:pk>/edit/", views_forms.plan_edit, name="plan-edit"),
    path("reports/<int:pk>/", views_forms.report_detail, name="report"),
    path("inspections/", views_forms.inspections, name="inspections"),
    path("inspections/<int:pk>/", views_forms.inspection_detail, name="inspection"),
    path("evaluations/open/", views_forms.evaluation_open, name="evaluation-open"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/do/", views.evaluation_command, name="evaluation-command"),
    path("evaluations/<int:pk>/metric/", views_forms.metric_value, name="metric-value"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("assessments/<int:pk>/do/", views_forms.assessment_command, name="assessment-command"),
    path("evaluations/<int:pk>/export.xlsx", views.evaluation_export, name="evaluation-export"),
]
