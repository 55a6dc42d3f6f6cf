"""Templates as data: render a message kind for a channel from a dossier and its event.

Looked up in this order: the administrator's row in the language wanted, the shipped default
(defaults.yaml) in that language, then the same two in English. An inactive row switches the message
off. A row that fails to render (a typo in the admin) falls back to the shipped text rather than
blocking the dossier action it is part of.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml
from django.conf import settings
from django.template import engines
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from motcua.notifications.models import NotificationTemplate
from motcua.notifications.registry import registry

logger = logging.getLogger(__name__)
DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")
FALLBACK_LANGUAGE = "en"
_DATE_KEYS = ("new_due_at", "due_at")


@functools.cache
def shipped_templates() -> dict:
    """{key: {channel: {language: {subject, body, provider_template_id}}}} from defaults.yaml."""
    return yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Rendered:
    language: str
    subject: str
    body: str
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Source:
    subject: str
    body: str
    provider_template_id: str = ""


def lookup_url(dossier) -> str:
    base = (getattr(settings, "MOTCUA_PUBLIC_BASE_URL", "") or "").rstrip("/")
    try:
        path = reverse("portal:lookup-code", args=[dossier.code])
    except NoReverseMatch:
        path = f"/tra-cuu/{dossier.code}"
    return base + path


def _event_data(event) -> dict:
    data = dict(event.data or {})
    for key in _DATE_KEYS:
        if isinstance(data.get(key), str):
            with contextlib.suppress(ValueError):
                data[key] = datetime.fromisoformat(data[key])
    return data


def context_for(dossier, event, extra: dict | None = None) -> dict:
    return {
        "dossier": dossier,
        "procedure": dossier.procedure,
        "agency": dossier.receiving_agency,
        "event": event,
        "data": _event_data(event),
        "lookup_url": lookup_url(dossier),
        "extra": extra or {},
    }


def _render_text(text: str, context: dict) -> str:
    # Plain text: no HTML escaping of names and reasons.
    template = engines["django"].from_string("{% autoescape off %}" + text + "{% endautoescape %}")
    return template.render(context).strip()


def _sources(key: str, channel: str, language: str, rows: list[NotificationTemplate]):
    """Candidate texts, best first; None in the list means "switched off by the administrator"."""
    shipped = shipped_templates().get(key, {}).get(channel, {})
    by_language = {row.language: row for row in rows if row.key == key and row.channel == channel}
    for lang in dict.fromkeys([language, FALLBACK_LANGUAGE]):
        row = by_language.get(lang)
        if row is not None:
            if not row.active:
                yield lang, None
                return
            yield lang, _Source(row.subject, row.body, row.provider_template_id)
        if lang in shipped:
            entry = shipped[lang]
            yield lang, _Source(entry.get("subject", ""), entry["body"], entry.get("provider_template_id", ""))


def render(
    key: str,
    channel: str,
    dossier,
    event,
    *,
    language: str | None = None,
    extra: dict | None = None,
    rows: list[NotificationTemplate] | None = None,
) -> Rendered | None:
    """The message of kind `key` on `channel`, or None when there is no template or it is switched off."""
    language = language or getattr(settings, "NOTIFY_LANGUAGE", None) or settings.LANGUAGE_CODE
    if rows is None:
        rows = list(NotificationTemplate.objects.filter(key=key, channel=channel))
    context = context_for(dossier, event, extra)
    for lang, source in _sources(key, channel, language, rows):
        if source is None:
            return None
        try:
            with translation.override(lang):
                subject = _render_text(source.subject, context) if source.subject else ""
                body = _render_text(source.body, context)
        except Exception:  # an administrator's template with an error: use the next candidate
            logger.exception("notification template %s/%s/%s does not render", key, channel, lang)
            continue
        payload = {}
        if channel in registry:
            payload = registry.get(channel).payload_for(
                template_id=source.provider_template_id, context=context, body=body
            )
        return Rendered(lang, " ".join(subject.split()), body, payload)
    return None
