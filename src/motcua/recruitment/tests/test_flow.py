"""A recruitment round end to end through the actions: plan → announcement → applications → eligibility
→ computer-based round 1 → round 2 marks → ranking → published results (Decree 170/2025/NĐ-CP)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from motcua.core.audit import AuditEvent, verify_stream
from motcua.core.errors import ProblemError
from motcua.core.testing import make_user
from motcua.recruitment import actions
from motcua.recruitment.constants import ApplicationStatus, ErrorCode, Ineligibility, Result, RoundStatus
from motcua.recruitment.models import Application, ExamSession, Question


def _answer_all(session, user, right: int):
    """Answer the session's questions, the first `right` of them correctly."""
    key = dict(Question.objects.filter(pk__in=session.question_ids).values_list("pk", "correct"))
    for n, qid in enumerate(session.question_ids, start=1):
        choice = key[qid] if n <= right else (key[qid] + 1) % 4
        actions.save_answer(actor=user, session=session, question_id=qid, choice=choice, seq=n)


def test_a_plan_cannot_recruit_more_than_the_vacancies(world):
    with pytest.raises(ProblemError) as excinfo:
        actions.create_round(
            actor=world.hr_a,
            agency=world.agency_a,
            code="X",
            name="X",
            year=2026,
            positions=[(world.position, 4, "written")],
            rule_set=world.rules,
        )
    assert excinfo.value.code == ErrorCode.QUOTA_ABOVE_VACANCIES


def test_the_plan_is_approved_by_the_head_not_by_personnel_staff(world):
    round_ = actions.create_round(
        actor=world.hr_a, agency=world.agency_a, code="Y", name="Y", year=2026,
        positions=[(world.position, 1, "written")], rule_set=world.rules,
    )  # fmt: skip
    with pytest.raises(ProblemError) as excinfo:
        actions.approve_plan(actor=world.hr_a, round_=round_)
    assert excinfo.value.code == ErrorCode.NOT_ALLOWED
    with pytest.raises(ProblemError) as early:
        actions.announce(actor=world.hr_a, round_=round_, opens=date(2026, 1, 1), closes=date(2026, 2, 1))
    assert early.value.code == ErrorCode.BAD_TRANSITION
    actions.approve_plan(actor=world.leader_a, round_=round_)
    assert round_.status == RoundStatus.APPROVED


def test_one_application_per_person_per_round(world, apply):
    person = make_user("applicant")
    apply(person, citizen_id="087111222333")
    with pytest.raises(ProblemError) as twice:
        apply(person)
    with pytest.raises(ProblemError) as same_citizen:
        apply(make_user("second_account"), citizen_id="087111222333")
    assert (twice.value.code, twice.value.status) == (ErrorCode.DUPLICATE_APPLICATION, 409)
    assert same_citizen.value.code == ErrorCode.DUPLICATE_APPLICATION
    assert Application.objects.filter(candidate=person).count() == 1


def test_applications_need_the_declaration_and_an_open_round(world, apply, announced):
    with pytest.raises(ProblemError) as excinfo:
        apply(declaration=False)
    assert excinfo.value.code == ErrorCode.DECLARATION_MISSING
    actions.close_applications(actor=world.hr_a, round_=announced)
    with pytest.raises(ProblemError) as closed:
        apply()
    assert closed.value.code == ErrorCode.NOT_ACCEPTING


def test_eligibility_rules_are_checked_and_candidates_numbered(world, apply, announced):
    ok = apply()
    young = apply(birth_date=timezone.localdate() - timedelta(days=17 * 365))
    college = apply(qualification=2)
    fl = announced.positions.get(position=world.position_fl)
    no_language = apply(round_position=fl, foreign_language="")
    actions.close_applications(actor=world.hr_a, round_=announced)
    counts = actions.publish_eligible(actor=world.hr_a, round_=announced)

    assert counts == {"eligible": 1, "ineligible": 3}
    for application, reason in (
        (young, Ineligibility.UNDER_AGE),
        (college, Ineligibility.QUALIFICATION),
        (no_language, Ineligibility.FOREIGN_LANGUAGE),
    ):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.INELIGIBLE
        assert application.ineligibility == [reason]
    ok.refresh_from_db()
    assert ok.candidate_number == "TD2026-0001"


