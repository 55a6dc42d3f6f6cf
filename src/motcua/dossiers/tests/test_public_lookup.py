"""The public lookup's fast path answers exactly what the documented serializer would (every receipt's QR code
calls it, so it skips the ModelSerializer; this keeps the two from drifting apart)."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from motcua.dossiers import actions
from motcua.dossiers.api.serializers import PublicDossierSerializer
from motcua.dossiers.selectors import public_dossier
from motcua.dossiers.tests.conftest import at


def test_the_fast_public_lookup_equals_the_serializer_in_both_languages(dw):
    dossier = dw.receive()
    dossier = actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"))
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-10", "10:00"))
    dossier = actions.forward(dossier, actor=dw.specialist_a, now=at("2026-03-10", "11:00"))
    dossier = actions.finish(dossier, actor=dw.leader_a, now=at("2026-03-11", "15:30"))
    for language in ("vi", "en"):
        got = Client().get(f"/api/v1/public/dossiers/{dossier.code}/", headers={"accept-language": language})
        assert got.status_code == 200
        with translation.override(got.headers.get("Content-Language", language)):
            expected = PublicDossierSerializer(public_dossier(dossier.code)).data
        assert got.json() == dict(expected)
        assert list(got.json()) == list(expected)  # same keys in the same order
    assert got.json()["finished_at"] == "2026-03-11T15:30:00+07:00"
    assert got.json()["returned_at"] is None  # processed, not yet handed back
