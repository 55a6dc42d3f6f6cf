from django.urls import path

from motcua.reform.api import views

urlpatterns = [
    path("plans/", views.PlanList.as_view(), name="reform-plans"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="reform-plan"),
    path("plans/<int:pk>/cascade/", views.PlanCascade.as_view(), name="reform-plan-cascade"),
    path("plans/<int:pk>/tasks/", views.PlanTasks.as_view(), name="reform-plan-tasks"),
    path("plans/<int:pk>/submit/", views.PlanSubmit.as_view(), name="reform-plan-submit"),
    path("plans/<int:pk>/accept/", views.PlanAccept.as_view(), name="reform-plan-accept"),
    path("plans/<int:pk>/return/", views.PlanReturn.as_view(), name="reform-plan-return"),
    path("plans/<int:pk>/reports/", views.PlanReports.as_view(), name="reform-plan-reports"),
    path("tasks/overdue/", views.OverdueTasks.as_view(), name="reform-tasks-overdue"),
    path("tasks/<int:pk>/progress/", views.TaskProgress.as_view(), name="reform-task-progress"),
    path("reports/<int:pk>/lines/", views.ReportLines.as_view(), name="reform-report-lines"),
    path("reports/<int:pk>/submit/", views.ReportSubmit.as_view(), name="reform-report-submit"),
    path("reports/<int:pk>/review/", views.ReportReview.as_view(), name="reform-report-review"),
    path("assessments/<int:pk>/scores/", views.AssessmentScores.as_view(), name="reform-assessment-scores"),
    path(
        "assessments/<int:pk>/explanations/",
        views.AssessmentExplanations.as_view(),
        name="reform-assessment-explanations",
    ),
    path("evaluations/<int:pk>/advance/", views.EvaluationAdvance.as_view(), name="reform-evaluation-advance"),
    path("evaluations/<int:pk>/publish/", views.EvaluationPublish.as_view(), name="reform-evaluation-publish"),
    path("evaluations/<int:pk>/ranking/", views.EvaluationRanking.as_view(), name="reform-evaluation-ranking"),
    path("plans/<int:pk>/issue/", views.PlanIssue.as_view(), name="reform-plan-issue"),
    path("reports/<int:pk>/evidence/", views.ReportEvidence.as_view(), name="reform-report-evidence"),
    path("index-sets/<int:pk>/open/", views.IndexSetOpen.as_view(), name="reform-indexset-open"),
    path("assessments/<int:pk>/submit/", views.AssessmentSubmit.as_view(), name="reform-assessment-submit"),
    path("assessments/<int:pk>/compute/", views.AssessmentCompute.as_view(), name="reform-assessment-compute"),
    path(
        "assessments/<int:pk>/adjustments/", views.AssessmentAdjustments.as_view(), name="reform-assessment-adjustments"
    ),
    path("metrics/", views.MetricValues.as_view(), name="reform-metrics"),
    path("inspection-plans/", views.InspectionPlans.as_view(), name="reform-inspection-plans"),
    path(
        "inspection-plans/<int:pk>/inspections/",
        views.InspectionPlanInspections.as_view(),
        name="reform-inspection-plan-inspections",
    ),
    path("inspections/<int:pk>/record/", views.InspectionRecord.as_view(), name="reform-inspection-record"),
    path("inspections/<int:pk>/close/", views.InspectionClose.as_view(), name="reform-inspection-close"),
    path("recommendations/<int:pk>/respond/", views.RecommendationRespond.as_view(), name="reform-rec-respond"),
    path("recommendations/<int:pk>/review/", views.RecommendationReview.as_view(), name="reform-rec-review"),
]
