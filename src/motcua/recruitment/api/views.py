"""Recruitment API: views parse, authorise through actions, and answer. No ORM writes here."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.errors import ProblemError
from motcua.recruitment import actions, selectors
from motcua.recruitment.api.serializers import (
    AnswerResultSerializer,
    AnswerSerializer,
    ApplicationFormSerializer,
    ApplicationSerializer,
    DecisionSerializer,
    MarkResultSerializer,
    MarkSerializer,
    RemarkSerializer,
    ResultSerializer,
    RoundCommandResultSerializer,
    RoundSerializer,
    SessionSerializer,
)
from motcua.recruitment.constants import ErrorCode, SessionStatus
from motcua.recruitment.models import Application, Question, RecruitmentRound, RoundPosition


def _not_found() -> ProblemError:
    return ProblemError(ErrorCode.NOT_FOUND.value, _("No such exam."), status=404)


class PublicRoundList(generics.ListAPIView):
    """Announced recruitment rounds (public)."""

    permission_classes = [AllowAny]
    serializer_class = RoundSerializer

    def get_queryset(self):
        return selectors.public_rounds().prefetch_related("positions__position__agency", "positions__position__rank")


class PublicRoundDetail(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = RoundSerializer

    def get_queryset(self):
        return selectors.public_rounds()


class ApplyView(APIView):
    @extend_schema(request=ApplicationFormSerializer, responses={201: ApplicationSerializer})
    def post(self, request, pk):
        round_ = get_object_or_404(selectors.public_rounds(), pk=pk)
        form = ApplicationFormSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = dict(form.validated_data)
        round_position = RoundPosition.objects.filter(pk=values.pop("round_position")).first()
        if round_position is None or round_position.round_id != round_.pk:
            raise ProblemError(ErrorCode.POSITION_NOT_IN_ROUND.value, _("Choose a position of this round."))
        application = actions.submit_application(
            actor=request.user, round_=round_, round_position=round_position, **values
        )
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationList(generics.ListAPIView):
    """My applications; for personnel staff and council members, those of their rounds."""

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        qs = selectors.visible_applications(self.request.user).prefetch_related("sessions")
        if self.request.query_params.get("round"):
            qs = qs.filter(round_id=self.request.query_params["round"])
        return qs.order_by("pk")


class ApplicationDetail(generics.RetrieveAPIView):
    serializer_class = ApplicationSerializer

    def get_queryset(self):
        return selectors.visible_applications(self.request.user)


def _session_body(session) -> dict:
    """The session as its candidate sees it; questions only once started and while in progress."""
    body = {**SessionSerializer(session).data, "server_now": timezone.now().isoformat()}
    if session.status == SessionStatus.IN_PROGRESS:
        questions = {q.pk: q for q in Question.objects.filter(pk__in=session.question_ids)}
        body["questions"] = [
            {"id": qid, "text": questions[qid].text, "choices": questions[qid].choices} for qid in session.question_ids
        ]
        body["answers"] = {str(a.question_id): {"choice": a.choice, "seq": a.seq} for a in session.answers.all()}
    return body


class SessionView(APIView):
    @extend_schema(responses=SessionSerializer)
    def get(self, request, pk):
        session = selectors.own_session(request.user, pk) or None
        if session is None:
            raise _not_found()
        actions.expire_if_due(session)
        return Response(_session_body(session))


class SessionStart(APIView):
    @extend_schema(request=None, responses=SessionSerializer)
    def post(self, request, pk):
        session = selectors.own_session(request.user, pk)
        if session is None:
            raise _not_found()
        return Response(_session_body(actions.start_session(actor=request.user, session=session)))


class SessionAnswer(APIView):
    """Save one answer. Idempotent: repeat freely; an older `seq` never overwrites a newer one."""

    @extend_schema(request=AnswerSerializer, responses=AnswerResultSerializer)
    def post(self, request, pk):
        session = selectors.own_session(request.user, pk)
        if session is None:
            raise _not_found()
        data = AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = actions.save_answer(
            actor=request.user, session=session, question_id=v["question"], choice=v["choice"], seq=v["seq"]
        )
        return Response(result)


class SessionFinish(APIView):
    @extend_schema(request=None, responses=SessionSerializer)
    def post(self, request, pk):
        session = selectors.own_session(request.user, pk)
        if session is None:
            raise _not_found()
        return Response(SessionSerializer(actions.finish_session(actor=request.user, session=session)).data)


def _visible_application(request, pk) -> Application:
    return get_object_or_404(selectors.visible_applications(request.user).select_related("round__rule_set"), pk=pk)


class MarkView(APIView):
    @extend_schema(request=MarkSerializer, responses=MarkResultSerializer)
    def post(self, request, pk):
        application = _visible_application(request, pk)
        data = MarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        out = actions.enter_mark(actor=request.user, application=application, **data.validated_data)
        return Response({**out, "agreed": None if out["agreed"] is None else str(out["agreed"])})


class DecideScoreView(APIView):
    @extend_schema(request=DecisionSerializer, responses=ApplicationSerializer)
    def post(self, request, pk):
        application = _visible_application(request, pk)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = actions.decide_score(actor=request.user, application=application, **data.validated_data)
        return Response(ApplicationSerializer(application).data)


_ROUND_COMMANDS = {
    "approve": lambda user, r, data: actions.approve_plan(actor=user, round_=r),
    "close-applications": lambda user, r, data: actions.close_applications(actor=user, round_=r),
    "publish-eligible": lambda user, r, data: actions.publish_eligible(actor=user, round_=r),
    "open-round1": lambda user, r, data: actions.open_round1(actor=user, round_=r),
    "open-round2": lambda user, r, data: actions.open_round2(actor=user, round_=r),
    "rank": lambda user, r, data: actions.compute_ranking(actor=user, round_=r),
    "announce-scores": lambda user, r, data: actions.announce_scores(actor=user, round_=r),
    "publish-results": lambda user, r, data: actions.publish_results(actor=user, round_=r),
}


class RoundCommand(APIView):
    """One POST per step of a round (Open Zaak's command endpoints): approve, close-applications, …"""

    @extend_schema(request=None, responses=RoundCommandResultSerializer)
    def post(self, request, pk, command):
        if command not in _ROUND_COMMANDS:
            raise ProblemError(ErrorCode.NOT_FOUND.value, _("Unknown command."), status=404)
        round_ = RecruitmentRound.objects.filter(pk=pk).select_related("rule_set").first()
        if round_ is None:
            raise ProblemError(ErrorCode.NOT_FOUND.value, _("No such round."), status=404)
        out = _ROUND_COMMANDS[command](request.user, round_, request.data)
        body = out if isinstance(out, dict) else {"status": round_.status}
        return Response({"round": round_.pk, "status": round_.status, "outcome": body})


class PublishedResults(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ResultSerializer(many=True))
    def get(self, request, pk):
        round_ = get_object_or_404(selectors.public_rounds(), pk=pk)
        return Response(ResultSerializer(selectors.published_results(round_), many=True).data)


class RemarkView(APIView):
    """The candidate asks for re-marking of their round-2 paper (phúc khảo) within the window."""

    @extend_schema(request=RemarkSerializer, responses={201: ApplicationSerializer})
    def post(self, request, pk):
        application = _visible_application(request, pk)
        data = RemarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actions.request_remark(actor=request.user, application=application, reason=data.validated_data["reason"])
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)
