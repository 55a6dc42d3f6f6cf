import pytest

from motcua.core.testing import build_world
from motcua.feedback import actions
from motcua.feedback.constants import Kind


def load_time_limits() -> None:
    """The time limits the data migration loads: a transactional test elsewhere in the run flushes the
    database, and migration data with it, so the tests put them back (idempotent)."""
    from importlib import import_module

    from django.apps import apps

    import_module("motcua.feedback.migrations.0002_time_limits").load(apps, None)


@pytest.fixture
def world(db):
    load_time_limits()
    return build_world()


@pytest.fixture
def submit():
    def make(**overrides):
        values = {
            "kind": Kind.REGULATION,
            "subject": "Giấy tờ thừa khi đăng ký khai sinh",
            "content": "Cán bộ yêu cầu bản sao có chứng thực giấy chứng sinh.",
            "author_name": "Trần Thị Hạnh",
            "author_phone": "0913456001",
            "author_email": "hanh@example.vn",
            "consent_publish": True,
        }
        values.update(overrides)
        return actions.submit(**values)

    return make


@pytest.fixture
def routed(world, submit):
    """An item routed to agency A."""
    feedback = submit()
    return actions.route(actor=world.reform, feedback=feedback, agency=world.agency_a)
