"""Citizens type without accents, with 'd' for 'đ', or a code; the name match must come first."""

from datetime import date, timedelta

import pytest

from motcua.divisions.constants import AgencyKind, Tier
from motcua.procedures.constants import ProcedureStatus
from motcua.procedures.models import Procedure
from motcua.procedures.selectors import FilterError, search_fallback, search_procedures
from motcua.procedures.tests.factories import PerformerFactory, ProcedureFactory
from motcua.procedures.text import normalise, tokens

pytestmark = pytest.mark.django_db


def codes(qs) -> list[str]:
    return [p.code for p in qs]


def test_normalise_removes_diacritics_and_maps_d():
    assert normalise("Đăng ký KHAI SINH, đã xong!") == "dang ky khai sinh da xong"
    assert normalise("Mã 1.001193.") == "ma 1.001193"
    assert tokens("giấy  phép giay") == ["giay", "phep"]


def test_it_finds_an_accented_name_from_an_unaccented_query(catalogue):
    assert codes(search_procedures("giay phep xay dung"))[0] == "1.013225"


def test_d_finds_the_letter_d_with_stroke_and_back(catalogue):
    assert "1.001193" in codes(search_procedures("dang ky khai sinh"))
    assert "1.001193" in codes(search_procedures("ĐĂNG KÝ khai sinh"))


def test_words_are_prefixes(catalogue):
    assert codes(search_procedures("khai si"))[0] == "1.001193"


def test_a_name_match_ranks_above_a_field_match(catalogue):
    found = codes(search_procedures("giấy phép xây dựng"))
    assert found[:2] == ["1.013225", "1.008432"]


def test_the_national_code_finds_its_procedure_first(catalogue):
    assert codes(search_procedures("1.001193"))[0] == "1.001193"


def test_it_searches_by_field_name(catalogue):
    assert set(codes(search_procedures("ho tich"))) == {"1.001193", "1.000656"}


def test_no_match_is_empty(catalogue):
    assert codes(search_procedures("xyzzy khong co")) == []


def test_renaming_keeps_the_search_text_in_step(catalogue):
    birth = catalogue["birth"]
    birth.name = "Thủ tục đăng ký khai sinh lưu động"
    birth.save()
    assert codes(search_procedures("luu dong")) == ["1.001193"]
    Procedure.objects.filter(code="1.000656").delete()
    assert codes(search_procedures("1.000656")) == []


def test_renaming_a_field_updates_its_procedures_search_text(catalogue):
    field = catalogue["birth"].field
    field.name = "Đăng ký hộ tịch và quốc tịch"
    field.save()
    assert set(codes(search_procedures("quoc tich"))) == {"1.001193", "1.000656"}


def test_filters_by_field_level_and_agency(catalogue, commune_agency):
    assert set(codes(search_procedures("dang ky", field="ho-tich"))) == {"1.000656", "1.001193"}
    assert codes(search_procedures("dang ky", level="province")) == ["2.001610"]
    assert "2.001610" not in codes(search_procedures("dang ky", level=Tier.COMMUNE))
    PerformerFactory(procedure=catalogue["birth"], tier=Tier.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE)
    PerformerFactory(procedure=catalogue["death"], tier=Tier.COMMUNE, kind=AgencyKind.POLICE)
    assert codes(search_procedures("dang ky", agency=commune_agency)) == ["1.001193"]
    assert codes(search_procedures("", agency=commune_agency.code)) == ["1.001193"]


def test_unknown_filters_are_errors(catalogue):
    with pytest.raises(FilterError) as exc:
        search_procedures("x", level="hamlet")
    assert exc.value.name == "level"
    with pytest.raises(FilterError):
        search_procedures("x", field="no-such-field")


def test_suspended_and_future_procedures_are_hidden(catalogue):
    suspended = ProcedureFactory(name="Cấp giấy phép xây dựng tạm", status=ProcedureStatus.SUSPENDED)
    future = ProcedureFactory(name="Cấp giấy phép xây dựng tương lai", valid_from=date.today() + timedelta(days=30))
    shown = codes(search_procedures("giay phep xay dung"))
    assert suspended.code not in shown
    assert future.code not in shown
    assert suspended.code not in codes(search_procedures("giay phep xay dung tam"))
    assert len(codes(search_procedures("giay phep xay dung", include_inactive=True))) == 4


def test_the_portable_fallback_ranks_the_same_way(catalogue):
    words = tokens("giay phep xay dung")
    found = codes(search_fallback(Procedure.objects.all(), words))
    assert found[:2] == ["1.013225", "1.008432"]
    assert codes(search_fallback(Procedure.objects.all(), ["1.001193"]))[0] == "1.001193"


def test_typos_find_near_misses_on_postgresql(catalogue):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram typo search is PostgreSQL-only (pg_trgm); SQLite matches word prefixes")
    assert codes(search_procedures("giay phep xay dugn"))[0] == "1.013225"


def test_sqlite_search_survives_lost_triggers(catalogue):
    from django.db import connection

    from motcua.procedures import search_index

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 triggers exist on SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER procedures_procedure_fts_au")
    birth = catalogue["birth"]
    birth.name = "Thủ tục đăng ký khai sinh lưu động"
    birth.save()
    assert codes(search_procedures("luu dong")) == ["1.001193"]  # the fallback, still right
    search_index.rebuild_search_index()
    assert codes(search_procedures("luu dong")) == ["1.001193"]


def test_what_people_call_a_paper_finds_its_official_name(catalogue):
    from motcua.procedures.text import official_words

    assert official_words("Cấp đổi sổ đỏ") == "cap doi giay chung nhan quyen su dung dat"
    assert official_words("so dom") == "so dom"  # whole words only
    land = ProcedureFactory(code="1.012345", name="Cấp đổi Giấy chứng nhận quyền sử dụng đất")
    assert codes(search_procedures("cap doi so do"))[0] == land.code
    assert codes(search_procedures("xin phep xay nha"))[0] == "1.013225"


def test_words_of_intent_are_dropped_only_when_they_match_nothing(catalogue):
    assert codes(search_procedures("lam giay khai sinh cho con"))[0] == "1.001193"
    assert codes(search_procedures("thu tuc dang ky khai tu"))[0] == "1.000656"  # "thu tuc" is in the name
