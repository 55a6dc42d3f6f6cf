import pytest

from motcua.procedures.tests.factories import AgencyFactory, CommuneFactory, FieldFactory, ProcedureFactory


@pytest.fixture
def catalogue(db):
    """A small catalogue: construction, civil status and certification procedures."""
    construction = FieldFactory(code="xay-dung", name="Hoạt động xây dựng")
    civil = FieldFactory(code="ho-tich", name="Hộ tịch")
    permit = FieldFactory(code="cap-phep", name="Cấp giấy phép xây dựng và quy hoạch")
    return {
        "permit": ProcedureFactory(
            code="1.013225",
            name="Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ",
            field=construction,
            at_province=False,
        ),
        "birth": ProcedureFactory(code="1.001193", name="Thủ tục đăng ký khai sinh", field=civil, same_day=True),
        "death": ProcedureFactory(code="1.000656", name="Thủ tục đăng ký khai tử", field=civil, same_day=True),
        # Matches "giấy phép xây dựng" only through its field, not its name.
        "planning": ProcedureFactory(code="1.008432", name="Thẩm định nhiệm vụ quy hoạch chi tiết", field=permit),
        "province": ProcedureFactory(
            code="2.001610",
            name="Đăng ký thành lập doanh nghiệp tư nhân",
            field=FieldFactory(code="doanh-nghiep", name="Doanh nghiệp"),
            at_commune=False,
            at_province=True,
        ),
    }


@pytest.fixture
def commune_agency(db):
    return AgencyFactory(code="000.01.02.H82", name="UBND xã Thử", unit=CommuneFactory())
