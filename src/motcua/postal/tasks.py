"""Background work of postal (django-tasks): place an order with a carrier that is reached over the network,
outside the dossier action's request. Run by `motcua db_worker`; `motcua place_postal_orders` (cron) retries
what is left."""

from __future__ import annotations

from django_tasks import task

from motcua.postal import actions


@task()
def place_order(pk: int) -> str:
    return actions.place_order(pk).waybill or ""
