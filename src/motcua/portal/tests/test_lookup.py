"""Anyone with a dossier code can follow it on the portal; nobody sees personal data there."""

from motcua.dossiers import actions


def test_lookup_by_code_shows_status_and_no_personal_data(dw, client):
    dossier = dw.receive()
    response = client.get(f"/tra-cuu/{dossier.code}")
    assert response.status_code == 200
    html = response.content.decode()
    assert dossier.code in html and "Được tiếp nhận" in html
    for secret in ("087090001234", "0912345678", "Nguyễn Văn An"):
        assert secret not in html


def test_the_lookup_form_redirects_to_the_code_and_an_unknown_code_is_404(dw, client):
    dossier = dw.receive()
    response = client.get("/tra-cuu/", {"code": f"  {dossier.code} "})
    assert response.status_code == 302 and response["Location"].endswith(dossier.code)
    assert client.get("/tra-cuu/KHONG-CO").status_code == 404


def test_the_receipt_qr_points_at_this_page(dw, client):
    from motcua.dossiers.paperwork.pdf import lookup_url

    dossier = actions.receive(
        None, actor=dw.desk_a, procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant()
    )
    path = lookup_url(dossier).split("127.0.0.1:8000", 1)[-1]
    assert client.get(path).status_code == 200
