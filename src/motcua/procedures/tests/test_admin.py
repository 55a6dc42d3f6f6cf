"""Administrators edit the catalogue in the admin: inlines, unaccented search, allotment check."""

import pytest
from django.urls import reverse

from motcua.procedures.models import ProcessStep
from motcua.procedures.tests.factories import DocumentFactory, FeeFactory, process_with_steps

pytestmark = pytest.mark.django_db


def test_the_procedure_pages_show_their_inlines(admin_client, catalogue):
    birth = catalogue["birth"]
    DocumentFactory(procedure=birth, name="Tờ khai đăng ký khai sinh")
    FeeFactory(procedure=birth)
    response = admin_client.get(reverse("admin:procedures_procedure_change", args=[birth.pk]))
    assert response.status_code == 200
    assert "Tờ khai đăng ký khai sinh" in response.content.decode()


def test_admin_search_ignores_diacritics(admin_client, catalogue):
    response = admin_client.get(reverse("admin:procedures_procedure_changelist"), {"q": "giay phep"})
    assert response.status_code == 200
    assert "1.013225" in response.content.decode()
    assert "1.001193" not in response.content.decode()


def test_step_allotments_that_do_not_add_up_are_refused(admin_client, catalogue, commune_agency):
    process = process_with_steps(catalogue["birth"], commune_agency, [2, 4, 2])
    steps = list(process.steps.order_by("position"))
    url = reverse("admin:procedures_process_change", args=[process.pk])
    data = {
        "procedure": process.procedure_id,
        "agency": process.agency_id,
        "name": "",
        "source": "",
        "valid_from": "",
        "valid_to": "",
        "steps-TOTAL_FORMS": "3",
        "steps-INITIAL_FORMS": "3",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, step in enumerate(steps):
        data.update(
            {
                f"steps-{i}-id": step.pk,
                f"steps-{i}-process": process.pk,
                f"steps-{i}-position": step.position,
                f"steps-{i}-name": step.name,
                f"steps-{i}-role": step.role,
                f"steps-{i}-handler_kind": "",
                f"steps-{i}-handler_tier": "",
                f"steps-{i}-allotted_hours": str(step.allotted_hours),
            }
        )
    data["steps-1-allotted_hours"] = "5"  # 2 + 5 + 2 = 9 hours for a same-day procedure
    response = admin_client.post(url, data)
    assert response.status_code == 200
    (steps_formset,) = [f.formset for f in response.context["inline_admin_formsets"]]
    assert steps_formset.non_form_errors()
    assert ProcessStep.objects.get(pk=steps[1].pk).allotted_hours == 4

    data["steps-1-allotted_hours"] = "4"
    data["steps-2-allotted_hours"] = "2"
    response = admin_client.post(url, data)
    assert response.status_code == 302
