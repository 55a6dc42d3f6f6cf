"""Models that exist only in the test database, to exercise core primitives."""

from django.db import models


class Thing(models.Model):
    name = models.CharField(max_length=20)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        app_label = "testapp"
