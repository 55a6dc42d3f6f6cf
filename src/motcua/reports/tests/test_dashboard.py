"""Timeliness per officer (hand-counted steps), the leaders' dashboard and index pages, the API, and exports run
as background tasks (the immediate backend of settings_test) that open with openpyxl."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from motcua.dossiers import actions
from motcua.reports import selectors
from motcua.reports.models import ExportRequest
from motcua.reports.tests.conftest import at

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
FIRST_TEN = (date(2026, 3, 1), date(2026, 3, 10))


@pytest.fixture
def steps(dw):
    """Two dossiers received Tue 10/3 08:00 by desk_a (reception step: 4 working hours); d1 handed on a day late,
    d2 within 30 minutes; both then sit with specialist_a (12 h step) and go overdue (swept on 20/3)."""
    d1 = dw.receive(now=at("2026-03-10"))
    d2 = dw.receive(now=at("2026-03-10"))
    actions.assign(d2, actor=dw.desk_a, now=at("2026-03-10", "08:30"), to_user=dw.specialist_a)
    actions.assign(d1, actor=dw.desk_a, now=at("2026-03-11"), to_user=dw.specialist_a)
    assert actions.mark_overdue(now=at("2026-03-20")) == 2
    return d1, d2


def _by_user(rows):
    return {r["username"]: r for r in rows}


def test_lateness_per_officer_counts_the_steps_they_held(dw, steps):
    march = _by_user(selectors.officer_timeliness(dw.province_admin, *MARCH))
    assert {k: march["desk_a"][k] for k in ("done", "late", "open_overdue", "overdue_marks")} == {
        "done": 2, "late": 1, "open_overdue": 0, "overdue_marks": 0,
    }  # fmt: skip
    assert march["desk_a"]["late_rate"] == 50
    specialist = march["specialist_a"]
    assert (specialist["done"], specialist["late"], specialist["open_overdue"], specialist["overdue_marks"]) == (
        0, 0, 2, 2,
    )  # fmt: skip
    assert list(march) == ["specialist_a", "desk_a"]  # worst first
    # Seen at the end of 10 March: d1's reception step was still open and past due; specialist_a's d2 step was
    # not yet due, so they are not listed.
    first = _by_user(selectors.officer_timeliness(dw.province_admin, *FIRST_TEN))
    assert list(first) == ["desk_a"]
    assert (first["desk_a"]["done"], first["desk_a"]["late"], first["desk_a"]["open_overdue"]) == (1, 0, 1)


def test_an_officer_sees_only_their_agencies(dw, steps):
    assert selectors.officer_timeliness(dw.specialist_b, *MARCH) == []
    assert [r["username"] for r in selectors.officer_timeliness(dw.leader_a, *MARCH)] == ["specialist_a", "desk_a"]
    with pytest.raises(Exception) as denied:
        selectors.officer_timeliness(dw.specialist_b, *MARCH, agency_id=dw.agency_a.pk)
    assert getattr(denied.value, "status", None) == 403


def test_the_dashboard_shows_rates_charts_and_officers(client, dw, steps):
    client.force_login(dw.leader_a)
    page = client.get("/reports/dashboard/?from=2026-03-01&to=2026-03-31")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<svg class="chart"') == 2  # months and officers (nothing resolved: no agency chart)
    assert "specialist_a" in html or dw.specialist_a.full_name in html
    assert [r.indicator.code for r in page.context["headline"]] == ["2.1", "4.2", "4.3", "3.1", "3.2", "5.1"]
    assert page.context["months"] == [{"month": date(2026, 3, 1), "received": 2, "online": 0, "resolved": 0, "late": 0}]
    client.force_login(dw.specialist_b)
    assert client.get(f"/reports/dashboard/?agency={dw.agency_a.pk}").status_code == 403
    client.force_login(dw.stranger)
    assert client.get("/reports/dashboard/").status_code == 403


def test_the_index_page_api_and_excel(client, dw, steps):
    client.force_login(dw.leader_a)
    assert client.get("/reports/index/?from=2026-03-01&to=2026-03-31").status_code == 200
    body = client.get("/api/v1/reports/service-index/?from=2026-03-01&to=2026-03-31").json()
    online = next(i for g in body["groups"] for i in g["indicators"] if i["code"] == "4.2")
    assert (online["numerator"], online["denominator"]) == (0, 2) and body["points"] == "100"
    officers = client.get("/api/v1/reports/officers/?from=2026-03-01&to=2026-03-31").json()["officers"]
    assert [o["username"] for o in officers] == ["specialist_a", "desk_a"]
    bad = client.get("/api/v1/reports/officers/?level=x")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    response = client.get("/reports/index.xlsx?from=2026-03-01&to=2026-03-31")
    ws = load_workbook(BytesIO(response.content)).active
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["4.2"][2:5] == (0, 2, 0.0) and rows["2.1"][3] == 0  # nothing resolved in March


def test_exports_run_as_tasks_with_progress_and_only_their_owner_downloads(client, dw, steps):
    client.force_login(dw.leader_a)
    response = client.post("/reports/exports/new/", {"kind": "form_xlsx", "from": "2026-03-01", "to": "2026-03-31"})
    export = ExportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/exports/{export.pk}/"
    assert (export.state, export.progress) == ("done", 100)  # the immediate backend ran it
    status = client.get(f"/reports/exports/{export.pk}/", HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in status.content and b"/file/" in status.content  # done: no more polling
    file = client.get(f"/reports/exports/{export.pk}/file/")
    ws = load_workbook(BytesIO(b"".join(file.streaming_content))).active
    agency_row = next(r for r in ws.iter_rows(values_only=True) if r[1] == dw.agency_a.name)
    assert agency_row[2:5] == (2, 0, 2)  # received total, online, in person
    client.post("/reports/exports/new/", {"kind": "index_by_agency_xlsx", "from": "2026-03-01", "to": "2026-03-31"})
    by_agency = ExportRequest.objects.get(kind="index_by_agency_xlsx")
    assert by_agency.state == "done"
    ws = load_workbook(by_agency.file.path).active
    assert ws.cell(4, ws.max_column).value == "Tổng"
    lines = {r[1]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert len(lines) == len(selectors.scope_agency_ids(dw.leader_a)) and dw.agency_a.name in lines
    expected = selectors.service_index_for(dw.leader_a, *MARCH, agency_id=dw.agency_a.pk).score
    assert lines[dw.agency_a.name][-1] == float(expected)
    client.force_login(dw.desk_b)
    assert client.get(f"/reports/exports/{export.pk}/file/").status_code == 404
    assert client.post("/reports/exports/new/", {"kind": "nonsense"}).status_code == 404


def test_a_queued_export_polls_until_done(client, dw):
    export = ExportRequest.objects.create(user=dw.leader_a, kind="form_xlsx", progress=40, state="running")
    client.force_login(dw.leader_a)
    page = client.get(f"/reports/exports/{export.pk}/")
    assert b'hx-trigger="every 1s"' in page.content and b"htmx.min.js" in page.content
