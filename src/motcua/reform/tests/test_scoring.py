"""The PAR arithmetic without a database, property-tested."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.reform import scoring
from motcua.reform.scoring import Node, RuleError

D = Decimal
points = st.decimals(min_value=0, max_value=50, places=2, allow_nan=False, allow_infinity=False)
values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def trees(draw):
    """A field → criterion → sub-criterion tree whose maxima add up, with leaf scores (some over max)."""
    roots, scores = [], {}
    for f in range(draw(st.integers(1, 4))):
        field = Node(f"{f + 1}", D(0))
        for c in range(draw(st.integers(1, 3))):
            crit = Node(f"{f + 1}.{c + 1}", D(0))
            for s in range(draw(st.integers(0, 3))):
                leaf = Node(f"{f + 1}.{c + 1}.{s + 1}", draw(points))
                crit.children.append(leaf)
                scores[leaf.code] = draw(values)
            if not crit.children:
                crit.max_points = draw(points)
                scores[crit.code] = draw(values)
            else:
                crit.max_points = sum((ch.max_points for ch in crit.children), D(0))
            field.children.append(crit)
        field.max_points = sum((ch.max_points for ch in field.children), D(0))
        roots.append(field)
    return roots, scores


@settings(suppress_health_check=[HealthCheck.too_slow])  # the shared CI box can starve the generator
@given(trees())
def test_a_score_never_exceeds_its_max_and_totals_are_sums_of_leaves(tree):
    roots, scores = tree
    totals = scoring.totals(roots, scores)
    for root in roots:
        assert scoring.tree_problems([root], root.max_points) == []
        for node in [root, *root.children, *root.leaves()]:
            assert D(0) <= totals[node.code] <= node.max_points
        leaves = list(root.leaves())
        assert totals[root.code] == sum((totals[leaf.code] for leaf in leaves), D(0))
        assert totals[root.code] == scoring.subtotal(root, scores)


@given(values, points, st.sampled_from(["linear", "ratio", "steps", "boolean"]))
def test_a_rule_never_gives_more_than_the_max_or_less_than_zero(value, max_points, kind):
    rule = {"kind": kind, "low": 80, "high": 100, "steps": [[50, max_points / 2], [90, max_points]]}
    assert D(0) <= scoring.apply_rule(rule, value, max_points) <= max_points


@given(st.decimals(min_value=0, max_value=100, places=2), st.decimals(min_value=0, max_value=100, places=2))
def test_a_linear_rule_is_monotone(a, b):
    rule = {"kind": "linear", "low": 80, "high": 100}
    lo, hi = sorted([a, b])
    assert scoring.apply_rule(rule, lo, D(2)) <= scoring.apply_rule(rule, hi, D(2))


def test_linear_between_thresholds():
    rule = {"kind": "linear", "low": 80, "high": 100}
    assert scoring.apply_rule(rule, D(80), D(2)) == D("0.00")
    assert scoring.apply_rule(rule, D(95), D(2)) == D("1.50")
    assert scoring.apply_rule(rule, D(100), D(2)) == D("2.00")
    assert scoring.apply_rule(rule, D(120), D(2)) == D("2.00")
    # reversed: fewer is better (e.g. apology letters): 0 letters → full, 10 or more → 0
    assert scoring.apply_rule({"kind": "linear", "low": 10, "high": 0}, D(2), D(1)) == D("0.80")
    with pytest.raises(RuleError):
        scoring.apply_rule({"kind": "linear", "low": 1, "high": 1}, D(1), D(1))
    with pytest.raises(RuleError):
        scoring.apply_rule({"kind": "cubic"}, D(1), D(1))


def test_the_two_rounds_the_later_wins_and_self_score_stands_where_untouched():
    assert scoring.appraised(D(2), None, None) == D(2)  # council agreed with the agency
    assert scoring.appraised(D(2), D("1.5"), None) == D("1.5")  # round 1 lowered it
    assert scoring.appraised(D(2), D("1.5"), D("1.75")) == D("1.75")  # explained, round 2 raised it
    assert scoring.appraised(D(2), D("1.5"), D(0)) == D(0)  # round 2 may also lower to zero
    assert scoring.appraised(None, None, None) == D(0)


def test_final_score_with_bonus_cap_and_deductions():
    result = scoring.final_score(D("88.5"), [D(2), D(2)], [D("1.25")], D(100), D(3))
    assert (result.bonus, result.deduction, result.final, result.index) == (D(3), D("1.25"), D("90.25"), D("90.25"))
    assert scoring.final_score(D(1), [], [D(5)], D(100), None).final == D(0)  # never below zero
    assert scoring.final_score(D(45), [], [], D(50), None).index == D("90.00")  # index is a percentage


def test_ties_share_a_rank_and_the_next_is_skipped():
    ranked = scoring.rank({"B": D("90.00"), "A": D("90.001"), "C": D("95"), "D": D("80")})
    assert [(r.key, r.rank, r.tied) for r in ranked] == [
        ("C", 1, False),
        ("A", 2, True),  # 90.001 and 90.00 are equal at 2 decimals: a tie, ordered by key
        ("B", 2, True),
        ("D", 4, False),
    ]


@settings(max_examples=200)
@given(
    st.dictionaries(st.text("ABCDEFGH", min_size=1, max_size=3), st.decimals(0, 100, places=2), max_size=12),
    st.randoms(),
)
def test_ranking_is_stable_and_monotone(scores, rnd):
    ranked = scoring.rank(scores)
    items = list(scores.items())
    rnd.shuffle(items)
    assert scoring.rank(dict(items)) == ranked  # the input order does not matter
    by_key = {r.key: r for r in ranked}
    for a in scores:
        for b in scores:
            if scores[a] > scores[b]:
                assert by_key[a].rank < by_key[b].rank
            if scoring.q2(scores[a]) == scoring.q2(scores[b]):
                assert by_key[a].rank == by_key[b].rank
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)
    if ranked:
        assert ranked[0].rank == 1 and all(1 <= r.rank <= len(ranked) for r in ranked)


def test_tiers():
    assert scoring.tier_of(D("90")) == "excellent"
    assert scoring.tier_of(D("89.99")) == "good"
    assert scoring.tier_of(D("10")) == "weak"
    assert scoring.tier_of(D(75), [(D(70), "B"), (D(0), "C")]) == "B"


def test_a_tree_whose_maxima_do_not_add_up_is_reported():
    root = Node("1", D(10), [Node("1.1", D(4)), Node("1.2", D(5))])
    problems = scoring.tree_problems([root], D(10))
    assert problems == ["1: max 10 but children sum to 9"]
