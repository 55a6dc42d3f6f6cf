"""The audit chain detects any edit, deletion or reordering of past events."""

import pytest
from django.db import IntegrityError, transaction

from motcua.core.audit import verify_stream
from motcua.core.errors import ProblemError
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _stream(n=3, name="plan:1"):
    for i in range(n):
        AuditEvent.append(name, kind="step", data={"i": i, "note": "bước"})
    return name


def test_an_untouched_chain_verifies():
    stream = _stream()
    assert verify_stream(AuditEvent, stream).ok
    assert list(AuditEvent.objects.filter(stream=stream).values_list("seq", flat=True)) == [1, 2, 3]


def test_streams_chain_independently():
    _stream(2, "a:1")
    _stream(2, "b:1")
    assert AuditEvent.objects.get(stream="b:1", seq=1).prev_hash == "0" * 64


def test_editing_an_event_is_detected_where_it_happened():
    stream = _stream()
    AuditEvent.objects.filter(stream=stream, seq=2).update(data={"i": 99})
    check = verify_stream(AuditEvent, stream)
    assert (check.ok, check.broken_at) == (False, 2)


def test_deleting_an_event_is_detected():
    stream = _stream()
    AuditEvent.objects.filter(stream=stream, seq=2).delete()
    check = verify_stream(AuditEvent, stream)
    assert (check.ok, check.broken_at) == (False, 3)


def test_two_writers_of_one_position_collide_with_a_409():
    stream = _stream(1)
    first = AuditEvent.objects.get(stream=stream, seq=1)
    # Simulate a writer that read the chain before `first` was written: same seq again.
    twin = AuditEvent(stream=stream, seq=1, kind="twin", prev_hash=first.prev_hash, hash="f" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save(force_insert=True)
    assert AuditEvent.objects.filter(stream=stream).count() == 1


def test_append_maps_a_collision_to_a_conflict(monkeypatch):
    stream = _stream(1)
    real_filter = AuditEvent.objects.filter

    class Stale:
        """Pretend the chain is empty, as a writer that read before the other committed would."""

        def order_by(self, *a):
            return self

        def values(self, *a):
            return self

        def first(self):
            return None

    monkeypatch.setattr(AuditEvent.objects, "filter", lambda **kw: Stale() if "stream" in kw else real_filter(**kw))
    with pytest.raises(ProblemError) as err:
        AuditEvent.append(stream, kind="late")
    assert (err.value.code, err.value.status) == ("concurrent_change", 409)
