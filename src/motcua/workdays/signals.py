"""Invalidate compiled calendars when a calendar, one of its windows or a holiday changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from motcua.workdays import selectors
from motcua.workdays.models import Holiday, WorkingCalendar, WorkingWindow


@receiver([post_save, post_delete], sender=WorkingCalendar)
@receiver([post_save, post_delete], sender=Holiday)
def _forget(sender, **kwargs):
    selectors.clear_cache()


@receiver([post_save, post_delete], sender=WorkingWindow)
def _touch_calendar(sender, instance, **kwargs):
    # Other processes key their cache on the calendar's updated_at: move it.
    WorkingCalendar.objects.filter(pk=instance.calendar_id).update(updated_at=timezone.now())
    selectors.clear_cache()
