"""Factories for the catalogue; units and agencies come from the divisions factories."""

from __future__ import annotations

from decimal import Decimal

import factory

from motcua.accounts.constants import Role
from motcua.divisions.constants import AgencyKind, Tier
from motcua.divisions.models import Agency
from motcua.divisions.tests.factories import CommuneFactory, PeoplesCommitteeFactory
from motcua.procedures.constants import DocumentForm, FeeKind, OnlineLevel, TimeUnit
from motcua.procedures.models import FeeItem, Field, PerformingAgency, Procedure, Process, ProcessStep, RequiredDocument


class AgencyFactory(PeoplesCommitteeFactory):
    """By default the People's Committee of a new commune: the commonest performer of a procedure."""

    unit = factory.SubFactory(CommuneFactory)


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"field-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"9.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm số {n}")
    field = factory.SubFactory(FieldFactory)
    at_commune = True
    time_value = Decimal(3)
    time_unit = TimeUnit.WORKING_DAYS
    online_level = OnlineLevel.FULL
    result = "Kết quả"

    class Params:
        same_day = factory.Trait(time_value=Decimal(0), time_unit=TimeUnit.SAME_DAY)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    procedure = factory.SubFactory(ProcedureFactory)
    position = factory.Sequence(int)
    name = "Tờ khai theo mẫu"
    form = DocumentForm.ORIGINAL


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeItem

    procedure = factory.SubFactory(ProcedureFactory)
    name = "Lệ phí"
    kind = FeeKind.FIXED
    amount = Decimal(20000)


class PerformerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerformingAgency

    procedure = factory.SubFactory(ProcedureFactory)
    tier = Tier.COMMUNE
    kind = AgencyKind.PEOPLES_COMMITTEE


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    procedure = factory.SubFactory(ProcedureFactory)
    agency = factory.SubFactory(AgencyFactory)


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessStep

    process = factory.SubFactory(ProcessFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = "Thẩm định"
    role = Role.SPECIALIST
    allotted_hours = Decimal(8)


def process_with_steps(procedure: Procedure, agency: Agency, hours: list[int | str]) -> Process:
    """A process of `procedure` at `agency` whose steps take `hours` (desk, specialists…, leader)."""
    process = Process.objects.create(procedure=procedure, agency=agency)
    roles = [Role.DESK_OFFICER, *([Role.SPECIALIST] * (len(hours) - 2)), Role.LEADER]
    for position, (h, role) in enumerate(zip(hours, roles, strict=True), start=1):
        ProcessStep.objects.create(
            process=process, position=position, name=f"Bước {position}", role=role, allotted_hours=Decimal(str(h))
        )
    return process
