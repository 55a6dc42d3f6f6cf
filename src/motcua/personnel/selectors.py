"""Read queries of the personnel app: who may see which agency, quota status, vacancies, workforce structure."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.accounts.constants import PROVINCE_WIDE_ROLES
from motcua.accounts.permissions import agency_ids_for, has_province_scope
from motcua.divisions.models import Agency
from motcua.divisions.selectors import valid_on
from motcua.personnel.constants import PERSONNEL_ROLES, StaffingWarning
from motcua.personnel.models import (
    JobPosition,
    PersonCompetency,
    PersonnelRecord,
    StaffingAuthority,
    StaffingQuota,
    TrainingOffer,
)


def active_on(day: date, prefix: str = "") -> Q:
    """Personnel records in post on `day` (valid_to exclusive)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def _authority_agency_ids(day: date) -> set[int]:
    return set(StaffingAuthority.objects.filter(valid_on(day)).values_list("agency_id", flat=True))


def has_personnel_province_scope(user, day: date | None = None) -> bool:
    """A province administrator, a superuser, or personnel staff of the staffing authority (Sở Nội vụ)."""
    if not user.is_authenticated:
        return False
    if has_province_scope(user, PROVINCE_WIDE_ROLES):
        return True
    day = day or timezone.localdate()
    authorities = _authority_agency_ids(day)
    return bool(authorities & agency_ids_for(user, PERSONNEL_ROLES))


def managed_agency_ids(user) -> set[int] | None:
    """Agencies whose personnel data `user` manages; None = every agency of the province."""
    if has_personnel_province_scope(user):
        return None
    return agency_ids_for(user, PERSONNEL_ROLES)


def leader_agency_ids(user) -> set[int]:
    """Agencies `user` leads (the head who approves plans)."""
    from motcua.accounts.constants import Role

    return agency_ids_for(user, {Role.LEADER})


def can_manage(user, agency: Agency | int) -> bool:
    ids = managed_agency_ids(user)
    pk = agency if isinstance(agency, int) else agency.pk
    return ids is None or pk in ids


def scoped(user, queryset: QuerySet, agency_field: str = "agency") -> QuerySet:
    ids = managed_agency_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{agency_field}__in": ids})


def quota_day(year: int, today: date | None = None) -> date:
    """The day on which a year's quota use is counted: today in the current year, 31/12 of a past year,
    1/1 of a future year."""
    today = today or timezone.localdate()
    if year == today.year:
        return today
    return date(year, 12, 31) if year < today.year else date(year, 1, 1)


def used_count(agency: Agency | int, day: date) -> int:
    return PersonnelRecord.objects.filter(active_on(day), agency=agency).count()


@dataclass(frozen=True)
class QuotaStatus:
    agency_id: int
    agency_name: str
    year: int
    assigned: int | None
    used: int
    day: date

    @property
    def vacant(self) -> int | None:
        return None if self.assigned is None else max(self.assigned - self.used, 0)

    @property
    def over_by(self) -> int:
        return 0 if self.assigned is None else max(self.used - self.assigned, 0)

    @property
    def warnings(self) -> list[str]:
        if self.assigned is None:
            return [StaffingWarning.NO_QUOTA.value]
        return [StaffingWarning.OVER_QUOTA.value] if self.over_by else []


