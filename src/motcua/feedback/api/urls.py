from django.urls import path

from motcua.feedback.api import views

urlpatterns = [
    path("", views.OfficerList.as_view(), name="feedback-list"),
    path("submit/", views.Submit.as_view(), name="feedback-submit"),
    path("follow-up/<str:code>/", views.FollowUp.as_view(), name="feedback-follow-up"),
]
