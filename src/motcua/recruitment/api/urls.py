from django.urls import path

from motcua.recruitment.api import views

urlpatterns = [
    path("rounds/", views.PublicRoundList.as_view(), name="recruitment-rounds"),
    path("rounds/<int:pk>/", views.PublicRoundDetail.as_view(), name="recruitment-round"),
    path("rounds/<int:pk>/applications/", views.ApplyView.as_view(), name="recruitment-apply"),
    path("rounds/<int:pk>/results/", views.PublishedResults.as_view(), name="recruitment-results"),
    path("rounds/<int:pk>/<slug:command>/", views.RoundCommand.as_view(), name="recruitment-round-command"),
    path("applications/", views.ApplicationList.as_view(), name="recruitment-applications"),
    path("applications/<int:pk>/", views.ApplicationDetail.as_view(), name="recruitment-application"),
    path("applications/<int:pk>/marks/", views.MarkView.as_view(), name="recruitment-marks"),
    path("applications/<int:pk>/remark/", views.RemarkView.as_view(), name="recruitment-remark"),
    path("applications/<int:pk>/decide-score/", views.DecideScoreView.as_view(), name="recruitment-decide-score"),
    path("sessions/<int:pk>/", views.SessionView.as_view(), name="recruitment-session"),
    path("sessions/<int:pk>/start/", views.SessionStart.as_view(), name="recruitment-session-start"),
    path("sessions/<int:pk>/answers/", views.SessionAnswer.as_view(), name="recruitment-session-answer"),
    path("sessions/<int:pk>/finish/", views.SessionFinish.as_view(), name="recruitment-session-finish"),
]
