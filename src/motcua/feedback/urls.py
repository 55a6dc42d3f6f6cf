from django.urls import path

from motcua.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("theo-doi/", views.follow_up, name="follow-up"),
    path("da-tra-loi/", views.published, name="published"),
    path("cua-toi/", views.mine, name="mine"),
    path("xu-ly/", views.inbox, name="inbox"),
    path("xu-ly/hop/<slug:key>/", views.inbox, name="inbox-key"),
    path("xu-ly/<str:code>/", views.handle, name="handle"),
]
