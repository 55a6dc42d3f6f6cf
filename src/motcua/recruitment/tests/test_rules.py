"""The rules in data/rules.yaml against what Decree 170/2025/NĐ-CP says.

The decree has no numeric worked examples; the cases below are its articles' rules applied to the loaded
DATA (not to factory values), so a wrong number in rules.yaml fails here: priority points 7.5 / 5 / 2.5 by
category and only the highest counting; the total = round 2 + priority; art. 10 tie-breaks at the last place
(higher round-2 score, then for written + interview the higher written score, then the head decides)."""

from decimal import Decimal as D

import pytest

from motcua.recruitment import scoring
from motcua.recruitment.constants import Result
from motcua.recruitment.management.commands.load_recruitment_rules import load_rules


@pytest.fixture
def rules(db):
    [rules] = load_rules()
    return rules


@pytest.mark.parametrize(
    "categories,points",
    [
        (["hero_or_war_invalid"], D("7.5")),  # Anh hùng LLVT, thương binh … : 7,5
        (["ethnic_minority"], D(5)),  # người dân tộc thiểu số: 5
        (["officer_or_veteran"], D(5)),  # sĩ quan, quân nhân chuyên nghiệp phục viên …: 5
        (["military_service"], D("2.5")),  # hoàn thành nghĩa vụ quân sự, công an; thanh niên xung phong: 2,5
        (["ethnic_minority", "military_service"], D(5)),  # several categories: only the highest
        (["hero_or_war_invalid", "ethnic_minority", "military_service"], D("7.5")),
        ([], D(0)),
    ],
)
def test_priority_points_of_the_decree(rules, categories, points):
    assert scoring.priority_points(categories, rules.priority_points, rules.only_highest_priority) == points


def _rank(rules, rows, quota=1):
    candidates = [scoring.Candidate(i, D(r2), D(p), None if w is None else D(w)) for i, (r2, p, w) in enumerate(rows)]
    return {r.id: (r.total, r.result) for r in scoring.rank_position(candidates, quota, rules.round2_pass_mark,
                                                                      rules.tie_breaks)}  # fmt: skip


def test_priority_points_are_added_to_round_2_and_can_decide_the_place(rules):
    # 76 + 5 (ethnic minority) = 81 beats 80 with no priority.
    assert _rank(rules, [("80", "0", None), ("76", "5", None)]) == {
        0: (D(80), Result.FAILED),
        1: (D(81), Result.PASSED),
    }


def test_priority_points_do_not_lift_a_round_2_score_under_the_pass_mark(rules):
    assert rules.round2_pass_mark == D(50)
    assert _rank(rules, [("48", "7.5", None)]) == {0: (D("55.5"), Result.FAILED)}


def test_art_10_equal_totals_go_to_the_higher_round_2_score(rules):
    # 75 + 5 = 80 and 80 + 0 = 80: the candidate with 80 in round 2 wins.
    assert _rank(rules, [("75", "5", None), ("80", "0", None)]) == {
        0: (D(80), Result.FAILED),
        1: (D(80), Result.PASSED),
    }


def test_art_10_then_the_written_score_then_the_head(rules):
    assert rules.tie_breaks == ["round2_score", "written_score", "head_decides"]
    by_written = _rank(rules, [("80", "0", "70"), ("80", "0", "75")])
    assert by_written == {0: (D(80), Result.FAILED), 1: (D(80), Result.PASSED)}
    still_tied = _rank(rules, [("80", "0", "70"), ("80", "0", "70"), ("90", "0", "90")], quota=2)
    assert still_tied == {2: (D(90), Result.PASSED), 0: (D(80), Result.HEAD_DECIDES), 1: (D(80), Result.HEAD_DECIDES)}


def test_round_1_needs_half_the_answers_right_as_the_decree_says(rules):
    general = next(p for p in rules.round1_parts if p["subject"] == "general")
    assert (general["questions"], general["minutes"], sum(general["blueprint"].values())) == (60, 60, 60)
    assert scoring.round1_passed(30, 60, rules.round1_pass_ratio)
    assert not scoring.round1_passed(29, 60, rules.round1_pass_ratio)
