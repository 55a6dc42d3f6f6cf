"""Read queries and permission checks of the recruitment app."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.constants import Role
from motcua.accounts.permissions import agency_ids_for, has_province_scope
from motcua.personnel import selectors as personnel
from motcua.recruitment.constants import CouncilRole, RoundStatus
from motcua.recruitment.models import (
    Application,
    CouncilMember,
    ExamFeeSchedule,
    ExamSession,
    RecruitmentRound,
    RecruitmentRuleSet,
)

PUBLIC_STATUSES = [s for s in RoundStatus if s not in (RoundStatus.DRAFT, RoundStatus.APPROVED)]


def rules_on(day) -> RecruitmentRuleSet | None:
    from motcua.divisions.selectors import valid_on

    return RecruitmentRuleSet.objects.filter(valid_on(day)).order_by("-valid_from").first()


def fee_schedule_on(day) -> ExamFeeSchedule | None:
    from motcua.divisions.selectors import valid_on

    return ExamFeeSchedule.objects.filter(valid_on(day)).order_by("-valid_from").first()


ELIGIBLE_LIST_STATUSES = PUBLIC_STATUSES[PUBLIC_STATUSES.index(RoundStatus.ELIGIBILITY_PUBLISHED) :]


def eligible_list(round_: RecruitmentRound) -> list[Application]:
    """The published list of eligible candidates (danh sách thí sinh đủ điều kiện dự thi): number, name,
    date of birth, position — nothing else about them is public."""
    if round_.status not in ELIGIBLE_LIST_STATUSES:
        return []
    return list(
        round_.applications.filter(status="eligible")
        .select_related("round_position__position")
        .only("candidate_number", "full_name", "birth_date", "gender", "round_position__position__name")
        .order_by("candidate_number")
    )


def can_manage_round(user, round_or_agency) -> bool:
    """Personnel staff of the recruiting authority (or with province scope) run the round."""
    agency_id = getattr(round_or_agency, "agency_id", None) or getattr(round_or_agency, "pk", round_or_agency)
    return user.is_authenticated and personnel.can_manage(user, agency_id)


def can_approve_round(user, round_: RecruitmentRound) -> bool:
    """The head of the recruiting authority (a leader there) or a province administrator approves the plan."""
    if not user.is_authenticated:
        return False
    return has_province_scope(user) or round_.agency_id in agency_ids_for(user, {Role.LEADER})


def council_role(user, round_: RecruitmentRound) -> str | None:
    if not user.is_authenticated:
        return None
    return CouncilMember.objects.filter(round=round_, user=user).values_list("role", flat=True).first()


def is_chair(user, round_: RecruitmentRound) -> bool:
    return council_role(user, round_) == CouncilRole.CHAIR


def public_rounds() -> QuerySet[RecruitmentRound]:
    return RecruitmentRound.objects.filter(status__in=PUBLIC_STATUSES).select_related("agency")


def managed_rounds(user) -> QuerySet[RecruitmentRound]:
    ids = personnel.managed_agency_ids(user)
    qs = RecruitmentRound.objects.select_related("agency")
    if ids is None:
        return qs
    return qs.filter(agency_id__in=ids)


def visible_applications(user) -> QuerySet[Application]:
    """A candidate sees their own applications; personnel staff those of the rounds they run; council
    members those of their rounds; nobody else sees any."""
    if not user.is_authenticated:
        return Application.objects.none()
    qs = Application.objects.select_related("round", "round_position__position")
    own = qs.filter(candidate=user)
    round_ids = set(managed_rounds(user).values_list("pk", flat=True))
    round_ids |= set(CouncilMember.objects.filter(user=user).values_list("round_id", flat=True))
    if not round_ids:
        return own
    return qs.filter(pk__in=own.values("pk")) | qs.filter(round_id__in=round_ids)


def own_session(user, session_id: int) -> ExamSession | None:
    """Exam sessions are only ever served to their own candidate."""
    if not user.is_authenticated:
        return None
    return (
        ExamSession.objects.select_related("application__round__rule_set")
        .filter(pk=session_id, application__candidate=user)
        .first()
    )


def published_results(round_: RecruitmentRound) -> list[Application]:
    if round_.status != RoundStatus.RESULTS_PUBLISHED:
        return []
    return list(
        round_.applications.filter(result__in=["passed", "head_decides", "failed"])
        .exclude(rank__isnull=True)
        .select_related("round_position__position")
        .order_by("round_position", "rank", "candidate_number")
    )


def can_manage_any(user) -> bool:
    """Personnel staff somewhere (or with province scope)."""
    ids = personnel.managed_agency_ids(user)
    return ids is None or bool(ids)


def home_agency(user):
    """The agency where the user is personnel staff (the recruiting authority of rounds they create)."""
    membership = user.memberships.filter(role__in=list(personnel.PERSONNEL_ROLES)).select_related("agency").first()
    return membership.agency if membership else None


def plannable_vacancies(user) -> list:
    """Vacant positions in the agencies the user manages: the basis of a recruitment plan."""
    from motcua.divisions.models import Agency

    ids = personnel.managed_agency_ids(user)
    agencies = Agency.objects.filter(job_positions__isnull=False).distinct()
    if ids is not None:
        agencies = agencies.filter(pk__in=ids)
    return [p for a in personnel.vacancy_report(agencies) for p in a.positions if p.vacant > 0]
