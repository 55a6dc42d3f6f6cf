"""Idempotency-Key support for writes that a client may retry (DESIGN: "Nothing lost").

The first request with a key runs and its answer is stored with a hash of the request body, in the
same transaction as the write itself; a retry with the same key and body replays that answer; the
same key with another body is refused (422). A concurrent twin waits on the unique index (PostgreSQL)
or on the write lock (SQLite) and then replays. If the write fails, the record rolls back with it, so
the client may retry. (Pattern from Zulip's zerver/lib/idempotency.py, plus the body hash.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.core.errors import InvalidParam, ProblemError
from motcua.core.models import IdempotencyRecord

MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Outcome:
    status: int
    body: Any
    replayed: bool


def request_hash(body: bytes | str | dict | list | None) -> str:
    """SHA-256 of the request body; JSON values are hashed in canonical form (sorted keys)."""
    if body is None:
        raw = b""
    elif isinstance(body, bytes):
        raw = body
    elif isinstance(body, str):
        raw = body.encode()
    else:
        raw = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()
    return hashlib.sha256(raw).hexdigest()


def _check_key(key: str) -> None:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ProblemError(
            "idempotency_key_invalid",
            _("The Idempotency-Key header must be 1 to 255 printable characters."),
            invalid_params=[InvalidParam("Idempotency-Key", "invalid", _("Invalid key"))],
        )


def run_idempotent(*, scope: str, key: str, owner: str, body, compute: Callable[[], tuple[int, Any]]) -> Outcome:
    """Run `compute` once per (scope, owner, key); replay its stored (status, body) on retries.

    `compute` runs inside the same transaction as the record, so the write and its answer land
    together or not at all. Only successful answers (status < 400) are stored: a refused request
    leaves no trace and may be retried with the same key.
    """
    _check_key(key)
    digest = request_hash(body)
    with transaction.atomic():
        # Claim the key by inserting its record (a new key, the usual case, costs no lookup first).
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(scope=scope, owner=owner, key=key, request_hash=digest)
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(scope=scope, owner=owner, key=key)
        else:
            status, answer = compute()
            if status >= 400:
                transaction.set_rollback(True)
                return Outcome(status, answer, replayed=False)
            record.status_code, record.response = status, answer
            record.save(update_fields=["status_code", "response"])
            return Outcome(status, answer, replayed=False)
    if existing.request_hash != digest:
        raise ProblemError(
            "idempotency_key_reused",
            _("This Idempotency-Key was already used with a different request body."),
            status=422,
            invalid_params=[InvalidParam("Idempotency-Key", "reused", _("Key used with another body"))],
        )
    return Outcome(existing.status_code, existing.response, replayed=True)


def created_response(request, scope: str, compute: Callable[[], Any]):
    """A DRF 201 response with the body `compute()` returns; with an `Idempotency-Key` header, a retry with
    the same key and body replays the first answer (header `Idempotent-Replayed: true`) and writes nothing."""
    from rest_framework.response import Response

    key = request.headers.get("Idempotency-Key")
    if key is None:
        return Response(compute(), status=201)
    outcome = run_idempotent(
        scope=scope, key=key, owner=str(request.user.pk), body=request.data, compute=lambda: (201, compute())
    )
    response = Response(outcome.body, status=outcome.status)
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return response