def quota_statuses(
    agencies: QuerySet[Agency] | list[Agency], year: int, today: date | None = None
) -> list[QuotaStatus]:
    """Assigned, used (from personnel records) and vacant staffing per agency for `year`; 3 queries."""
    day = quota_day(year, today)
    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    assigned = dict(StaffingQuota.objects.filter(agency_id__in=ids, year=year).values_list("agency_id", "assigned"))
    used = dict(
        PersonnelRecord.objects.filter(active_on(day), agency_id__in=ids)
        .values("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    return [QuotaStatus(a.pk, a.name, year, assigned.get(a.pk), used.get(a.pk, 0), day) for a in agencies]


def quota_status(agency: Agency, year: int, today: date | None = None) -> QuotaStatus:
    return quota_statuses([agency], year, today)[0]


@dataclass(frozen=True)
class ProvinceAllocation:
    """The province's quota (assigned to it, held by the People's Committee) against what it allocated down
    to its provincial agencies and what they use: allocated ≤ assigned; used ≤ allocated except `over`."""

    year: int
    assigned: int
    allocated: int
    used: int
    over: list[QuotaStatus]

    @property
    def reserve(self) -> int:
        return self.assigned - self.allocated


def province_allocation(year: int, today: date | None = None) -> ProvinceAllocation | None:
    from motcua.divisions.constants import AgencyKind, Tier

    own = (
        StaffingQuota.objects.filter(year=year, agency__kind=AgencyKind.PEOPLES_COMMITTEE, agency__tier=Tier.PROVINCE)
        .select_related("agency")
        .first()
    )
    if own is None:
        return None
    agencies = Agency.objects.filter(
        staffing_quotas__year=year, tier=Tier.PROVINCE, unit_id=own.agency.unit_id
    ).exclude(pk=own.agency_id)
    statuses = [s for s in quota_statuses(agencies, year, today) if s.assigned is not None]
    return ProvinceAllocation(
        year=year,
        assigned=own.assigned,
        allocated=sum(s.assigned for s in statuses),
        used=sum(s.used for s in statuses),
        over=[s for s in statuses if s.over_by],
    )


@dataclass
class PositionVacancy:
    position_id: int
    code: str
    name: str
    group: str
    rank_code: str
    headcount: int
    filled: int

    @property
    def vacant(self) -> int:
        return max(self.headcount - self.filled, 0)


@dataclass
class AgencyVacancies:
    agency_id: int
    agency_name: str
    positions: list[PositionVacancy] = field(default_factory=list)

    @property
    def headcount(self) -> int:
        return sum(p.headcount for p in self.positions)

    @property
    def filled(self) -> int:
        return sum(p.filled for p in self.positions)

    @property
    def vacant(self) -> int:
        return sum(p.vacant for p in self.positions)


def vacancy_report(agencies: QuerySet[Agency] | list[Agency], day: date | None = None) -> list[AgencyVacancies]:
    """Per agency and job position valid on `day`: headcount, people in post, vacancies. 2 queries."""
    day = day or timezone.localdate()
    agencies = list(agencies)
    by_agency = {a.pk: AgencyVacancies(a.pk, a.name) for a in agencies}
    positions = (
        JobPosition.objects.filter(valid_on(day), agency_id__in=list(by_agency))
        .select_related("rank")
        .annotate(filled=Count("records", filter=active_on(day, "records__")))
        .order_by("agency_id", "group", "code")
    )
    for p in positions:
        by_agency[p.agency_id].positions.append(
            PositionVacancy(p.pk, p.code, p.name, p.group, p.rank.code, p.headcount, p.filled)
        )
    return list(by_agency.values())


def province_vacancy_totals(report: list[AgencyVacancies]) -> dict[str, int]:
    return {
        "agencies": len(report),
        "headcount": sum(a.headcount for a in report),
        "filled": sum(a.filled for a in report),
        "vacant": sum(a.vacant for a in report),
    }


def workforce_structure(agency: Agency, day: date | None = None) -> dict:
    """People in post by rank and by qualification, against what the agency's positions require."""
    day = day or timezone.localdate()
    records = PersonnelRecord.objects.filter(active_on(day), agency=agency).select_related("rank")
    by_rank = Counter(r.rank.code for r in records)
    by_qualification = Counter(r.qualification for r in records)
    required_by_rank: dict[str, int] = defaultdict(int)
    for p in JobPosition.objects.filter(valid_on(day), agency=agency).select_related("rank"):
        required_by_rank[p.rank.code] += p.headcount
    return {
        "by_rank": dict(by_rank),
        "required_by_rank": dict(required_by_rank),
        "by_qualification": {int(k): v for k, v in by_qualification.items()},
    }


def vacant_positions(agency: Agency | None = None, day: date | None = None) -> list[PositionVacancy]:
    """Positions with at least one vacancy (the basis of a recruitment plan)."""
    agencies = [agency] if agency else list(Agency.objects.filter(job_positions__isnull=False).distinct())
    return [p for a in vacancy_report(agencies, day) for p in a.positions if p.vacant > 0]


# ------------------------------------------------------------------ training: competency gaps


@dataclass
class CompetencyGap:
    record: PersonnelRecord
    missing: list[str]


def competency_gaps(agency: Agency | int, day: date | None = None) -> list[CompetencyGap]:
    """People in post whose job position requires competencies they have not shown yet. 2 queries."""
    day = day or timezone.localdate()
    records = list(
        PersonnelRecord.objects.filter(active_on(day), agency=agency)
        .select_related("person", "position")
        .order_by("position__code", "person__full_name")
    )
    held: dict[int, set[str]] = defaultdict(set)
    for person_id, name in PersonCompetency.objects.filter(
        person_id__in=[r.person_id for r in records], attained_on__lte=day
    ).values_list("person_id", "name"):
        held[person_id].add(name)
    out = []
    for record in records:
        missing = [c for c in _competency_names(record.position.competencies) if c not in held[record.person_id]]
        if missing:
            out.append(CompetencyGap(record, missing))
    return out


def _competency_names(framework) -> list[str]:
    """A position's framework is a list of names or of {"name": …, "level": …}."""
    return [c["name"] if isinstance(c, dict) else str(c) for c in framework or []]


def training_offers(day: date) -> dict[str, TrainingOffer]:
    """The course in force for each competency (the latest valid on `day`)."""
    out: dict[str, TrainingOffer] = {}
    for offer in TrainingOffer.objects.filter(valid_on(day)).order_by("competency", "-valid_from"):
        out.setdefault(offer.competency, offer)
    return out


# ------------------------------------------------------------------ evidence for the yearly evaluation


def late_steps(person, year: int, now=None) -> list:
    """Dossier steps `person` held past their due time in `year` (finished late, or still open and overdue):
    the lateness attributed to the officer (the step's holder and due time are set by motcua.dossiers.actions).
    dossiers.selectors.lateness_by_holder counts dossier-level overdue marks per agency with no end date; this
    is the per-step view of one officer in one year."""
    from django.db.models import F

    from motcua.dossiers.models import DossierStep

    now = now or timezone.now()
    late = Q(finished_at__gt=F("due_at")) | Q(finished_at__isnull=True, due_at__lt=now)
    return list(
        DossierStep.objects.filter(late, holder=person, due_at__year=year).select_related("dossier").order_by("due_at")
    )


def conduct_feedback(person, year: int) -> list:
    """Citizens' feedback about the officer's conduct in `year`, shown to the evaluator.

    TODO(feedback): read it from the feedback app (src/motcua/feedback/, being built in parallel) once its
    selectors exist — e.g. feedback about `person` received in `year`, with its outcome. Empty until then."""
    return []


def evaluation_evidence(person, year: int, now=None) -> dict:
    """What the evaluator sees next to the score: dossier lateness attributed to the officer and citizens'
    conduct feedback. Stored with the evaluation (JSON) so that the grade can be explained later."""
    steps = late_steps(person, year, now)
    return {
        "late_steps": len(steps),
        "late_examples": [
            {
                "dossier": s.dossier.code,
                "step": s.name,
                "due": s.due_at.isoformat(),
                "finished": s.finished_at.isoformat() if s.finished_at else None,
            }
            for s in steps[:10]
        ],
        "feedback": conduct_feedback(person, year),
    }
