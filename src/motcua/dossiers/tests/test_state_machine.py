"""Random walks through the actions: no illegal status is ever reached, a refused action changes nothing,
and the hash-chained events always replay to the dossier's current state."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from motcua.accounts.constants import Role
from motcua.core.audit import verify_stream
from motcua.core.errors import ProblemError
from motcua.core.testing import make_user
from motcua.dossiers import actions
from motcua.dossiers.constants import FINAL_STATUSES, PAUSED_STATUSES, TRANSITIONS, Action
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, Pause
from motcua.dossiers.tests.conftest import at

PARAMS = {
    Action.REFUSE: {"reason": "Sai thẩm quyền"},
    Action.REQUEST_SUPPLEMENT: {"reason": "Thiếu giấy tờ"},
    Action.REQUIRE_PAYMENT: {"amount": 50000},
    Action.STOP: {"reason": "Không đủ điều kiện"},
    Action.SEND_BACK: {},
}
WALKABLE = [a for a in Action if a != Action.SUBMIT]


def test_random_walks_keep_the_dossier_consistent(dw):
    omni = make_user("omni")
    for role in (Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER):
        omni.memberships.create(agency=dw.agency_a, role=role)

    class Walk(RuleBasedStateMachine):
        @initialize(online=st.booleans(), inter=st.booleans())
        def start(self, online, inter):
            self.now = at("2026-03-02", "08:00")
            procedure = dw.inter_procedure if inter else dw.procedure
            if online:
                self.dossier = actions.submit(
                    None, actor=omni, now=self.now, procedure=procedure, agency=dw.agency_a, applicant=dw.applicant()
                )
            else:
                self.dossier = dw.receive(actor=omni, now=self.now, procedure=procedure)
            if inter:  # let the omni officer act at agency B too
                for role in (Role.SPECIALIST, Role.LEADER):
                    omni.memberships.get_or_create(agency=dw.agency_b, role=role)

        @rule(action=st.sampled_from(WALKABLE), minutes=st.integers(min_value=1, max_value=3000))
        def act(self, action, minutes):
            self.now += timedelta(minutes=minutes)
            before = Dossier.objects.get(pk=self.dossier.pk)
            events_before = DossierEvent.objects.filter(dossier=before).count()
            kwargs = dict(PARAMS.get(action, {}))
            if action == Action.EXTEND:
                kwargs = {"new_due_at": (before.due_at or self.now) + timedelta(days=5), "apology": "Xin lỗi"}
            if action == Action.ATTACH:
                kwargs = {"file": SimpleUploadedFile("to-khai.pdf", b"%PDF-1.7 to khai")}
            comment = "Xem lại" if action == Action.SEND_BACK else ""
            try:
                self.dossier = getattr(actions, action.value)(
                    before, actor=omni, now=self.now, comment=comment, **kwargs
                )
            except ProblemError:
                after = Dossier.objects.get(pk=before.pk)
                assert (after.status, after.version) == (before.status, before.version)
                assert DossierEvent.objects.filter(dossier=before).count() == events_before
                self.dossier = after
            else:
                assert self.dossier.status in TRANSITIONS[before.status]

        @invariant()
        def history_replays_to_the_current_state(self):
            if not hasattr(self, "dossier"):
                return
            dossier = Dossier.objects.get(pk=self.dossier.pk)
            status = None
            for event in DossierEvent.objects.filter(dossier=dossier).order_by("seq"):
                assert event.from_status == status
                status = event.to_status
            assert status == dossier.status
            assert verify_stream(DossierEvent, dossier.pk).ok

        @invariant()
        def clocks_and_steps_agree_with_the_status(self):
            if not hasattr(self, "dossier"):
                return
            dossier = Dossier.objects.get(pk=self.dossier.pk)
            open_pauses = Pause.objects.filter(dossier=dossier, ended_at__isnull=True).count()
            assert open_pauses == (1 if dossier.status in PAUSED_STATUSES else 0)
            open_steps = DossierStep.objects.filter(dossier=dossier, finished_at__isnull=True).count()
            assert open_steps <= 1
            if dossier.status in FINAL_STATUSES:
                assert open_steps == 0 and dossier.finished_at is not None

    run_state_machine_as_test(
        Walk,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


pytestmark = pytest.mark.django_db
