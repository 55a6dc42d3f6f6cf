"""What the evaluator sees: dossier steps the officer held past their due time, and (later) citizens'
feedback about their conduct."""

from decimal import Decimal

from django.test import Client

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.tests.conftest import at, dw  # noqa: F401 — the dossier world fixture
from motcua.personnel import actions, selectors
from motcua.personnel.models import EvaluationRuleSet
from motcua.personnel.tests.factories import JobPositionFactory, PersonnelRecordFactory


def _late_dossier(dw):  # noqa: F811
    dossier = dw.receive()  # due Fri 13/3/2026 08:00
    return dossier_actions.assign(dossier, actor=dw.desk_a, now=at("2026-03-10", "09:00"), to_user=dw.specialist_a)


def test_lateness_is_the_steps_the_officer_held_past_their_due_time(dw):  # noqa: F811
    dossier = _late_dossier(dw)
    step = dossier.steps.get(finished_at__isnull=True)
    assert step.holder == dw.specialist_a
    late_at = step.due_at.replace(microsecond=0) + (at("2026-03-14") - at("2026-03-13"))
    assert selectors.late_steps(dw.specialist_a, 2026, now=step.due_at) == []
    assert selectors.late_steps(dw.specialist_a, 2026, now=late_at) == [step]
    assert selectors.late_steps(dw.specialist_a, 2025, now=late_at) == []
    assert selectors.late_steps(dw.desk_a, 2026, now=late_at) == []
    evidence = selectors.evaluation_evidence(dw.specialist_a, 2026, now=late_at)
    assert evidence["late_steps"] == 1 and evidence["late_examples"][0]["dossier"] == dossier.code
    assert evidence["feedback"] == []  # hook for the feedback app


def test_the_evaluation_keeps_the_evidence_and_the_screen_shows_it(dw):  # noqa: F811
    from motcua.accounts.constants import Role
    from motcua.core.testing import make_user

    _late_dossier(dw)
    EvaluationRuleSet.objects.create(
        name="335", legal_basis="Decree 335/2025/NĐ-CP", thresholds={"excellent": 90, "good": 70, "completed": 50}
    )
    hr = make_user("hr_dw", (dw.agency_a, Role.PERSONNEL_STAFF))
    record = PersonnelRecordFactory(person=dw.specialist_a, position=JobPositionFactory(agency=dw.agency_a))
    evaluation = actions.evaluate(actor=hr, record=record, year=2026, score=Decimal("85"))
    assert evaluation.evidence["late_steps"] == 1  # the clock of the test run is past the step's due time
    client = Client()
    client.force_login(hr)
    page = client.get(f"/en/personnel/evaluation/?agency={dw.agency_a.pk}&year=2026")
    [(shown, evidence, saved)] = page.context["rows"]
    assert (shown, evidence["late_steps"], saved) == (record, 1, evaluation)
