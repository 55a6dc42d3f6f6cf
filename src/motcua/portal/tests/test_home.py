import pytest
from django.test import override_settings

from motcua.core.testing import build_world

pytestmark = pytest.mark.django_db


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_home_page_names_the_province_and_its_figures(client):
    build_world()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tỉnh Thử Nghiệm" in html
    assert response.context["summary"] == {"agencies": 3, "communes": 1}


def test_home_page_without_a_province_explains_how_to_load_one(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "load_divisions" in response.content.decode()


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_home_page_is_vietnamese_by_default_and_english_on_request(client):
    build_world()
    assert client.get("/").headers["Content-Language"] == "vi"
    assert client.get("/en/").headers["Content-Language"] == "en"


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_headline_figures_count_this_years_dossiers_of_the_province(dw):
    """Hand-counted: 4 dossiers received this year (1 online), 3 finished (2 in time, 1 late), one survey with
    4 of 5 answers satisfied or better; a dossier of another year does not count."""
    from django.utils import timezone

    from motcua.dossiers import actions
    from motcua.dossiers.models import Dossier
    from motcua.portal.models import Survey
    from motcua.portal.selectors import headline_figures

    now = timezone.now()
    made = [dw.receive(now=now) for _ in range(3)]
    online = actions.submit(
        None, actor=dw.citizen, procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant()
    )
    actions.receive(online, actor=dw.desk_a, now=now)
    last_year = dw.receive(now=now.replace(year=now.year - 1))
    Dossier.objects.filter(pk=made[0].pk).update(timeliness="early")
    Dossier.objects.filter(pk=made[1].pk).update(timeliness="on_time")
    Dossier.objects.filter(pk__in=[made[2].pk, last_year.pk]).update(timeliness="late")
    Survey.objects.create(dossier=made[0], time=3, attitude=2, publicity=2, ease=2, cost=1)
    figures = headline_figures(now.year)
    assert figures["received"] == 4
    assert figures["online_rate"] == 25.0
    assert figures["on_time_rate"] == round(100 * 2 / 3, 1)
    assert figures["satisfied_rate"] == 80.0 and figures["surveys"] == 1
    assert headline_figures(now.year + 1)["on_time_rate"] is None  # nothing finished: no figure, not 0 %
