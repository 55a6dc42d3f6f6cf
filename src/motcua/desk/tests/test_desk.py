"""The officer desk: queues per role, acting on a dossier, receiving at the counter."""

import pytest
from django.test import Client

from motcua.dossiers import actions
from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier
from motcua.procedures.models import RequiredDocument


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_desk_sees_online_dossiers_waiting_and_a_stranger_gets_nothing(dw):
    online = actions.submit(
        None, actor=dw.citizen, procedure=dw.procedure, agency=dw.agency_a, applicant=dw.applicant()
    )
    page = _client(dw.desk_a).get("/desk/hang-doi/to_receive/")
    assert page.status_code == 200 and online.code in page.content.decode()
    assert _client(dw.desk_b).get("/desk/hang-doi/to_receive/").content.decode().count(online.code) == 0
    assert _client(dw.citizen).get("/desk/").status_code == 404


def test_the_specialist_forwards_from_the_dossier_page_and_a_stale_form_is_refused(dw):
    dossier = actions.assign(dw.receive(), actor=dw.desk_a, to_user=dw.specialist_a)
    client = _client(dw.specialist_a)
    page = client.get(f"/desk/ho-so/{dossier.code}/")
    assert page.status_code == 200 and "forward" in page.content.decode()
    ok = client.post(f"/desk/ho-so/{dossier.code}/forward/", {"version": dossier.version}, follow=True)
    assert ok.status_code == 200
    assert Dossier.objects.get(pk=dossier.pk).current_step.position == 3
    stale = client.post(f"/desk/ho-so/{dossier.code}/forward/", {"version": dossier.version}, follow=True)
    assert "stale" not in stale.content.decode()  # a message in the officer's language, not a code
    assert Dossier.objects.get(pk=dossier.pk).current_step.position == 3


def test_an_officer_of_another_agency_gets_404(dw):
    dossier = dw.receive()
    assert _client(dw.specialist_b).get(f"/desk/ho-so/{dossier.code}/").status_code == 404
    assert _client(dw.specialist_b).post(f"/desk/ho-so/{dossier.code}/assign/", {"version": 1}).status_code == 404


def test_receiving_at_the_counter_checks_the_papers(dw):
    paper = RequiredDocument.objects.create(procedure=dw.procedure, position=1, name="Tờ khai", form="original")
    client = _client(dw.desk_a)
    form = {"procedure": dw.procedure.code, "channel": 1, "name": "Trần Thị Bình", "citizen_id": "087190001234"}
    missing = client.post("/desk/tiep-nhan/", form)
    assert missing.status_code == 200 and not Dossier.objects.exists()
    created = client.post("/desk/tiep-nhan/", {**form, "documents_checked": [paper.pk]})
    assert created.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Status.RECEIVED and dossier.applicant_name == "Trần Thị Bình"
    assert created["Location"].endswith(f"/desk/ho-so/{dossier.code}/?receipt=1")


def test_the_counter_finds_a_procedure_without_accents(dw):
    dw.procedure.name = "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    dw.procedure.save()
    page = _client(dw.desk_a).get("/desk/tiep-nhan/", {"q": "giay phep xay dung"})
    assert "Cấp giấy phép xây dựng" in page.content.decode()


@pytest.mark.parametrize("key", ["mine", "agency", "due_soon", "overdue", "done", "to_receive"])
def test_every_queue_renders(dw, key):
    dw.receive()
    assert _client(dw.leader_a).get(f"/desk/hang-doi/{key}/").status_code == 200


def test_handing_over_offers_only_the_officers_of_the_next_steps_agency_and_role(dw):
    from motcua.desk.selectors import handover
    from motcua.dossiers.constants import Action

    dossier = actions.receive(
        None,
        actor=dw.desk_a,
        procedure=dw.inter_procedure,
        agency=dw.agency_a,
        applicant=dw.applicant(),
    )
    target = handover(dossier, Action.ASSIGN)
    assert target.agency == dw.agency_b and target.role == "specialist"
    assert target.candidates == [dw.specialist_b]
    assert handover(dossier, Action.SEND_BACK) is None  # nothing before the reception step
    page = _client(dw.desk_a).get(f"/desk/ho-so/{dossier.code}/").content.decode()
    assert 'value="specialist_b"' in page and 'value="desk_b"' not in page


def test_after_handing_over_outside_their_agencies_the_officer_lands_on_the_queue(dw):
    dossier = actions.receive(
        None, actor=dw.desk_a, procedure=dw.inter_procedure, agency=dw.agency_a, applicant=dw.applicant()
    )
    dossier = actions.assign(dossier, actor=dw.desk_a, to_user=dw.specialist_b)
    client = _client(dw.specialist_b)
    done = client.post(f"/desk/ho-so/{dossier.code}/forward/", {"version": dossier.version, "to_user": "leader_b"})
    assert done.status_code == 302 and done["Location"].endswith(f"/desk/ho-so/{dossier.code}/")
    dossier.refresh_from_db()
    left = _client(dw.leader_b).post(f"/desk/ho-so/{dossier.code}/forward/", {"version": dossier.version})
    assert left.status_code == 302 and left["Location"].endswith("/desk/")
    assert Dossier.objects.get(pk=dossier.pk).handling_agency == dw.agency_a


def test_the_leader_sees_who_holds_overdue_and_due_soon_dossiers_and_the_apologies(dw):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    late = actions.assign(dw.receive(now=now - timedelta(days=30)), actor=dw.desk_a, to_user=dw.specialist_a)
    late = actions.extend(late, actor=dw.leader_a, new_due_at=late.due_at + timedelta(days=1), apology="Xin lỗi ông/bà")
    fresh = actions.assign(dw.receive(now=now), actor=dw.desk_a)  # due in 3 working days: neither
    Dossier.objects.filter(pk=fresh.pk).update(due_at=now + timedelta(hours=1))  # …now due within the hour
    page = _client(dw.leader_a).get("/desk/tre-han/")
    assert page.status_code == 200
    held = {(r["holder__username"], r["overdue"], r["due_soon"]) for r in page.context["held"]}
    assert held == {("specialist_a", 1, 0), (None, 0, 1)}
    assert page.context["apology_count"] == 1 and late.code in page.content.decode()
    assert _client(dw.specialist_a).get("/desk/tre-han/").status_code == 404  # leaders only


def test_finishing_is_offered_only_at_the_last_step_and_sending_back_only_after_the_first(dw):
    dossier = actions.assign(dw.receive(), actor=dw.desk_a, to_user=dw.specialist_a)  # step 2 of 4
    offered = [a["action"].value for a in _client(dw.leader_a).get(f"/desk/ho-so/{dossier.code}/").context["actions"]]
    assert "forward" in offered and "finish" not in offered and "send_back" not in offered
    dossier = actions.forward(dossier, actor=dw.specialist_a, to_user=dw.specialist_a)
    dossier = actions.forward(dossier, actor=dw.specialist_a, to_user=dw.leader_a)  # the leader's last step
    offered = [a["action"].value for a in _client(dw.leader_a).get(f"/desk/ho-so/{dossier.code}/").context["actions"]]
    assert "finish" in offered and "send_back" in offered and "forward" not in offered
