"""Reform API: command endpoints (one POST per operation, no status PATCH); views parse, authorise, call an action."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.errors import InvalidParam, ProblemError
from motcua.core.idempotency import created_response
from motcua.divisions.selectors import agency_on
from motcua.reform import actions, metrics, selectors
from motcua.reform.api import serializers as s
from motcua.reform.constants import ErrorCode
from motcua.reform.models import (
    Assessment,
    Evaluation,
    IndexSet,
    Inspection,
    InspectionPlan,
    Plan,
    ProgressReport,
    Recommendation,
    Task,
)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _created(request, scope: str, compute) -> Response:
    """201 with the created object; with an Idempotency-Key header a retry replays the first answer."""
    return created_response(request, f"reform.{scope}", compute)


def _detail(plan) -> dict:
    """The plan with its sections, tasks and targets, fetched in a fixed number of queries."""
    plan = (
        Plan.objects.select_related("agency")
        .prefetch_related("sections", "key_targets", "tasks__owner", "tasks__section", "tasks__cooperating")
        .get(pk=plan.pk)
    )
    return s.PlanDetailSerializer(plan).data


def _plan(request, pk):
    return get_object_or_404(selectors.plans_for(request.user).select_related("agency"), pk=pk)


def _report(request, pk):
    report = get_object_or_404(ProgressReport.objects.select_related("plan__agency"), pk=pk)
    _plan(request, report.plan_id)
    return report


def _task(request, pk):
    task = get_object_or_404(Task.objects.select_related("plan__agency"), pk=pk)
    _plan(request, task.plan_id)
    return task


def _assessment(request, pk):
    assessment = get_object_or_404(Assessment.objects.select_related("agency", "evaluation__index_set"), pk=pk)
    if not selectors.is_reform_staff(request.user):
        actions._require_agency(request.user, assessment.agency)
    return assessment


def _criterion(assessment, code):
    criterion = assessment.evaluation.index_set.criteria.filter(code=code).first()
    if criterion is None:
        raise actions.problem(ErrorCode.NOT_LEAF, 400)
    return criterion


class PlanList(APIView):
    @extend_schema(responses=s.PlanSerializer(many=True))
    def get(self, request):
        qs = selectors.plans_for(request.user).select_related("agency")
        if "year" in request.query_params:
            qs = qs.filter(year=request.query_params["year"])
        return Response(s.PlanSerializer(qs, many=True).data)


class PlanDetail(APIView):
    @extend_schema(responses=s.PlanDetailSerializer)
    def get(self, request, pk):
        return Response(_detail(_plan(request, pk)))


class PlanCascade(APIView):
    @extend_schema(request=s.CascadeIn, responses={201: s.PlanDetailSerializer})
    def post(self, request, pk):
        data = _valid(s.CascadeIn, request)
        agency = agency_on(data["agency"])
        if agency is None:
            raise actions.problem(ErrorCode.OUT_OF_SCOPE, 400)
        provincial = _plan(request, pk)

        def compute():
            return _detail(actions.cascade_plan(request.user, provincial, agency, title=data["title"]))

        return _created(request, f"cascade:{pk}", compute)


class PlanTasks(APIView):
    @extend_schema(request=s.TaskIn, responses={201: s.TaskSerializer})
    def post(self, request, pk):
        plan = _plan(request, pk)
        data = _valid(s.TaskIn, request)
        section = plan.sections.filter(code=data.pop("section")).first()
        if section is None:
            raise actions.problem(ErrorCode.UNKNOWN_TASK, 400)
        return _created(
            request,
            f"task:{pk}",
            lambda: s.TaskSerializer(actions.add_task(request.user, plan, section=section, **data)).data,
        )


class PlanSubmit(APIView):
    @extend_schema(request=s.VersionIn, responses=s.PlanSerializer)
    def post(self, request, pk):
        data = _valid(s.VersionIn, request)
        plan = actions.submit_plan(request.user, _plan(request, pk), expected_version=data.get("version"))
        return Response(s.PlanSerializer(plan).data)


class PlanAccept(APIView):
    @extend_schema(request=s.CommentIn, responses=s.PlanSerializer)
    def post(self, request, pk):
        data = _valid(s.CommentIn, request)
        plan = actions.accept_plan(
            request.user, _plan(request, pk), comment=data["comment"], expected_version=data.get("version")
        )
        return Response(s.PlanSerializer(plan).data)


class PlanReturn(APIView):
    @extend_schema(request=s.CommentIn, responses=s.PlanSerializer)
    def post(self, request, pk):
        data = _valid(s.CommentIn, request)
        plan = actions.return_plan(
            request.user, _plan(request, pk), comment=data["comment"], expected_version=data.get("version")
        )
        return Response(s.PlanSerializer(plan).data)


class TaskProgress(APIView):
    @extend_schema(request=s.ProgressIn, responses=s.TaskSerializer)
    def post(self, request, pk):
        data = _valid(s.ProgressIn, request)
        task = actions.update_task_progress(request.user, _task(request, pk), **data)
        return Response(s.TaskSerializer(task).data)


class OverdueTasks(APIView):
    @extend_schema(responses=s.TaskSerializer(many=True))
    def get(self, request):
        today = timezone.localdate()
        year = int(request.query_params.get("year", today.year))
        ids = None
        if not selectors.is_reform_staff(request.user):
            ids = selectors.agency_ids_for(request.user, actions.AGENCY_ROLES)
        return Response(s.TaskSerializer(selectors.overdue_tasks(year, today, ids), many=True).data)


class PlanReports(APIView):
    @extend_schema(request=s.ReportIn, responses={201: s.ReportSerializer})
    def post(self, request, pk):
        data = _valid(s.ReportIn, request)
        plan = _plan(request, pk)
        return _created(
            request,
            f"report:{pk}",
            lambda: s.ReportSerializer(actions.create_report(request.user, plan, period=data["period"])).data,
        )


class ReportLines(APIView):
    @extend_schema(request=s.ReportLineIn, responses=s.ReportSerializer)
    def post(self, request, pk):
        report = _report(request, pk)
        data = _valid(s.ReportLineIn, request)
        task = report.plan.tasks.filter(pk=data["task"]).first()
        if task is None:
            raise actions.problem(ErrorCode.UNKNOWN_TASK, 400)
        actions.report_task(
            request.user, report, task, status=data["status"], progress=data["progress"], note=data["note"]
        )
        return Response(s.ReportSerializer(report).data)


class ReportSubmit(APIView):
    @extend_schema(request=s.ReportSubmitIn, responses=s.ReportSerializer)
    def post(self, request, pk):
        data = _valid(s.ReportSubmitIn, request)
        report = actions.submit_report(
            request.user,
            _report(request, pk),
            summary=data.get("summary"),
            figures=data.get("figures"),
            expected_version=data.get("version"),
        )
        return Response(s.ReportSerializer(report).data)


class ReportReview(APIView):
    @extend_schema(request=s.ReportReviewIn, responses=s.ReportSerializer)
    def post(self, request, pk):
        data = _valid(s.ReportReviewIn, request)
        report = actions.review_report(
            request.user,
            _report(request, pk),
            accept=data["accept"],
            comment=data["comment"],
            expected_version=data.get("version"),
        )
        return Response(s.ReportSerializer(report).data)


class AssessmentScores(APIView):
    @extend_schema(request=s.ScoreIn, responses=s.AssessmentSerializer)
    def post(self, request, pk):
        assessment = _assessment(request, pk)
        data = _valid(s.ScoreIn, request)
        actions.set_score(
            request.user,
            assessment,
            _criterion(assessment, data["criterion"]),
            field=data["field"],
            value=data["value"],
            reason=data["reason"],
        )
        return Response(s.AssessmentSerializer(assessment).data)


class AssessmentExplanations(APIView):
    @extend_schema(request=s.ExplanationIn, responses=s.AssessmentSerializer)
    def post(self, request, pk):
        assessment = _assessment(request, pk)
        data = _valid(s.ExplanationIn, request)
        actions.explain(request.user, assessment, _criterion(assessment, data["criterion"]), text=data["text"])
        return Response(s.AssessmentSerializer(assessment).data)


class EvaluationAdvance(APIView):
    @extend_schema(request=s.AdvanceIn, responses=s.AssessmentSerializer(many=True))
    def post(self, request, pk):
        data = _valid(s.AdvanceIn, request)
        evaluation = get_object_or_404(Evaluation, pk=pk)
        actions.advance_evaluation(request.user, evaluation, to=data["to"], expected_version=data.get("version"))
        return Response(s.AssessmentSerializer(selectors.ranking(evaluation), many=True).data)


class EvaluationPublish(APIView):
    @extend_schema(request=s.PublishIn, responses=s.AssessmentSerializer(many=True))
    def post(self, request, pk):
        data = _valid(s.PublishIn, request)
        evaluation = get_object_or_404(Evaluation, pk=pk)
        actions.publish_evaluation(
            request.user, evaluation, decision_number=data["decision_number"], expected_version=data.get("version")
        )
        return Response(s.AssessmentSerializer(selectors.ranking(evaluation), many=True).data)


class EvaluationRanking(APIView):
    @extend_schema(responses=s.AssessmentSerializer(many=True))
    def get(self, request, pk):
        evaluation = get_object_or_404(Evaluation, pk=pk)
        if not evaluation.frozen and not selectors.is_reform_staff(request.user):
            raise actions.problem(ErrorCode.FORBIDDEN, 403)
        return Response(s.AssessmentSerializer(selectors.ranking(evaluation), many=True).data)


def _agency(code: str):
    agency = agency_on(code)
    if agency is None:
        raise ProblemError("invalid", "agency", invalid_params=[InvalidParam("agency", "unknown", code)])
    return agency


class PlanIssue(APIView):
    @extend_schema(request=s.IssueIn, responses=s.PlanSerializer)
    def post(self, request, pk):
        data = _valid(s.IssueIn, request)
        plan = actions.issue_plan(
            request.user,
            _plan(request, pk),
            issued_on=data["issued_on"],
            document_number=data["document_number"],
            expected_version=data.get("version"),
        )
        return Response(s.PlanSerializer(plan).data)


class ReportEvidence(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=s.EvidenceIn, responses={201: s.ReportSerializer})
    def post(self, request, pk):
        report = _report(request, pk)
        data = _valid(s.EvidenceIn, request)
        actions.add_evidence(
            request.user, report=report, description=data["description"], file=data.get("file"), url=data["url"]
        )
        return Response(s.ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class IndexSetOpen(APIView):
    @extend_schema(request=s.OpenEvaluationIn, responses={201: s.AssessmentSerializer(many=True)})
    def post(self, request, pk):
        data = _valid(s.OpenEvaluationIn, request)
        index_set = get_object_or_404(IndexSet, pk=pk)
        evaluation = actions.open_evaluation(request.user, index_set, [_agency(c) for c in data["agencies"]])
        return Response(
            s.AssessmentSerializer(selectors.ranking(evaluation), many=True).data, status=status.HTTP_201_CREATED
        )


class AssessmentSubmit(APIView):
    @extend_schema(request=None, responses=s.AssessmentSerializer)
    def post(self, request, pk):
        assessment = actions.submit_self_assessment(request.user, _assessment(request, pk))
        return Response(s.AssessmentSerializer(assessment).data)


class AssessmentCompute(APIView):
    @extend_schema(request=None, responses={200: {"type": "object", "properties": {"missing": {"type": "array"}}}})
    def post(self, request, pk):
        missing = actions.compute_formula_scores(request.user, _assessment(request, pk))
        return Response({"missing": missing})


class AssessmentAdjustments(APIView):
    @extend_schema(request=s.AdjustmentIn, responses={201: s.AssessmentSerializer})
    def post(self, request, pk):
        assessment = _assessment(request, pk)
        data = _valid(s.AdjustmentIn, request)
        actions.add_adjustment(request.user, assessment, **data)
        return Response(s.AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class MetricValues(APIView):
    @extend_schema(responses={200: {"type": "array", "items": {"type": "object"}}})
    def get(self, request):
        return Response([{"name": m.name, "label": str(m.label), "unit": m.unit} for m in metrics.METRICS.values()])

    @extend_schema(request=s.MetricValueIn, responses={201: s.MetricValueIn})
    def post(self, request):
        data = _valid(s.MetricValueIn, request)
        data["agency"] = _agency(data["agency"])
        row = actions.enter_metric_value(request.user, **data)
        out = {"metric": row.metric, "agency": row.agency.code, "year": row.year, "value": str(row.value)}
        return Response({**out, "evidence": row.evidence}, status=status.HTTP_201_CREATED)


class InspectionPlans(APIView):
    @extend_schema(request=s.InspectionPlanIn, responses={201: {"type": "object"}})
    def post(self, request):
        data = _valid(s.InspectionPlanIn, request)
        plan = actions.create_inspection_plan(request.user, **data)
        return Response({"id": plan.pk, "year": plan.year, "title": plan.title}, status=status.HTTP_201_CREATED)


class InspectionPlanInspections(APIView):
    @extend_schema(request=s.InspectionIn, responses={201: s.InspectionSerializer})
    def post(self, request, pk):
        data = _valid(s.InspectionIn, request)
        plan = get_object_or_404(InspectionPlan, pk=pk)
        inspection = actions.schedule_inspection(
            request.user, plan, agency=_agency(data["agency"]), scheduled_on=data["scheduled_on"], scope=data["scope"]
        )
        return Response(s.InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)


class InspectionRecord(APIView):
    @extend_schema(request=s.InspectionRecordIn, responses=s.InspectionSerializer)
    def post(self, request, pk):
        data = _valid(s.InspectionRecordIn, request)
        inspection = get_object_or_404(Inspection, pk=pk)
        actions.record_inspection(
            request.user,
            inspection,
            carried_out_on=data["carried_out_on"],
            conclusion=data["conclusion"],
            findings=data["findings"],
            recommendations=[(r["text"], r["deadline"]) for r in data["recommendations"]],
        )
        return Response(s.InspectionSerializer(inspection).data)


class InspectionClose(APIView):
    @extend_schema(request=None, responses=s.InspectionSerializer)
    def post(self, request, pk):
        inspection = actions.close_inspection(request.user, get_object_or_404(Inspection, pk=pk))
        return Response(s.InspectionSerializer(inspection).data)


def _recommendation(request, pk) -> Recommendation:
    rec = get_object_or_404(Recommendation.objects.select_related("inspection__agency"), pk=pk)
    if not selectors.is_reform_staff(request.user):
        actions._require_agency(request.user, rec.inspection.agency)
    return rec


class RecommendationRespond(APIView):
    @extend_schema(request=s.ResponseIn, responses=s.InspectionSerializer)
    def post(self, request, pk):
        data = _valid(s.ResponseIn, request)
        rec = actions.respond_recommendation(request.user, _recommendation(request, pk), response=data["response"])
        return Response(s.InspectionSerializer(rec.inspection).data)


class RecommendationReview(APIView):
    @extend_schema(request=s.RecommendationReviewIn, responses=s.InspectionSerializer)
    def post(self, request, pk):
        data = _valid(s.RecommendationReviewIn, request)
        rec = actions.review_recommendation(
            request.user, _recommendation(request, pk), close=data["close"], comment=data["comment"]
        )
        return Response(s.InspectionSerializer(rec.inspection).data)
