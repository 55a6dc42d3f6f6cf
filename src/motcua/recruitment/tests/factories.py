"""Factories of the recruitment app, with lifecycle helpers for tests."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from motcua.recruitment.constants import Difficulty, RoundStatus, Subject
from motcua.recruitment.models import Question, RecruitmentRound, RecruitmentRuleSet, RoundPosition


class RuleSetFactory(DjangoModelFactory):
    """Decree 170/2025/NĐ-CP rules with a small round-1 blueprint so that tests stay fast."""

    class Meta:
        model = RecruitmentRuleSet

    name = factory.Sequence(lambda n: f"Rules {n}")
    legal_basis = "Decree 170/2025/NĐ-CP"
    valid_from = date(2025, 7, 1)
    round1_parts = [
        {"subject": "general", "questions": 4, "minutes": 60, "blueprint": {"easy": 2, "medium": 1, "hard": 1}},
        {
            "subject": "foreign_language",
            "questions": 2,
            "minutes": 30,
            "blueprint": {"easy": 1, "medium": 1},
            "only_if_required": True,
        },
    ]
    priority_points = {
        "hero_or_war_invalid": {"points": "7.5", "label": "Anh hùng"},
        "ethnic_minority": {"points": "5", "label": "Dân tộc thiểu số"},
        "military_service": {"points": "2.5", "label": "Nghĩa vụ quân sự"},
    }
    tie_breaks = ["round2_score", "written_score", "head_decides"]
    eligibility = [
        {"check": c}
        for c in ("nationality", "min_age", "health", "qualification", "foreign_language", "documents", "fee_paid")
    ]
    required_documents = [
        {"code": "diploma", "label": "Văn bằng", "mandatory": False},
        {"code": "priority", "label": "Giấy tờ ưu tiên", "mandatory": False},
    ]


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    subject = Subject.GENERAL
    difficulty = Difficulty.EASY
    text = factory.Sequence(lambda n: f"Câu hỏi số {n}?")
    choices = ["A", "B", "C", "D"]
    correct = factory.Sequence(lambda n: n % 4)


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = RecruitmentRound

    code = factory.Sequence(lambda n: f"TD{n:03d}")
    name = factory.Sequence(lambda n: f"Kỳ tuyển dụng công chức {n}")
    year = 2026
    rule_set = factory.SubFactory(RuleSetFactory)
    status = RoundStatus.DRAFT


class RoundPositionFactory(DjangoModelFactory):
    class Meta:
        model = RoundPosition

    quota = 1
