from django.urls import path

from motcua.workdays.api.views import DueDateView

urlpatterns = [
    path("due-date", DueDateView.as_view(), name="workdays-due-date"),
]
