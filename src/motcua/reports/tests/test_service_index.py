"""The public-service index (Decision 766/QĐ-TTg) on the hand-built month: every formula counted by hand."""

from datetime import date
from decimal import Decimal

import pytest

from motcua.dossiers.constants import DocumentKind
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.payments.constants import PaymentStatus, Purpose
from motcua.payments.models import Payment
from motcua.portal.models import Survey
from motcua.procedures.constants import OnlineLevel
from motcua.procedures.tests.factories import DocumentFactory
from motcua.reports import selectors, service_index
from motcua.reports.tests.conftest import at

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _doc(dossier_id, kind):
    DossierDocument.objects.create(
        dossier_id=dossier_id, kind=kind, name="scan.pdf", file="dossiers/scan.pdf", sha256="0" * 64, size=1,
        content_type="application/pdf",
    )  # fmt: skip


def _payment(dossier_id, status, n):
    Payment.objects.create(
        dossier_id=dossier_id, purpose=Purpose.SUBMISSION_FEE, amount=20000, provider="simulator",
        reference=f"T{n}", status=status, created_at=at("2026-03-10"),
    )  # fmt: skip


@pytest.fixture
def evidence(dw, month):
    """March of agency A, with documents, fees, payments and one survey (the counts in each test)."""
    DocumentFactory(procedure=dw.procedure)  # procedure P lists its documents; L lists none
    type(dw.inter_procedure).objects.filter(pk=dw.inter_procedure.pk).update(online_level=OnlineLevel.NONE)
    _doc(month["early"], DocumentKind.APPLICATION)
    _doc(month["overdue_online"], DocumentKind.APPLICATION)
    _doc(month["early"], DocumentKind.RESULT)
    _doc(month["carried_late"], DocumentKind.APPLICATION)  # received in February: not in March's 3.1
    Dossier.objects.filter(pk__in=[month["early"], month["withdrawn"], month["overdue_online"]]).update(fee_total=20000)
    _payment(month["early"], PaymentStatus.PAID, 1)
    _payment(month["withdrawn"], PaymentStatus.PENDING, 2)
    Survey.objects.create(dossier_id=month["early"], time=3, attitude=3, publicity=2, ease=1, cost=2)
    return month


EXPECTED = {  # code: (numerator, denominator, points)
    "1.3": (1, 2, "2.00"),  # P complete, L has no documents
    "2.1": (1, 2, "10.00"),  # early of {early, carried_late}
    "3.1": (2, 5, "3.20"),  # early, overdue_online of the 5 received in March
    "3.2": (1, 2, "4.00"),  # early has its result stored; carried_late not
    "4.1": (1, 2, "2.00"),  # P is online, L is not
    "4.2": (1, 5, "1.60"),  # overdue_online of 5 received
    "4.3": (1, 3, "3.33"),  # early paid; withdrawn pending; overdue_online unpaid
    "5.1": (4, 5, "4.80"),  # 4 of 5 answers satisfied or better
    "5.2": (1, 2, "3.00"),  # one survey of the two resolved
}


def test_each_indicator_counts_exactly_the_hand_counted_dossiers(dw, evidence):
    result = selectors.service_index_for(dw.province_admin, *MARCH, agency_id=dw.agency_a.pk)
    got = {r.indicator.code: r for g in result.groups for r in g.indicators}
    for code, (numerator, denominator, points) in EXPECTED.items():
        r = got[code]
        assert (r.numerator, r.denominator, r.score) == (numerator, denominator, Decimal(points)), code
    no_data = {code for code, r in got.items() if not r.computable}
    assert no_data == {"1.1", "1.2", "1.4", "2.2", "3.3", "5.3"}
    assert all(got[c].score is None for c in no_data)
    assert result.score == sum(Decimal(p) for _n, _d, p in EXPECTED.values()) == Decimal("33.93")
    assert result.points == 100 and result.computable_points == 74


def test_the_indicator_set_is_data_with_its_source_and_dates():
    (index_set,) = service_index.index_sets()
    assert index_set.source.startswith("Decision 766/QĐ-TTg") and index_set.valid_from == date(2022, 6, 23)
    assert [(g.code, g.points) for g in index_set.groups] == [
        ("publicity", 18), ("progress", 20), ("digitisation", 22), ("online", 22), ("satisfaction", 18),
    ]  # fmt: skip
    with pytest.raises(LookupError):
        service_index.index_set_on(date(2022, 6, 22))


def test_nothing_to_judge_scores_nothing_and_other_agencies_are_out_of_scope(dw, evidence):
    result = selectors.service_index_for(
        dw.province_admin, date(2026, 6, 1), date(2026, 6, 30), agency_id=dw.agency_a.pk
    )
    on_time = result.groups[1].indicators[0]
    assert on_time.denominator == 0 and on_time.rate is None and on_time.score is None
    assert result.computable_points == 8  # only the catalogue's 1.3 and 4.1 have something to judge in June
    with pytest.raises(Exception) as denied:
        selectors.service_index_for(dw.specialist_b, *MARCH, agency_id=dw.agency_a.pk)
    assert getattr(denied.value, "status", None) == 403
    mine = selectors.service_index_for(dw.specialist_b, *MARCH)  # agency B: nothing received in March
    assert mine.groups[3].indicators[1].denominator == 0