def test_the_whole_round(world, apply, announced):
    people = {name: make_user(name) for name in ("an", "binh", "chau", "dung")}
    apps = {
        "an": apply(people["an"]),
        "binh": apply(people["binh"], priority_categories=["military_service"]),
        "chau": apply(people["chau"], priority_categories=["ethnic_minority", "military_service"]),
        "dung": apply(people["dung"]),
    }
    actions.close_applications(actor=world.hr_a, round_=announced)
    actions.publish_eligible(actor=world.hr_a, round_=announced)
    assert actions.open_round1(actor=world.hr_a, round_=announced) == 4  # no foreign language for this position

    right = {"an": 4, "binh": 3, "chau": 2, "dung": 1}  # of 4 questions; 50% passes
    for name, application in apps.items():
        session = ExamSession.objects.get(application=application)
        actions.start_session(actor=people[name], session=session)
        _answer_all(session, people[name], right[name])
        finished = actions.finish_session(actor=people[name], session=session)
        assert (finished.correct, finished.passed) == (right[name], right[name] >= 2)

    actions.open_round2(actor=world.hr_a, round_=announced)
    marks = {"an": (D(60), D(64)), "binh": (D(70), D(75)), "chau": (D(70), D(90))}
    for name, (m1, m2) in marks.items():
        actions.enter_mark(actor=world.marker1, application=apps[name], score=m1)
        outcome = actions.enter_mark(actor=world.marker2, application=apps[name], score=m2)
        assert outcome["diverge"] == (abs(m1 - m2) > 10)
    actions.decide_score(actor=world.chair, application=apps["chau"], score=D(71), reason="hội đồng chấm lại")
    with pytest.raises(ProblemError) as not_in_round2:
        actions.enter_mark(actor=world.marker1, application=apps["dung"], score=D(99))
    assert not_in_round2.value.code == ErrorCode.NOT_ELIGIBLE

    actions.compute_ranking(actor=world.hr_a, round_=announced)
    actions.announce_scores(actor=world.hr_a, round_=announced)
    actions.publish_results(actor=world.hr_a, round_=announced, today=announced.appeals_close + timedelta(days=1))
    results = {n: Application.objects.get(pk=a.pk) for n, a in apps.items()}
    # chau 71 + 5 (highest of 5 and 2.5) = 76; binh 72.5 + 2.5 = 75; an 62; quota 2.
    assert {n: (a.total, a.rank, a.result) for n, a in results.items()} == {
        "chau": (D(76), 1, Result.PASSED),
        "binh": (D(75), 2, Result.PASSED),
        "an": (D(62), 3, Result.FAILED),
        "dung": (None, None, Result.FAILED),
    }

    # Publication freezes the scores.
    with pytest.raises(ProblemError) as frozen:
        actions.decide_score(actor=world.chair, application=results["an"], score=D(95), reason="phúc khảo")
    assert (frozen.value.code, frozen.value.status) == (ErrorCode.SCORES_FROZEN, 409)

    # Every score change is attributed: who, old, new, why; and the audit chain is intact.
    stream = f"recruitment.application:{apps['chau'].pk}"
    changes = list(AuditEvent.objects.filter(stream=stream, kind="score_changed").values("actor", "data"))
    assert changes == [
        {
            "actor": world.chair.pk,
            "data": {"field": "round2_score", "old": None, "new": "71", "reason": "hội đồng chấm lại"},
        }
    ]
    assert verify_stream(AuditEvent, stream).ok
    assert verify_stream(AuditEvent, f"recruitment.round:{announced.pk}").ok


def test_a_tie_at_the_last_place_waits_for_the_head(world, apply, announced):
    apps = [apply() for _ in range(3)]
    actions.close_applications(actor=world.hr_a, round_=announced)
    actions.publish_eligible(actor=world.hr_a, round_=announced)
    actions.open_round1(actor=world.hr_a, round_=announced)
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(round1_passed=True)
    ExamSession.objects.filter(application__in=apps).update(status="finished", passed=True)
    actions.open_round2(actor=world.hr_a, round_=announced)
    for application, score in zip(apps, (D(80), D(70), D(70)), strict=True):
        actions.enter_mark(actor=world.marker1, application=application, score=score)
        actions.enter_mark(actor=world.marker2, application=application, score=score)
    actions.announce_scores(actor=world.hr_a, round_=announced)
    after_window = announced.appeals_close + timedelta(days=1)
    with pytest.raises(ProblemError) as waiting:
        actions.publish_results(actor=world.hr_a, round_=announced, today=after_window)
    assert waiting.value.code == ErrorCode.BAD_TRANSITION
    with pytest.raises(ProblemError):
        actions.head_decides(actor=world.hr_a, application=apps[1], successful=True, reason="x")
    apps[1].refresh_from_db()
    actions.head_decides(actor=world.leader_a, application=apps[1], successful=True, reason="kinh nghiệm công tác")
    apps[2].refresh_from_db()
    actions.head_decides(actor=world.leader_a, application=apps[2], successful=False, reason="kinh nghiệm công tác")
    actions.publish_results(actor=world.hr_a, round_=announced, today=after_window)
    assert [Application.objects.get(pk=a.pk).result for a in apps] == [Result.PASSED, Result.PASSED, Result.FAILED]


