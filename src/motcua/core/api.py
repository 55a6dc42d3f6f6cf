"""REST helpers shared by every app: the RFC 9457 problem+json exception handler."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from motcua.core.errors import InvalidParam, ProblemError

PROBLEM_CONTENT_TYPE = "application/problem+json"


def _flatten(detail, prefix: str = "") -> list[InvalidParam]:
    """DRF's nested ValidationError detail → flat invalid_params with dotted names."""
    out: list[InvalidParam] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out += _flatten(value, name)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                out += _flatten(value, f"{prefix}.{index}" if prefix else str(index))
            else:
                out += _flatten(value, prefix)
    else:
        out.append(InvalidParam(prefix or "nonFieldErrors", getattr(detail, "code", "invalid"), str(detail)))
    return out


def problem_response(problem: ProblemError, instance: str | None = None) -> Response:
    body = {
        "type": f"urn:motcua:error:{problem.code}",
        "code": problem.code,
        "title": problem.title or str(_("Request could not be processed")),
        "status": problem.status,
        "detail": problem.detail,
        "invalid_params": [p.__dict__ for p in problem.invalid_params],
    }
    if instance:
        body["instance"] = instance
    return Response(body, status=problem.status, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc, context):
    request = context.get("request")
    instance = request.path if request is not None else None
    if isinstance(exc, ProblemError):
        return problem_response(exc, instance)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        problem = ProblemError(
            code="invalid",
            detail=str(_("The request has invalid parameters.")),
            status=status.HTTP_400_BAD_REQUEST,
            title=str(_("Invalid input")),
            invalid_params=_flatten(exc.detail),
        )
    else:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        problem = ProblemError(
            code=code if isinstance(code, str) else "error",
            detail=str(getattr(exc, "detail", exc)),
            status=response.status_code,
            title=str(getattr(exc, "default_detail", "")),
        )
    out = problem_response(problem, instance)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            out[header] = response[header]
    return out
