app_name = "postal"
urlpatterns: list = []
