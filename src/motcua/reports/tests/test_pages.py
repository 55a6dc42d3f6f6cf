"""The form page, its drill-down, its exports, the API and the reform metrics."""

import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from motcua.reform import metrics
from motcua.reports import metrics as reports_metrics
from motcua.reports.forms import COLUMN_KEYS

MARCH = "from=2026-03-01&to=2026-03-31"


def test_the_form_page_shows_the_month_with_links_to_the_dossiers(client, dw, month):
    client.force_login(dw.province_admin)
    page = client.get(f"/reports/?{MARCH}")
    assert page.status_code == 200
    html = page.content.decode()
    assert dw.agency_a.name in html and "column=in_progress_overdue" in html
    drill = client.get(f"/reports/cell/?{MARCH}&agency={dw.agency_a.pk}&column=received_total")
    assert drill.status_code == 200 and drill.context["count"] == 6
    assert client.get(f"/reports/cell/?{MARCH}&column=nonsense").status_code == 400


def test_a_bad_period_shows_an_error_not_a_500(client, dw, month):
    client.force_login(dw.province_admin)
    page = client.get("/reports/?from=2026-13-01")
    assert page.status_code == 200 and page.context["error"]


def test_the_page_is_for_officers_and_reform_staff(client, dw):
    assert client.get("/reports/").status_code == 302  # sign in first
    client.force_login(dw.stranger)
    assert client.get("/reports/").status_code == 403
    client.force_login(dw.reform)
    assert client.get("/reports/").status_code == 200


def test_the_excel_export_opens_with_the_rows(client, dw, month):
    client.force_login(dw.province_admin)
    response = client.get(f"/reports/export.xlsx?{MARCH}")
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["A1"].value == "Biểu số II.06a/VPCP/KSTT"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    agency_row = next(r for r in values if r[1] == dw.agency_a.name)
    assert agency_row[2:5] == [6, 1, 3]  # received total, online, in person


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_the_pdf_export_prints_the_form(client, dw, month, tmp_path):
    client.force_login(dw.province_admin)
    response = client.get(f"/reports/export.pdf?{MARCH}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "form.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "II.06a/VPCP/KSTT" in text and dw.agency_a.name in text


def test_the_api_gives_the_rows_and_problem_json_on_bad_input(client, dw, month):
    client.force_login(dw.desk_a)
    body = client.get(f"/api/v1/reports/dossier-stats/?{MARCH}&agency={dw.agency_a.pk}").json()
    (row,) = body["rows"]
    assert row["agency"] == dw.agency_a.pk and row["carried_over"] == 1 and row["in_progress_overdue"] == 1
    assert set(COLUMN_KEYS) <= set(row)
    bad = client.get("/api/v1/reports/dossier-stats/?from=2026-03-31&to=2026-03-01")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["code"] == "invalid_period" and bad.json()["invalid_params"][0]["name"] == "to"
    assert client.get("/api/v1/reports/dossier-stats/?agency=x").json()["invalid_params"][0]["name"] == "agency"
    other = client.get(f"/api/v1/reports/dossier-stats/?agency={dw.agency_b.pk}")
    assert other.status_code == 403 and other.json()["code"] == "out_of_scope"
    client.force_login(dw.stranger)
    assert client.get("/api/v1/reports/dossier-stats/").status_code == 403


def test_reform_metrics_read_the_rollups(dw, month):
    # ReportsConfig.ready() registers them; registered again because a reform test resets the provider.
    reports_metrics.register()
    on_time = metrics.read("on_time_rate", dw.agency_a, 2026)
    assert on_time.value == Decimal("66.67")  # Feb (1) + early (1) of 3 resolved
    assert on_time.source.startswith("reports:")
    online = metrics.read("online_submission_rate", dw.agency_a, 2026)
    assert online.value == Decimal("12.50")  # 1 online of 8 received in 2026
    assert metrics.read("on_time_rate", dw.agency_b, 2026) is None
