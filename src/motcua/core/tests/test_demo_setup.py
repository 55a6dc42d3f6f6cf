"""`make demo` on a fresh database: the real province, the demo logins, dossiers in the desk's queue; twice."""

import pytest
from django.core.management import call_command
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossiers_for


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_setup_builds_the_demo_province_and_can_run_twice(settings, monkeypatch, capsys):
    settings.DEMO_MODE = True
    monkeypatch.setenv("MOTCUA_DEMO_DOSSIERS", "60")
    call_command("demo_setup", "--no-migrate")
    out = capsys.readouterr().out
    assert "motcua-demo" in out and "quantri.tinh" in out
    home = Client().get("/")
    assert "Đồng Tháp" in home.content.decode()
    admin = Client()
    assert admin.login(username="admin", password="motcua-demo")
    assert admin.get("/admin/").status_code == 200
    assert Dossier.objects.count() > 40
    counts = (User.objects.count(), Dossier.objects.count())
    call_command("demo_setup", "--no-migrate")
    assert (User.objects.count(), Dossier.objects.count()) == counts
    # The demo logins have work to show: the commune desk and the department's specialist.
    assert dossiers_for(User.objects.get(username="motcua.xa")).exists()
    assert dossiers_for(User.objects.get(username="chuyenvien")).exists()
