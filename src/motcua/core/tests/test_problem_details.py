"""Every API error is RFC 9457 problem+json with a machine-readable code."""

import pytest
from django.urls import path
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from motcua.core.errors import InvalidParam, ProblemError


class _Payload(serializers.Serializer):
    name = serializers.CharField()
    items = serializers.ListField(child=serializers.IntegerField(min_value=1))


@api_view(["POST"])
@permission_classes([AllowAny])
def _validate(request):
    _Payload(data=request.data).is_valid(raise_exception=True)
    return Response({})


@api_view(["GET"])
@permission_classes([AllowAny])
def _problem(request):
    raise ProblemError(
        "demo_conflict", "Already taken", status=409, invalid_params=[InvalidParam("code", "taken", "Already taken")]
    )


@api_view(["GET"])
def _private(request):
    return Response({})


urlpatterns = [path("v/", _validate), path("p/", _problem), path("private/", _private)]


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = __name__


def test_validation_errors_are_problem_json_with_dotted_names(client):
    response = client.post("/v/", {"items": [1, 0]}, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid"
    assert body["status"] == 400
    names = {(p["name"], p["code"]) for p in body["invalid_params"]}
    assert ("name", "required") in names
    assert ("items.1", "min_value") in names


def test_a_problem_error_keeps_its_code_and_status(client):
    response = client.get("/p/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "demo_conflict"
    assert body["invalid_params"] == [{"name": "code", "code": "taken", "reason": "Already taken"}]
    assert body["type"].endswith("demo_conflict")


def test_unauthenticated_is_a_problem_too(client):
    response = client.get("/private/")
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"
