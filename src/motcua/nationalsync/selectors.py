"""Reads of nationalsync."""

from __future__ import annotations

from motcua.nationalsync.constants import OutboxStatus
from motcua.nationalsync.models import SyncMessage


def dead_letters():
    """Messages the sender gave up on; each holds back the later messages of its dossier."""
    return SyncMessage.objects.filter(status=OutboxStatus.DEAD).select_related("dossier").order_by("created_at")


def messages_for(dossier):
    return SyncMessage.objects.filter(dossier=dossier).order_by("seq", "part")
