"""Named metrics that formula and survey criteria read, each with a provider function.

Dossier statistics live in the reports app (not built yet). Until it plugs in, every metric is read
from values entered by hand with their evidence (`MetricValue`, the `manual` provider). The reports
app replaces a provider in its AppConfig.ready():

    from motcua.reform import metrics
    metrics.register_provider("on_time_rate", my_on_time_rate)   # (agency, year) -> Reading | None

Formula criteria name their metric (Criterion.metric); `read(name, agency, year)` returns the
reading with its source, which the scoring action records as the reason of the score change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Reading:
    value: Decimal
    source: str  # where the number comes from: "manual: <evidence>", "reports: …"


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str = "%"


logger = logging.getLogger(__name__)

Provider = Callable[[object, int], Reading | None]

METRICS: dict[str, Metric] = {}
_PROVIDERS: dict[str, Provider] = {}


def define(name: str, label, unit: str = "%") -> Metric:
    metric = Metric(name, label, unit)
    METRICS[name] = metric
    return metric


def manual(name: str) -> Provider:
    """The fallback provider: the value entered by hand for (metric, agency, year)."""

    def provide(agency, year: int) -> Reading | None:
        from motcua.reform.models import MetricValue

        row = MetricValue.objects.filter(metric=name, agency=agency, year=year).first()
        if row is None:
            return None
        return Reading(row.value, f"manual: {row.evidence}".strip())

    return provide


def register_provider(name: str, provider: Provider, label=None, unit: str = "%") -> None:
    """Plug a provider in under `name`. Another app may bring a metric this app does not define (e.g. a
    feedback app's rate): it is defined here on the fly, so an index set can name it."""
    if name not in METRICS:
        define(name, label or name, unit)
    _PROVIDERS[name] = provider


def reset_provider(name: str) -> None:
    _PROVIDERS.pop(name, None)


def provider_for(name: str) -> Provider:
    if name not in METRICS:
        raise KeyError(name)
    return _PROVIDERS.get(name) or manual(name)


def read(name: str, agency, year: int) -> Reading | None:
    """The metric's reading from its provider; a value entered by hand fills in where the provider has none.

    Names are looked up at read time: a metric nobody defined or provides (the app that would provide it is
    not installed) reads as no data, and so does a provider that fails — a criterion then stays unscored
    and is listed as missing, the evaluation goes on.
    """
    if not name:
        return None
    provider = _PROVIDERS.get(name)
    reading = None
    if provider is not None:
        try:
            reading = provider(agency, year)
        except Exception:  # a broken provider must not stop an evaluation; the value can be entered by hand
            logger.exception("metric provider %s failed for agency %s, year %s", name, agency.pk, year)
            reading = None
    if reading is None:
        reading = manual(name)(agency, year)
    return reading


def is_provided(name: str) -> bool:
    """Whether a provider computes the metric from system data (else it is entered by hand)."""
    return name in _PROVIDERS


def label_of(name: str) -> str:
    metric = METRICS.get(name)
    return str(metric.label) if metric else name


def choices() -> list[tuple[str, str]]:
    return [(m.name, str(m.label)) for m in METRICS.values()]


# Metrics of the PAR index sets and the plan's key targets. Shares are percentages.
define("on_time_rate", _("Share of dossiers resolved on time or early"))  # tỷ lệ hồ sơ đúng hạn
define("online_submission_rate", _("Share of dossiers submitted online"))  # tỷ lệ hồ sơ trực tuyến
define("full_online_procedures_rate", _("Share of procedures offered fully online"))  # DVC trực tuyến toàn trình
define("online_payment_rate", _("Share of dossiers with fees paid online"))  # thanh toán trực tuyến
define("digitised_results_rate", _("Share of results digitised"))  # số hóa kết quả
define("apology_letters", _("Apology letters for late dossiers"), unit="")  # thư xin lỗi
define("plan_tasks_done_rate", _("Share of reform-plan tasks done on time"))  # hoàn thành nhiệm vụ KH CCHC
define("reports_on_time", _("Reform reports submitted on time (0/1)"), unit="")
define("reports_on_time_rate", _("Share of periodic reform reports submitted on time"))  # báo cáo đúng hạn
define("feedback_on_time_rate", _("Share of citizens' feedback handled on time"))  # phản ánh, kiến nghị
define("sipas_satisfaction", _("Citizen satisfaction (SIPAS)"))  # chỉ số hài lòng
define("officials_survey", _("Officials' survey result"))  # khảo sát CBCC, lãnh đạo