def test_a_marker_enters_one_score_per_candidate_and_strangers_none(world, apply, announced):
    application = apply()
    Application.objects.filter(pk=application.pk).update(status="eligible", round1_passed=True)
    announced.status, announced.version = RoundStatus.ROUND2, announced.version
    announced.save(update_fields=["status"])
    application.refresh_from_db()
    actions.enter_mark(actor=world.marker1, application=application, score=D(60))
    with pytest.raises(ProblemError) as twice:
        actions.enter_mark(actor=world.marker1, application=application, score=D(65))
    with pytest.raises(ProblemError) as stranger:
        actions.enter_mark(actor=world.hr_a, application=application, score=D(65))
    with pytest.raises(ProblemError) as out_of_range:
        actions.enter_mark(actor=world.marker2, application=application, score=D(101))
    assert twice.value.code == ErrorCode.ALREADY_MARKED
    assert stranger.value.code == ErrorCode.NOT_A_MARKER
    assert out_of_range.value.code == ErrorCode.SCORE_OUT_OF_RANGE


def test_candidates_still_being_marked_are_not_ranked_yet(world, apply, announced):
    marked, waiting = apply(), apply()
    actions.close_applications(actor=world.hr_a, round_=announced)
    actions.publish_eligible(actor=world.hr_a, round_=announced)
    actions.open_round1(actor=world.hr_a, round_=announced)
    Application.objects.filter(pk__in=[marked.pk, waiting.pk]).update(round1_passed=True)
    ExamSession.objects.filter(application__in=[marked, waiting]).update(status="finished", passed=True)
    actions.open_round2(actor=world.hr_a, round_=announced)
    actions.enter_mark(actor=world.marker1, application=marked, score=D(60))
    actions.enter_mark(actor=world.marker2, application=marked, score=D(62))
    actions.compute_ranking(actor=world.hr_a, round_=announced)
    assert Application.objects.get(pk=waiting.pk).result == ""
    assert Application.objects.get(pk=marked.pk).result == Result.PASSED
    with pytest.raises(ProblemError) as excinfo:
        actions.announce_scores(actor=world.hr_a, round_=announced)
    assert excinfo.value.code == ErrorCode.MARKS_MISSING


def test_re_marking_is_asked_by_the_candidate_in_the_window_and_decided_by_the_chair(world, apply, announced):
    candidate, other = make_user("phuckhao"), make_user("khac")
    mine, theirs = apply(candidate), apply(other)
    actions.close_applications(actor=world.hr_a, round_=announced)
    actions.publish_eligible(actor=world.hr_a, round_=announced)
    actions.open_round1(actor=world.hr_a, round_=announced)
    Application.objects.filter(pk__in=[mine.pk, theirs.pk]).update(round1_passed=True)
    ExamSession.objects.filter(application__in=[mine, theirs]).update(status="finished", passed=True)
    actions.open_round2(actor=world.hr_a, round_=announced)
    for application, score in ((mine, D(48)), (theirs, D(70))):
        actions.enter_mark(actor=world.marker1, application=application, score=score)
        actions.enter_mark(actor=world.marker2, application=application, score=score)
    with pytest.raises(ProblemError) as too_early:
        actions.request_remark(actor=candidate, application=mine, reason="Bài làm đủ ý")
    assert too_early.value.code == ErrorCode.APPEALS_CLOSED
    actions.announce_scores(actor=world.hr_a, round_=announced)

    with pytest.raises(ProblemError) as not_mine:
        actions.request_remark(actor=other, application=mine, reason="x")
    assert not_mine.value.status == 404
    remark = actions.request_remark(actor=candidate, application=mine, reason="Bài làm đủ ý")
    with pytest.raises(ProblemError) as twice:
        actions.request_remark(actor=candidate, application=mine, reason="lần nữa")
    assert twice.value.code == ErrorCode.DUPLICATE_APPEAL
    with pytest.raises(ProblemError) as late:
        actions.request_remark(
            actor=other, application=theirs, reason="x", today=announced.appeals_close + timedelta(days=1)
        )
    assert late.value.code == ErrorCode.APPEALS_CLOSED
    after_window = announced.appeals_close + timedelta(days=1)
    with pytest.raises(ProblemError) as undecided:
        actions.publish_results(actor=world.hr_a, round_=announced, today=after_window)
    assert undecided.value.code == ErrorCode.APPEALS_OPEN
    with pytest.raises(ProblemError) as marker_only:
        actions.decide_remark(actor=world.marker1, remark=remark, score=D(55), decision="chấm lại")
    assert marker_only.value.code == ErrorCode.NOT_A_MARKER

    actions.decide_remark(actor=world.chair, remark=remark, score=D(55), decision="Chấm sót ý 3")
    actions.publish_results(actor=world.hr_a, round_=announced, today=after_window)
    mine.refresh_from_db()
    assert (mine.round2_score, mine.result) == (D(55), Result.PASSED)
    change = AuditEvent.objects.filter(stream=f"recruitment.application:{mine.pk}", kind="score_changed").last()
    assert (change.actor, change.data["old"], change.data["new"]) == (world.chair, "48.00", "55")
