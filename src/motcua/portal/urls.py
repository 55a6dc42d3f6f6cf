from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("tra-cuu/<str:code>", views.lookup, name="lookup-code"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure, name="procedure"),
    path("thu-tuc/<str:code>/nop/", views.apply, name="apply"),
    path("thu-tuc/<str:code>/nop/xoa-nhap/", views.discard_draft, name="discard-draft"),
    path("thu-tuc/<str:code>/nop/<slug:step>/", views.apply_step, name="apply-step"),
    path("ho-so/", views.dossier_list, name="my-dossiers"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/da-nop/", views.submitted, name="submitted"),
    path("ho-so/<str:code>/bo-sung/", views.supplement, name="supplement"),
    path("ho-so/<str:code>/rut/", views.withdraw, name="withdraw"),
    path("ho-so/<str:code>/thanh-toan/", views.pay, name="pay"),
    path("ho-so/<str:code>/danh-gia/", views.rate, name="rate"),
    path("cong-khai/", views.published, name="published"),
    path("cong-khai/dung-han/", views.timeliness, name="timeliness"),
]
