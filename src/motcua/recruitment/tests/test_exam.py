"""The computer-based round-1 exam through the API, as the candidate's browser uses it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from motcua.core.testing import make_user
from motcua.recruitment import actions
from motcua.recruitment.constants import ErrorCode
from motcua.recruitment.models import AnswerEvent, ExamAnswer, ExamSession, Question


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def exam(world, apply, announced):
    """A candidate with an eligible application and an open, not yet started, round-1 session."""
    candidate = make_user("thisinh", full_name="Lê Thị Thí Sinh")
    application = apply(candidate)
    actions.close_applications(actor=world.hr_a, round_=announced)
    actions.publish_eligible(actor=world.hr_a, round_=announced)
    actions.open_round1(actor=world.hr_a, round_=announced)
    session = ExamSession.objects.get(application=application)
    return candidate, session


def _url(session, tail=""):
    return f"/api/v1/recruitment/sessions/{session.pk}/{tail}"


def test_questions_never_reach_the_browser_before_the_exam_starts(exam):
    candidate, session = exam
    before = _client(candidate).get(_url(session)).json()
    assert before["status"] == "not_started"
    assert "questions" not in before
    started = _client(candidate).post(_url(session, "start/")).json()
    assert len(started["questions"]) == 4
    assert all("correct" not in q for q in started["questions"])
    assert started["deadline_at"]


def test_another_candidate_cannot_see_or_answer_my_exam(exam, world):
    candidate, session = exam
    _client(candidate).post(_url(session, "start/"))
    for user in (world.stranger, world.hr_a):
        client = _client(user)
        assert client.get(_url(session)).json()["code"] == ErrorCode.NOT_FOUND
        answer = client.post(_url(session, "answers/"), {"question": session.pk, "choice": 1, "seq": 1}, format="json")
        assert answer.status_code == 404
    assert APIClient().get(_url(session)).status_code in (401, 403)


def test_a_late_older_save_never_overwrites_a_newer_answer(exam):
    candidate, session = exam
    client = _client(candidate)
    qid = client.post(_url(session, "start/")).json()["questions"][0]["id"]
    newer = client.post(_url(session, "answers/"), {"question": qid, "choice": 2, "seq": 7}, format="json").json()
    older = client.post(_url(session, "answers/"), {"question": qid, "choice": 1, "seq": 6}, format="json").json()
    retry = client.post(_url(session, "answers/"), {"question": qid, "choice": 2, "seq": 7}, format="json")

    assert newer == {"question": qid, "choice": 2, "seq": 7, "applied": True}
    assert older == {"question": qid, "choice": 2, "seq": 7, "applied": False}
    assert retry.status_code == 200
    assert ExamAnswer.objects.get(session=session, question_id=qid).choice == 2
    assert list(AnswerEvent.objects.filter(session=session).values_list("seq", "applied")) == [
        (7, True),
        (6, False),
        (7, False),
    ]
    conflict = client.post(_url(session, "answers/"), {"question": qid, "choice": 3, "seq": 7}, format="json")
    assert conflict.json()["code"] == ErrorCode.SEQUENCE_CONFLICT
    reload = client.get(_url(session)).json()
    assert reload["answers"][str(qid)] == {"choice": 2, "seq": 7}


def test_answers_to_questions_outside_the_test_are_refused(exam):
    candidate, session = exam
    client = _client(candidate)
    client.post(_url(session, "start/"))
    foreign = Question.objects.exclude(pk__in=ExamSession.objects.get(pk=session.pk).question_ids).first()
    answer = client.post(_url(session, "answers/"), {"question": foreign.pk, "choice": 0, "seq": 1}, format="json")
    assert answer.status_code == 400
    assert answer.json()["code"] == ErrorCode.QUESTION_NOT_IN_TEST


def test_the_server_clock_ends_the_exam(exam):
    candidate, session = exam
    client = _client(candidate)
    qid = client.post(_url(session, "start/")).json()["questions"][0]["id"]
    ExamSession.objects.filter(pk=session.pk).update(deadline_at=timezone.now() - timedelta(minutes=1))
    late = client.post(_url(session, "answers/"), {"question": qid, "choice": 0, "seq": 1}, format="json")
    assert late.json()["code"] == ErrorCode.TIME_OVER
    state = client.get(_url(session)).json()
    assert state["status"] == "finished"
    assert (state["correct"], state["total"], state["passed"]) == (0, 4, False)


def test_handing_in_scores_at_once(exam):
    candidate, session = exam
    client = _client(candidate)
    questions = client.post(_url(session, "start/")).json()["questions"]
    key = dict(Question.objects.values_list("pk", "correct"))
    for seq, q in enumerate(questions[:3], start=1):
        client.post(_url(session, "answers/"), {"question": q["id"], "choice": key[q["id"]], "seq": seq}, format="json")
    result = client.post(_url(session, "finish/")).json()
    assert (result["correct"], result["total"], result["passed"]) == (3, 4, True)
    again = client.post(
        _url(session, "answers/"), {"question": questions[3]["id"], "choice": 0, "seq": 9}, format="json"
    )
    assert again.json()["code"] == ErrorCode.SESSION_FINISHED


def test_a_reload_restarts_nothing(exam):
    candidate, session = exam
    client = _client(candidate)
    first = client.post(_url(session, "start/")).json()
    second = client.post(_url(session, "start/")).json()
    assert [q["id"] for q in first["questions"]] == [q["id"] for q in second["questions"]]
    assert first["deadline_at"] == second["deadline_at"]
