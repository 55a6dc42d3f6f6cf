"""The demo generator makes dossiers through the actions, so everything it makes is a legal history."""

import pytest
from django.core.management import call_command

from motcua.core.audit import verify_stream
from motcua.dossiers.constants import Status
from motcua.dossiers.demo import Generator, sample_form_data
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.conftest import at


def test_generated_dossiers_have_legal_chained_histories(dw):
    report = Generator(seed=1, now=at("2026-11-20", "10:00")).run(40)
    assert report.created > 30 and report.finished > 0
    assert not report.errors
    for dossier in Dossier.objects.all():
        assert verify_stream(DossierEvent, dossier.pk).ok
        last = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
        assert last.to_status == dossier.status
        if dossier.status in (Status.DONE, Status.RETURNED):
            assert dossier.timeliness in {"early", "on_time", "late"}


def test_the_command_does_not_generate_twice(dw, settings, capsys):
    settings.DEMO_MODE = True
    call_command("load_demo", "--dossiers", "5")
    count = Dossier.objects.count()
    call_command("load_demo", "--dossiers", "5")
    assert Dossier.objects.count() == count
    assert "nothing generated" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("schema", "ok"),
    [
        ({"type": "object", "required": ["n"], "properties": {"n": {"type": "integer", "minimum": 1}}}, True),
        ({"type": "object", "required": ["f"], "properties": {"f": {"type": "array"}}}, False),
        (None, True),
    ],
)
def test_sample_form_data_fits_the_schema_or_gives_up(schema, ok):
    assert (sample_form_data(schema) is not None) is ok
