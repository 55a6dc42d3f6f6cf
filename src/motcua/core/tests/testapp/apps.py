from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "motcua.core.tests.testapp"
    label = "testapp"
