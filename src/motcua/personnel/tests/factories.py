"""Factories for the personnel app (importable by recruitment tests)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from motcua.divisions.tests.factories import AgencyFactory
from motcua.personnel.constants import PositionGroup, Qualification
from motcua.personnel.models import JobPosition, PersonnelRecord, Rank, StaffingQuota


class RankFactory(DjangoModelFactory):
    class Meta:
        model = Rank
        django_get_or_create = ("code",)

    code = "01.003"
    name = "Chuyên viên"
    level = 3
    min_qualification = Qualification.BACHELOR


class JobPositionFactory(DjangoModelFactory):
    class Meta:
        model = JobPosition

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"CN-{n:03d}")
    name = factory.Sequence(lambda n: f"Chuyên viên lĩnh vực {n}")
    group = PositionGroup.PROFESSIONAL
    rank = factory.SubFactory(RankFactory)
    min_qualification = Qualification.BACHELOR
    headcount = 3
    valid_from = date(2025, 7, 1)


class StaffingQuotaFactory(DjangoModelFactory):
    class Meta:
        model = StaffingQuota

    agency = factory.SubFactory(AgencyFactory)
    year = 2026
    assigned = 10


class PersonnelRecordFactory(DjangoModelFactory):
    class Meta:
        model = PersonnelRecord

    person = factory.SubFactory("motcua.personnel.tests.factories.UserFactory")
    position = factory.SubFactory(JobPositionFactory)
    agency = factory.SelfAttribute("position.agency")
    rank = factory.SelfAttribute("position.rank")
    qualification = Qualification.BACHELOR
    valid_from = date(2025, 7, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "accounts.User"

    username = factory.Sequence(lambda n: f"person{n}")
    full_name = factory.Sequence(lambda n: f"Công Chức {n}")
