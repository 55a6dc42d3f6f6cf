"""Eligibility checks of an application, run as DATA: the rule set lists which checks apply, in which order,
with their parameters and sources (RecruitmentRuleSet.eligibility, see data/rules.yaml). Each check here is
a pure function of the application and its spec that returns True when the application passes."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from motcua.recruitment.constants import Ineligibility


def _age_on(birth, day) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _min_age(application, spec) -> bool:
    closes = application.round.applications_close or timezone.localdate()
    return _age_on(application.birth_date, closes) >= int(spec.get("years", application.round.rule_set.min_age))


def _nationality(application, spec) -> bool:
    return application.vietnamese_nationality


def _health(application, spec) -> bool:
    return application.health_fit


def _qualification(application, spec) -> bool:
    return application.qualification >= application.round_position.position.min_qualification


def _foreign_language(application, spec) -> bool:
    if not application.round_position.position.requires_foreign_language:
        return True
    return bool(application.foreign_language.strip() or application.language_exemption.strip())


def _documents(application, spec) -> bool:
    mandatory = {d["code"] for d in application.round.rule_set.required_documents if d.get("mandatory")}
    return mandatory <= {d.kind for d in application.documents.all()}


def _fee_paid(application, spec) -> bool:
    return application.fee_amount == 0 or application.fee_paid_at is not None


# check name → (function, the reason recorded when it fails)
CHECKS: dict[str, tuple[Callable, Ineligibility]] = {
    "min_age": (_min_age, Ineligibility.UNDER_AGE),
    "nationality": (_nationality, Ineligibility.NOT_VIETNAMESE),
    "health": (_health, Ineligibility.HEALTH),
    "qualification": (_qualification, Ineligibility.QUALIFICATION),
    "foreign_language": (_foreign_language, Ineligibility.FOREIGN_LANGUAGE),
    "documents": (_documents, Ineligibility.DOCUMENTS),
    "fee_paid": (_fee_paid, Ineligibility.FEE_UNPAID),
}


def unknown_checks(specs: list[dict]) -> list[str]:
    return [s.get("check", "") for s in specs if s.get("check") not in CHECKS]


def problems(application) -> list[str]:
    """The reasons `application` is not eligible under its round's rules (empty = eligible)."""
    out = []
    for spec in application.round.rule_set.eligibility:
        check, reason = CHECKS[spec["check"]]
        if not check(application, spec):
            out.append(reason.value)
    return out
