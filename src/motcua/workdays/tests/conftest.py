import pytest

from motcua.divisions.constants import AgencyKind, Tier, UnitKind
from motcua.divisions.models import AdministrativeUnit, Agency
from motcua.workdays import selectors


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    selectors.clear_cache()
    yield
    selectors.clear_cache()


@pytest.fixture
def province(db, settings):
    settings.MOTCUA_PROVINCE_CODE = "99"
    return AdministrativeUnit.objects.create(code="99", name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE)


@pytest.fixture
def commune(province):
    return AdministrativeUnit.objects.create(code="99001", name="Xã Một", kind=UnitKind.COMMUNE, parent=province)


@pytest.fixture
def commune_agency(commune):
    return Agency.objects.create(
        code="000.00.02.T99", name="UBND Xã Một", tier=Tier.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE, unit=commune
    )


@pytest.fixture
def department(province):
    return Agency.objects.create(
        code="000.00.01.T99", name="Sở A", tier=Tier.PROVINCE, kind=AgencyKind.DEPARTMENT, unit=province
    )
