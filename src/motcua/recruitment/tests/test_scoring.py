"""The decree's maths, without a database: test assembly, round-1 pass, reconciliation, priority, ranking."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.recruitment import scoring
from motcua.recruitment.constants import Result
from motcua.recruitment.scoring import Candidate

BANK = {"easy": list(range(1, 41)), "medium": list(range(41, 91)), "hard": list(range(91, 111))}
BLUEPRINT = {"easy": 20, "medium": 30, "hard": 10}  # 60 questions (Decree 170/2025 art. 9(2)(a))


@given(st.integers(min_value=0, max_value=2**62))
def test_a_test_follows_the_blueprint_and_is_reproducible_from_its_seed(seed):
    test = scoring.assemble_test(seed, BANK, BLUEPRINT)
    assert len(test) == len(set(test)) == 60
    assert sum(q in BANK["hard"] for q in test) == 10
    assert scoring.assemble_test(seed, BANK, BLUEPRINT) == test


def test_different_candidates_get_different_tests():
    assert scoring.assemble_test(1, BANK, BLUEPRINT) != scoring.assemble_test(2, BANK, BLUEPRINT)


def test_a_bank_too_small_for_the_blueprint_is_refused():
    with pytest.raises(scoring.BankTooSmall):
        scoring.assemble_test(1, {"easy": [1, 2]}, {"easy": 3})


def test_round_1_needs_half_of_the_answers_right():
    assert scoring.round1_passed(30, 60, D("0.5"))
    assert not scoring.round1_passed(29, 60, D("0.5"))


def test_two_markers_within_tolerance_are_averaged_otherwise_the_chair_decides():
    assert scoring.reconcile(D("70"), D("75.5"), D("10")) == D("72.75")
    assert scoring.reconcile(D("60"), D("71"), D("10")) is None


def test_only_the_highest_priority_category_counts():
    table = {"hero": {"points": "7.5"}, "minority": {"points": "5"}, "service": {"points": "2.5"}}
    assert scoring.priority_points(["service", "hero", "minority"], table) == D("7.5")
    assert scoring.priority_points([], table) == 0
    assert scoring.priority_points(["service", "minority"], table, only_highest=False) == D("7.5")


def _results(ranked):
    return {r.id: (r.rank, r.result) for r in ranked}


def test_the_highest_totals_win_within_the_quota_and_below_50_fails():
    ranked = scoring.rank_position(
        [Candidate(1, D(80)), Candidate(2, D(70), D("7.5")), Candidate(3, D(60)), Candidate(4, D("49.5"), D(5))],
        quota=2,
        pass_mark=D(50),
    )
    assert _results(ranked) == {
        1: (1, Result.PASSED),
        2: (2, Result.PASSED),  # 77.5
        3: (3, Result.FAILED),
        4: (None, Result.FAILED),  # priority points do not lift a round-2 score under 50
    }


def test_a_tie_on_total_goes_to_the_higher_round_2_score():
    # Decree 170/2025 art. 10: equal totals at the last place → the higher round-2 (professional) score.
    ranked = scoring.rank_position(
        [Candidate(1, D(90)), Candidate(2, D("72.5"), D(5)), Candidate(3, D(75), D("2.5"))], quota=2, pass_mark=D(50)
    )
    assert _results(ranked) == {1: (1, Result.PASSED), 3: (2, Result.PASSED), 2: (3, Result.FAILED)}


def test_then_the_written_score_then_the_head_decides():
    written = scoring.rank_position(
        [Candidate(1, D(70), written_score=D(65)), Candidate(2, D(70), written_score=D(68))], quota=1, pass_mark=D(50)
    )
    assert _results(written) == {2: (1, Result.PASSED), 1: (2, Result.FAILED)}
    tied = scoring.rank_position(
        [Candidate(1, D(90)), Candidate(2, D(70)), Candidate(3, D(70))], quota=2, pass_mark=D(50)
    )
    assert _results(tied) == {1: (1, Result.PASSED), 2: (2, Result.HEAD_DECIDES), 3: (2, Result.HEAD_DECIDES)}


def test_a_candidate_who_failed_round_1_is_not_ranked():
    ranked = scoring.rank_position([Candidate(1, D(95), round1_passed=False)], quota=1, pass_mark=D(50))
    assert _results(ranked) == {1: (None, Result.FAILED)}


scores = st.decimals(min_value=0, max_value=100, places=1)
priorities = st.sampled_from([D(0), D("2.5"), D(5), D("7.5")])


@given(st.lists(st.tuples(scores, priorities), max_size=12), st.integers(min_value=1, max_value=5))
def test_never_more_successful_candidates_than_the_quota(rows, quota):
    candidates = [Candidate(i, s, p) for i, (s, p) in enumerate(rows)]
    ranked = scoring.rank_position(candidates, quota, D(50))
    passed = [r for r in ranked if r.result == Result.PASSED]
    assert len(passed) <= quota
    assert all(r.total >= D(50) for r in passed)
    worst_pass = min((r.total for r in passed), default=None)
    for r in ranked:
        if r.result == Result.FAILED and r.rank is not None and worst_pass is not None:
            assert r.total <= worst_pass
