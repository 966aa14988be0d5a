"""What the test receivers write: one ``Delivery`` per run that took effect."""

from __future__ import annotations

from django.db import models


class Delivery(models.Model):
    receiver = models.CharField(max_length=50)
    number = models.IntegerField()
    event = models.CharField(max_length=36)

    class Meta:
        app_label = "shop"
