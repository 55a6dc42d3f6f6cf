"""Optimistic locking: the second writer holding an old version gets a 409 and changes nothing."""

import pytest

from motcua.core.concurrency import StaleVersion, compare_and_set
from motcua.core.tests.testapp.models import Thing

pytestmark = pytest.mark.django_db


def test_the_first_writer_wins_and_the_stale_one_gets_409():
    thing = Thing.objects.create(name="a")
    other_copy = Thing.objects.get(pk=thing.pk)
    compare_and_set(thing, 1, name="b")
    assert (thing.name, thing.version) == ("b", 2)
    with pytest.raises(StaleVersion) as err:
        compare_and_set(other_copy, 1, name="c")
    assert (err.value.status, err.value.code) == (409, "stale_version")
    assert Thing.objects.values_list("name", "version").get(pk=thing.pk) == ("b", 2)
