"""The catalogue: browse by field, level and agency, search without diacritics, and a procedure's public page."""

from decimal import Decimal

import pytest
from django.test import override_settings

from motcua.procedures.constants import DocumentForm, FeeKind, OnlineLevel
from motcua.procedures.models import FeeItem, RequiredDocument
from motcua.procedures.tests.factories import FieldFactory, ProcedureFactory, process_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(dw):
    building = FieldFactory(code="xay-dung", name="Hoạt động xây dựng")
    permit = ProcedureFactory(
        code="1.013225",
        name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        field=building,
        at_commune=True,
        time_value=Decimal(15),
        legal_basis="Luật Xây dựng 2014; Nghị định 175/2024/NĐ-CP",
        postal_allowed=True,
    )
    RequiredDocument.objects.create(
        procedure=permit,
        position=1,
        name="Đơn đề nghị cấp giấy phép xây dựng",
        form=DocumentForm.ORIGINAL,
        copies=2,
        template_name="Mẫu số 01",
    )
    FeeItem.objects.create(procedure=permit, name="Lệ phí cấp giấy phép xây dựng", kind=FeeKind.FIXED, amount=75000)
    process_with_steps(permit, dw.agency_b, [8, 88, 16, 8])
    ProcedureFactory(code="2.000001", name="Đăng ký khai sinh", online_level=OnlineLevel.NONE)
    return permit


def test_it_finds_a_procedure_from_an_unaccented_query(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "giay phep xay dung"})
    assert response.status_code == 200
    names = [p.code for p in response.context["page"].object_list]
    assert names == ["1.013225"]
    assert "Cấp giấy phép xây dựng mới" in response.content.decode()


def test_it_browses_by_field_level_and_agency(client, catalogue, dw):
    by_field = client.get("/thu-tuc/", {"field": "xay-dung"}).context["page"].object_list
    assert [p.code for p in by_field] == ["1.013225"]
    by_agency = client.get("/thu-tuc/", {"agency": dw.agency_b.code}).context["page"].object_list
    assert [p.code for p in by_agency] == ["1.013225"]
    by_level = client.get("/thu-tuc/", {"level": "province"}).context["page"].object_list
    assert list(by_level) == []
    online = client.get("/thu-tuc/", {"online": "full"}).context["page"].object_list
    assert "2.000001" not in [p.code for p in online]


def test_an_unknown_filter_is_dropped_with_a_notice_not_an_error(client, catalogue):
    response = client.get("/thu-tuc/", {"field": "khong-co"})
    assert response.status_code == 200
    assert response.context["notice"]
    assert response.context["page"].paginator.count >= 2


def test_search_as_you_type_answers_with_the_results_only(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "khai sinh"}, headers={"HX-Request": "true", "HX-Target": "results"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "Đăng ký khai sinh" in html and "<html" not in html


def test_the_catalogue_is_paginated(client, dw):
    for _n in range(25):
        ProcedureFactory()
    first = client.get("/thu-tuc/")
    assert len(first.context["page"].object_list) == 20
    second = client.get("/thu-tuc/", {"page": 2})
    assert len(second.context["page"].object_list) == 27 - 20  # dw's two procedures + 25


@override_settings(MOTCUA_PROVINCE_CODE="99")
def test_the_procedure_page_shows_what_the_law_requires_public(client, catalogue):
    response = client.get("/thu-tuc/1.013225/")
    assert response.status_code == 200
    html = response.content.decode()
    for expected in (
        "Đơn đề nghị cấp giấy phép xây dựng",  # documents
        "Mẫu số 01",  # their form
        "75.000 đ",  # fee
        "Lệ phí cấp giấy phép xây dựng",
        "Luật Xây dựng 2014",  # legal basis
        "UBND Xã Một",  # where to go (the agency with a process)
        "/thu-tuc/1.013225/nop/",  # submit online
    ):
        assert expected in html, expected
    assert response.context["procedure"].time_value == 15
    assert [s.allotted_hours for s in response.context["groups"][0]["steps"]] == [8, 88, 16, 8]


def test_a_procedure_not_offered_online_has_no_submit_button(client, catalogue):
    html = client.get("/thu-tuc/2.000001/").content.decode()
    assert "/nop/" not in html


def test_an_unknown_procedure_is_404(client, dw):
    assert client.get("/thu-tuc/9.999999/").status_code == 404
