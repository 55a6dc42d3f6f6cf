"""A small world for dossier tests: agency A (a department) handles procedure P in 3 working days with
four steps (desk 4 h, specialist 12 h, specialist 4 h, leader 4 h); the inter-agency procedure L passes
its second step to agency B (a commune People's Committee). Clocks run on the built-in 2026 calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.constants import Role
from motcua.core.testing import World, build_world, make_user
from motcua.dossiers import actions
from motcua.procedures.models import Process, ProcessStep
from motcua.procedures.tests.factories import ProcedureFactory, process_with_steps

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: str, hhmm: str = "08:00") -> datetime:
    """A local (UTC+7) instant: at("2026-03-10", "08:00")."""
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=VN)


@dataclass
class DossierWorld:
    world: World
    procedure: object
    inter_procedure: object
    process: Process

    def __getattr__(self, name):
        return getattr(self.world, name)

    def applicant(self, **extra) -> dict:
        return {"name": "Nguyễn Văn An", "citizen_id": "087090001234", "phone": "0912345678", **extra}

    def receive(self, *, now=None, procedure=None, actor=None, **kw):
        return actions.receive(
            None,
            actor=actor or self.world.desk_a,
            now=now or at("2026-03-10"),
            procedure=procedure or self.procedure,
            agency=self.world.agency_a,
            applicant=self.applicant(),
            **kw,
        )


@pytest.fixture
def dw(db) -> DossierWorld:
    world = build_world()
    world.people["specialist_a"] = make_user("specialist_a", (world.agency_a, Role.SPECIALIST))
    world.people["leader_b"] = make_user("leader_b", (world.agency_b, Role.LEADER))
    world.people["desk_b"] = make_user("desk_b", (world.agency_b, Role.DESK_OFFICER))
    procedure = ProcedureFactory(code="1.000001", time_value=Decimal(3))
    process = process_with_steps(procedure, world.agency_a, [4, 12, 4, 4])
    inter = ProcedureFactory(code="1.000002", time_value=Decimal(2), inter_agency=True)
    inter_process = process_with_steps(inter, world.agency_a, [4, 4, 4, 4])
    ProcessStep.objects.filter(process=inter_process, position=2).update(
        handler_agency=world.agency_b, inter_agency=True
    )
    ProcessStep.objects.filter(process=inter_process, position=3).update(role=Role.LEADER)
    ProcessStep.objects.filter(process=inter_process, position=3).update(handler_agency=world.agency_b)
    return DossierWorld(world, procedure, inter, process)
