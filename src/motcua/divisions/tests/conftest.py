from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture
def dong_thap(db, settings):
    """The demo province 82 loaded in both eras (about 430 units)."""
    settings.MOTCUA_PROVINCE_CODE = "82"
    call_command("load_divisions", stdout=StringIO())


@pytest.fixture
def dong_thap_agencies(dong_thap):
    call_command("load_agencies", stdout=StringIO())
