from django.urls import path

from motcua.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("mine/", views.my_applications, name="mine"),
    path("exam/<int:pk>/", views.exam, name="exam"),
    path("mine/<int:pk>/remark/", views.request_remark, name="remark"),
    path("mine/<int:pk>/", views.application_detail, name="application"),
    path("document/<int:pk>/", views.document, name="document"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/<int:pk>/", views.manage, name="manage"),
    path("<int:pk>/", views.round_detail, name="round"),
]
