"""The yearly PAR evaluation: self-assessment → round 1 → explanation → round 2 → adjustments → final → published."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.core.audit import AuditEvent, verify_stream
from motcua.core.errors import ProblemError
from motcua.reform import actions, metrics
from motcua.reform.constants import ErrorCode, ScoreField
from motcua.reform.constants import EvaluationPhase as P
from motcua.reform.metrics import Reading
from motcua.reform.models import Assessment, Criterion, ScoreChange

D = Decimal
SMALL_SET = {
    "code": "test-dept-2026",
    "year": 2026,
    "target": "department",
    "name": "Chỉ số CCHC sở, ngành 2026 (thử)",
    "max_total": 20,
    "bonus_cap": 2,
    "criteria": [
        {
            "code": "1",
            "title": "Chỉ đạo, điều hành và TTHC",
            "max": 10,
            "children": [
                {"code": "1.1", "title": "Ban hành kế hoạch CCHC", "max": 6},
                {
                    "code": "1.2",
                    "title": "Tỷ lệ hồ sơ giải quyết đúng hạn",
                    "max": 4,
                    "method": "formula",
                    "metric": "on_time_rate",
                    "rule": {"kind": "linear", "low": 80, "high": 100},
                },
            ],
        },
        {
            "code": "2",
            "title": "Điều tra xã hội học",
            "max": 10,
            "children": [
                {"code": "2.1", "title": "Hài lòng", "max": 10, "method": "survey", "metric": "sipas_satisfaction"}
            ],
        },
    ],
}


@pytest.fixture
def evaluation(world):
    index_set, _ = actions.import_index_set(SMALL_SET)
    return actions.open_evaluation(world.reform, index_set, [world.agency_a, world.agency_d])


def crit(evaluation, code) -> Criterion:
    return evaluation.index_set.criteria.get(code=code)


def advance(world, evaluation, *phases):
    for phase in phases:
        actions.advance_evaluation(world.reform, evaluation, to=phase)


def metric_values(world, agency, on_time, sipas):
    actions.enter_metric_value(
        world.reform, metric="on_time_rate", agency=agency, year=2026, value=on_time, evidence="Báo cáo 9 tháng"
    )
    actions.enter_metric_value(
        world.reform, metric="sipas_satisfaction", agency=agency, year=2026, value=sipas, evidence="Khảo sát SIPAS"
    )


def code_of(exc_info):
    return exc_info.value.code


def test_two_appraisal_rounds_bonuses_and_deductions_add_up(world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    d = Assessment.objects.get(evaluation=evaluation, agency=world.agency_d)
    metric_values(world, world.agency_a, 95, 90)
    metric_values(world, world.agency_d, 100, 80)
    c11 = crit(evaluation, "1.1")
    actions.set_score(world.leader_a, a, c11, field=ScoreField.SELF, value=6)
    actions.submit_self_assessment(world.leader_a, a)
    advance(world, evaluation, P.APPRAISAL_1)
    actions.set_score(world.reform, a, c11, field=ScoreField.ROUND_1, value=4, reason="Thiếu minh chứng ban hành")
    advance(world, evaluation, P.EXPLANATION)
    actions.explain(world.leader_a, a, c11, text="Kế hoạch số 12/KH-SA ban hành 10/01, gửi kèm")
    advance(world, evaluation, P.APPRAISAL_2)
    actions.set_score(world.reform, a, c11, field=ScoreField.ROUND_2, value=5, reason="Chấp nhận một phần giải trình")
    advance(world, evaluation, P.ADJUSTMENTS)
    actions.add_adjustment(world.reform, a, kind="bonus", points="1", reason="Mô hình mới được UBND tỉnh công nhận")
    actions.add_adjustment(world.reform, a, kind="deduction", points="0.5", reason="Báo cáo quý III nộp trễ")
    advance(world, evaluation, P.FINAL)
    a.refresh_from_db()
    d.refresh_from_db()
    # A: 1.1 = round 2 (5), 1.2 = (95−80)/20 × 4 = 3, 2.1 = 90% × 10 = 9 → 17; +1 −0.5 → 17.5 of 20 = 87.5%
    assert (a.appraised_total, a.bonus, a.deduction, a.final_score, a.index_value) == (
        D("17.00"),
        D("1.00"),
        D("0.50"),
        D("17.50"),
        D("87.50"),
    )
    # D never scored 1.1: 0 + 4 + 8 = 12 → 60%
    assert (d.final_score, d.index_value) == (D("12.00"), D("60.00"))
    assert (a.rank, d.rank, a.tier, d.tier) == (1, 2, "good", "average")


def test_formula_criteria_read_their_metric_from_the_provider_registry(world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    assert actions.compute_formula_scores(world.reform, a) == ["1.2", "2.1"]  # nothing entered yet
    previous = metrics._PROVIDERS.get("on_time_rate")  # the reports app's provider, restored afterwards
    metrics.register_provider("on_time_rate", lambda agency, year: Reading(D("90"), "reports: test"))
    try:
        missing = actions.compute_formula_scores(world.reform, a)
    finally:
        metrics.reset_provider("on_time_rate")
        if previous is not None:
            metrics.register_provider("on_time_rate", previous)
    assert missing == ["2.1"]
    score = a.scores.get(criterion__code="1.2")
    assert (score.self_score, score.round1_score, score.metric_value) == (D("2.00"), D("2.00"), D("90.00"))
    change = ScoreChange.objects.filter(score=score, field="round1_score").get()
    assert "on_time_rate = 90" in change.reason and "reports: test" in change.reason
    # the fallback provider is the value entered by hand, with its evidence
    actions.enter_metric_value(
        world.reform, metric="on_time_rate", agency=world.agency_a, year=2026, value=100, evidence="Sổ theo dõi"
    )
    actions.compute_formula_scores(world.reform, a)
    score.refresh_from_db()
    assert score.round1_score == D("4.00") and score.metric_source == "manual: Sổ theo dõi"


def test_a_computed_criterion_is_not_scored_by_hand(world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    with pytest.raises(ProblemError) as exc:
        actions.set_score(world.leader_a, a, crit(evaluation, "1.2"), field=ScoreField.SELF, value=1)
    assert code_of(exc) == ErrorCode.NOT_MANUAL
    with pytest.raises(ProblemError) as exc:
        actions.set_score(world.leader_a, a, crit(evaluation, "1"), field=ScoreField.SELF, value=1)
    assert code_of(exc) == ErrorCode.NOT_LEAF


def test_a_score_cannot_exceed_its_max_or_be_negative(world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    for value, code in (("6.01", ErrorCode.OVER_MAX), ("-1", ErrorCode.NEGATIVE)):
        with pytest.raises(ProblemError) as exc:
            actions.set_score(world.leader_a, a, crit(evaluation, "1.1"), field=ScoreField.SELF, value=value)
        assert code_of(exc) == code


def test_only_reform_staff_appraise_and_only_in_their_round(world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    c11 = crit(evaluation, "1.1")
    with pytest.raises(ProblemError) as exc:
        actions.set_score(world.reform, a, c11, field=ScoreField.ROUND_1, value=3, reason="x")
    assert code_of(exc) == ErrorCode.WRONG_PHASE
    advance(world, evaluation, P.APPRAISAL_1)
    for person in (world.leader_a, world.province_admin):
        with pytest.raises(ProblemError) as exc:
            actions.set_score(person, a, c11, field=ScoreField.ROUND_1, value=6, reason="tự nâng")
        assert code_of(exc) == ErrorCode.FORBIDDEN
    with pytest.raises(ProblemError) as exc:
        actions.set_score(world.reform, a, c11, field=ScoreField.ROUND_1, value=3)
    assert code_of(exc) == ErrorCode.REASON_REQUIRED
    with pytest.raises(ProblemError) as exc:
        actions.set_score(world.leader_a, a, c11, field=ScoreField.SELF, value=6)
    assert code_of(exc) == ErrorCode.WRONG_PHASE
    with pytest.raises(ProblemError) as exc:
        actions.advance_evaluation(world.leader_a, evaluation, to=P.EXPLANATION)
    assert code_of(exc) == ErrorCode.FORBIDDEN


def test_an_agency_explains_only_its_own_scores(world, evaluation):
    d = Assessment.objects.get(evaluation=evaluation, agency=world.agency_d)
    advance(world, evaluation, P.APPRAISAL_1, P.EXPLANATION)
    with pytest.raises(ProblemError) as exc:
        actions.explain(world.leader_a, d, crit(evaluation, "1.1"), text="Không phải việc của tôi")
    assert code_of(exc) == ErrorCode.OUT_OF_SCOPE


def test_round_two_rescores_only_what_was_explained(world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    advance(world, evaluation, P.APPRAISAL_1, P.EXPLANATION, P.APPRAISAL_2)
    with pytest.raises(ProblemError) as exc:
        actions.set_score(world.reform, a, crit(evaluation, "1.1"), field=ScoreField.ROUND_2, value=1, reason="x")
    assert code_of(exc) == ErrorCode.NO_EXPLANATION


def test_every_score_change_is_attributed(world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    c11 = crit(evaluation, "1.1")
    actions.set_score(world.leader_a, a, c11, field=ScoreField.SELF, value=6)
    actions.set_score(world.leader_a, a, c11, field=ScoreField.SELF, value="5.5", reason="Sửa sau rà soát")
    advance(world, evaluation, P.APPRAISAL_1)
    actions.set_score(world.reform, a, c11, field=ScoreField.ROUND_1, value=4, reason="Thiếu minh chứng")
    changes = list(
        ScoreChange.objects.filter(score__assessment=a).values_list("field", "old", "new", "actor", "reason")
    )
    assert changes == [
        ("self_score", None, D("6.00"), world.leader_a.pk, "self-assessment"),
        ("self_score", D("6.00"), D("5.50"), world.leader_a.pk, "Sửa sau rà soát"),
        ("round1_score", None, D("4.00"), world.reform.pk, "Thiếu minh chứng"),
    ]
    stream = f"reform.assessment:{a.pk}"
    assert AuditEvent.objects.filter(stream=stream, kind="score.changed").count() == 3
    assert verify_stream(AuditEvent, stream).ok


def test_scores_are_frozen_after_publication(world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    advance(world, evaluation, P.APPRAISAL_1, P.EXPLANATION, P.APPRAISAL_2, P.ADJUSTMENTS, P.FINAL)
    actions.publish_evaluation(world.reform, evaluation, decision_number="99/QĐ-UBND")
    final = Assessment.objects.get(pk=a.pk).final_score
    c11 = crit(evaluation, "1.1")
    attempts = [
        lambda: actions.set_score(world.reform, a, c11, field=ScoreField.ROUND_2, value=1, reason="x"),
        lambda: actions.set_score(world.leader_a, a, c11, field=ScoreField.SELF, value=1),
        lambda: actions.explain(world.leader_a, a, c11, text="muộn"),
        lambda: actions.add_adjustment(world.reform, a, kind="bonus", points=1, reason="x"),
        lambda: actions.compute_formula_scores(world.reform, a),
    ]
    for attempt in attempts:
        with pytest.raises(ProblemError) as exc:
            attempt()
        assert code_of(exc) == ErrorCode.SCORES_FROZEN
    with pytest.raises(ProblemError) as exc:
        actions.advance_evaluation(world.reform, evaluation, to=P.FINAL)
    assert code_of(exc) == ErrorCode.BAD_TRANSITION
    assert Assessment.objects.get(pk=a.pk).final_score == final


def test_equal_indices_share_a_rank(world, evaluation):
    advance(world, evaluation, P.APPRAISAL_1, P.EXPLANATION, P.APPRAISAL_2, P.ADJUSTMENTS, P.FINAL)
    ranks = list(evaluation.assessments.order_by("agency__code").values_list("rank", "tied"))
    assert ranks == [(1, True), (1, True)]


def test_bonuses_are_capped(world, evaluation):
    a = Assessment.objects.get(evaluation=evaluation, agency=world.agency_a)
    advance(world, evaluation, P.APPRAISAL_1, P.EXPLANATION, P.APPRAISAL_2, P.ADJUSTMENTS)
    actions.add_adjustment(world.reform, a, kind="bonus", points="1.5", reason="Sáng kiến")
    with pytest.raises(ProblemError) as exc:
        actions.add_adjustment(world.reform, a, kind="bonus", points="1", reason="Sáng kiến 2")
    assert code_of(exc) == ErrorCode.BONUS_CAP


def test_an_inconsistent_index_set_is_refused(world):
    broken = {**SMALL_SET, "code": "broken", "year": 2027, "max_total": 21}
    with pytest.raises(ProblemError) as exc:
        actions.import_index_set(broken)
    assert code_of(exc) == ErrorCode.INVALID_INDEX
