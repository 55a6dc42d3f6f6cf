import pytest

from motcua.core.testing import build_world
from motcua.feedback import actions
from motcua.feedback.constants import Kind


@pytest.fixture
def world(db):
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
