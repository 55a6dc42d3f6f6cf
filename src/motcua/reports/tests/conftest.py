"""Fixtures of the reports tests: the dossier world (`dw`) and a hand-built month of agency A."""

import pytest

from motcua.dossiers import actions
from motcua.dossiers.constants import Channel
from motcua.dossiers.tests.conftest import DossierWorld, at, dw  # noqa: F401 — the dossier world fixture


def resolve(world, dossier, day, hhmm="09:00"):
    dossier = actions.assign(dossier, actor=world.desk_a, now=at(day, "08:30"), to_user=world.specialist_a)
    dossier = actions.forward(dossier, actor=world.specialist_a, now=at(day, "08:40"))
    dossier = actions.forward(dossier, actor=world.specialist_a, now=at(day, "08:50"), to_user=world.leader_a)
    return actions.finish(dossier, actor=world.leader_a, now=at(day, hhmm))


def submit(world, day, hhmm="20:00"):
    return actions.submit(
        None,
        actor=world.citizen,
        now=at(day, hhmm),
        procedure=world.procedure,
        agency=world.agency_a,
        applicant=world.applicant(),
    )


@pytest.fixture
def month(dw):  # noqa: F811 — the fixture imported above
    """A month of agency A, built in time order; `names` maps each dossier's role in the story to its id."""
    d = {}
    d["carried_late"] = dw.receive(now=at("2026-02-25"))  # due Mon 2/3; finished Tue 3/3 → late, carried
    d["february_only"] = dw.receive(now=at("2026-02-20"))
    resolve(dw, d["february_only"], "2026-02-23")
    resolve(dw, d["carried_late"], "2026-03-03")
    d["refused"] = actions.refuse(
        None, actor=dw.desk_a, now=at("2026-03-05"), reason="Sai thẩm quyền", procedure=dw.procedure,
        agency=dw.agency_a, applicant=dw.applicant(),
    )  # fmt: skip
    d["overdue_online"] = actions.receive(submit(dw, "2026-03-09"), actor=dw.desk_a, now=at("2026-03-10"))
    d["early"] = dw.receive(now=at("2026-03-10", "09:00"))
    resolve(dw, d["early"], "2026-03-11")
    d["withdrawn"] = dw.receive(now=at("2026-03-12"))
    actions.withdraw(d["withdrawn"], actor=dw.desk_a, now=at("2026-03-13"), reason="Xin rút")
    d["withdrawn_unreceived"] = submit(dw, "2026-03-14")
    actions.withdraw(d["withdrawn_unreceived"], actor=dw.citizen, now=at("2026-03-15"))
    d["stopped"] = dw.receive(now=at("2026-03-17"))
    d["stopped"] = actions.request_supplement(
        d["stopped"], actor=dw.desk_a, now=at("2026-03-17", "09:00"), reason="Thiếu bản sao"
    )
    assert actions.mark_overdue(now=at("2026-03-20")) == 1  # only overdue_online: the stopped one is paused
    actions.stop(d["stopped"], actor=dw.leader_a, now=at("2026-03-25"), reason="Không bổ sung")
    d["postal_in_time"] = dw.receive(now=at("2026-03-30"), channel=Channel.POSTAL)
    d["april"] = dw.receive(now=at("2026-04-01"))
    return {name: dossier.pk for name, dossier in d.items()}
